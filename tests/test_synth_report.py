"""The report on one small format: the summary's schema, determinism, and degrading without tools.
Needs the OSU018 liberty and OpenSTA like test_synth_flows.py."""

import json

import pytest

from lmul.synth import measure as measure_module
from lmul.synth import report as report_module
from lmul.synth.designs import FULL_SWEEP_ONLY, PAIRS, ROLES
from lmul.synth.report import (METRICS, SCHEMA_VERSION, TILE_METRICS, ReportError,
                               build_report, write_report)
from lmul.synth.summary_markdown import summary_markdown
from lmul.synth.tile_designs import TILE_ROLES

FORMAT = "e3m2"
QUICK = dict(formats=[FORMAT], measurements=("generic", "asic", "asic_booth"), vectors=512,
             timed_vectors=512,
             tiles=(), tile_accumulators=(), progress=None)


@pytest.fixture(scope="module")
def build_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("synth-build")


@pytest.fixture(scope="module")
def summary(build_dir, osu018, opensta, icarus):
    return build_report(build_dir=build_dir, jobs=2, **QUICK)


def check_schema(summary):
    assert summary["schema"] == SCHEMA_VERSION
    assert set(summary) == {"schema", "generator", "tools", "liberty", "conditions", "notes",
                            "formats", "roles", "designs", "comparisons", "tile_formats",
                            "tile_roles", "tile_conditions", "tiles"}
    assert set(summary["tools"]) == {"yosys", "opensta", "amaranth"}
    assert summary["tools"]["yosys"].startswith("Yosys 0.70 ")
    liberty = summary["liberty"]
    assert set(liberty) == {"name", "file", "sha256", "voltage_v", "temperature_c", "process",
                            "units"}
    assert set(summary["conditions"]) == {"clock_period_ns", "vectors", "streams",
                                          "input_driver", "output_load", "fpga_designs",
                                          "fpga_roles", "booth", "pipeline_stages",
                                          "activity_model", "timed_activity_model",
                                          "timed_vectors"}
    assert all(isinstance(note, str) and "\n" not in note for note in summary["notes"])
    assert summary["roles"] == ROLES
    for name, design in summary["designs"].items():
        assert set(design) == {"format", "role", "kind", "options", "stages", "generic", "asic",
                               "asic_booth", "ice40", "xilinx"}
        if design["role"] in TILE_ROLES:
            assert design["kind"] in ("dot", "products")
            assert (design["generic"] is design["asic_booth"] is design["ice40"]
                    is design["xilinx"] is None)
            continue
        if design["asic_booth"] is not None:
            assert design["kind"] == "fpmul"
        assert design["role"] in ROLES
        assert name.endswith(f"_s{design['stages']}") == (design["stages"] > 0)
    full = summary["conditions"]["fpga_roles"] == "all"
    pairs = [pair for pair in PAIRS if full or (pair.baseline, pair.stages) not in FULL_SWEEP_ONLY]
    assert len(summary["comparisons"]) == len(summary["formats"]) * len(pairs)
    for comparison in summary["comparisons"]:
        assert set(comparison) == {"format", "pair", "subject", "baseline",
                                   "baseline_synthesis", "stages", "ratios"}
        baseline = summary["designs"][comparison["baseline"]]
        if baseline["asic_booth"] is not None and baseline["asic"] is not None:
            # The like-for-like figures use the smaller of the two syntheses.
            areas = {"default": baseline["asic"]["area"],
                     "booth": baseline["asic_booth"]["area"]}
            assert comparison["baseline_synthesis"] == min(areas, key=lambda k: (areas[k],
                                                                                k != "default"))
            subject = summary["designs"][comparison["subject"]]
            assert comparison["ratios"]["area"] == round(
                subject["asic"]["area"] / areas[comparison["baseline_synthesis"]], 4)
        else:
            assert comparison["baseline_synthesis"] is None
        assert comparison["pair"] in {pair.name for pair in PAIRS}
        assert comparison["subject"] in summary["designs"]
        assert comparison["baseline"] in summary["designs"]
        assert set(comparison["ratios"]) == set(METRICS)
        for value in comparison["ratios"].values():
            assert value is None or (isinstance(value, float) and value > 0)
    json.dumps(summary)


