"""``lmul accuracy``: run the accuracy study and write its report, JSON and plots.

Writes into the output directory (default: where ``lmul report`` writes, the checkout's
``synth/reports``): ``accuracy.md``, ``accuracy.json`` and ``accuracy_*.png``. The area-against-error chart needs the synthesis
summary (``summary.json`` beside them by default); without it that part is skipped and the
report says how to produce it.
"""

import json
import os
import time
from pathlib import Path

from ..progress import progress as progress_bar
from . import UsageError, check_writable_directory

__all__ = ["register"]

def register(subparsers):
    from ..accuracy.dot_products import DOT_PRODUCT_TRIALS
    from ..accuracy.offset_tuning import TUNING_SAMPLE_SIZE
    from ..accuracy.operand_pairs import DEFAULT_SAMPLE_SIZE, DEFAULT_SEED

    parser = subparsers.add_parser(
        "accuracy", help="measure the error of L-Mul and the conventional multiplier",
        description="Run the accuracy study (error metrics of every preset, tuned offsets, "
                    "the paper's precision claims, dot products, error against area) and "
                    "write accuracy.md, accuracy.json and accuracy_*.png.")
    parser.add_argument("-o", "--output-dir", default=None, metavar="DIR",
                        help="where to write (default: where 'lmul report' writes: the "
                             "checkout's synth/reports)")
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
    from ..accuracy.charts import write_plots
    from ..accuracy.pareto import area_section
    from ..accuracy.report_markdown import render_report
    from ..accuracy.study import run_study
    from ..format import PRESETS

    from ..synth.report import DEFAULT_OUTPUT_DIR

    # Relative to the current directory where it can be, so that the report names the summary
    # the same way on every machine (synth/reports/summary.json from the checkout's top).
    output_dir = Path(args.output_dir or os.path.relpath(DEFAULT_OUTPUT_DIR))
    summary_path = Path(args.summary) if args.summary else output_dir / "summary.json"
    if args.summary and not summary_path.is_file():
        raise UsageError(f"synthesis summary must be an existing file, not {args.summary!r}")
    check_writable_directory(output_dir)

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
        study["area"] = area_section(summary_path, study)
        study["settings"]["run_time_s"] = round(time.perf_counter() - start, 1)
        progress("writing the report")
        output_dir.mkdir(parents=True, exist_ok=True)
        with open(output_dir / "accuracy.json", "w") as file:
            json.dump(study, file, indent=1)
            file.write("\n")
        plots = write_plots(study, output_dir)
        with open(output_dir / "accuracy.md", "w") as file:
            file.write(render_report(study, plots))
    print(f"wrote accuracy.md, accuracy.json and {len(plots)} plots to {output_dir} "
          f"in {study['settings']['run_time_s']} s")
