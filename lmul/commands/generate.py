"""``lmul generate``: write the Verilog of one design (a unit or a dot-product tile)."""

from .design_arguments import add_design_parsers, design_from_args
from .verilog_file import write_verilog

__all__ = ["register"]

_DESCRIPTIONS = {
    "lmul": "Write the Verilog of an L-Mul unit. Ports: a, b, p (and clk, rst when "
            "pipelined). Default module name: the parameters, e.g. lmul_e4m3fn_o0_s2.",
    "fpmul": "Write the Verilog of a conventional floating-point multiplier. Ports: a, b, p "
             "(and clk, rst when pipelined). Default module name: the parameters, e.g. "
             "fpmul_e4m3fn_flush_sat_s1.",
    "fpadd": "Write the Verilog of a floating-point adder (IEEE 754 addition in the operand "
             "format, with the same modes as fpmul). Ports: a, b, s (and clk, rst when "
             "pipelined). Default module name: the parameters, e.g. fpadd_e4m3fn_flush_sat_s1.",
    "dot": "Write the Verilog of a dot-product tile: each beat brings rows x lanes codes a, "
           "lanes codes b shared by the rows and a last flag; each packet gives one result "
           "per row, the sum of its products in a fixed-point window rounded once to nearest "
           "even. Ports: beats__payload (a, b, last from the LSB up), beats__valid, "
           "beats__ready, results__payload (row r at bits r*W up), results__valid, "
           "results__ready, clk, rst. Default module name: the parameters, e.g. "
           "dot_e4m3fn_lmul_n16_r4.",
}


def register(subparsers):
    parser = subparsers.add_parser(
        "generate", help="write a design's Verilog",
        description="Write the Verilog of an L-Mul unit, a conventional multiplier, a "
                    "floating-point adder or a dot-product tile; see 'lmul generate DESIGN --help' for its ports.")
    add_design_parsers(parser, ("lmul", "fpmul", "fpadd", "dot"), _run, _add_output_options,
                       _DESCRIPTIONS)


def _add_output_options(parser, kind):
    parser.add_argument("--name", default=None,
                        help="Verilog module name: a plain identifier, no keyword (default: "
                             "the parameters)")
    parser.add_argument("-o", "--output", required=True, metavar="FILE.v",
                        help="output file ('-' for standard output)")


def _run(args):
    name, component = write_verilog(design_from_args(args), args.output, args.name)
    if args.output != "-":
        latency = f" ({component.latency}-cycle latency)" if component.latency else ""
        print(f"wrote {name}{latency} to {args.output}")
