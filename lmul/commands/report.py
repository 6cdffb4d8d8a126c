"""``lmul report``: synthesise L-Mul and the conventional multipliers, compare them, write the
summary (``summary.md``, ``summary.json``, ``ratios.png``)."""

import time
from pathlib import Path

from ..format import PRESETS
from ..markdown import table_lines
from . import UsageError, check_writable_directory, one_line

__all__ = ["register"]


#: The accumulator comparison's options (only --full measures it) and their defaults.
_ACCUMULATOR_OPTIONS = {"tile_accumulators": "window,float,aligned",
                        "accumulator_lanes": "1,4,16",
                        "accumulator_formats": "fp32,bf16,e4m3fn,e5m2"}


def register(subparsers):
    parser = subparsers.add_parser(
        "report", help="synthesise every design and write the comparison",
        description="Synthesise L-Mul, the conventional multipliers and the bare adder for each "
                    "format (standard cells with timing and energy, with and without glitches, "
                    "and UltraScale+ LUTs of L-Mul and its like-for-like baseline in the 8-bit "
                    "formats; --full adds generic gates, the pipelined full-IEEE and cheapest "
                    "baselines, iCE40, every combinational design on the FPGA flows and the "
                    "floating-point adder alone), and dot-product tiles with L-Mul and with "
                    "exact "
                    "products (standard cells), and write summary.md, summary.json and "
                    "ratios.png. "
                    "Results are cached under the build directory; a rerun only measures what "
                    "changed.")
    parser.add_argument("--formats", default=",".join(PRESETS), metavar="LIST",
                        help="comma-separated formats, presets or eXmY[fn] (default: all "
                             "presets)")
    parser.add_argument("--measurements", default="generic,asic,asic_booth,ice40,xilinx",
                        metavar="LIST",
                        help="comma-separated subset of generic (gates, transistors), asic "
                             "(standard cells, timing, energy), asic_booth (the same with "
                             "Booth multipliers, conventional multipliers only), ice40, xilinx "
                             "(default: all; generic runs with --full only)")
    parser.add_argument("--tiles", default="e4m3fn", metavar="LIST",
                        help="comma-separated formats whose dot-product tiles (L-Mul and exact; "
                             "N x R in 4x1, 16x1, 4x2, or with --full every N in 4, 8, 16, 32 "
                             "and R in 1, 4, and 4x2) to synthesise with the standard cells, "
                             "or 'none' (default: e4m3fn)")
    parser.add_argument("--full", action="store_true",
                        help="the full sweep: every tile shape, generic gates, the "
                             "pipelined full-IEEE and cheapest baselines, the FPGA flows on "
                             "every combinational design and format (by default only on L-Mul "
                             "and its like-for-like baseline in the 8-bit formats), each "
                             "format's floating-point adder (0 and 2 stages) and the "
                             "accumulator comparison; the same cache, so shared figures are "
                             "identical")
    parser.add_argument("--tile-accumulators", metavar="LIST",
                        help="with --full: comma-separated accumulators of the accumulator "
                             "comparison to measure (fp32 and bf16 operands with float, "
                             "e4m3fn and e5m2 with window, float and aligned; results in fp32; "
                             "one row), or 'none' (default: "
                             f"{_ACCUMULATOR_OPTIONS['tile_accumulators']})")
    parser.add_argument("--accumulator-lanes", metavar="LIST",
                        help="with --full: comma-separated N of the accumulator comparison's "
                             "tiles, among 1, 4, 16 (default: "
                             f"{_ACCUMULATOR_OPTIONS['accumulator_lanes']})")
    parser.add_argument("--accumulator-formats", metavar="LIST",
                        help="with --full: comma-separated operand formats of the accumulator "
                             "comparison to measure (default: "
                             f"{_ACCUMULATOR_OPTIONS['accumulator_formats']})")
    parser.add_argument("--scheduler", default=None, metavar="ADDRESS",
                        help="send the measurements to the Dask distributed scheduler at "
                             "ADDRESS (e.g. tcp://10.0.0.5:8786; needs lmul[dask]) instead of "
                             "local worker processes")
    parser.add_argument("--liberty", default=None, metavar="FILE",
                        help="liberty library for the standard-cell flow (default: OSU 0.18 um "
                             "from tools/setup-synth.sh, or $LMUL_LIBERTY)")
    parser.add_argument("--jobs", "-j", type=int, default=2, metavar="N",
                        help="measurements run in parallel on this machine (default: 2)")
    parser.add_argument("--output-dir", default=None, metavar="DIR",
                        help="where the summary goes (default: synth/reports)")
    parser.add_argument("--build-dir", default=None, metavar="DIR",
                        help="working files and result cache (default: build/synth)")
    parser.add_argument("--period", type=float, default=10.0, metavar="NS",
                        help="clock period for timing and energy per operation, in ns "
                             "(default: 10)")
    parser.add_argument("--vectors", type=int, default=8192, metavar="N",
                        help="operand pairs per energy stream (default: 8192)")
    parser.add_argument("--timed-vectors", type=int, default=256, metavar="N",
                        help="operand pairs (the first of each stream) of every unit's timed "
                             "simulation, for the energy with glitches; 0: none (default: 256)")
    parser.add_argument("--timed-tile-beats", type=int, default=0, metavar="N",
                        help="beats of the timed simulation of every tile of the tile sizes "
                             "(not of the accumulator comparison); 0: none (default: 0; a tile "
                             "takes minutes, a 16-lane one most of an hour; make report-full "
                             "passes 256)")
    parser.add_argument("--fpga-pipelined", action="store_true",
                        help="also run the FPGA flows on the pipelined designs")
    parser.add_argument("--no-cache", action="store_true",
                        help="measure everything again (results are still stored)")
    parser.set_defaults(run=_run)