def test_schema(summary):
    check_schema(summary)
    assert summary["notes"] == []
    assert summary["formats"] == [FORMAT]
    assert all((entry["asic_booth"] is not None) == (entry["kind"] == "fpmul")
               for entry in summary["designs"].values())
    assert len(summary["designs"]) == 7       # the pipelined full-IEEE and cheapest: --full
    lmul = summary["designs"][f"lmul_{FORMAT}"]
    assert set(lmul["asic"]["energy"]) == {"uniform", "normal"}
    assert summary["conditions"]["timed_vectors"] == 512
    for name, design in summary["designs"].items():
        timed = design["asic"]["timed_energy"]
        assert set(timed) == {"uniform", "normal"}, name
        for stream, entry in timed.items():
            # 512 pairs in the stream, so all of them; zero delays agree with the stream's
            # own zero-delay figure then.
            assert entry["cycles"] == 511 - design["stages"]
            assert entry["zero_delay"] == design["asic"]["energy"][stream]
            assert entry["late_cycles"] == 0 and entry["unknown_nets_toggling"] == 0
            assert entry["transitions_timed"] >= entry["transitions_zero_delay"]
            assert 0 <= entry["glitch_share"] < 1
    assert lmul["asic"]["timed_energy"]["normal"]["glitch_share"] > 0
    assert "## Energy with glitches" in summary_markdown(summary)
    assert f"| `lmul_{FORMAT}` | lmul | 0 |" in summary_markdown(summary).split(
        "## Energy with glitches")[1]
    assert lmul["ice40"] is None and lmul["xilinx"] is None      # not asked for
    like_for_like = next(c for c in summary["comparisons"]
                         if c["pair"] == PAIRS[0].name)
    assert like_for_like["baseline"] == f"fpmul_{FORMAT}_flush_sat"
    assert 0.2 < like_for_like["ratios"]["area"] < 1.0       # L-Mul is smaller
    floor = next(c for c in summary["comparisons"] if c["baseline"].startswith("adder_floor"))
    assert floor["ratios"]["area"] > 1.0                     # ... but larger than its adder


def test_cached_and_uncached_runs_are_identical(summary, build_dir):
    again = build_report(build_dir=build_dir, jobs=2, **QUICK)
    assert json.dumps(again, sort_keys=True) == json.dumps(summary, sort_keys=True)
    fresh = build_report(build_dir=build_dir, jobs=1, use_cache=False,
                         **{**QUICK, "measurements": ("asic",)})
    for name, design in fresh["designs"].items():
        assert design["asic"] == summary["designs"][name]["asic"]


