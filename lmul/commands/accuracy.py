"""``lmul accuracy``: run the accuracy study and write its report, JSON and plots.

Writes into the output directory (default ``synth/reports``): ``accuracy.md``,
``accuracy.json`` and ``accuracy_*.png``. The area-against-error chart needs the synthesis
summary (``summary.json`` beside them by default); without it that part is skipped and the
report says how to produce it.
"""

import json
import time
from pathlib import Path

from ..markdown import table_lines
from ..progress import progress as progress_bar
from . import UsageError

__all__ = ["register", "load_areas", "pareto_front", "render_report", "write_plots"]

DEFAULT_OUTPUT_DIR = "synth/reports"
#: The multipliers of the study, in report order, with their labels.
MULTIPLIER_LABELS = {
    "conventional": "conventional (RNE)",
    "lmul_paper": "L-Mul, paper offset",
    "lmul_o0": "L-Mul, offset 0",
    "lmul_tuned": "L-Mul, tuned offset",
}


def register(subparsers):
    from ..accuracy.dot_products import DOT_PRODUCT_TRIALS
    from ..accuracy.offset_tuning import TUNING_SAMPLE_SIZE
    from ..accuracy.operand_pairs import DEFAULT_SAMPLE_SIZE, DEFAULT_SEED

    parser = subparsers.add_parser(
        "accuracy", help="measure the error of L-Mul and the conventional multiplier",
        description="Run the accuracy study (error metrics of every preset, tuned offsets, "
                    "the paper's precision claims, dot products, error against area) and "
                    "write accuracy.md, accuracy.json and accuracy_*.png.")
    parser.add_argument("-o", "--output-dir", default=DEFAULT_OUTPUT_DIR, metavar="DIR",
                        help=f"where to write (default: {DEFAULT_OUTPUT_DIR})")
    parser.add_argument("--summary", default=None, metavar="FILE",
                        help="synthesis summary with the areas (default: DIR/summary.json; "
                             "skipped when absent)")
    parser.add_argument("--sample-size", type=int, default=DEFAULT_SAMPLE_SIZE, metavar="N",
                        help=f"pairs drawn for wide formats and the claims "
                             f"(default: {DEFAULT_SAMPLE_SIZE})")
    parser.add_argument("--tuning-sample-size", type=int, default=TUNING_SAMPLE_SIZE,
                        metavar="N", help=f"pairs drawn for offset tuning and the wide formats "
                                          f"of the sweep (default: {TUNING_SAMPLE_SIZE})")
    parser.add_argument("--dot-product-trials", type=int, default=DOT_PRODUCT_TRIALS,
                        metavar="N", help=f"vector pairs per format and length "
                                          f"(default: {DOT_PRODUCT_TRIALS})")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED,
                        help=f"seed of every draw (default: {DEFAULT_SEED})")
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress messages")
    parser.set_defaults(run=_run)


def _run(args):
    from ..accuracy.study import run_study
    from ..format import PRESETS

    output_dir = Path(args.output_dir)
    summary_path = Path(args.summary) if args.summary else output_dir / "summary.json"
    if args.summary and not summary_path.is_file():
        raise UsageError(f"synthesis summary must be an existing file, not {args.summary!r}")
    output_dir.mkdir(parents=True, exist_ok=True)

    # The study reports two steps per preset, then the claims, dot products and sweep; then
    # the areas and the report.
    bar = progress_bar(total=2 * len(PRESETS) + 5, description="accuracy", quiet=args.quiet)

    steps = []

    def progress(message):
        if steps:
            bar.update(1)
        steps.append(message)
        bar.set_description(message)

    start = time.perf_counter()
    with bar:
        study = run_study(sample_size=args.sample_size,
                          tuning_sample_size=args.tuning_sample_size,
                          dot_product_trials=args.dot_product_trials, seed=args.seed,
                          progress=progress)
        progress("joining areas")
        study["area"] = _area_section(summary_path, study)
        study["settings"]["run_time_s"] = round(time.perf_counter() - start, 1)
        progress("writing the report")
        with open(output_dir / "accuracy.json", "w") as file:
            json.dump(study, file, indent=1)
            file.write("\n")
        plots = write_plots(study, output_dir)
        with open(output_dir / "accuracy.md", "w") as file:
            file.write(render_report(study, plots))
    print(f"wrote accuracy.md, accuracy.json and {len(plots)} plots to {output_dir} "
          f"in {study['settings']['run_time_s']} s")


