"""``lmul generate``: write the Verilog of one unit."""

import argparse

from ..units import UnitConfig
from . import UsageError

__all__ = ["register", "write_verilog"]


def register(subparsers):
    parser = subparsers.add_parser(
        "generate", help="write a unit's Verilog",
        description="Write the Verilog of an L-Mul unit or a conventional multiplier. Ports are "
                    "a, b, p (and clk, rst when pipelined).")
    units = parser.add_subparsers(dest="unit", required=True, metavar="UNIT")

    lmul = units.add_parser("lmul", help="L-Mul approximate multiplier")
    _common(lmul)
    lmul.add_argument("--offset", type=int, default=None, metavar="N",
                      help="constant added to the magnitude sum, in mantissa LSBs "
                           "(default: the paper's 2**(M-l(M)); 0 is Mitchell's)")
    lmul.add_argument("--overflow", choices=["saturate", "inf"], default="saturate",
                      help="overflowing products become max finite or inf (default: saturate)")
    lmul.set_defaults(run=_run, kind="lmul", option_names=("offset", "overflow"))

    fpmul = units.add_parser("fpmul", help="conventional floating-point multiplier (baseline)")
    _common(fpmul)
    fpmul.add_argument("--subnormals", choices=["ieee", "flush"], default="ieee",
                       help="gradual underflow, or flush subnormal inputs and results to zero")
    fpmul.add_argument("--overflow", choices=["ieee", "saturate"], default="ieee",
                       help="overflow to inf (NaN in fn formats), or to max finite")
    fpmul.add_argument("--rounding", choices=["rne", "truncate"], default="rne",
                       help="round to nearest even, or toward zero")
    fpmul.set_defaults(run=_run, kind="fpmul",
                       option_names=("subnormals", "overflow", "rounding"))


def _common(parser):
    parser.add_argument("--format", required=True, metavar="FORMAT",
                        help="e4m3fn, e5m2, e4m3, e3m4, fp16, bf16, fp32, or eXmY[fn]")
    parser.add_argument("--stages", type=int, default=0, metavar="N",
                        help="pipeline registers (default 0: combinational)")
    parser.add_argument("--name", default=None, help="Verilog module name "
                        "(default encodes the parameters, e.g. lmul_e4m3fn)")
    parser.add_argument("-o", "--output", required=True, metavar="FILE.v",
                        help="output file ('-' for standard output)")


def config_from_args(args):
    options = {name: getattr(args, name) for name in args.option_names}
    return UnitConfig(args.kind, args.format, options, args.stages)


def write_verilog(config, path, name=None):
    """Write ``config``'s Verilog to ``path`` (``-`` for stdout) as module ``name``."""
    from amaranth.back import verilog

    name = name or config.name
    if not name.isidentifier():
        raise UsageError(f"module name must be a Verilog identifier, not {name!r}")
    text = verilog.convert(config.component(), name=name, emit_src=False)
    if path == "-":
        print(text, end="")
    else:
        with open(path, "w") as file:
            file.write(text)
    return name


def _run(args):
    config = config_from_args(args)
    name = write_verilog(config, args.output, args.name)
    if args.output != "-":
        print(f"wrote {name} to {args.output}")