def test_written_files(summary, tmp_path):
    paths = write_report(summary, tmp_path)
    assert [path.name for path in paths] == ["summary.json", "summary.md", "ratios.png"]
    assert json.loads(paths[0].read_text()) == summary
    markdown = paths[1].read_text()
    for pair in PAIRS:
        shown = f"| {FORMAT} | {pair.name} |" in markdown
        assert shown == ((pair.baseline, pair.stages) not in FULL_SWEEP_ONLY)
    assert "Yosys 0.70" in markdown and "osu018_stdcells" in markdown
    assert paths[2].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_tiles(build_dir, osu018, opensta, icarus):
    summary = build_report(build_dir=build_dir, jobs=2,
                           **{**QUICK, "measurements": ("generic", "asic", "ice40"),
                              "tiles": [FORMAT], "tile_shapes": ((2, 1), (1, 2)),
                              "tile_beats": 64, "timed_tile_beats": 64})
    check_schema(summary)
    assert summary["notes"] == []
    assert summary["tile_formats"] == [FORMAT]
    assert summary["tile_roles"] == TILE_ROLES
    assert summary["tile_conditions"]["beats"] == 64
    assert summary["tile_conditions"]["timed_beats"] == 64
    assert [(tile["lanes"], tile["rows"]) for tile in summary["tiles"]] == [(2, 1), (1, 2)]
    for tile in summary["tiles"]:
        assert set(tile["designs"]) == set(TILE_ROLES)
        assert set(tile["ratios"]) == set(TILE_METRICS)
        assert all(value > 0 for value in tile["ratios"].values())
        for multiplier in ("lmul", "exact"):
            share = tile["multiplier_share"][multiplier]
            assert set(share) == set(TILE_METRICS) - {"critical_path"}
            assert all(0 < value < 1 for value in share.values())
        lmul = summary["designs"][tile["designs"]["tile_lmul"]]
        assert lmul["stages"] == 5 + (tile["lanes"] > 1)
        assert lmul["options"]["lanes"] == tile["lanes"]
        for role in ("tile_lmul", "tile_exact"):
            asic = summary["designs"][tile["designs"][role]]["asic"]
            assert 0 < asic["critical_path_ns"] < summary["conditions"]["clock_period_ns"]
            for energy in asic["energy"].values():     # per multiply-accumulate
                assert 0 < energy["clock_pj"] < energy["total_pj"]
            for stream, timed in asic["timed_energy"].items():
                assert timed["zero_delay"] == asic["energy"][stream]     # the same 64 beats
                assert timed["timed"]["total_pj"] >= timed["zero_delay"]["total_pj"]
                assert timed["late_cycles"] == 0 and timed["unknown_nets_toggling"] == 0
    markdown = summary_markdown(summary)
    assert "## Dot-product tiles: L-Mul products against exact products" in markdown
    assert f"| {FORMAT} | 2 | 1 |" in markdown and f"| {FORMAT} | 1 | 2 |" in markdown
    assert "The paper estimates that L-Mul saves 80 % of the energy of a dot product" in markdown
    assert "| format | N | R | saved (pJ) | in the multipliers (pJ) |" in markdown
    assert "| format | N | R | registers' share of area, L-Mul / exact |" in markdown
    units = markdown.split("## Measured values")[1].split("## Dot-product tiles")[0]
    assert "`dot_" not in units and "`products_" not in units


def test_the_default_report_has_no_accumulator_comparison(tmp_path, osu018, opensta, icarus):
    # An e4m3fn window tile of one lane is also a design of the accumulator comparison; without
    # --full it is a tile of the tile sizes only, and the summary has no comparison.
    from lmul.dot_params import ACCUMULATORS

    summary = build_report(build_dir=tmp_path, jobs=2,
                           **{**QUICK, "measurements": ("asic",), "tiles": ["e4m3fn"],
                              "tile_shapes": ((1, 1),), "tile_beats": 64,
                              "tile_accumulators": ACCUMULATORS})
    check_schema(summary)
    assert [(tile["format"], tile["lanes"]) for tile in summary["tiles"]] == [("e4m3fn", 1)]


def test_timing_the_tiles_remeasures_only_their_timed_simulation(tmp_path, osu018, opensta,
                                                                 icarus):
    # The full sweep times the default report's tiles: that adds their timed simulations and
    # reuses every other measurement of theirs.
    arguments = {**QUICK, "measurements": ("asic",), "tiles": [FORMAT],
                 "tile_shapes": ((2, 1),), "tile_beats": 64}
    untimed = build_report(build_dir=tmp_path, jobs=2, **arguments)
    timed = build_report(build_dir=tmp_path, jobs=2, timed_tile_beats=64, **arguments)
    ran = json.loads((tmp_path / "timings.json").read_text())["measurements"]
    tiles = set(untimed["tiles"][0]["designs"].values())
    assert {(name, measurement) for name, measured in ran.items()
            for measurement in measured} == {(name, "asic_timed") for name in tiles}
    for name in tiles:
        before, after = untimed["designs"][name]["asic"], timed["designs"][name]["asic"]
        assert before["timed_energy"] is None and after["timed_energy"] is not None
        assert {**after, "timed_energy": None} == before
        for stream, energy in after["timed_energy"].items():
            assert energy["zero_delay"] == after["energy"][stream]      # the same 64 beats
        assert "asic_timed" not in timed["designs"][name]


