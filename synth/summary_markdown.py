"""The synthesis summary as Markdown: conditions, L-Mul's ratios to each baseline, raw values."""

from ..markdown import table_lines
from .designs import PAIRS

__all__ = ["summary_markdown", "tiles_markdown", "glitches_markdown", "adders_markdown",
           "accumulators_markdown", "claim_sentence", "format_change",
           "PAPER_DOT_PRODUCT_SAVING", "ACCUMULATORS_HEADING"]

_RATIO_COLUMNS = (
    ("area", "area"),
    ("energy_uniform", "energy/op, uniform"),
    ("energy_normal", "energy/op, N(0,1)"),
    ("timed_energy_uniform", "energy/op with glitches, uniform"),
    ("timed_energy_normal", "energy/op with glitches, N(0,1)"),
    ("critical_path", "critical path"),
    ("transistors", "CMOS transistors"),
    ("ice40_luts", "iCE40 LUT4"),
    ("xilinx_luts", "UltraScale+ LUTs"),
)


def format_change(ratio):
    """A ratio as a signed percentage change: 0.57 -> ``−43 %``, 2.4 -> ``+140 %``,
    ``None`` -> ``–``."""
    if ratio is None:
        return "–"
    change = round((ratio - 1) * 100)
    if change == 0:
        return "0 %"
    return f"{'+' if change > 0 else '−'}{abs(change)} %"


def _number(value, digits=None):
    if value is None:
        return "–"
    if digits is None:
        return f"{value:,.0f}".replace(",", " ")
    return f"{value:.{digits}f}"


def summary_markdown(summary, chart_name="ratios.png"):
    """Markdown text of a report summary (:func:`lmul.synth.report.build_report`)."""
    lines = ["# L-Mul against conventional multipliers: synthesis report", ""]
    lines += ["Written by `lmul report` from the designs this repository generates; every number "
              "is measured by the tools named here. Two runs give the same numbers.", ""]
    lines += _conditions(summary)
    if summary["notes"]:
        lines += ["", "**Not measured:**", ""]
        lines += [f"- {note}" for note in summary["notes"]]
    lines += ["", "## L-Mul relative to each baseline", "",
              "Change of L-Mul against the baseline (L-Mul / baseline − 1; negative means L-Mul "
              "is smaller, cheaper or faster). The floor rows compare L-Mul with the bare adder "
              "inside it: there a positive number is what L-Mul's special-case handling costs. "
              "*Baseline synthesis*: the conventional multiplier's standard-cell synthesis "
              "(Yosys's default multiplier or `synth -booth`) of smaller area, which the "
              "standard-cell columns use; both are in the measured values below.", ""]
    header = (["format", "comparison", "baseline synthesis"]
              + [label for _, label in _RATIO_COLUMNS])
    order = {pair.name: index for index, pair in enumerate(PAIRS)}
    comparisons = sorted(summary["comparisons"],
                         key=lambda c: (summary["formats"].index(c["format"]), order[c["pair"]]))
    lines += table_lines(header, [
        [comparison["format"], comparison["pair"],
         comparison.get("baseline_synthesis") or "–"]
        + [format_change(comparison["ratios"].get(metric)) for metric, _ in _RATIO_COLUMNS]
        for comparison in comparisons])
    lines += ["", f"![L-Mul / baseline ratios]({chart_name})", ""]
    lines += glitches_markdown(summary)
    lines += ["## Measured values", ""]
    if summary["conditions"].get("fpga_roles") != "all":
        lines += ["Generic gates and CMOS transistors are measured by the full sweep "
                  "(`lmul report --full`), like the FPGA flows beyond UltraScale+ on the "
                  "like-for-like pair of the 8-bit formats; flip-flops are counted in the "
                  "standard cells here.", ""]
    lines += _designs_table(summary)
    if summary.get("tiles"):
        lines += tiles_markdown(summary)
    if summary.get("accumulator_tiles"):
        lines += accumulators_markdown(summary)
    if summary.get("adders"):
        lines += adders_markdown(summary)
    lines += ["", "## Roles", ""]
    lines += [f"- `{role}`: {description}" for role, description in summary["roles"].items()]
    lines += [f"- `{role}`: {description}"
              for role, description in summary.get("tile_roles", {}).items()]
    lines += [f"- `{role}`: {description}"
              for role, description in summary.get("adder_roles", {}).items()]
    lines.append("")
    return "\n".join(lines)


