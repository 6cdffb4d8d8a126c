"""Sub-commands of the ``lmul`` command line, one module each.

A command module defines ``register(subparsers)``, which adds its parser and sets
``run=function(args)`` as a default; ``run`` returns an exit status (``None`` is 0) and raises
:class:`UsageError` (or ``ValueError``) for a mistake of the user's, which the CLI prints as one
line.
"""

import importlib

__all__ = ["UsageError", "COMMAND_MODULES"]


class UsageError(Exception):
    """A mistake in the command's arguments or environment, reported as one line."""


_NAMES = ["run", "generate", "verify", "report", "bench", "accuracy", "tune_offset", "prove"]


def COMMAND_MODULES():
    """The command modules, imported on demand so that ``lmul --help`` stays fast."""
    return [importlib.import_module(f"{__name__}.{name}") for name in _NAMES]