def test_without_opensta(monkeypatch, tmp_path, osu018, opensta):
    monkeypatch.setattr(report_module, "find_sta", lambda: None)
    monkeypatch.setattr(measure_module, "find_sta", lambda: None)
    summary = build_report(build_dir=tmp_path, jobs=1, **{**QUICK, "measurements": ("asic",)})
    assert summary["notes"] == ["OpenSTA (`sta`) not found (run tools/setup-synth.sh): critical "
                                "path and energy not measured."]
    lmul = summary["designs"][f"lmul_{FORMAT}"]["asic"]
    assert lmul["area"] > 0 and lmul["critical_path_ns"] is None and lmul["energy"] is None
    assert lmul["timed_energy"] is None
    assert summary["tools"]["opensta"] is None


def test_without_liberty(monkeypatch, tmp_path):
    monkeypatch.setattr(report_module, "default_liberty_path", lambda: None)
    summary = build_report(build_dir=tmp_path, jobs=1, **{**QUICK, "measurements": ("asic",)})
    assert summary["notes"] == ["No liberty library found (run tools/setup-synth.sh, or pass "
                                "--liberty FILE): standard-cell area, timing and energy not "
                                "measured."]
    assert summary["liberty"] is None
    assert all(design["asic"] is None for design in summary["designs"].values())


def test_broken_liberty_is_an_error(tmp_path):
    path = tmp_path / "broken.lib"
    path.write_text("library (x) {")
    with pytest.raises(ReportError) as error:
        build_report(liberty=path, build_dir=tmp_path, **QUICK)
    assert str(error.value) == (f"liberty file {str(path)!r} is malformed: line 1: unexpected "
                                f"end of file")


@pytest.mark.parametrize("arguments, message", [
    (dict(formats=["e9m9"]), "exponent bits must be an integer in 2..8, not 9"),
    (dict(formats=[]), "formats must name at least one format, not none"),
    (dict(jobs=0), "jobs must be an integer >= 1, not 0"),
    (dict(period_ns=0), "clock period must be a number > 0 ns, not 0"),
    (dict(vectors=3), "vectors must be an integer >= 16, not 3"),
    (dict(tiles=["e4m3fm"]), "format must be a preset (e4m3fn, e5m2, e4m3, e3m4, fp16, bf16, "
                             "fp32) or of the form eXmY or eXmYfn, not 'e4m3fm'"),
    (dict(tile_beats=10), "tile beats must be an integer >= 64, not 10"),
    (dict(timed_vectors=8), "timed vectors must be 0 or an integer >= 16, not 8"),
    (dict(vectors=512, timed_vectors=1024),
     "timed vectors must be at most the 512 vectors of a stream, not 1024"),
    (dict(period_ns=float("inf")), "clock period must be a number > 0 ns, not inf"),
    (dict(timed_tile_beats=True), "timed tile beats must be 0 or an integer >= 64, not True"),
    (dict(tiles=["e4m3fn"], tile_shapes=[(4, 0)]),
     "tile shapes must be pairs (lanes, rows) of integers >= 1, not (4, 0)"),
    (dict(scheduler=" "), "scheduler must be a Dask scheduler address, not ' '"),
    (dict(measurements=("spice",)),
     "measurements must be among generic, asic, asic_booth, ice40, xilinx, not 'spice'"),
])
def test_argument_errors(arguments, message, tmp_path):
    with pytest.raises(ReportError) as error:
        build_report(build_dir=tmp_path, **{**QUICK, **arguments})
    assert str(error.value) == message


def test_cli_missing_liberty_is_one_line(tmp_path, capsys):
    from lmul.cli import main

    missing = tmp_path / "missing.lib"
    status = main(["report", "--formats", FORMAT, "--liberty", str(missing),
                   "--build-dir", str(tmp_path), "--output-dir", str(tmp_path)])
    assert status == 2
    error = capsys.readouterr().err
    assert error == f"lmul report: error: liberty file {str(missing)!r} does not exist\n"


