"""Sub-commands of the ``lmul`` command line, one module each.

A command module defines ``register(subparsers)``, which adds its parser and sets
``run=function(args)`` as a default; ``run`` returns an exit status (``None`` is 0) and raises
:class:`UsageError` (or ``ValueError``, ``TypeError``) for a mistake of the user's, which the CLI
prints as one line with status 2, and :class:`ToolError` for a tool that failed (status 1).

Arguments that describe a design are built from the parameter classes' ``OPTIONS`` by
:mod:`lmul.commands.design_arguments`; Verilog is written by :mod:`lmul.commands.verilog_file`.
"""

import importlib
import re
import tempfile
from pathlib import Path

__all__ = ["UsageError", "ToolError", "COMMAND_MODULES", "one_line", "yosys_failure",
           "check_writable_directory"]


class UsageError(Exception):
    """A mistake in the command's arguments or environment, reported as one line."""


class ToolError(Exception):
    """An external tool (Yosys, a simulator, OpenSTA) failed; reported as one line."""


def yosys_failure(error):
    """The :class:`ToolError` for Amaranth's ``YosysError`` ``error`` (the Verilog back end
    failed, e.g. when the WebAssembly Yosys cannot reserve its memory)."""
    return ToolError(f"Yosys (Amaranth's Verilog back end) failed: {one_line(error)}")


def check_writable_directory(path):
    """Raise ``OSError`` unless a file can be created in the directory ``path``. The directory
    and any missing parents are created for the check and removed again, so nothing is left
    behind. A command whose output comes last (a report, after minutes of measurements) calls
    it first, so that a bad directory fails at once."""
    path = Path(path).absolute()
    missing = [parent for parent in (path, *path.parents) if not parent.exists()]
    try:
        path.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=path):
            pass
    finally:
        for directory in missing:  # the deepest first
            try:
                directory.rmdir()
            except OSError:
                pass


_NAMES = ["run", "generate", "verify", "report", "bench", "accuracy", "tune_offset", "prove"]


def COMMAND_MODULES():
    """The command modules, imported on demand so that ``lmul --help`` stays fast."""
    return [importlib.import_module(f"{__name__}.{name}") for name in _NAMES]


_EXCEPTION_LINE = re.compile(r"^(?:[\w.]+\.)?(\w+(?:Error|Exception)): ")


def one_line(text):
    """``text`` (an error message) as one line. A Python traceback in it (the WebAssembly Yosys
    dies with one) is cut to its final exception and what follows, without module paths."""
    head, marker, tail = str(text).partition("Traceback (most recent call last):")
    if marker:
        lines = [line.strip() for line in tail.splitlines() if line.strip()]
        starts = [index for index, line in enumerate(lines) if _EXCEPTION_LINE.match(line)]
        lines = lines[starts[-1]:] if starts else lines[-1:]
        if starts:
            lines[0] = _EXCEPTION_LINE.sub(r"\1: ", lines[0])
        text = head + "\n".join(lines)
    lines = [line.strip() for line in str(text).splitlines() if line.strip()]
    return "; ".join(lines).replace(":; ", ": ") or "no message"