def glitches_markdown(summary):
    """The section on glitches: per design, the energy per operation from the timed simulation
    beside the zero-delay figure on the same operands, and the glitch share (timed minus
    zero-delay, over timed). Empty if no design was simulated with delays."""
    designs = summary["designs"]
    timed = {name: entry["asic"]["timed_energy"] for name, entry in designs.items()
             if (entry.get("asic") or {}).get("timed_energy")}
    if not timed:
        return []
    conditions = summary["conditions"]
    tile_beats = summary.get("tile_conditions", {}).get("timed_beats")
    lines = ["## Energy with glitches", "",
             f"Activity with delays: {conditions['timed_activity_model']}. Units: the first "
             f"{conditions['timed_vectors']} operand pairs of each stream"
             + (f"; tiles: {tile_beats} beats per stream" if tile_beats else "")
             + ". *Zero-delay* is the zero-delay simulation of the same netlist on the same "
             "operands (so it can differ slightly from the figure on the whole stream in the "
             "tables above); *glitch share* is (with glitches − zero-delay) / with glitches, of "
             "the total energy per operation. *Transitions* are per cycle, over the nets the "
             "power model weighs; *late cycles* count cycles at whose end an output had not "
             "yet settled to its zero-delay value (paths longer than the clock period).", ""]
    header = ["design", "role", "stages", "N(0,1): zero-delay / with glitches (pJ)",
              "glitch share N(0,1)", "uniform: zero-delay / with glitches (pJ)",
              "glitch share uniform", "transitions N(0,1): zero-delay / with glitches",
              "latest transition after the edge (ns)", "late cycles"]
    formats = list(summary["formats"])
    for fmt in summary.get("tile_formats", []) + [tile["format"] for tile in
                                                  summary.get("accumulator_tiles", [])]:
        if fmt not in formats:
            formats.append(fmt)
    roles = (list(summary["roles"]) + list(summary.get("tile_roles", {}))
             + list(summary.get("adder_roles", {})))
    rows = []
    for fmt in formats:
        names = sorted((name for name in timed if designs[name]["format"] == fmt),
                       key=lambda name: (designs[name]["kind"] in ("dot", "products"),
                                         designs[name]["stages"],
                                         roles.index(designs[name]["role"]), name))
        for name in names:
            entry = timed[name]
            normal, uniform = entry.get("normal") or {}, entry.get("uniform") or {}
            rows.append([f"`{name}`", designs[name]["role"], designs[name]["stages"],
                         _timed_pair(normal), _percent(normal.get("glitch_share")),
                         _timed_pair(uniform), _percent(uniform.get("glitch_share")),
                         f"{_number(normal.get('transitions_zero_delay'))} / "
                         f"{_number(normal.get('transitions_timed'))}",
                         _number(max(part.get("settle_ns", 0) for part in entry.values()), 2),
                         _number(max(part.get("late_cycles", 0) for part in entry.values()))])
    lines += table_lines(header, rows)
    lines.append("")
    return lines


def _timed_pair(entry):
    if not entry:
        return "–"
    return (f"{_number(entry['zero_delay']['total_pj'], 2)} / "
            f"{_number(entry['timed']['total_pj'], 2)}")


#: The paper's estimate of the energy L-Mul saves in dot products (from Horowitz's 45 nm fp32
#: figures, not from hardware).
PAPER_DOT_PRODUCT_SAVING = 0.80