def test_cli_bad_tile_format_is_one_line(tmp_path, capsys):
    from lmul.cli import main

    status = main(["report", "--formats", FORMAT, "--tiles", "e4m3fm",
                   "--build-dir", str(tmp_path), "--output-dir", str(tmp_path)])
    assert status == 2
    assert capsys.readouterr().err == (
        "lmul report: error: format must be a preset (e4m3fn, e5m2, e4m3, e3m4, fp16, bf16, "
        "fp32) or of the form eXmY or eXmYfn, not 'e4m3fm'\n")


def test_default_report_is_a_subset_of_the_full_sweep():
    from lmul.format import PRESETS
    from lmul.synth.designs import FULL_SWEEP_ONLY
    from lmul.synth.report import (DEFAULT_FPGA_MAX_WIDTH, DEFAULT_FPGA_ROLES,
                                   DEFAULT_TILE_SHAPES, plan_measurements, report_catalogue)
    from lmul.synth.tile_designs import TILE_SHAPES

    default_designs, default_roles, _ = report_catalogue(PRESETS, ["e4m3fn"],
                                                         DEFAULT_TILE_SHAPES)
    full_designs, full_roles, _ = report_catalogue(PRESETS, ["e4m3fn"], TILE_SHAPES, full=True)
    default = set(plan_measurements(default_designs, default_roles))
    full = set(plan_measurements(full_designs, full_roles, full=True))
    # Every default measurement is the full sweep's, of the same design (so the same key).
    assert default < full
    # The full sweep adds the floating-point adder of every format, at 0 and 2 stages, with
    # every flow but the Booth one (the FPGA flows on the combinational one).
    adders = {name for name, role in full_roles.items() if role == "fpadd"}
    assert "fpadd" not in default_roles.values()
    assert {(full_designs[name].format.name, full_designs[name].stages) for name in adders} == {
        (fmt, stages) for fmt in PRESETS for stages in (0, 2)}
    assert {m for n, m in full if n == "fpadd_fp32"} == {"generic", "asic", "ice40", "xilinx"}
    assert {m for n, m in full if n == "fpadd_fp32_s2"} == {"generic", "asic"}
    for name, _ in default:
        assert default_designs[name] == full_designs[name]
    # ... and it keeps every format's units on the standard cells (with the Booth baselines)
    # but the pipelined full-IEEE and cheapest baselines, and the FPGA flows of the
    # like-for-like pair of the 8-bit formats; generic gates are the full sweep's alone.
    assert {(full_roles[name], design.stages) for name, design in full_designs.items()
            if name not in default_designs and full_roles[name] != "fpadd"
            and design.kind not in ("dot", "products")} == FULL_SWEEP_ONLY
    for name, design in default_designs.items():
        expected = {"asic"} | ({"asic_booth"} if design.kind == "fpmul" else set())
        if design.kind not in ("dot", "products"):
            expected |= {flow for flow, roles in DEFAULT_FPGA_ROLES.items()
                         if design.stages == 0 and default_roles[name] in roles
                         and design.format.width <= DEFAULT_FPGA_MAX_WIDTH}
            assert (name, "generic") in full
        assert {m for n, m in default if n == name} == expected
    assert {(design.params.lanes, design.params.rows) for design in default_designs.values()
            if design.kind == "dot"} == set(DEFAULT_TILE_SHAPES)
    # The accumulator comparison is the full sweep's alone: the default report has only its
    # e4m3fn window tiles.
    assert {(design.format.name, design.params.accumulator) for design in
            default_designs.values() if design.kind == "dot"} == {("e4m3fn", "window")}


