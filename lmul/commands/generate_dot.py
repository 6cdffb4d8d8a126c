"""``lmul generate dot``: write the Verilog of a dot-product tile."""

from ..dot_params import MULTIPLIERS, DotParams
from ..hdl.dot_product import tile_latency
from .generate import write_verilog

__all__ = ["register_dot", "params_from_args"]


def register_dot(units_subparsers):
    """Add the ``dot`` unit to the sub-parsers of ``lmul generate``."""
    parser = units_subparsers.add_parser(
        "dot", help="dot-product tile (matrix-vector, L-Mul or exact products)",
        description="Write the Verilog of a dot-product tile: each beat brings rows x lanes "
                    "codes a, lanes codes b shared by the rows and a last flag; each packet "
                    "gives one result per row, the sum of its products in a fixed-point window "
                    "rounded once to nearest even. Ports: beats__payload (a, b, last from the "
                    "LSB up), beats__valid, beats__ready, results__payload (row r at bits "
                    "r*W up), results__valid, results__ready, clk, rst.")
    parser.add_argument("--format", required=True, metavar="FORMAT",
                        help="operand format: e4m3fn, e5m2, e4m3, e3m4, fp16, bf16, fp32, "
                             "or eXmY[fn]")
    parser.add_argument("--lanes", type=int, required=True, metavar="N",
                        help="products per row per beat")
    parser.add_argument("--rows", type=int, default=1, metavar="R",
                        help="rows sharing the b codes (default 1)")
    parser.add_argument("--multiplier", choices=MULTIPLIERS, default="lmul",
                        help="L-Mul products with an unbounded exponent, or exact products "
                             "(default: lmul)")
    parser.add_argument("--offset", type=int, default=None, metavar="N",
                        help="L-Mul offset in mantissa LSBs (default: the paper's)")
    parser.add_argument("--output-format", default="fp32", metavar="FORMAT",
                        help="result format, with infinities (default fp32)")
    parser.add_argument("--window", type=int, nargs=2, default=None, metavar=("LSB", "MSB"),
                        help="accumulator window: weight exponents of its LSB and sign bit "
                             "(default: exact for 2**16 products where that is at most 128 "
                             "bits, else -64 63)")
    parser.add_argument("--tree-levels-per-register", type=int, default=1, metavar="K",
                        help="adder-tree levels between pipeline registers; 0 for none "
                             "(default 1)")
    parser.add_argument("--name", default=None, help="Verilog module name "
                        "(default encodes the parameters, e.g. dot_e4m3fn_lmul_n16_r4)")
    parser.add_argument("-o", "--output", required=True, metavar="FILE.v",
                        help="output file ('-' for standard output)")
    parser.set_defaults(run=_run)
    return parser


def params_from_args(args):
    """The :class:`DotParams` the parsed arguments describe."""
    return DotParams(args.format, lanes=args.lanes, rows=args.rows,
                     multiplier=args.multiplier, offset=args.offset,
                     out_fmt=args.output_format,
                     window=tuple(args.window) if args.window else None,
                     tree_levels_per_register=args.tree_levels_per_register)


def _run(args):
    params = params_from_args(args)
    name = write_verilog(params, args.output, args.name)
    if args.output != "-":
        print(f"wrote {name} ({tile_latency(params)}-cycle latency) to {args.output}")