# -- areas ------------------------------------------------------------------------------------

def load_areas(path):
    """Combinational standard-cell areas of the default units in a synthesis summary.

    The summary is the ``summary.json`` that ``lmul report`` writes: its ``designs`` object maps
    module names to records with ``kind``, ``format``, ``options``, ``stages`` and
    ``asic.area``. Kept: combinational records of L-Mul with the paper's offset and of the
    conventional multiplier with default options (RNE, IEEE subnormals and overflow), the units
    whose errors the study measures.

    Returns
    -------
    dict
        ``{(kind, format name): area}``.

    Raises
    ------
    ValueError
        If the file is not JSON of that shape.
    """
    from ..format import Format
    from ..lmul_params import paper_offset

    with open(path) as file:
        try:
            summary = json.load(file)
        except json.JSONDecodeError as error:
            raise ValueError(f"synthesis summary must be JSON, not {error.msg} in {path}")
    designs = summary.get("designs") if isinstance(summary, dict) else None
    if not isinstance(designs, dict):
        raise ValueError(f"synthesis summary must have a 'designs' object, as 'lmul report' "
                         f"writes, in {path}")
    areas = {}
    for record in designs.values():
        area = (record.get("asic") or {}).get("area") if isinstance(record, dict) else None
        if area is None:
            continue
        kind, options = record.get("kind"), record.get("options") or {}
        if kind not in ("lmul", "fpmul") or record.get("stages", 0) != 0:
            continue
        fmt = Format.parse(record["format"])
        if kind == "lmul" and options.get("offset") not in (None, paper_offset(fmt.man_bits)):
            continue
        if kind == "fpmul" and any(options.get(name, default) != default for name, default in
                                   (("subnormals", "ieee"), ("overflow", "ieee"),
                                    ("rounding", "rne"))):
            continue
        areas[(kind, fmt.name)] = float(area)
    return areas


def _area_section(summary_path, study):
    from ..format import PRESETS, Format
    from ..accuracy.study import multiplier_errors
    from ..accuracy.operand_pairs import native_pairs
    from ..lmul_params import paper_offset

    if not summary_path.is_file():
        return {"summary": str(summary_path), "skipped": True, "points": []}
    areas = load_areas(summary_path)
    settings = study["settings"]
    errors = {}  # format name -> {"conventional": mre, "lmul_paper": mre}
    for name in sorted({name for _, name in areas}):
        known = study["formats"].get(name) or study["sweep"].get(name)
        if known is None:
            fmt = Format.parse(name)
            pairs = native_pairs(fmt, sample_size=settings["tuning_sample_size"],
                                 seed=settings["seed"])
            known = {"multipliers": multiplier_errors(
                pairs, {"lmul_paper": paper_offset(fmt.man_bits)})}
        errors[name] = {key: known["multipliers"][key]["mean_relative_error"]
                        for key in ("conventional", "lmul_paper")}
    points = [{"kind": kind, "format": name, "area_um2": area,
               "mean_relative_error": errors[name]["lmul_paper" if kind == "lmul"
                                                   else "conventional"],
               "preset": name in PRESETS}
              for (kind, name), area in sorted(areas.items())]
    front = pareto_front([(point["area_um2"], point["mean_relative_error"])
                          for point in points])
    for index, point in enumerate(points):
        point["pareto_optimal"] = index in front
    return {"summary": str(summary_path), "skipped": False, "points": points}


def pareto_front(points):
    """Indices of the points ``(cost, error)`` that no other point dominates (no worse in
    both and better in one), in input order."""
    return [index for index, (cost, error) in enumerate(points)
            if not any(other_cost <= cost and other_error <= error
                       and (other_cost, other_error) != (cost, error)
                       for other_cost, other_error in points)]


# -- report -----------------------------------------------------------------------------------

def _percent(value):
    return "0" if value == 0 else f"{100 * value:.3g} %"


def _number(value):
    return f"{value:.3g}"


