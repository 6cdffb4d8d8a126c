"""``lmul tune-offset``: print the L-Mul offset that minimises the error of a format."""

import sys

from ..format import FORMAT_OPTION
from .design_arguments import add_options

__all__ = ["register"]


def register(subparsers):
    from ..accuracy.offset_tuning import OFFSET_OBJECTIVES, TUNING_SAMPLE_SIZE
    from ..accuracy.operand_pairs import DEFAULT_SEED, EXHAUSTIVE_MAX_WIDTH, PAIR_DISTRIBUTIONS

    parser = subparsers.add_parser(
        "tune-offset", help="print the L-Mul offset with the least error",
        description="Find the integer L-Mul offset (in mantissa LSBs, 0 .. 2**M) that "
                    "minimises the mean relative error or the bias over a set of operand "
                    "pairs, and print it on standard output, ready for "
                    "'lmul generate lmul --offset N'.")
    add_options(parser, (FORMAT_OPTION,))
    parser.add_argument("--distribution", choices=PAIR_DISTRIBUTIONS, default="exhaustive",
                        help=f"exhaustive: native operands, every normal pair with a normal "
                             f"exact product (a uniform sample of them above "
                             f"{EXHAUSTIVE_MAX_WIDTH} bits); uniform, normal: fp32 draws "
                             f"(uniform mantissas, or N(0, 1)) truncated to the format, judged "
                             f"by the exact product of the draws (default: exhaustive)")
    parser.add_argument("--objective", choices=OFFSET_OBJECTIVES, default="mre",
                        help="mre: mean relative error; bias: magnitude of the mean signed "
                             "relative error (default: mre)")
    parser.add_argument("--sample-size", type=int, default=TUNING_SAMPLE_SIZE, metavar="N",
                        help=f"pairs drawn for sampled pair sets (default: {TUNING_SAMPLE_SIZE})")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED,
                        help=f"seed of the draws (default: {DEFAULT_SEED})")
    parser.add_argument("-v", "--verbose", action="store_true",
                        help="also explain the result on standard error")
    parser.set_defaults(run=_run)


def _run(args):
    from ..accuracy.offset_tuning import tune_offset

    tuning = tune_offset(args.fmt, distribution=args.distribution,
                         objective=args.objective, sample_size=args.sample_size,
                         seed=args.seed)
    if args.verbose:
        scale = 1 << tuning.fmt.man_bits
        print(f"{tuning.fmt.name}, {tuning.objective} over {tuning.pair_count} pairs "
              f"({tuning.pairs_description}): offset {tuning.offset} "
              f"({tuning.offset / scale:.6g}) gives {tuning.value:.6g}; the paper's "
              f"{tuning.paper_offset} ({tuning.paper_offset / scale:.6g}) gives "
              f"{tuning.paper_value:.6g}", file=sys.stderr)
    print(tuning.offset)
