"""``lmul verify``: simulate a unit's generated Verilog against its golden model."""

from pathlib import Path

from ..sim.vectors import verification_pairs
from . import UsageError
from .unit_options import add_unit_subparsers, config_from_args

__all__ = ["register", "verify", "verify_exhaustive"]


def register(subparsers):
    parser = subparsers.add_parser(
        "verify", help="simulate a unit's Verilog against the golden model",
        description="Generate a unit's Verilog, simulate it with cocotb and compare every "
                    "product with the golden model: every operand pair for formats of at most "
                    "8 bits, otherwise every boundary-code pair plus random pairs.")
    add_unit_subparsers(parser, _run, _add_simulation_options)


def _add_simulation_options(parser):
    parser.add_argument("--sim", choices=["icarus", "verilator"], default=None,
                        help="simulator (default: $SIM, else icarus)")
    parser.add_argument("--random", type=int, default=1_000_000, metavar="N",
                        help="random pairs for formats wider than 8 bits (default 1000000)")
    parser.add_argument("--seed", type=int, default=2410_00907, help="random seed")
    parser.add_argument("--build-dir", default="build/sim", metavar="DIR",
                        help="simulation build directory (default build/sim)")
    parser.add_argument("--exhaustive", action="store_true",
                        help="every operand pair (formats of at most 16 bits: 2**32 pairs for "
                             "fp16 and bf16) on Verilator's C++ model driven in bulk, without "
                             "cocotb")


def verify(config, *, simulator=None, random_count=1_000_000, seed=2410_00907,
           build_dir="build/sim"):
    """Simulate ``config`` on its standard operand set; return the
    :class:`~lmul.sim.runner.SimulationResult`."""
    from ..sim.runner import SimulationError, simulate_unit

    if type(random_count) is not int or random_count < 0:
        raise UsageError(f"random pair count must be an integer >= 0, not {random_count!r}")
    a, b = verification_pairs(config.format, random_count, seed)
    try:
        return simulate_unit(config, a, b, simulator=simulator, build_dir=build_dir)
    except SimulationError as error:
        raise UsageError(str(error)) from None


def verify_exhaustive(config, *, build_dir="build/sim", progress=None):
    """Simulate ``config`` on every operand pair with :func:`lmul.sim.sweep.sweep_unit`; return
    the :class:`~lmul.sim.runner.SimulationResult`."""
    from ..sim.runner import SimulationError
    from ..sim.sweep import sweep_unit

    try:
        return sweep_unit(config, build_dir=Path(build_dir) / "sweep", progress=progress)
    except SimulationError as error:
        raise UsageError(str(error)) from None


def _run(args):
    if args.exhaustive:
        result = verify_exhaustive(config_from_args(args), build_dir=args.build_dir)
        print(result.describe())
        return 0 if result.passed else 1
    result = verify(config_from_args(args), simulator=args.sim, random_count=args.random,
                    seed=args.seed, build_dir=args.build_dir)
    print(result.describe())
    return 0 if result.passed else 1
