"""The conventional floating-point multiplier: the correctly rounded baseline for L-Mul."""

from amaranth.hdl import C, Cat, Module, Mux, Signal, signed

from ..fpmul_params import FPMulParams
from .binary_unit import BinaryUnit
from .leading_zeros import leading_zeros
from .result_code import result_code
from .rounding import round_magnitude

__all__ = ["FPMul"]


class FPMul(BinaryUnit):
    """Floating-point multiplier rounding the exact product into the operand format, IEEE 754
    style, with every special value defined.

    For sign bits ``sa``, ``sb``, ``p`` is:

    - the canonical NaN (:attr:`Format.nan_code`) if either input is NaN, or (``ieee``
      formats) one is infinite and the other zero (or subnormal, with ``subnormals="flush"``);
    - (``ieee`` formats) ``(sa ^ sb)`` inf if either input is infinite;
    - ``(sa ^ sb)`` 0 if either input is zero (or subnormal, with ``subnormals="flush"``);
    - otherwise the exact product rounded (``rounding``) to ``M + 1`` significant bits, and with
      ``subnormals="ieee"`` to no finer than the smallest subnormal (gradual underflow). With
      ``subnormals="flush"`` a rounded product below the smallest normal number gives
      ``(sa ^ sb)`` 0. A rounded product above the largest finite number gives ``(sa ^ sb)``
      max finite if ``overflow="saturate"`` or ``rounding="truncate"``, else ``(sa ^ sb)`` inf
      (``ieee`` formats) or the canonical NaN (``fn`` formats).

    Bit-exact with :func:`lmul.golden.fpmul.fpmul`, whose docstring details the rounding. The
    datapath is an exponent adder, an (M+1)x(M+1)-bit significand multiplier (Amaranth ``*``, so
    the synthesis tool picks its architecture), normalisation (``subnormals="flush"``: a
    one-bit shift selected by the product's top bit, which the rounder adds to the exponent
    sum together with the mantissa's rounding carry, since the two never coincide; ``"ieee"``:
    a leading-zero count and one left shifter into a window that also takes the right shift of
    a subnormal result), the one
    rounder (:func:`~lmul.hdl.rounding.round_magnitude`, whose increment carries from the
    mantissa into the exponent) and the result assembly shared with L-Mul
    (:func:`~lmul.hdl.result_code.result_code`: range tests of the rounded exponent sum against
    constants, each result bit an AND/OR mask).

    Parameters
    ----------
    fmt : Format or str
        Operand and result format.
    subnormals : str
        ``"ieee"`` (default) or ``"flush"``.
    overflow : str
        ``"ieee"`` (default) or ``"saturate"``.
    rounding : str
        ``"rne"`` (default, to nearest, ties to even) or ``"truncate"`` (toward zero).
    stages : int
        Pipeline registers, 0..:data:`~lmul.hdl.pipeline.MAX_STAGES`. 0 is combinational.
        With ``stages >= 1`` the unit uses the ``sync`` domain, accepts a new operand pair
        every cycle (throughput 1) and presents its result exactly ``stages`` cycles later
        (:attr:`latency`). The first register holds the output; a second splits the
        multiplier and exponent adder from normalisation and rounding; further ones delay the
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
        For an invalid format or mode (see :class:`FPMulParams`), or ``stages`` out of range.
    TypeError
        If ``stages`` is not an integer.
    """

    def __init__(self, fmt, *, subnormals="ieee", overflow="ieee", rounding="rne", stages=0):
        super().__init__(FPMulParams(fmt, subnormals, overflow, rounding), stages)

    def elaborate(self, platform):
        m = Module()
        fmt, params = self.fmt, self.params
        a, b = self.a, self.b
        man_bits = fmt.man_bits
        daz = params.flush_subnormals

        # -- operands: significand multiplier, exponent fields, special cases -------------------
        product = Signal(2 * man_bits + 2)
        sign = Signal()
        any_zero = Signal()
        any_special = Signal()  # NaN or inf (ieee), NaN (fn)
        nan = Signal()
        m.d.comb += [
            product.eq(a.significand(daz=daz) * b.significand(daz=daz)),
            sign.eq(a.sign ^ b.sign),
            any_zero.eq(a.is_zero(daz=daz) | b.is_zero(daz=daz)),
        ]
        if fmt.has_inf:
            m.d.comb += [
                any_special.eq(a.is_inf_or_nan() | b.is_inf_or_nan()),
                nan.eq(a.is_nan() | b.is_nan() | (any_special & any_zero)),
            ]
        else:
            m.d.comb += [nan.eq(a.is_nan() | b.is_nan()), any_special.eq(nan)]
        exp_sum = Signal(fmt.exp_bits + 1)
        m.d.comb += exp_sum.eq(a.exponent(daz=daz) + b.exponent(daz=daz))

        # Optional register between the multiplier and normalisation.
        product, exp_sum, sign, any_zero, any_special, nan = self._pipeline.cut(
            m, "mid", product, exp_sum, sign, any_zero, any_special, nan)

        if daz:
            # The one-bit normalisation shift carries into the exponent with the rounding
            # carry: a product in [2, 4) never rounds up past all ones.
            mantissa, shifted, round_bit, sticky = self._normalise_flush(m, product)
            rounded = round_magnitude(m, exp_sum, mantissa, round_bit, sticky, params.rounding,
                                      carry=shifted)
            bias = fmt.bias
        else:
            mantissa, exponent, round_bit, sticky = self._normalise_gradual(m, product, exp_sum)
            rounded = round_magnitude(m, exponent, mantissa, round_bit, sticky, params.rounding)
            bias = 0
        result = result_code(m, fmt, mantissa=rounded[:man_bits], exponent=rounded[man_bits:],
                             bias=bias, sign=sign, zero=any_zero, special=any_special, nan=nan,
                             flush_tiny=daz, overflow_mag=params.overflow_mag)
        (result,) = self._pipeline.cut(m, "out", result)
        m.d.comb += self.p.eq(result)
        return m

    def _normalise_flush(self, m, product):
        # Both significands are in [1, 2), the product in [1, 4): a one-bit shift selected by
        # its top bit, which the rounder adds to the exponent sum. Returns the raw result's
        # mantissa, the shift, round and sticky bits.
        man_bits = self.fmt.man_bits
        top = product[-1]
        mantissa = Mux(top, product[man_bits + 1:2 * man_bits + 1], product[man_bits:2 * man_bits])
        round_bit = Mux(top, product[man_bits], product[man_bits - 1])
        sticky = product[man_bits - 1] & top
        if man_bits > 1:
            sticky = sticky | (product[:man_bits - 1] != 0)
        return mantissa, top, round_bit, sticky

    def _normalise_gradual(self, m, product, exp_sum):
        # The leading one to the top bit, as far as the smallest exponent allows (a subnormal
        # result keeps leading zeros), or below it for a product under the smallest normal
        # number: one left shifter of the product into a window with room under the significand
        # for the deepest right shift, but at most ``M + 2`` bits (a right shift further than
        # that would only move bits within the sticky ones, so it is clamped there). ``exp_sum``
        # is the sum of the operands' exponents (at least 2). Returns the raw result's mantissa,
        # its exponent field, round and sticky bits.
        fmt = self.fmt
        man_bits = fmt.man_bits
        width = len(product)
        # Room for the deepest right shift: the smallest exponent sum, 2, less the bias.
        below = max(0, min(man_bits + 2, fmt.bias - 2))
        zeros = leading_zeros(m, product)
        largest_sum = 2 * fmt.exp_all_ones
        # Exponent field less one if the leading one becomes the hidden bit; >= 0: a normal
        # result, whose field is one more.
        normal_exponent = Signal(range(2 - fmt.bias - width, largest_sum - fmt.bias + 1))
        m.d.comb += normal_exponent.eq(exp_sum - fmt.bias - zeros)
        normal = normal_exponent >= 0
        # Otherwise a subnormal result: shifted left by ``exp_sum - bias`` (less than
        # ``zeros``), or right by its negation; in the window's terms ``below`` more.
        subnormal_shift = Signal(range(2 - fmt.bias + below, largest_sum - fmt.bias + below + 1))
        m.d.comb += subnormal_shift.eq(exp_sum - fmt.bias + below)
        # At most ``width - 1 + below``: a product of 0 (all its leading zeros) shifts by any
        # amount to 0.
        shift = Signal(range(width + below))
        with m.If(normal):
            m.d.comb += shift.eq(zeros + below)
        with m.Elif(subnormal_shift >= 0):
            m.d.comb += shift.eq(subnormal_shift)
        exponent = Signal(range(largest_sum - fmt.bias + 2))
        m.d.comb += exponent.eq(Mux(normal, normal_exponent + 1, 0))
        shifted = Signal(width + below)
        m.d.comb += shifted.eq(product << shift)
        round_bit = shifted[below + man_bits]
        sticky = shifted[:below + man_bits] != 0
        return shifted[below + man_bits + 1:-1], exponent, round_bit, sticky