def tiles_markdown(summary):
    """The dot-product tile section of the report: L-Mul tile against exact tile, and the
    multipliers' share of each."""
    conditions = summary["tile_conditions"]
    lines = ["", "## Dot-product tiles: L-Mul products against exact products", "",
             f"Each tile is a `DotProduct` (matrix-vector: R rows of N lanes) in the standard-cell "
             f"flow above. The two tiles of a row of the table share everything but their "
             f"products: the accumulator window (the union of both multipliers' default windows, "
             f"so both sum exactly), the adder tree (a register after every level), the pipeline "
             f"and the rounding to fp32. Energy per multiply-accumulate (MAC): "
             f"{conditions['energy']}; "
             f"{conditions['beats']} beats per stream in packets of {conditions['packet_beats']} "
             f"beats, the codes of the streams above. Critical path: register to register, as "
             f"for the pipelined units. *Multipliers' share*: the tile's multipliers alone "
             f"(its product units and the register after them, synthesised on their own with "
             f"the same operands) over the whole tile.", ""]
    header = ["format", "N", "R", "area L-Mul", "area exact", "area change",
              "energy/MAC N(0,1) L-Mul (pJ)", "energy/MAC N(0,1) exact (pJ)",
              "energy change N(0,1)", "energy change uniform",
              "energy change N(0,1) with glitches", "critical path L-Mul / exact (ns)",
              "multipliers' share of area, L-Mul / exact",
              "multipliers' share of energy N(0,1), L-Mul / exact"]
    designs = summary["designs"]
    tiles = [(tile, {role: designs[name].get("asic") or {}
                     for role, name in tile["designs"].items()})
             for tile in summary["tiles"]]
    rows = []
    for tile, asic in tiles:
        lmul, exact = asic["tile_lmul"], asic["tile_exact"]
        ratios, share = tile["ratios"], tile["multiplier_share"]
        rows.append([tile["format"], tile["lanes"], tile["rows"],
                     _number(lmul.get("area")), _number(exact.get("area")),
                     format_change(ratios["area"]),
                     _number(_energy(lmul, "normal"), 2), _number(_energy(exact, "normal"), 2),
                     format_change(ratios["energy_normal"]),
                     format_change(ratios["energy_uniform"]),
                     format_change(ratios.get("timed_energy_normal")),
                     f"{_number(lmul.get('critical_path_ns'), 2)} / "
                     f"{_number(exact.get('critical_path_ns'), 2)}",
                     _pair(_percent, share["lmul"]["area"], share["exact"]["area"]),
                     _pair(_percent, share["lmul"]["energy_normal"],
                           share["exact"]["energy_normal"])])
    lines += table_lines(header, rows)
    lines += ["", "Registers and depth of each tile: the flip-flops' share of its area, their "
                  "clock pins' share of its energy per MAC (N(0,1); no clock gating), and its "
                  "logic depth (the longest chain of cells between registers).", ""]
    lines += table_lines(
        ["format", "N", "R", "registers' share of area, L-Mul / exact",
         "clock pins' share of energy, L-Mul / exact", "logic depth, L-Mul / exact"],
        [[tile["format"], tile["lanes"], tile["rows"],
          _pair(_percent, *(_part(asic[role].get("sequential_area"), asic[role].get("area"))
                            for role in ("tile_lmul", "tile_exact"))),
          _pair(_percent, *(_part(_energy(asic[role], "normal", "clock_pj"),
                                  _energy(asic[role], "normal"))
                            for role in ("tile_lmul", "tile_exact"))),
          _pair(_number, asic["tile_lmul"].get("depth"), asic["tile_exact"].get("depth"))]
         for tile, asic in tiles])
    savings = [1 - tile["ratios"]["energy_normal"] for tile, _ in tiles
               if tile["ratios"]["energy_normal"] is not None]
    if savings:
        lines += ["", f"The paper estimates that L-Mul saves {_percent(PAPER_DOT_PRODUCT_SAVING)} "
                      f"of the energy of a dot product (from fp32 energy figures of a 45 nm "
                      f"process, one multiplier and one adder). Measured on these tiles, N(0,1) "
                      f"stream: {_saving_range(savings)} per multiply-accumulate."]
        lines += ["", "Where the saving per multiply-accumulate comes from (N(0,1) stream): the "
                      "multipliers alone, and the rest of the tile (alignment into the window, "
                      "adder tree, accumulator, rounding, registers), which in the L-Mul tile "
                      "takes products of M + 1 significant bits instead of 2M + 2.", ""]
        rows = []
        for tile, asic in tiles:
            energies = {role: _energy(part, "normal") for role, part in asic.items()}
            if None in energies.values():
                continue
            saved = energies["tile_exact"] - energies["tile_lmul"]
            in_multipliers = energies["products_exact"] - energies["products_lmul"]
            rows.append([tile["format"], tile["lanes"], tile["rows"], f"{saved:.2f}",
                         f"{in_multipliers:.2f}", f"{saved - in_multipliers:.2f}",
                         _percent(_part(in_multipliers, saved))])
        lines += table_lines(["format", "N", "R", "saved (pJ)", "in the multipliers (pJ)",
                              "in the rest of the tile (pJ)", "multipliers' part of the saving"],
                             rows)
    return lines