def _interval(interval):
    return (f"{_percent(interval['mean'])} [{100 * interval['low']:.3g}, "
            f"{100 * interval['high']:.3g}]")


def _offset(offset, man_bits):
    return f"{offset} ({offset / (1 << man_bits):.4g})"


def _table(header, rows):
    return "\n".join(table_lines(header, rows)) + "\n"


def render_report(study, plots):
    """The Markdown report of a study (as returned by
    :func:`lmul.accuracy.study.run_study`, with its ``area`` section) whose plots are
    ``plots`` (``{key: file name}``)."""
    from ..format import PRESETS
    from ..accuracy.offset_tuning import EXHAUSTIVE_SEARCH_MAX_MAN_BITS

    settings = study["settings"]
    out = [
        "# Accuracy of L-Mul against the conventional multiplier\n",
        f"Generated by `lmul accuracy` in {settings.get('run_time_s', '?')} s: seed "
        f"{settings['seed']}, {settings['sample_size']} pairs per sampled pair set and claim, "
        f"{settings['tuning_sample_size']} for offset tuning and the wide sweep formats, "
        f"{settings['dot_product_trials']} vector pairs per dot-product length. Every number "
        f"comes from the golden models (`lmul.golden.lmul`, `lmul.golden.fpmul`, "
        f"`lmul.golden.dot_product`); the full data is in `accuracy.json`. Do not edit: re-run "
        f"the command.\n",
    ]
    out += _summary(study)
    out += [
        "## Which pairs count\n",
        f"*Native pairs* (the tables of error metrics and the sweep): both operands are normal "
        f"finite codes of the format (exponent field not 0, not inf or NaN), of either sign, "
        f"and the exact product of their values has a magnitude in [smallest normal, largest "
        f"finite] of the format. Formats of at most {settings['exhaustive_max_width']} bits "
        f"use every such pair. Wider formats use a sample: a fixed number of pairs drawn with "
        f"the seed above, each operand uniform over the normal finite codes (sign, then "
        f"magnitude uniform over the integer range [min normal, max finite]), of which the "
        f"pairs whose exact product is in range are kept; so the sample is uniform over the "
        f"counted pairs.\n",
        "The exact product of two codes is exact in float64 (at most 48 significant bits). "
        "Relative error: `(result - exact) / exact`. MRE: mean of its magnitude; MAE: mean "
        "absolute error, in the unit of the values (so dominated by the largest products); "
        "worst: the largest relative error; bias: the mean signed relative error (positive = "
        "too large in magnitude); P(error): the fraction of results that differ from the exact "
        "product. Sums are correctly rounded (`math.fsum`).\n",
        "Inside this set the conventional multiplier (RNE, gradual underflow, IEEE overflow) "
        "cannot underflow or overflow, since the smallest normal and the largest finite number "
        "bound the exact product and are representable. L-Mul (saturating) can: a result "
        "below the smallest normal flushes to zero (relative error 1, which is then the worst "
        "case), one above the largest finite number saturates. These results count like any "
        "other; the columns *flushed* and *saturated* say how many there are.\n",
        "## Error metrics of every preset\n",
    ]
    rows = []
    for name, entry in study["formats"].items():
        man_bits = PRESETS[name].man_bits
        for key, label in MULTIPLIER_LABELS.items():
            metrics = entry["multipliers"][key]
            offset = _offset(metrics["offset"], man_bits) if "offset" in metrics else ""
            rows.append([name if key == "conventional" else "", label, offset,
                         _percent(metrics["mean_relative_error"]),
                         _number(metrics["mean_absolute_error"]),
                         _percent(metrics["max_relative_error"]),
                         _percent(metrics["mean_signed_relative_error"]),
                         _percent(metrics["error_probability"]),
                         metrics.get("flushed", ""), metrics.get("saturated", "")])
    out.append(_table(["format", "multiplier", "offset (LSB, value)", "MRE", "MAE", "worst",
                       "bias", "P(error)", "flushed", "saturated"], rows))
    out.append("\nPairs per format: " + "; ".join(
        f"{name}: {entry['pairs']['count']} of {entry['pairs']['drawn']} "
        f"{'listed' if PRESETS[name].width <= settings['exhaustive_max_width'] else 'drawn'}"
        for name, entry in study["formats"].items()) + ".\n")
    if "mre" in plots:
        out.append(f"\n![MRE of every preset]({plots['mre']})\n")

    out += _offsets_section(study, plots, EXHAUSTIVE_SEARCH_MAX_MAN_BITS)
    out += _claims_section(study, plots)
    out += _dot_products_section(study, plots)
    out += _sweep_section(study, plots)
    out += _area_report(study, plots)
    return "\n".join(out)


