"""``lmul verify``: simulate a unit's generated Verilog against its golden model."""

from pathlib import Path

from ..sim.vectors import verification_pairs
from . import ToolError, UsageError
from .design_arguments import add_design_parsers, design_from_args

__all__ = ["register", "verify", "verify_exhaustive", "check_random_count"]

DEFAULT_BUILD_DIR = "build/sim"


def register(subparsers):
    parser = subparsers.add_parser(
        "verify", help="simulate a unit's Verilog against the golden model",
        description="Generate a unit's Verilog, simulate it with cocotb and compare every "
                    "result with the golden model: every operand pair for formats of at most "
                    f"8 bits, otherwise every boundary-code pair plus random pairs. Build "
                    f"files go to the build directory (default {DEFAULT_BUILD_DIR}, relative "
                    f"to the current directory).")
    add_design_parsers(parser, ("lmul", "fpmul", "fpadd"), _run, _add_simulation_options)


def _add_simulation_options(parser, kind):
    parser.add_argument("--sim", choices=["icarus", "verilator"], default=None,
                        help="simulator (default: $SIM, else icarus)")
    parser.add_argument("--random", type=int, default=1_000_000, metavar="N",
                        help="random pairs for formats wider than 8 bits (default 1000000)")
    parser.add_argument("--seed", type=int, default=2410_00907, help="random seed")
    parser.add_argument("--build-dir", default=DEFAULT_BUILD_DIR, metavar="DIR",
                        help=f"simulation build directory (default {DEFAULT_BUILD_DIR})")
    parser.add_argument("--exhaustive", action="store_true",
                        help="every operand pair (formats of at most 16 bits: 2**32 pairs for "
                             "fp16 and bf16) on Verilator's C++ model driven in bulk, without "
                             "cocotb")


def check_random_count(random_count):
    """Return ``random_count`` if it is an integer >= 0; raise :class:`UsageError`
    otherwise."""
    if type(random_count) is not int or random_count < 0:
        raise UsageError(f"random pair count must be an integer >= 0, not {random_count!r}")
    return random_count


def verify(config, *, simulator=None, random_count=1_000_000, seed=2410_00907,
           build_dir=DEFAULT_BUILD_DIR, progress=False):
    """Simulate ``config`` on its standard operand set; return the
    :class:`~lmul.sim.runner.SimulationResult`. ``progress`` draws a bar of the pairs checked
    on standard error when it is a terminal.

    Raises
    ------
    UsageError
        If ``random_count`` is not an integer >= 0.
    ToolError
        If the simulator cannot be built or run.
    """
    from ..sim.runner import SimulationError, simulate_unit

    check_random_count(random_count)
    a, b = verification_pairs(config.format, random_count, seed, config.kind)
    try:
        return simulate_unit(config, a, b, simulator=simulator, build_dir=build_dir,
                             progress=progress)
    except SimulationError as error:
        raise ToolError(str(error)) from None


def verify_exhaustive(config, *, build_dir=DEFAULT_BUILD_DIR, progress=None):
    """Simulate ``config`` on every operand pair with :func:`lmul.sim.sweep.sweep_unit`; return
    the :class:`~lmul.sim.runner.SimulationResult`."""
    from ..sim.runner import SimulationError
    from ..sim.sweep import sweep_unit

    try:
        return sweep_unit(config, build_dir=Path(build_dir) / "sweep", progress=progress)
    except SimulationError as error:
        raise ToolError(str(error)) from None


def _run(args):
    if args.exhaustive:
        result = verify_exhaustive(design_from_args(args), build_dir=args.build_dir)
        print(result.describe())
        return 0 if result.passed else 1
    result = verify(design_from_args(args), simulator=args.sim, random_count=args.random,
                    seed=args.seed, build_dir=args.build_dir, progress=True)
    print(result.describe())
    return 0 if result.passed else 1