def _pair(write, lmul, exact):
    return f"{write(lmul)} / {write(exact)}"


def _part(part, whole):
    return None if part is None or not whole else part / whole


def _energy(asic, stream, key="total_pj"):
    return ((asic.get("energy") or {}).get(stream) or {}).get(key)


def _percent(ratio):
    return "–" if ratio is None else f"{ratio * 100:.0f} %"


def _saving_range(savings):
    low, high = min(savings), max(savings)
    if round(low * 100) == round(high * 100):
        return f"{_percent(low)} saved"
    return f"{_percent(low)} to {_percent(high)} saved"


def _conditions(summary):
    tools = summary["tools"]
    conditions = summary["conditions"]
    liberty = summary["liberty"]
    lines = [f"- Synthesis: {tools['yosys']}, through pyosys, with its bundled ABC and its "
             f"default scripts; RTL from Amaranth {tools['amaranth']}."]
    if liberty is not None:
        corner = ", ".join(part for part in (
            f"{liberty['voltage_v']:g} V" if liberty["voltage_v"] is not None else None,
            f"{liberty['temperature_c']:g} °C" if liberty["temperature_c"] is not None else None,
            f"process {liberty['process']:g}" if liberty["process"] is not None else None)
            if part)
        lines.append(f"- Standard cells: `{liberty['name']}` ({liberty['file']}, sha256 "
                     f"{liberty['sha256'][:12]}…), its default operating conditions: {corner}. "
                     f"Area in the library's unit (µm² for OSU 0.18 µm); `dfflibmap` and "
                     f"`abc -liberty` with the clock period as delay target and the input "
                     f"driver and output load below as constraints (ABC then buffers "
                     f"high-fanout nets and sizes gates).")
    if tools["opensta"] is not None and liberty is not None:
        lines.append(f"- Timing: OpenSTA {tools['opensta']}; inputs driven by "
                     f"{conditions['input_driver']} and arriving at the clock edge, every output "
                     f"loaded with {_capacitance(conditions['output_load'], liberty['units'])} "
                     f"(four {conditions['input_driver']} inputs) and due at the next edge; "
                     f"combinational designs against a virtual clock. The critical path is the "
                     f"clock period minus the worst slack: for pipelined designs, register to "
                     f"register with clock-to-output and setup.")
        streams = "; ".join(f"{name}: {text}" for name, text in conditions["streams"].items())
        period = conditions["clock_period_ns"]
        lines.append(f"- Energy per operation: one operation per {period:g} ns clock cycle, "
                     f"{conditions['vectors']} operand pairs per stream, the same "
                     f"for every design of a format ({streams}). Activity: "
                     f"{conditions['activity_model']}. Energy is dynamic (internal, switching "
                     f"and the flip-flops' clock pins) plus leakage × period.")
    fpga_designs = ("every design" if conditions["fpga_designs"] == "all"
                    else "the combinational designs")
    fpga_roles = conditions.get("fpga_roles", "all")
    if fpga_roles == "all":
        lines.append(f"- FPGA: `synth_ice40` (iCE40 LUT4) and `synth_xilinx -family xcup "
                     f"-nodsp` (UltraScale+, no DSP blocks), on {fpga_designs}.")
    else:
        def roles(flow):
            return ", ".join(f"`{role}`" for role in fpga_roles[flow]) or "none"

        lines.append(f"- FPGA: `synth_ice40` (iCE40 LUT4) and `synth_xilinx -family xcup "
                     f"-nodsp` (UltraScale+, no DSP blocks), on {fpga_designs} of the roles: "
                     f"iCE40 {roles('ice40')}, UltraScale+ {roles('xilinx')} (`lmul report "
                     f"--full` runs both on every role).")
    if conditions.get("booth"):
        lines.append(f"- Booth baselines: {conditions['booth']}.")
    lines.append(f"- Pipelined designs have {conditions['pipeline_stages']} register stages.")
    return lines


