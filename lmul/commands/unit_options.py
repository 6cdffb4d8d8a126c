"""Command-line options that describe a unit, shared by the commands that take one."""

from ..units import UnitConfig

__all__ = ["add_unit_subparsers", "config_from_args"]


def add_unit_subparsers(parser, run, add_command_options):
    """Add the ``lmul`` and ``fpmul`` unit sub-parsers to ``parser``.

    Each gets the format, pipeline and unit options, then ``add_command_options(subparser)``,
    and ``run`` as its ``run`` default.
    """
    units = parser.add_subparsers(dest="unit", required=True, metavar="UNIT")

    lmul = units.add_parser("lmul", help="L-Mul approximate multiplier")
    _add_format_and_stages(lmul)
    lmul.add_argument("--offset", type=int, default=None, metavar="N",
                      help="constant added to the magnitude sum, in mantissa LSBs "
                           "(default: the paper's 2**(M-l(M)); 0 is Mitchell's)")
    lmul.add_argument("--overflow", choices=["saturate", "inf"], default="saturate",
                      help="overflowing products become max finite or inf (default: saturate)")
    lmul.set_defaults(run=run, kind="lmul", option_names=("offset", "overflow"))

    fpmul = units.add_parser("fpmul", help="conventional floating-point multiplier (baseline)")
    _add_format_and_stages(fpmul)
    fpmul.add_argument("--subnormals", choices=["ieee", "flush"], default="ieee",
                       help="gradual underflow, or flush subnormal inputs and results to zero "
                            "(default: ieee)")
    fpmul.add_argument("--overflow", choices=["ieee", "saturate"], default="ieee",
                       help="overflow to inf (NaN in fn formats), or to max finite "
                            "(default: ieee)")
    fpmul.add_argument("--rounding", choices=["rne", "truncate"], default="rne",
                       help="round to nearest even, or toward zero (default: rne)")
    fpmul.set_defaults(run=run, kind="fpmul",
                       option_names=("subnormals", "overflow", "rounding"))

    for subparser in (lmul, fpmul):
        add_command_options(subparser)
    return units


def _add_format_and_stages(parser):
    parser.add_argument("--format", required=True, metavar="FORMAT",
                        help="e4m3fn, e5m2, e4m3, e3m4, fp16, bf16, fp32, or eXmY[fn]")
    parser.add_argument("--stages", type=int, default=0, metavar="N",
                        help="pipeline registers (default 0: combinational)")


def config_from_args(args):
    """The :class:`UnitConfig` the parsed ``args`` describe."""
    options = {name: getattr(args, name) for name in args.option_names}
    return UnitConfig(args.kind, args.format, options, args.stages)