def _run(args):
    from ..synth.report import (DEFAULT_BUILD_DIR, DEFAULT_OUTPUT_DIR, ReportError, build_report,
                                write_report)

    for option, default in _ACCUMULATOR_OPTIONS.items():
        if getattr(args, option) is None:
            setattr(args, option, default)
        elif not args.full:
            raise UsageError(f"--{option.replace('_', '-')} selects from the accumulator "
                             f"comparison, which only --full measures")
    formats = _names(args.formats)
    measurements = _names(args.measurements)
    tiles = _names(args.tiles, none=True)
    tile_accumulators = _names(args.tile_accumulators, none=True)
    accumulator_lanes = []
    for text in _names(args.accumulator_lanes):
        try:
            accumulator_lanes.append(int(text))
        except ValueError:
            raise UsageError(f"accumulator lanes must be integers, not {text!r}") from None
    output_dir = args.output_dir or DEFAULT_OUTPUT_DIR
    check_writable_directory(output_dir)
    started = time.monotonic()
    try:
        summary = build_report(formats, liberty=args.liberty, jobs=args.jobs,
                               build_dir=args.build_dir or DEFAULT_BUILD_DIR,
                               period_ns=args.period, vectors=args.vectors,
                               use_cache=not args.no_cache, fpga_pipelined=args.fpga_pipelined,
                               measurements=measurements, tiles=tiles, full=args.full,
                               scheduler=args.scheduler, timed_vectors=args.timed_vectors,
                               timed_tile_beats=args.timed_tile_beats,
                               tile_accumulators=tile_accumulators,
                               accumulator_lanes=accumulator_lanes,
                               accumulator_formats=_names(args.accumulator_formats))
    except ReportError as error:
        raise UsageError(str(error)) from None
    paths = write_report(summary, output_dir)
    _print_like_for_like(paths)
    for note in summary["notes"]:
        print(f"lmul report: note: {one_line(note)}")
    print(f"lmul report: wrote {', '.join(str(path) for path in paths)} "
          f"in {time.monotonic() - started:.0f} s")
    # A measurement that failed or a design that could not be generated (a tool failure) makes
    # the exit status 1; the summary still holds everything else.
    failures = [note for note in summary["notes"]
                if note.startswith("Failed") or "could not be generated" in note]
    return 1 if failures else 0


def _names(text, *, none=False):
    # The non-empty items of a comma-separated option; with ``none``, "none" is the empty list.
    names = [name.strip() for name in text.split(",") if name.strip()]
    return [] if none and names == ["none"] else names


def _print_like_for_like(paths):
    from ..synth.summary_markdown import ACCUMULATORS_HEADING

    # The headline of the report on the terminal: the combinational like-for-like rows of the
    # comparison table and the tile table, read back from the Markdown just written so the two
    # cannot differ.
    markdown = next((path for path in paths if str(path).endswith(".md")), None)
    if markdown is None:
        return
    lines = Path(markdown).read_text().splitlines()
    table = _table_after(lines, "## L-Mul relative to each baseline")
    if len(table) >= 2:
        rows = [line for line in table[2:]
                if "like for like" in line and "combinational" in line]
        print()
        print("L-Mul against the conventional multiplier with its own policy (flush, saturate, "
              "RNE), combinational (negative: L-Mul smaller or cheaper); details in "
              + str(markdown))
        print()
        print("\n".join(_informative_columns([table[0], table[1], *rows], said="comparison")))
    tiles = _table_after(lines, "## Dot-product tiles: L-Mul products against exact products")
    if len(tiles) >= 2:
        print()
        print("Dot-product tiles, L-Mul products against exact products (same window, tree, "
              "pipeline and rounding):")
        print()
        print("\n".join(_informative_columns(tiles)))
    accumulators = _table_after(lines, ACCUMULATORS_HEADING)
    if len(accumulators) >= 2:
        print()
        print("The accumulator comparison, L-Mul products against exact products, the paper's "
              "80 % beside each measured saving:")
        print()
        print("\n".join(accumulators))
    print()


def _informative_columns(table, said=None):
    # The Markdown ``table`` (header, rule, rows) without the columns whose rows hold only "–"
    # (not measured by this report) and without the column ``said``, when every row holds the
    # same text in it (the sentence above the table says it): a table that fits a terminal.
    header, _, *rows = ([cell.strip() for cell in line.strip().strip("|").split("|")]
                        for line in table)
    keep = [column for column, name in enumerate(header)
            if not rows or not (all(row[column] == "–" for row in rows)
                                or (name == said and len({row[column] for row in rows}) == 1))]
    return table_lines([header[column] for column in keep],
                       [[row[column] for column in keep] for row in rows])


def _table_after(lines, heading):
    # The first Markdown table after ``heading``.
    try:
        start = lines.index(heading)
    except ValueError:
        return []
    table = []
    for line in lines[start + 1:]:
        if line.startswith("|"):
            table.append(line)
        elif table or line.startswith("#"):
            break
    return table