def _capacitance(value, units):
    # capacitive_load_unit (1, pf) is stored as "1,pf"; print 0.0373 pF.
    scale, _, unit = units.get("capacitive_load_unit", "1,").partition(",")
    try:
        value *= float(scale)
    except ValueError:
        pass
    unit = {"pf": "pF", "ff": "fF", "nf": "nF"}.get(unit.strip().lower(), unit.strip())
    return f"{value:.3g} {unit}".strip()


def _with_booth_rows(summary, names):
    # (Markdown label, entry) per design, each conventional multiplier followed by its Booth synthesis
    # (standard cells only).
    for name in names:
        entry = summary["designs"][name]
        yield f"`{name}`", entry
        if entry.get("asic_booth") is not None:
            yield f"`{name}` with `synth -booth`", {"role": entry["role"], "stages": entry["stages"],
                                     "asic": entry["asic_booth"]}


def _designs_table(summary):
    header = ["design", "role", "stages", "area", "cells", "depth", "critical path (ns)",
              "energy/op uniform (pJ)", "energy/op N(0,1) (pJ)", "generic gates",
              "CMOS transistors", "iCE40 LUT4 + carry", "UltraScale+ LUT + carry",
              "flip-flops"]
    lines = []
    for fmt in summary["formats"]:
        lines += [f"### {fmt}", ""]
        names = sorted((name for name, entry in summary["designs"].items()
                        if entry["format"] == fmt and entry["role"] in summary["roles"]),
                       key=lambda name: (summary["designs"][name]["stages"],
                                         list(summary["roles"]).index(
                                             summary["designs"][name]["role"])))
        rows = [[label, entry["role"], entry["stages"], *_measured_cells(entry)]
                for label, entry in _with_booth_rows(summary, names)]
        lines += table_lines(header, rows)
        lines.append("")
    return lines


def _measured_cells(entry):
    # A design's measured values, in the columns of the measured-values tables after "stages".
    asic, generic = entry.get("asic") or {}, entry.get("generic") or {}
    ice40, xilinx = entry.get("ice40"), entry.get("xilinx")
    return [_number(asic.get("area")), _number(asic.get("cells")), _number(asic.get("depth")),
            _number(asic.get("critical_path_ns"), 2), _number(_energy(asic, "uniform"), 2),
            _number(_energy(asic, "normal"), 2), _number(generic.get("gates")),
            _number(generic.get("transistors")),
            f"{ice40['luts']} + {ice40['carries']}" if ice40 else "–",
            f"{xilinx['luts']} + {xilinx['carries']}" if xilinx else "–",
            _number(generic.get("flip_flops") if generic else _standard_flip_flops(asic))]


