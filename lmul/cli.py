"""The ``lmul`` command line: generate Verilog, verify, synthesise and report.

Each sub-command lives in :mod:`lmul.commands` as a module with ``register(subparsers)``. Errors
a user can cause (bad arguments, unwritable paths, missing tools) print one line and exit with
status 2 or 1; never a traceback.
"""

import argparse
import sys

from .commands import COMMAND_MODULES, UsageError

__all__ = ["main"]


def build_parser():
    parser = argparse.ArgumentParser(
        prog="lmul",
        description="RTL generator for L-Mul, the approximate floating-point multiplier.")
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in COMMAND_MODULES():
        module.register(subparsers)
    return parser


def main(argv=None):
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.run(args) or 0
    except (UsageError, ValueError) as error:
        print(f"lmul {args.command}: error: {error}", file=sys.stderr)
        return 2
    except OSError as error:
        print(f"lmul {args.command}: error: {error.strerror or error}"
              f"{': ' + str(error.filename) if error.filename else ''}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"lmul {args.command}: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