def test_the_full_sweep_holds_the_accumulator_comparison():
    from lmul.format import PRESETS
    from lmul.synth.report import (ACCUMULATOR_LANES, ACCUMULATOR_TILES, DEFAULT_TILE_SHAPES,
                                   report_catalogue)
    from lmul.synth.tile_designs import TILE_SHAPES

    expected = {("fp32", "float"), ("bf16", "float")} | {
        (fmt, accumulator) for fmt in ("e4m3fn", "e5m2")
        for accumulator in ("window", "float", "aligned")}
    assert set(ACCUMULATOR_TILES) == expected and ACCUMULATOR_LANES == (1, 4, 16)
    designs, roles, keys = report_catalogue(PRESETS, ["e4m3fn"], TILE_SHAPES, full=True)
    tiles = {(design.format.name, design.params.accumulator, design.params.multiplier,
              design.params.lanes, design.params.rows, design.params.out_fmt.name)
             for design in designs.values() if design.kind == "dot"}
    comparison = {(fmt, accumulator, multiplier, lanes, 1, "fp32")
                  for fmt, accumulator in expected for multiplier in ("lmul", "exact")
                  for lanes in (1, 4, 16)}
    assert comparison <= tiles
    # Beside the e4m3fn window shapes, nothing else.
    assert tiles - comparison == {("e4m3fn", "window", multiplier, lanes, rows, "fp32")
                                  for multiplier in ("lmul", "exact")
                                  for lanes, rows in TILE_SHAPES} - comparison
    for fmt, accumulator in expected:
        for lanes in (1, 4, 16):
            for role in TILE_ROLES:
                assert keys[(fmt, accumulator, role, lanes, 1)] in designs
    # The filters choose configurations and N; the default report ignores them.
    some, _, some_keys = report_catalogue(["e3m2"], (), DEFAULT_TILE_SHAPES, full=True,
                                          tile_accumulators=("aligned",),
                                          accumulator_lanes=(4,))
    assert {key[:2] + key[3:] for key in some_keys} == {("e4m3fn", "aligned", 4, 1),
                                                       ("e5m2", "aligned", 4, 1)}
    _, _, fp32_keys = report_catalogue(["e3m2"], (), DEFAULT_TILE_SHAPES, full=True,
                                       accumulator_lanes=(1,), accumulator_formats=("fp32",))
    assert {key[:2] + key[3:] for key in fp32_keys} == {("fp32", "float", 1, 1)}
    default, _, default_keys = report_catalogue(["e3m2"], (), DEFAULT_TILE_SHAPES)
    assert not default_keys and not any(design.kind == "dot" for design in default.values())


@pytest.mark.parametrize("arguments, message", [
    ({"tile_accumulators": ("fused",)},
     "tile accumulators must be among window, float, aligned, not 'fused'"),
    ({"accumulator_lanes": (8,)}, "accumulator lanes must be among 1, 4, 16, not 8"),
    ({"accumulator_formats": ("fp16",)},
     "accumulator formats must be among fp32, bf16, e4m3fn, e5m2, not 'fp16'"),
])
def test_accumulator_argument_errors(arguments, message, tmp_path):
    with pytest.raises(ReportError) as error:
        build_report(formats=[FORMAT], build_dir=tmp_path, progress=None, **arguments)
    assert str(error.value) == message


def _fake_accumulator_summary(savings):
    # A summary with one accumulator entry per (format, accumulator, lanes, saving N(0,1)).
    designs, tiles = {}, []
    for fmt, accumulator, lanes, saving in savings:
        names = {}
        for role in TILE_ROLES:
            name = f"{role}_{fmt}_{accumulator}_{lanes}"
            exact = role.endswith("exact")
            energy = 10.0 if exact else 10.0 * (1 - saving)
            if role.startswith("products"):
                energy /= 4
            names[role] = name
            designs[name] = {"asic": {"area": 4000.0 * lanes if exact else 3000.0 * lanes,
                                      "critical_path_ns": 5.0 if exact else 4.0,
                                      "energy": {"normal": {"total_pj": energy},
                                                 "uniform": {"total_pj": energy * 1.5}}}}
        tiles.append({"format": fmt, "accumulator": accumulator, "lanes": lanes, "rows": 1,
                      "designs": names,
                      "ratios": {"energy_normal": round(1 - saving, 4),
                                 "energy_uniform": round(1 - saving, 4)},
                      "multiplier_share": {"exact": {"area": 0.5, "energy_normal": 0.25},
                                           "lmul": {"area": 0.2, "energy_normal": 0.1}},
                      "energy_saving": {"normal": saving, "uniform": saving}})
    return {"designs": designs, "accumulator_tiles": tiles,
            "accumulator_conditions": {"paper_energy_saving": 0.8, "out_fmt": "fp32",
                                       "rows": 1, "fraction_bits": 13}}