def _standard_flip_flops(asic):
    # Flip-flops of a standard-cell netlist: its cells of a flip-flop type (names with "DFF",
    # as in OSU018's DFFPOSX1), or None without a netlist.
    by_type = asic.get("cells_by_type")
    if by_type is None:
        return None
    return sum(count for name, count in by_type.items() if "DFF" in name.upper())


def adders_markdown(summary):
    """The section on the floating-point adder (``summary["adders"]``, the full sweep's): each
    format's adder measured alone, with its standard-cell area beside the full IEEE
    multiplier's of the same format and depth."""
    designs = summary["designs"]
    multipliers = {(entry["format"], entry["stages"]): entry for entry in designs.values()
                   if entry["role"] == "fpmul_ieee"}
    lines = ["", "## Floating-point adder", "",
             "`FPAdd` (IEEE 754 addition in the operand format: gradual underflow, overflow to "
             "inf, round to nearest even) measured alone by the same flows and streams, "
             "compared with nothing; *area / IEEE multiplier* is its standard-cell area over "
             "the full IEEE multiplier's (`fpmul_ieee`, default synthesis) of the same format "
             "and depth. Measured by the full sweep only (`lmul report --full`).", ""]
    header = ["format", "design", "stages", "area", "cells", "depth", "critical path (ns)",
              "energy/op uniform (pJ)", "energy/op N(0,1) (pJ)", "generic gates",
              "CMOS transistors", "iCE40 LUT4 + carry", "UltraScale+ LUT + carry",
              "flip-flops", "area / IEEE multiplier"]
    rows = []
    for adder in summary["adders"]:
        entry = designs[adder["design"]]
        area = (entry.get("asic") or {}).get("area")
        multiplier = multipliers.get((adder["format"], adder["stages"])) or {}
        multiplier_area = (multiplier.get("asic") or {}).get("area")
        share = _number(area / multiplier_area, 2) if area and multiplier_area else "–"
        rows.append([adder["format"], f"`{adder['design']}`", adder["stages"],
                     *_measured_cells(entry), share])
    lines += table_lines(header, rows)
    lines.append("")
    return lines


#: Heading of the accumulator comparison's section.
ACCUMULATORS_HEADING = "## Accumulators: the paper's 80 % beside the measured saving"


def _configuration(tile):
    return f"{tile['format']} {tile['accumulator']} N = {tile['lanes']}"


def claim_sentence(tiles, paper=PAPER_DOT_PRODUCT_SAVING):
    """One sentence on where the paper's saving ``paper`` holds among ``tiles`` (entries of
    ``summary["accumulator_tiles"]``, judged on the N(0,1) stream's energy per MAC) and where
    it does not; ``""`` if none was measured."""
    measured = [tile for tile in tiles if tile["energy_saving"]["normal"] is not None]
    if not measured:
        return ""
    held = [tile for tile in measured if tile["energy_saving"]["normal"] >= paper]
    missed = [tile for tile in measured if tile["energy_saving"]["normal"] < paper]
    largest = max(measured, key=lambda tile: tile["energy_saving"]["normal"])
    smallest = min(measured, key=lambda tile: tile["energy_saving"]["normal"])

    def saving(tile):
        return f"{_percent(tile['energy_saving']['normal'])} ({_configuration(tile)})"

    if not held:
        return (f"The paper's {_percent(paper)} holds in none of the {len(measured)} measured "
                f"configurations: L-Mul saves from {saving(smallest)} to {saving(largest)} of "
                f"the energy per MAC (N(0,1) stream).")
    if not missed:
        return (f"The paper's {_percent(paper)} holds in every one of the {len(measured)} "
                f"measured configurations: at least {saving(smallest)} of the energy per MAC "
                f"(N(0,1) stream).")
    return (f"The paper's {_percent(paper)} holds (N(0,1) stream) for "
            f"{', '.join(_configuration(tile) for tile in held)}, and not for the other "
            f"{len(missed)} configurations, where L-Mul saves from "
            f"{saving(min(missed, key=lambda tile: tile['energy_saving']['normal']))} to "
            f"{saving(max(missed, key=lambda tile: tile['energy_saving']['normal']))}.")


