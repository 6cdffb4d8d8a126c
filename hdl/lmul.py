"""The L-Mul unit: an approximate floating-point multiplier built around one integer adder."""

from amaranth.hdl import C, Module, Mux, Signal, signed

from ..lmul_params import LMulParams
from .binary_unit import BinaryUnit

__all__ = ["LMul"]


class LMul(BinaryUnit):
    """L-Mul approximate multiplier (Luo & Sun, arXiv 2410.00907), with every special value
    defined.

    For sign bits ``sa``, ``sb`` and magnitudes ``|a|``, ``|b|`` (exponent and mantissa read as
    one E+M-bit integer), ``p`` is:

    - the canonical NaN (:attr:`Format.nan_code`) if either input is NaN, or (``ieee``) one is
      infinite and the other zero or subnormal;
    - (``ieee``) ``(sa ^ sb)`` inf if either input is infinite;
    - ``(sa ^ sb)`` 0 if either input is zero or subnormal (denormals-are-zero);
    - otherwise, with ``T = |a| + |b| - (bias << M) + offset``: ``(sa ^ sb)`` 0 if
      ``T < 2**M`` (underflow; no subnormal results), ``(sa ^ sb)`` max finite or inf if ``T``
      exceeds the largest finite magnitude (``overflow``), else the sign bit above ``T``.

    Bit-exact with :func:`lmul.golden.lmul.lmul`. The datapath is one (E+M+2)-bit adder with a
    constant operand, comparators and multiplexers: no multiplier.

    Parameters
    ----------
    fmt : Format or str
        Operand and result format.
    offset : int or None
        Added to the magnitude sum in mantissa-LSB units; ``None`` is the paper's
        ``2**(M - l(M))``, 0 is Mitchell's approximation.
    overflow : str
        ``"saturate"`` (default) or ``"inf"`` (``ieee`` formats only).
    stages : int
        Pipeline registers, ``>= 0``. 0 is combinational. With ``stages >= 1`` the unit uses
        the ``sync`` domain, accepts a new operand pair every cycle (throughput 1) and presents
        its result exactly ``stages`` cycles later (:attr:`latency`). The first register holds
        the output; a second splits the adder from the result selection; further ones delay the
        output. Registers reset to 0.

    Members
    -------
    a, b : In(fmt.layout)
        Operands.
    p : Out(fmt.layout)
        Product.

    Raises
    ------
    ValueError
        For an invalid format, offset or overflow mode (see :class:`LMulParams`), or
        ``stages`` not an integer ``>= 0``.
    """

    def __init__(self, fmt, *, offset=None, overflow="saturate", stages=0):
        super().__init__(LMulParams(fmt, offset, overflow), stages)

    def elaborate(self, platform):
        m = Module()
        fmt, params = self.fmt, self.params
        pipe = self._pipeline

        mag_a = self.a.as_value()[:fmt.mag_bits]
        mag_b = self.b.as_value()[:fmt.mag_bits]
        constant = params.constant
        t_width = max(fmt.mag_bits + 1, abs(constant).bit_length()) + 2
        t = Signal(signed(t_width))
        m.d.comb += t.eq(mag_a + mag_b + C(constant, signed(t_width)))

        a_zero, b_zero = self.a.exp == 0, self.b.exp == 0
        any_zero = Signal()
        any_nan = Signal()
        any_inf = Signal()
        sign = Signal()
        m.d.comb += [
            any_zero.eq(a_zero | b_zero),
            sign.eq(self.a.sign ^ self.b.sign),
        ]
        if fmt.has_inf:
            a_special = self.a.exp == fmt.exp_all_ones
            b_special = self.b.exp == fmt.exp_all_ones
            a_nan = a_special & (self.a.man != 0)
            b_nan = b_special & (self.b.man != 0)
            m.d.comb += [
                any_inf.eq(a_special | b_special),
                any_nan.eq(a_nan | b_nan | ((a_special | b_special) & any_zero)),
            ]
        else:
            m.d.comb += any_nan.eq((mag_a == fmt.mag_mask) | (mag_b == fmt.mag_mask))

        # Optional register between the adder and the result selection.
        t, any_zero, any_nan, any_inf, sign = pipe.cut(m, "mid", t, any_zero, any_nan, any_inf,
                                                       sign)

        mag = Signal(fmt.mag_bits)
        with m.If(any_inf):
            m.d.comb += mag.eq(fmt.inf_mag or 0)
        with m.Elif(any_zero | (t < fmt.min_normal_mag)):
            m.d.comb += mag.eq(0)
        with m.Elif(t > fmt.max_finite_mag):
            m.d.comb += mag.eq(params.overflow_mag)
        with m.Else():
            m.d.comb += mag.eq(t[:fmt.mag_bits])

        result = Signal(fmt.width)
        m.d.comb += result.eq(Mux(any_nan, fmt.nan_code, (sign << fmt.mag_bits) | mag))
        (result,) = pipe.cut(m, "out", result)
        m.d.comb += self.p.eq(result)
        return m