def test_accumulator_table_puts_the_paper_beside_each_saving():
    from lmul.synth.summary_markdown import ACCUMULATORS_HEADING, accumulators_markdown

    summary = _fake_accumulator_summary([("fp32", "float", 1, 0.82), ("e4m3fn", "aligned", 4,
                                                                       0.125)])
    lines = accumulators_markdown(summary)
    assert lines[1] == ACCUMULATORS_HEADING
    rows = [line.split(" | ") for line in lines if line.startswith(("| fp32", "| e4m3fn"))]
    assert [row[:9] for row in rows] == [
        ["| fp32", "float", "1", "3 000 / 4 000", "1.80 / 10.00", "2.70 / 15.00", "80 %", "82 %",
         "82 %"],
        ["| e4m3fn", "aligned", "4", "3 000 / 4 000", "8.75 / 10.00", "13.12 / 15.00", "80 %",
         "12 %", "12 %"]]
    assert [row[9:] for row in rows] == [["4.00 / 5.00", "50 % / 25 % |"]] * 2
    assert lines[-2] == ("The paper's 80 % holds (N(0,1) stream) for fp32 float N = 1, and not "
                         "for the other 1 configurations, where L-Mul saves from 12 % (e4m3fn "
                         "aligned N = 4) to 12 % (e4m3fn aligned N = 4).")


def test_claim_sentence():
    from lmul.synth.summary_markdown import claim_sentence

    def sentence(*savings):
        return claim_sentence(_fake_accumulator_summary(savings)["accumulator_tiles"])

    assert sentence(("fp32", "float", 1, 0.3), ("e5m2", "window", 16, 0.12),
                    ("bf16", "float", 4, 0.5)) == (
        "The paper's 80 % holds in none of the 3 measured configurations: L-Mul saves from "
        "12 % (e5m2 window N = 16) to 50 % (bf16 float N = 4) of the energy per MAC (N(0,1) "
        "stream).")
    assert sentence(("fp32", "float", 1, 0.85), ("fp32", "float", 4, 0.8)) == (
        "The paper's 80 % holds in every one of the 2 measured configurations: at least 80 % "
        "(fp32 float N = 4) of the energy per MAC (N(0,1) stream).")
    assert sentence() == ""


def test_the_full_sweep_times_the_tile_sizes_not_the_accumulator_comparison():
    from lmul.synth.report import report_catalogue, timed_tile_names
    from lmul.synth.tile_designs import TILE_SHAPES

    designs, _, tile_keys = report_catalogue(["e4m3fn"], ["e4m3fn"], TILE_SHAPES, full=True)
    timed = timed_tile_names(tile_keys, ["e4m3fn"], TILE_SHAPES)
    # Every tile size of e4m3fn, each tile and its multipliers alone ...
    assert timed == {name for (fmt, accumulator, _, lanes, rows), name in tile_keys.items()
                     if (fmt, accumulator) == ("e4m3fn", "window")
                     and (lanes, rows) in TILE_SHAPES}
    assert len(timed) == 4 * len(TILE_SHAPES)
    # ... and none of the accumulator comparison's other tiles (the e4m3fn window tile of
    # N = 4 is the 4×1 of the tile sizes, one design).
    others = [designs[name].params for name in set(tile_keys.values()) - timed
              if designs[name].kind == "dot"]
    assert {params.fmt.name for params in others} == {"fp32", "bf16", "e4m3fn", "e5m2"}
    assert all((params.fmt.name, params.accumulator) != ("e4m3fn", "window")
               or (params.lanes, params.rows) not in TILE_SHAPES for params in others)