def _summary(study):
    out = ["## Summary\n"]
    e4m3 = study["formats"].get("e4m3")
    if e4m3:
        multipliers = e4m3["multipliers"]
        out.append(f"- Native e4m3 operands, every counted pair: L-Mul with the paper's offset "
                   f"has an MRE of {_percent(multipliers['lmul_paper']['mean_relative_error'])}"
                   f", the correctly rounded product "
                   f"{_percent(multipliers['conventional']['mean_relative_error'])}. The "
                   f"paper's offset is 2**-3, one LSB of a 3-bit mantissa; 2**-4 would be half "
                   f"an LSB, which an integer offset cannot express, and the best integer "
                   f"offset, {e4m3['offsets']['tuned']}, gives "
                   f"{_percent(multipliers['lmul_tuned']['mean_relative_error'])}.")
    changed = [f"{name} {entry['offsets']['paper']} → {entry['offsets']['tuned']}"
               for name, entry in study["formats"].items()
               if entry["offsets"]["tuned"] != entry["offsets"]["paper"]]
    if changed:
        out.append("- The MRE-optimal offset for native operands differs from the paper's "
                   "(in LSBs, paper → tuned): " + ", ".join(changed) + ".")
    for claim in study["paper_claims"]:
        out.append(f"- \"{claim['statement']}\" ({claim['distribution']} draws): "
                   f"{'holds' if claim['holds'] else 'does not hold'}, MRE "
                   f"{_percent(claim['lmul_mre']['mean'])} against "
                   f"{_percent(claim['conventional_mre']['mean'])}.")
    return ["\n".join(out) + "\n"]


def _offsets_section(study, plots, exhaustive_man_bits):
    from ..format import PRESETS

    out = ["## Tuned offsets\n",
           "Offsets in mantissa LSBs, with their value as a fraction of 1 in parentheses: the "
           "paper's `2**-l(M)`, and the offsets minimising the MRE or the bias (the magnitude "
           "of the mean signed relative error) over: native pairs (as above); `uniform`: fp32 "
           "draws `±(1 + f) 2**e`, 23-bit mantissa field uniform, e uniform on {-1, 0}, "
           "*truncated* to the format and judged by the exact product of the fp32 draws (the "
           "paper's setting); `normal`: the same with N(0, 1) draws rounded to fp32. Drawn "
           "pairs count when both draws and their product are in the normal range. The search "
           f"covers 0 .. 2**M: every candidate for M <= {exhaustive_man_bits}, else a "
           "coarse-to-fine grid (MRE) or bisection (bias, which is monotone in the offset). "
           "`lmul tune-offset --format F --distribution D --objective O` prints each one; "
           "`lmul generate lmul --offset N` builds it.\n"]
    rows = []
    for name, tunings in study["offset_tuning"].items():
        man_bits = PRESETS[name].man_bits
        native = tunings["exhaustive_mre"]
        rows.append([name, _offset(native["paper_offset"], man_bits),
                     _offset(native["offset"], man_bits),
                     _offset(tunings["exhaustive_bias"]["offset"], man_bits),
                     _offset(tunings["uniform_mre"]["offset"], man_bits),
                     _offset(tunings["normal_mre"]["offset"], man_bits),
                     f"{_percent(native['paper_value'])} → {_percent(native['value'])}"])
    out.append(_table(["format", "paper", "native, MRE", "native, bias", "uniform (truncated), "
                       "MRE", "normal (truncated), MRE", "native MRE: paper → tuned"], rows))
    if "offsets" in plots:
        out.append(f"\n![MRE against the offset, native pairs]({plots['offsets']})\n")
    return out


