"""``lmul generate``: write the Verilog of one unit."""

from . import UsageError
from .unit_options import add_unit_subparsers, config_from_args

__all__ = ["register", "write_verilog"]


def register(subparsers):
    parser = subparsers.add_parser(
        "generate", help="write a unit's Verilog",
        description="Write the Verilog of an L-Mul unit or a conventional multiplier. Ports are "
                    "a, b, p (and clk, rst when pipelined).")
    units = add_unit_subparsers(parser, _run, _add_output_options)
    from .generate_dot import register_dot  # imports write_verilog from this module
    register_dot(units)


def _add_output_options(parser):
    parser.add_argument("--name", default=None, help="Verilog module name "
                        "(default encodes the parameters, e.g. lmul_e4m3fn)")
    parser.add_argument("-o", "--output", required=True, metavar="FILE.v",
                        help="output file ('-' for standard output)")


def write_verilog(config, path, name=None):
    """Write ``config``'s Verilog to ``path`` (``-`` for standard output) as module ``name``
    (default ``config.name``); return the module name."""
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
    name = write_verilog(config_from_args(args), args.output, args.name)
    if args.output != "-":
        print(f"wrote {name} to {args.output}")