def test_default_figures_are_the_full_sweeps(tmp_path):
    # The same cache: the full sweep reuses every default measurement and adds the rest.
    arguments = {**QUICK, "measurements": ("generic", "ice40", "xilinx")}
    default = build_report(build_dir=tmp_path, jobs=2, **arguments)
    full = build_report(build_dir=tmp_path, jobs=2, full=True, **arguments)
    assert default["conditions"]["fpga_roles"] == {"ice40": [], "xilinx": ["lmul", "fpmul_like"]}
    assert full["conditions"]["fpga_roles"] == "all"
    more = 0
    for name, entry in default["designs"].items():
        for measurement, result in entry.items():
            if isinstance(result, dict):
                assert full["designs"][name][measurement] == result
        more += sum(entry[flow] is None and full["designs"][name][flow] is not None
                    for flow in ("generic", "ice40", "xilinx"))
    # Generic gates of the seven designs, iCE40 of the five combinational ones, UltraScale+ of
    # the three beyond the like-for-like pair.
    assert more == 7 + 5 + 3
    assert set(full["designs"]) - set(default["designs"]) == {
        f"fpmul_{FORMAT}_s2", f"fpmul_{FORMAT}_flush_sat_trunc_s2", f"fpadd_{FORMAT}",
        f"fpadd_{FORMAT}_s2"}
    # ... and the adder, alone in its own table (the default report has neither).
    assert "adders" not in default and "## Floating-point adder" not in summary_markdown(default)
    assert full["adders"] == [{"format": FORMAT, "stages": stages, "design": name}
                              for stages, name in ((0, f"fpadd_{FORMAT}"),
                                                   (2, f"fpadd_{FORMAT}_s2"))]
    assert full["designs"][f"fpadd_{FORMAT}"]["xilinx"]["luts"] > 0
    assert full["designs"][f"fpadd_{FORMAT}_s2"]["generic"]["flip_flops"] > 0
    markdown = summary_markdown(full)
    assert "## Floating-point adder" in markdown and f"| {FORMAT} | `fpadd_{FORMAT}` | 0 |" in \
        markdown and "- `fpadd`: floating-point adder" in markdown
    for comparison in default["comparisons"]:
        full_comparison = next(c for c in full["comparisons"] if c["pair"] == comparison["pair"])
        for metric, ratio in comparison["ratios"].items():
            if ratio is not None:
                assert full_comparison["ratios"][metric] == ratio


def test_adder_table_puts_the_area_beside_the_ieee_multipliers():
    from lmul.synth.summary_markdown import adders_markdown

    def entry(role, stages, area):
        return {"format": "e4m3fn", "role": role, "stages": stages, "asic": {"area": area},
                "generic": None, "ice40": None, "xilinx": None}

    summary = {"designs": {"fpadd_e4m3fn": entry("fpadd", 0, 600.0),
                           "fpmul_e4m3fn": entry("fpmul_ieee", 0, 1200.0),
                           "fpmul_e4m3fn_s2": entry("fpmul_ieee", 2, 1000.0),
                           "fpadd_e4m3fn_s2": entry("fpadd", 2, 900.0)},
               "adders": [{"format": "e4m3fn", "stages": 0, "design": "fpadd_e4m3fn"},
                          {"format": "e4m3fn", "stages": 2, "design": "fpadd_e4m3fn_s2"}]}
    rows = [line for line in adders_markdown(summary) if line.startswith("| e4m3fn |")]
    assert [row.split(" | ")[1:4] for row in rows] == [["`fpadd_e4m3fn`", "0", "600"],
                                                       ["`fpadd_e4m3fn_s2`", "2", "900"]]
    assert [row.split(" | ")[-1] for row in rows] == ["0.50 |", "0.90 |"]