def _claims_section(study, plots):
    out = ["## The paper's precision claims\n",
           "Re-run from the golden models: fp32 draws (`uniform`: as for the offsets; `normal`: "
           "N(0, 1) rounded to fp32). L-Mul with a k-bit mantissa: both draws truncated to "
           "`e8mk` (fp32's exponent, k mantissa bits), golden L-Mul with the paper's offset "
           "`2**-l(k)`. Conventional: both draws rounded to nearest even into the fp8 format, "
           "golden RNE product in that format. Both judged against the exact product of the "
           "draws, over the pairs whose draws and exact product lie in the fp8 format's normal "
           "range (the claims are about precision; outside that range fp8 loses on exponent "
           "range). MREs with 95 % confidence intervals (normal approximation); the "
           "difference is the mean of the paired differences L-Mul − conventional. "
           "\"More precise\" holds when the difference's interval lies below 0, \"as precise "
           "as\" when it does not lie above 0.\n"]
    rows = [[claim["statement"], claim["distribution"],
             f"{claim['counted']} / {claim['drawn']}", _interval(claim["lmul_mre"]),
             _interval(claim["conventional_mre"]), _interval(claim["difference"]),
             f"{claim['ratio']:.3f}", "holds" if claim["holds"] else "does not hold"]
            for claim in study["paper_claims"]]
    out.append(_table(["claim", "draws", "pairs counted", "L-Mul MRE [95 % CI, %]",
                       "conventional MRE [95 % CI, %]", "difference [95 % CI, %]",
                       "MRE ratio", "verdict"], rows))
    out.append("\nNote that the comparison is the paper's: L-Mul gets one more mantissa bit "
               "than the fp8 format it is compared with (4 against e4m3's 3, 3 against e5m2's "
               "2) and fp32's exponent range. On native operands of the same format (the "
               "first table) L-Mul is less precise than the correctly rounded product.\n")
    if "claims" in plots:
        out.append(f"\n![The paper's claims]({plots['claims']})\n")
    return out


def _dot_products_section(study, plots):
    out = ["## Dot products\n",
           "Random N(0, 1) vectors drawn in float64 and rounded to fp32 (the reference is "
           "their exact dot product), then rounded to nearest even into the format (small "
           "values become subnormals or zero; L-Mul reads subnormals as zero). *exact "
           "products* and L-Mul are the dot-product tile's golden model "
           "(`lmul.golden.dot_product`): its exact products, or its L-Mul products (the "
           "unit's, but with an unbounded exponent: no flush, no saturation), summed exactly "
           "in the default window and rounded once to fp32 (relative error at most 2**-24), so "
           "only the multiplier and the input rounding are measured; *exact products* is the "
           "error from rounding the inputs alone. *conventional (RNE)* (not a tile "
           "multiplier): the correctly rounded products in the format, summed exactly with "
           "`math.fsum`. Median "
           "over the trials of `|sum - reference| / "
           "|reference|` (the mean is heavy-tailed where the reference nearly cancels; "
           "`accuracy.json` has it, and the error normalised by `sum |x_i y_i|`).\n"]
    for name, lengths in study["dot_products"].items():
        keys = list(next(iter(lengths.values())))
        offsets = study["formats"][name]["offsets"]
        labels = {"exact": "exact products", "conventional": "conventional (RNE)",
                  "lmul_paper": f"L-Mul, paper offset {offsets['paper']}",
                  f"lmul_o{offsets['tuned']}": f"L-Mul, tuned offset {offsets['tuned']}"}
        rows = [[length] + [_percent(errors[key]["median_relative_error"]) for key in keys]
                for length, errors in lengths.items()]
        out.append(f"**{name}**, median relative error:\n")
        out.append(_table(["length"] + [labels.get(key, key) for key in keys], rows))
    if "dot_products" in plots:
        out.append(f"\n![Dot-product errors]({plots['dot_products']})\n")
    return out


def _sweep_section(study, plots):
    out = ["## Error against mantissa width\n",
           "Native pairs of IEEE-style formats E in {4, 5}, M in 1..7 (listed up to "
           f"{study['settings']['exhaustive_max_width']} bits, else "
           f"{study['settings']['tuning_sample_size']} drawn pairs).\n"]
    rows = []
    for name, entry in study["sweep"].items():
        multipliers = entry["multipliers"]
        rows.append([name, entry["pairs"]["count"],
                     _percent(multipliers["conventional"]["mean_relative_error"]),
                     _percent(multipliers["lmul_paper"]["mean_relative_error"]),
                     _percent(multipliers["lmul_o0"]["mean_relative_error"])])
    out.append(_table(["format", "pairs", "conventional MRE", "L-Mul MRE (paper offset)",
                       "L-Mul MRE (offset 0)"], rows))
    if "sweep" in plots:
        out.append(f"\n![MRE against mantissa width]({plots['sweep']})\n")
    return out