def accumulators_markdown(summary):
    """The accumulator comparison (``summary["accumulator_tiles"]``, the full sweep's): per
    operand format, accumulator and N (one row, results in fp32), the L-Mul tile against the
    exact tile per multiply-accumulate, the paper's estimated saving beside the measured one,
    and one sentence on where the claim holds."""
    designs = summary["designs"]
    tiles = summary["accumulator_tiles"]
    paper = summary["accumulator_conditions"]["paper_energy_saving"]
    lines = ["", ACCUMULATORS_HEADING, "",
             f"The paper's estimate ({_percent(paper)} less energy for a dot product) assumes "
             f"fp32 operands and one fp32 adder per product. Here each configuration is a pair of "
             f"one-row `DotProduct` tiles, L-Mul products against exact products, everything "
             f"else identical, results in fp32: `float` (every product into fp32 — for fp32 "
             f"operands the `FPMul` RNE or `LMul` unit's own result — summed by a tree of "
             f"`FPAdd`s and a running fp32 adder; N = 1 is the scalar MAC), `aligned` (the "
             f"tensor-core style: the beat's products and the running sum aligned to their "
             f"largest exponent, "
             f"{summary['accumulator_conditions'].get('fraction_bits', 13)} fraction bits kept) "
             f"and `window` (the exact fixed-point window above). Measured as the tiles above "
             f"(standard cells, energy per MAC at full throughput). *Saving*: 1 − L-Mul tile's "
             f"energy per MAC / exact tile's. *Multipliers' share*: the conventional tile's "
             f"products alone (their units and register) over the whole tile. Measured by the "
             f"full sweep only (`lmul report --full`).", ""]
    header = ["operands", "accumulator", "N", "area/MAC L-Mul / exact",
              "energy/MAC N(0,1) L-Mul / exact (pJ)", "energy/MAC uniform L-Mul / exact (pJ)",
              "paper's saving", "measured saving N(0,1)", "measured saving uniform",
              "critical path L-Mul / exact (ns)",
              "multipliers' share of the conventional tile: area / energy N(0,1)"]
    rows = []
    for tile in tiles:
        asic = {role: designs[name].get("asic") or {} for role, name in tile["designs"].items()}
        lmul, exact = asic["tile_lmul"], asic["tile_exact"]
        lanes = tile["lanes"] * tile["rows"]
        share = tile["multiplier_share"]["exact"]
        rows.append([tile["format"], tile["accumulator"], tile["lanes"],
                     _pair(_number, *(None if part.get("area") is None
                                      else part["area"] / lanes for part in (lmul, exact))),
                     _pair(lambda value: _number(value, 2), _energy(lmul, "normal"),
                           _energy(exact, "normal")),
                     _pair(lambda value: _number(value, 2), _energy(lmul, "uniform"),
                           _energy(exact, "uniform")),
                     _percent(paper), _percent(tile["energy_saving"]["normal"]),
                     _percent(tile["energy_saving"]["uniform"]),
                     _pair(lambda value: _number(value, 2), lmul.get("critical_path_ns"),
                           exact.get("critical_path_ns")),
                     _pair(_percent, share["area"], share["energy_normal"])])
    lines += table_lines(header, rows)
    sentence = claim_sentence(tiles, paper)
    if sentence:
        lines += ["", sentence]
    lines.append("")
    return lines
