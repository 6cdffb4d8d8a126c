"""``lmul bench``: throughput of the golden models and of the simulators, measured side by side
in one run."""

import time

from ..format import PRESETS
from ..sim.vectors import random_pairs
from ..units import UnitConfig

__all__ = ["register", "golden_throughput"]


def register(subparsers):
    parser = subparsers.add_parser(
        "bench", help="measure golden-model and simulation throughput",
        description="Measure the golden models' products per second (one core, best of "
                    "several runs) and the simulators' verified vectors per second, and print "
                    "the ratios.")
    parser.add_argument("--pairs", type=int, default=1 << 22, metavar="N",
                        help="random pairs per golden-model run (default 4194304)")
    parser.add_argument("--repeat", type=int, default=5, help="runs, best kept (default 5)")
    parser.add_argument("--no-sim", action="store_true", help="skip the simulators")
    parser.set_defaults(run=_run)


def golden_throughput(config, pairs, repeat, seed=1):
    """Best-of-``repeat`` golden-model products per second of ``config`` on ``pairs`` uniformly
    random code pairs."""
    a, b = random_pairs(config.format, pairs, seed)
    config.golden(a[:1024], b[:1024])  # warm up
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        config.golden(a, b)
        best = min(best, time.perf_counter() - start)
    return pairs / best


def _run(args):
    if args.pairs < 1 or args.repeat < 1:
        raise ValueError(f"pairs and repeat must be integers >= 1, not {args.pairs!r} and "
                         f"{args.repeat!r}")
    print(f"Golden models: products per second on one core, {args.pairs:,} random pairs, "
          f"best of {args.repeat}.\n")
    print("| format | L-Mul (M/s) | conventional RNE (M/s) | L-Mul / conventional |")
    print("|---|---:|---:|---:|")
    for name in PRESETS:
        lmul_rate = golden_throughput(UnitConfig("lmul", name), args.pairs, args.repeat)
        fpmul_rate = golden_throughput(UnitConfig("fpmul", name), args.pairs, args.repeat)
        print(f"| {name} | {lmul_rate / 1e6:.1f} | {fpmul_rate / 1e6:.1f} | "
              f"{lmul_rate / fpmul_rate:.2f} |", flush=True)
    if args.no_sim:
        return 0

    from ..sim.runner import simulate_unit
    from ..sim.vectors import verification_pairs

    print("\nSimulators: vectors per second through the generated Verilog and the cocotb "
          "checker (excluding the build), in wall time and in CPU time of the simulator "
          "process (steadier on a shared machine), and the build's wall time.\n")
    print("| unit | vectors | Icarus (vectors/s) | Icarus CPU (vectors/s) | "
          "Verilator (vectors/s) | Verilator CPU (vectors/s) | Verilator build (s) | "
          "Verilator / Icarus |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for config in (UnitConfig(kind, fmt) for fmt in ("e4m3fn", "e5m2", "fp32")
                   for kind in ("lmul", "fpmul")):
        a, b = verification_pairs(config.format, 200_000)      # every pair of 8-bit formats
        icarus, verilator = (simulate_unit(config, a, b, simulator=simulator)
                             for simulator in ("icarus", "verilator"))
        print(f"| {config.name} | {a.size:,} | {icarus.vectors_per_second:,.0f} | "
              f"{icarus.vectors_per_cpu_second:,.0f} | {verilator.vectors_per_second:,.0f} | "
              f"{verilator.vectors_per_cpu_second:,.0f} | {verilator.build_seconds:.1f} | "
              f"{verilator.vectors_per_second / icarus.vectors_per_second:.1f} |", flush=True)
    return 0