def _area_report(study, plots):
    area = study["area"]
    out = ["## Error against area\n"]
    if area["skipped"]:
        out.append(f"Skipped: the synthesis summary `{area['summary']}` was not found. Produce "
                   "it with the synthesis flow (it lists each synthesised unit's `kind`, "
                   "`format`, `options`, `stages` and standard-cell `area_um2`), then run "
                   "`lmul accuracy` again.\n")
        return out
    if not area["points"]:
        out.append(f"No usable units in `{area['summary']}` (combinational L-Mul with the "
                   "paper's offset, conventional RNE with default options, with `area_um2`).\n")
        return out
    out.append(f"Standard-cell area from `{area['summary']}` (combinational units) against the "
               "MRE on native pairs (L-Mul with the paper's offset, conventional RNE). "
               "Pareto-optimal: no other unit is both smaller and more precise.\n")
    rows = [[point["format"] + (" (preset)" if point["preset"] else ""),
             "L-Mul" if point["kind"] == "lmul" else "conventional",
             f"{point['area_um2']:.1f}", _percent(point["mean_relative_error"]),
             "yes" if point["pareto_optimal"] else ""] for point in area["points"]]
    out.append(_table(["format", "multiplier", "area (µm²)", "MRE", "Pareto-optimal"], rows))
    if "pareto" in plots:
        out.append(f"\n![Area against MRE]({plots['pareto']})\n")
    return out


# -- plots ------------------------------------------------------------------------------------

def _save(figure, output_dir, name):
    figure.tight_layout()
    figure.savefig(output_dir / name, dpi=110, metadata={"Software": None})
    return name


