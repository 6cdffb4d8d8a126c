"""A failed proof's witness: the operand pair, both outputs, and the golden model's result.

Yosys's ``sat -dump_json`` writes the model as WaveJSON: one entry per signal, a ``wave`` string
with one character per column (``=`` a new value from ``data``, ``.`` the previous one,
``0``/``1`` a one-bit value, ``4`` none) and the values as binary strings.
"""

import json
from dataclasses import dataclass

__all__ = ["Counterexample", "read_wavejson"]


def read_wavejson(path):
    """Signal name -> list of integer values, one per column, from a WaveJSON file written by
    Yosys's ``sat -dump_json``. A sequential model has a first column for the initial state, in
    which only registers have values; a column without a value (Yosys writes ``4``) is ``None``.
    Undefined bits (``x``) read as 0."""
    with open(path) as file:
        wave = json.load(file)
    signals = {}
    for signal in wave["signal"]:
        values, data, previous = [], iter(signal.get("data", [])), 0
        for step in signal["wave"]:
            if step == "=":
                previous = int(next(data).replace("x", "0") or "0", 2)
            elif step in "01":
                previous = int(step)
            elif step != ".":
                if "data" in signal:
                    next(data)  # a multi-bit signal has an empty entry for the column
                values.append(None)
                continue
            values.append(previous)
        signals[signal["name"].lstrip("\\")] = values
    return signals


@dataclass(frozen=True)
class Counterexample:
    """Operands on which the design and the reference differ.

    Members
    -------
    config : UnitConfig
        The unit the reference describes.
    a, b : int
        Operand codes (for a pipelined unit, those presented ``stages`` cycles before the
        differing output).
    design : int
        The design's output code.
    reference : int
        The reference specification's output code.
    sequence : tuple of (int, int)
        For a pipelined unit, the operands of each cycle from the first (``a``, ``b``) to the
        one in which the outputs differ; ``((a, b),)`` for a combinational one.
    """

    config: object
    a: int
    b: int
    design: int
    reference: int
    sequence: tuple = ()

    @property
    def golden(self):
        """The golden model's result code (product or sum) for ``a``, ``b``."""
        import numpy as np

        dtype = self.config.format.code_dtype
        return int(self.config.golden(np.array([self.a], dtype), np.array([self.b], dtype))[0])

    def describe(self):
        """One line: each code in hexadecimal with its value."""
        fmt = self.config.format
        digits = (fmt.width + 3) // 4

        def show(code):
            return f"0x{code:0{digits}x} ({float(fmt.decode([code])[0])!r})"

        return (f"a = {show(self.a)}, b = {show(self.b)}: design {show(self.design)}, "
                f"reference {show(self.reference)}, golden model {show(self.golden)}")
