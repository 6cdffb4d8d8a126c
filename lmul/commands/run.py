"""``lmul run``: the main job. Generate the Verilog of L-Mul and of the like-for-like
conventional multiplier in every preset format, verify each against its golden model in
simulation, and print a summary. The units are verified in parallel worker processes
(``--jobs``, default: one per core), each in its own build directory."""

import multiprocessing
import os
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

from ..format import PRESETS
from ..progress import progress as progress_bar
from ..units import UnitConfig
from . import UsageError
from .verify import check_random_count, verify
from .verilog_file import write_verilog

__all__ = ["register", "main_job_units", "format_list", "check_jobs"]


def register(subparsers):
    parser = subparsers.add_parser(
        "run", help="generate and verify every preset (the main job)",
        description="Generate L-Mul and the like-for-like conventional multiplier (flush, "
                    "saturate, round to nearest even) in every preset format, simulate each "
                    "against its golden model and print a summary.")
    parser.add_argument("--formats", default=",".join(PRESETS), metavar="LIST",
                        help="comma-separated formats (default: every preset)")
    parser.add_argument("--sim", choices=["icarus", "verilator"], default=None,
                        help="simulator (default: $SIM, else icarus)")
    parser.add_argument("--random", type=int, default=100_000, metavar="N",
                        help="random pairs for formats wider than 8 bits (default 100000; "
                             "8-bit formats are checked on every pair)")
    parser.add_argument("--output-dir", default="build/verilog", metavar="DIR",
                        help="where the Verilog goes (default build/verilog)")
    parser.add_argument("--jobs", "-j", type=int, default=None, metavar="N",
                        help="units verified in parallel (default: one per core)")
    parser.set_defaults(run=_run)


def main_job_units(formats):
    """L-Mul (paper offset, saturate) and the conventional multiplier with the same special-value
    policy (flush, saturate, RNE), for each format."""
    units = []
    for fmt in formats:
        units.append(UnitConfig("lmul", fmt))
        units.append(UnitConfig("fpmul", fmt, {"subnormals": "flush", "overflow": "saturate"}))
    return units


def format_list(text):
    """The format names of a comma-separated ``text``, which must name at least one."""
    names = [name.strip() for name in text.split(",")]
    if not text.strip() or not all(names):
        raise UsageError(f"formats must be a comma-separated list of format names, "
                         f"not {text!r}")
    return names


def check_jobs(jobs):
    """Return ``jobs``, or the number of cores for ``None``, if it is an integer >= 1; raise
    :class:`UsageError` otherwise."""
    if jobs is None:
        return os.cpu_count() or 1
    if type(jobs) is not int or jobs < 1:
        raise UsageError(f"jobs must be an integer >= 1, not {jobs!r}")
    return jobs


def _generate_and_verify(config, path, simulator, random_count):
    write_verilog(config, str(path))
    return verify(config, simulator=simulator, random_count=random_count)


def _run(args):
    # Everything is validated before the first file is written.
    units = main_job_units(format_list(args.formats))
    check_random_count(args.random)
    jobs = min(check_jobs(args.jobs), len(units))
    output_dir = Path(args.output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    paths = [output_dir / f"{config.name}.v" for config in units]
    results = [None] * len(units)
    start = time.perf_counter()
    # Forked workers: each simulation redirects its process's output and environment, so each
    # runs in a process of its own. The widest units (the longest simulations) start first.
    context = multiprocessing.get_context("fork")
    with progress_bar(total=len(units), description="lmul run", unit="unit") as bar, \
            ProcessPoolExecutor(jobs, mp_context=context) as pool:
        order = sorted(range(len(units)), key=lambda index: -units[index].format.width)
        futures = {pool.submit(_generate_and_verify, units[index], paths[index], args.sim,
                               args.random): index for index in order}
        for future in as_completed(futures):
            index = futures[future]
            results[index] = future.result()
            bar.set_postfix_str(units[index].name)
            bar.update(1)
    rows = list(zip(units, paths, results))
    failures = sum(not result.passed for result in results)
    print()
    print("| unit | format | Verilog | simulator | vectors | mismatches | vectors/s |")
    print("|---|---|---|---|---:|---:|---:|")
    for config, path, result in rows:
        print(f"| {config.name} | {config.fmt} | {path} | {result.simulator} | "
              f"{result.vectors:,} | {result.mismatches:,} | {result.vectors_per_second:,.0f} |")
    print()
    verdict = "all bit-exact" if not failures else f"{failures} unit(s) FAILED"
    print(f"{len(rows)} units generated and verified in {time.perf_counter() - start:.0f} s: "
          f"{verdict}.")
    return 1 if failures else 0