def write_plots(study, output_dir):
    """Draw the study's charts into ``output_dir``; returns ``{key: file name}``."""
    from matplotlib.figure import Figure

    from ..format import Format

    output_dir = Path(output_dir)
    plots = {}

    figure = Figure(figsize=(8, 4))
    axes = figure.add_subplot()
    names = list(study["formats"])
    width = 0.8 / len(MULTIPLIER_LABELS)
    for index, (key, label) in enumerate(MULTIPLIER_LABELS.items()):
        values = [100 * study["formats"][name]["multipliers"][key]["mean_relative_error"]
                  for name in names]
        axes.bar([position + (index - 1.5) * width for position in range(len(names))],
                 values, width, label=label)
    axes.set_xticks(range(len(names)), names)
    axes.set_yscale("log")
    axes.set_ylabel("mean relative error (%)")
    axes.set_title("Native pairs: every normal pair with a normal exact product")
    axes.legend(fontsize="small")
    plots["mre"] = _save(figure, output_dir, "accuracy_mre.png")

    figure = Figure(figsize=(7, 4))
    axes = figure.add_subplot()
    for name, tunings in study["offset_tuning"].items():
        native = tunings["exhaustive_mre"]
        evaluations = native["evaluations"]
        man_bits = Format.parse(name).man_bits
        if len(evaluations) != (1 << man_bits) + 1:
            continue  # not every candidate evaluated: no curve to draw
        fractions = [offset / (1 << man_bits) for offset, _ in evaluations]
        line, = axes.plot(fractions, [100 * value for _, value in evaluations], marker=".",
                          label=name)
        axes.plot([native["paper_offset"] / (1 << man_bits)], [100 * native["paper_value"]],
                  marker="o", fillstyle="none", markersize=10, color=line.get_color())
    axes.set_yscale("log")
    axes.set_xlabel("offset (fraction of 1); circles: the paper's")
    axes.set_ylabel("mean relative error (%)")
    axes.set_title("L-Mul MRE against the offset, native pairs")
    axes.legend(fontsize="small")
    plots["offsets"] = _save(figure, output_dir, "accuracy_offsets.png")

    figure = Figure(figsize=(7, 3.5))
    axes = figure.add_subplot()
    labels, lmul_values, conventional_values = [], [], []
    for claim in study["paper_claims"]:
        labels.append(f"{claim['lmul_format']} vs {claim['conventional_format']}\n"
                      f"({claim['distribution']})")
        lmul_values.append(claim["lmul_mre"])
        conventional_values.append(claim["conventional_mre"])
    for offset, values, label in ((-0.15, lmul_values, "L-Mul (truncated operands)"),
                                  (0.15, conventional_values, "conventional fp8 (RNE)")):
        means = [100 * value["mean"] for value in values]
        errors = [[100 * (value["mean"] - value["low"]) for value in values],
                  [100 * (value["high"] - value["mean"]) for value in values]]
        axes.errorbar([index + offset for index in range(len(values))], means, yerr=errors,
                      fmt="o", capsize=4, label=label)
    axes.set_xticks(range(len(labels)), labels, fontsize="small")
    axes.set_ylabel("mean relative error (%)")
    axes.set_title("The paper's claims (95 % intervals)")
    axes.legend(fontsize="small")
    plots["claims"] = _save(figure, output_dir, "accuracy_claims.png")

    formats = list(study["dot_products"])
    figure = Figure(figsize=(4 * len(formats), 3.8))
    for index, name in enumerate(formats):
        axes = figure.add_subplot(1, len(formats), index + 1)
        lengths = study["dot_products"][name]
        for key in next(iter(lengths.values())):
            axes.plot([int(length) for length in lengths],
                      [100 * errors[key]["median_relative_error"] for errors in lengths.values()],
                      marker="o", label=key)
        axes.set_xscale("log", base=2)
        axes.set_xlabel("vector length")
        axes.set_ylabel("median relative error (%)")
        axes.set_title(name)
        axes.legend(fontsize="small")
    plots["dot_products"] = _save(figure, output_dir, "accuracy_dot_products.png")

    figure = Figure(figsize=(6, 4))
    axes = figure.add_subplot()
    for exp_bits in sorted({entry["exp_bits"] for entry in study["sweep"].values()}):
        entries = [entry for entry in study["sweep"].values() if entry["exp_bits"] == exp_bits]
        man_bits = [entry["man_bits"] for entry in entries]
        for key, style in (("conventional", "-o"), ("lmul_paper", "--s"), ("lmul_o0", ":^")):
            axes.plot(man_bits, [100 * entry["multipliers"][key]["mean_relative_error"]
                                 for entry in entries], style,
                      label=f"E={exp_bits}, {MULTIPLIER_LABELS[key]}")
    axes.set_yscale("log")
    axes.set_xlabel("mantissa bits M")
    axes.set_ylabel("mean relative error (%)")
    axes.legend(fontsize="x-small")
    plots["sweep"] = _save(figure, output_dir, "accuracy_sweep.png")

    points = study.get("area", {}).get("points", [])
    if points:
        figure = Figure(figsize=(6.5, 4.5))
        axes = figure.add_subplot()
        for kind, marker, label in (("lmul", "s", "L-Mul (paper offset)"),
                                    ("fpmul", "o", "conventional (RNE)")):
            chosen = [point for point in points if point["kind"] == kind]
            axes.scatter([point["area_um2"] for point in chosen],
                         [100 * point["mean_relative_error"] for point in chosen],
                         marker=marker, label=label)
            for point in chosen:
                if point["preset"]:
                    axes.annotate(point["format"],
                                  (point["area_um2"], 100 * point["mean_relative_error"]),
                                  fontsize="x-small", xytext=(3, 3), textcoords="offset points")
        front = sorted((point["area_um2"], 100 * point["mean_relative_error"])
                       for point in points if point["pareto_optimal"])
        axes.step([x for x, _ in front], [y for _, y in front], where="post", color="grey",
                  linewidth=0.8, label="Pareto front")
        axes.set_xscale("log")
        axes.set_yscale("log")
        axes.set_xlabel("standard-cell area (µm²)")
        axes.set_ylabel("mean relative error (%)")
        axes.legend(fontsize="small")
        plots["pareto"] = _save(figure, output_dir, "accuracy_pareto.png")
    return plots
