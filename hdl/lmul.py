"""The L-Mul unit: an approximate floating-point multiplier built around one integer adder."""

from amaranth.hdl import Module, Signal

from ..lmul_params import LMulParams
from .binary_unit import BinaryUnit
from .lmul_adder import lmul_sum
from .result_code import result_code

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

    Bit-exact with :func:`lmul.golden.lmul.lmul`. The datapath has no multiplier: the L-Mul
    adder (:func:`~lmul.hdl.lmul_adder.lmul_sum`: an M-bit adder of the mantissa fields (an
    (M+1)-bit sum) with a one-LSB offset as its carry-in, or a larger one added afterwards as a
    constant increment, then an E-bit adder of the exponent fields with the mantissa carry as
    its carry-in (an (E+1)-bit sum)), and the
    result assembly (:func:`~lmul.hdl.result_code.result_code`): underflow and overflow as tests
    of the exponent sum against constants, each result bit an AND/OR mask of "keep T", the
    saturation constant and the NaN and infinity codes, not a multiplexer of whole words.

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
        Pipeline registers, 0..:data:`~lmul.hdl.pipeline.MAX_STAGES`. 0 is combinational. With
        ``stages >= 1`` the unit uses the ``sync`` domain, accepts a new operand pair every
        cycle (throughput 1) and presents its result exactly ``stages`` cycles later
        (:attr:`latency`). The first register holds the output; a second splits the adders
        from the range tests and result selection; further ones delay the output. Registers
        reset to 0.

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
        ``stages`` out of range.
    TypeError
        If ``stages`` is not an integer.
    """

    def __init__(self, fmt, *, offset=None, overflow="saturate", stages=0):
        super().__init__(LMulParams(fmt, offset, overflow), stages)

    def elaborate(self, platform):
        m = Module()
        fmt, params = self.fmt, self.params
        man_bits = fmt.man_bits
        a, b = self.a, self.b

        # T = (exponent + whole - bias) << M | mantissa: the whole exponent steps of the
        # (clamped) offset are folded into the constants the exponent sum is tested against.
        offset = params.constant + (fmt.bias << man_bits)
        man_sum, exp_sum, whole = lmul_sum(m, fmt, a, b, offset)

        sign = Signal()
        any_zero = Signal()
        any_special = Signal()  # NaN or inf: what makes the result not T, zero or saturated
        nan = Signal()
        m.d.comb += [
            sign.eq(a.sign ^ b.sign),
            any_zero.eq(a.is_zero(daz=True) | b.is_zero(daz=True)),
        ]
        if fmt.has_inf:
            m.d.comb += [
                any_special.eq(a.is_inf_or_nan() | b.is_inf_or_nan()),
                nan.eq(a.is_nan() | b.is_nan() | (any_special & any_zero)),
            ]
        else:
            m.d.comb += nan.eq(a.is_nan() | b.is_nan())
            m.d.comb += any_special.eq(nan)

        man_sum, exp_sum, sign, any_zero, any_special, nan = self._pipeline.cut(
            m, "mid", man_sum, exp_sum, sign, any_zero, any_special, nan)

        # Range tests on the exponent sum against constants and the result as AND/OR masks.
        result = result_code(m, fmt, mantissa=man_sum, exponent=exp_sum,
                             bias=fmt.bias - whole, sign=sign, zero=any_zero,
                             special=any_special, nan=nan, flush_tiny=True,
                             overflow_mag=params.overflow_mag, lean_fn=True)
        (result,) = self._pipeline.cut(m, "out", result)
        m.d.comb += self.p.eq(result)
        return m
