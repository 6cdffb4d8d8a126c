"""The ``lmul`` command line: generate Verilog, verify, synthesise and report.

Each sub-command lives in :mod:`lmul.commands` as a module with ``register(subparsers)``. Every
error prints one line, ``lmul COMMAND [DESIGN]: error: ...``, and exits with a non-zero status:
2 for a mistake in the arguments (argparse's or the parameter classes'), 1 for a file that
cannot be written, a tool that failed or anything unexpected; never a traceback (set
``LMUL_TRACEBACK=1`` to see one for an unexpected error).
"""

import argparse
import importlib.metadata
import os
import sys

from .commands import COMMAND_MODULES, ToolError, UsageError, one_line, yosys_failure

__all__ = ["main", "build_parser"]


class _OneLineParser(argparse.ArgumentParser):
    # argparse prints its usage block before an error; one line with a pointer to --help says
    # the same.
    def error(self, message):
        self.exit(2, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")


def _version():
    try:
        return importlib.metadata.version("lmul")
    except importlib.metadata.PackageNotFoundError:  # run from a checkout that is not installed
        return "(not installed)"


def build_parser():
    parser = _OneLineParser(
        prog="lmul",
        description="RTL generator for L-Mul, the approximate floating-point multiplier.")
    parser.add_argument("--version", action="version", version=f"lmul {_version()}")
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in COMMAND_MODULES():
        module.register(subparsers)
    for command_parser in subparsers.choices.values():
        if command_parser.get_default("prog") is None:
            command_parser.set_defaults(prog=command_parser.prog)
    return parser


def main(argv=None):
    parser = build_parser()
    args, unknown = parser.parse_known_args(argv)
    prog = args.prog
    if unknown:  # said by the command they were given to, as its own errors are
        _OneLineParser(prog=prog).error(f"unrecognized arguments: {' '.join(unknown)}")
    try:
        return args.run(args) or 0
    except (UsageError, ValueError, TypeError) as error:
        print(f"{prog}: error: {one_line(error)}", file=sys.stderr)
        return 2
    except ToolError as error:
        print(f"{prog}: error: {one_line(error)}", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"{prog}: error: {error.strerror or one_line(error)}"
              f"{': ' + str(error.filename) if error.filename else ''}", file=sys.stderr)
        return 1
    except MemoryError:
        print(f"{prog}: error: out of memory", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"{prog}: interrupted", file=sys.stderr)
        return 130
    except Exception as error:  # a tool's own exception class, or a bug: still one line
        if os.environ.get("LMUL_TRACEBACK"):
            raise
        if type(error).__name__ == "YosysError":  # Amaranth's, from a simulation's build
            message = str(yosys_failure(error))
        else:
            message = (f"unexpected {type(error).__name__}: {one_line(error)} "
                       f"(LMUL_TRACEBACK=1 shows where)")
        print(f"{prog}: error: {message}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
