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
    one-bit shift selected by the product's top bit, which a separate incrementer adds to the
    exponent sum after the ``mid`` cut; ``"ieee"``: a leading-zero count and shifters), the one
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
        exp_a, exp_b = a.exponent(daz=daz), b.exponent(daz=daz)
        if daz:
            exp_sum = Signal(fmt.exp_bits + 1)
            m.d.comb += exp_sum.eq(exp_a + exp_b)
        else:
            # Exponent field the result has if the product's top bit is its leading one.
            exp_sum = Signal(signed(fmt.exp_bits + 3))
            m.d.comb += exp_sum.eq(exp_a + exp_b - fmt.bias + 1)

        # Optional register between the multiplier and normalisation.
        product, exp_sum, sign, any_zero, any_special, nan = self._pipeline.cut(
            m, "mid", product, exp_sum, sign, any_zero, any_special, nan)

        if daz:
            mantissa, hidden, exponent, round_bit, sticky = self._normalise_flush(
                m, product, exp_sum)
            bias = fmt.bias
        else:
            mantissa, hidden, exponent, round_bit, sticky = self._normalise_gradual(
                m, product, exp_sum)
            bias = 0
        rounded = round_magnitude(m, exponent, mantissa, round_bit, sticky, params.rounding,
                                  hidden=hidden)
        result = result_code(m, fmt, mantissa=rounded[:man_bits], exponent=rounded[man_bits:],
                             bias=bias, sign=sign, zero=any_zero, special=any_special, nan=nan,
                             flush_tiny=daz, overflow_mag=params.overflow_mag)
        (result,) = self._pipeline.cut(m, "out", result)
        m.d.comb += self.p.eq(result)
        return m

    def _normalise_flush(self, m, product, exp_sum):
        # Both significands are in [1, 2), the product in [1, 4): a one-bit shift selected by
        # its top bit, which an incrementer adds to ``exp_sum`` (the exponent adder's sum, formed
        # before the ``mid`` cut). Returns the raw result's mantissa, no hidden
        # bit, its exponent (field plus bias), round and sticky bits.
        man_bits = self.fmt.man_bits
        top = product[-1]
        exponent = Signal(len(exp_sum) + 1)
        m.d.comb += exponent.eq(exp_sum + top)
        mantissa = Mux(top, product[man_bits + 1:2 * man_bits + 1], product[man_bits:2 * man_bits])
        round_bit = Mux(top, product[man_bits], product[man_bits - 1])
        sticky = product[man_bits - 1] & top
        if man_bits > 1:
            sticky = sticky | (product[:man_bits - 1] != 0)
        return mantissa, None, exponent, round_bit, sticky

    def _normalise_gradual(self, m, product, exp_top):
        # Leading one to the top bit, as far as the smallest exponent allows (subnormal results
        # keep leading zeros), or shifted right below it. Returns the raw result's mantissa,
        # hidden bit, exponent (field minus the hidden bit), round and sticky bits.
        man_bits = self.fmt.man_bits
        width = len(product)
        zeros = leading_zeros(m, product)
        left = Signal(range(width + 1))
        right = Signal(range(width + 1))
        exponent = Signal(len(exp_top) - 1)
        with m.If(exp_top - 1 >= zeros):
            m.d.comb += [left.eq(zeros), exponent.eq(exp_top - 1 - zeros)]
        with m.Elif(exp_top >= 1):
            # Subnormal result: normalise only as far as the smallest exponent allows.
            m.d.comb += left.eq(exp_top - 1)
        with m.Elif(1 - exp_top >= width):
            # Every bit is already shifted out: clamping keeps the shifter small.
            m.d.comb += right.eq(width)
        with m.Else():
            m.d.comb += right.eq(1 - exp_top)
        # The low half of the widened product catches the bits shifted out to the right.
        widened = Signal(2 * width)
        m.d.comb += widened.eq(Cat(C(0, width), (product << left)[:width]) >> right)
        normalised = widened[width:]
        round_bit = normalised[man_bits]
        sticky = (normalised[:man_bits] != 0) | (widened[:width] != 0)
        return normalised[man_bits + 1:-1], normalised[-1], exponent, round_bit, sticky
