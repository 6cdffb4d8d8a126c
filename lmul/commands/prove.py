"""``lmul prove``: prove a generated unit equal to its reference specification on every input."""

import os
import re

from . import ToolError, UsageError
from .design_arguments import add_design_parsers, design_from_args

__all__ = ["register"]


def register(subparsers):
    parser = subparsers.add_parser(
        "prove", help="prove a unit's Verilog equal to its specification on every input",
        description="Prove that the Verilog 'lmul generate' writes for a unit equals, on every "
                    "input, a reference written independently from the specification (a Yosys "
                    "miter and SAT proof). Prints 'proved' and the time taken, or a "
                    "counterexample (exit status 1).")
    add_design_parsers(parser, ("lmul", "fpmul", "fpadd"), _run, _add_proof_options)


def _add_proof_options(parser, kind):
    parser.add_argument("--workdir", default=None, metavar="DIR",
                        help="keep the Verilog, the Yosys script and its log in DIR "
                             "(default: a temporary directory)")
    parser.add_argument("--verilog", default=None, metavar="FILE.v",
                        help="prove this Verilog file instead of generating the unit "
                             f"(ports a, b, {'s' if kind == 'fpadd' else 'p'} and, pipelined, "
                             f"clk, rst)")
    parser.add_argument("--module", default=None, metavar="NAME",
                        help="module of --verilog to prove (default: the unit's default name, "
                             f"e.g. {kind}_e4m3fn)")
    parser.add_argument("--timeout", type=float, default=3600, metavar="SECONDS",
                        help="give up after this many seconds (default 3600)")
    if kind == "fpadd":
        parser.add_argument("--split", action="store_true",
                            help="prove case by case, one SAT problem per exponent distance "
                                 "0..M+3 (combinational units only)")


def _run(args):
    from ..formal.proof import prove
    from ..synth.yosys_flow import YosysError

    if not args.timeout > 0:
        raise UsageError(f"timeout must be a number of seconds > 0, not {args.timeout!r}")
    config = design_from_args(args)
    split = getattr(args, "split", False)
    if split and config.stages:
        raise UsageError(f"--split needs a combinational unit, not one with {config.stages} "
                         f"stages")
    if args.module is not None and args.verilog is None:
        raise UsageError("--module names a module of --verilog, which is missing")
    verilog = None
    proved = config.name  # what the messages name: the module, and the unit it must equal
    if args.verilog is not None:
        module = args.module or config.name
        if module != config.name:
            proved = f"{module} (as {config.name})"
        if not os.path.isfile(args.verilog):
            raise UsageError(f"--verilog must be an existing file, not {args.verilog!r}")
        with open(args.verilog) as file:
            text = file.read()
        if not module.isidentifier() or not re.search(rf"\bmodule\s+{module}\b", text):
            raise UsageError(f"module must be a module of {args.verilog}, not {module!r}")
        verilog = text, module
    try:
        result = prove(config, verilog=verilog, workdir=args.workdir, timeout=args.timeout,
                       split=split)
    except YosysError as error:
        kept = "" if args.workdir else " (a temporary log; --workdir DIR keeps it)"
        raise ToolError(f"{error}{kept}") from None
    if result.proved:
        print(f"{proved}: proved equal to its reference on every input "
              f"in {result.seconds:.2f} s")
        return 0
    print(f"{proved}: counterexample: {result.counterexample.describe()}")
    return 1
