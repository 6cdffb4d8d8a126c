"""The floor of the comparison: the bare integer adder L-Mul is built around.

``p = sign(a) ^ sign(b) : (|a| + |b| + K) mod 2**(E+M)``, with ``K`` the folded constant of
:attr:`lmul.lmul_params.LMulParams.constant`: the paper's fp32 kernel
``(x & 0x7FFFFFFF) + (y & 0x7FFFFFFF) - 0x3F780000`` with the sign by xor, at any width, and no
handling of zero, subnormals, infinities, NaN, overflow or underflow. The synthesis report puts it
beside the L-Mul unit to show how much the defined special cases cost on top of the adder.
"""

import json
from dataclasses import dataclass, field

import numpy as np
from amaranth.hdl import C, Module, Signal
from amaranth.lib import wiring
from amaranth.lib.wiring import In, Out

from ..format import Format
from ..hdl.pipeline import Pipeline
from ..lmul_params import LMulParams

__all__ = ["AdderFloor", "AdderFloorConfig", "adder_floor"]


class AdderFloor(wiring.Component):
    """The bare L-Mul adder: magnitudes plus the folded constant, wrapped to E+M bits.

    Parameters
    ----------
    fmt : Format or str
        Operand and result format.
    offset : int or None
        As for :class:`lmul.lmul_params.LMulParams` (``None``: the paper's).
    stages : int
        Pipeline registers on the result, ``>= 0``; the latency equals ``stages``.

    Members
    -------
    a, b : In(fmt.layout)
    p : Out(fmt.layout)

    Raises
    ------
    ValueError
        For an invalid format or offset, or ``stages`` not an integer ``>= 0``.
    """

    def __init__(self, fmt, *, offset=None, stages=0):
        self.params = LMulParams(fmt, offset)
        self.fmt = fmt = self.params.fmt
        self._pipeline = Pipeline(stages)
        super().__init__({"a": In(fmt.layout), "b": In(fmt.layout), "p": Out(fmt.layout)})

    @property
    def latency(self):
        return self._pipeline.latency

    def elaborate(self, platform):
        m = Module()
        fmt = self.fmt
        mag_bits = fmt.mag_bits
        constant = self.params.constant % (1 << mag_bits)
        result = Signal(fmt.width)
        m.d.comb += result.eq(
            ((self.a.sign ^ self.b.sign) << mag_bits)
            | (self.a.as_value()[:mag_bits] + self.b.as_value()[:mag_bits]
               + C(constant, mag_bits))[:mag_bits])
        (result,) = self._pipeline.cut(m, "out", result)
        m.d.comb += self.p.eq(result)
        return m


def adder_floor(a, b, fmt, *, offset=None):
    """Golden model of :class:`AdderFloor` on code arrays."""
    params = LMulParams(fmt, offset)
    fmt = params.fmt
    a = np.asarray(a).astype(np.int64)
    b = np.asarray(b).astype(np.int64)
    mag = ((a & fmt.mag_mask) + (b & fmt.mag_mask) + params.constant) & fmt.mag_mask
    sign = ((a ^ b) >> fmt.mag_bits) & 1
    return ((sign << fmt.mag_bits) | mag).astype(fmt.code_dtype)


@dataclass(frozen=True)
class AdderFloorConfig:
    """Describes an :class:`AdderFloor` the way :class:`lmul.units.UnitConfig` describes a unit,
    so the synthesis flows treat both alike.

    Parameters
    ----------
    fmt : str
        Format name.
    options : dict
        ``{"offset": N}`` or empty.
    stages : int
    """

    fmt: str
    options: dict = field(default_factory=dict)
    stages: int = 0
    kind: str = "adder"
    booth_baseline = False
    result_port = "p"

    def __post_init__(self):
        params = LMulParams(self.fmt, **self.options)
        object.__setattr__(self, "fmt", params.fmt.name)
        object.__setattr__(self, "options", dict(self.options))
        Pipeline(self.stages)

    def __hash__(self):
        return hash((self.fmt, tuple(sorted(self.options.items())), self.stages))

    @property
    def format(self):
        return Format.parse(self.fmt)

    @property
    def name(self):
        """Module name, e.g. ``adder_floor_e4m3fn``."""
        return f"adder_floor_{self.format.name}" + (f"_s{self.stages}" if self.stages else "")

    def component(self):
        return AdderFloor(self.fmt, stages=self.stages, **self.options)

    def to_json(self):
        return json.dumps({"kind": self.kind, "fmt": self.fmt, "options": self.options,
                           "stages": self.stages}, sort_keys=True)

    def golden(self, a, b):
        return adder_floor(a, b, self.fmt, **self.options)
