"""``lmul run``: the main job. Generate the Verilog of L-Mul and of the like-for-like
conventional multiplier in every preset format, verify each against its golden model in
simulation, and print a summary."""

import sys
import time
from pathlib import Path

from ..format import PRESETS
from ..units import UnitConfig
from . import UsageError
from .verify import check_random_count, verify
from .verilog_file import write_verilog

__all__ = ["register", "main_job_units", "format_list"]


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


def _run(args):
    # Everything is validated before the first file is written.
    units = main_job_units(format_list(args.formats))
    check_random_count(args.random)
    output_dir = Path(args.output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    rows, failures = [], 0
    start = time.perf_counter()
    for config in units:
        path = output_dir / f"{config.name}.v"
        write_verilog(config, str(path))
        print(f"[{len(rows) + 1}/{len(units)}] verifying {config.name} ...", file=sys.stderr,
              flush=True)
        result = verify(config, simulator=args.sim, random_count=args.random)
        failures += not result.passed
        rows.append((config, path, result))
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
