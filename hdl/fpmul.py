"""The conventional floating-point multiplier: the correctly rounded baseline for L-Mul."""

from amaranth.hdl import C, Cat, Module, Mux, Signal, signed

from ..fpmul_params import FPMulParams
from .binary_unit import BinaryUnit

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
    the synthesis tool picks its architecture), normalisation (a leading-zero count and shifters
    with ``subnormals="ieee"``, a one-bit shift with ``"flush"``), a rounding incrementer that
    carries into the exponent, and the result selection.

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
        Pipeline registers, ``>= 0``. 0 is combinational. With ``stages >= 1`` the unit uses
        the ``sync`` domain, accepts a new operand pair every cycle (throughput 1) and presents
        its result exactly ``stages`` cycles later (:attr:`latency`). The first register holds
        the output; a second splits the multiplier and exponent adder from normalisation and
        rounding; further ones delay the output. Registers reset to 0.

    Members
    -------
    a, b : In(fmt.layout)
        Operands.
    p : Out(fmt.layout)
        Product.

    Raises
    ------
    ValueError
        For an invalid format or mode (see :class:`FPMulParams`), or ``stages`` not an integer
        ``>= 0``.
    """

    def __init__(self, fmt, *, subnormals="ieee", overflow="ieee", rounding="rne", stages=0):
        super().__init__(FPMulParams(fmt, subnormals, overflow, rounding), stages)

    def elaborate(self, platform):
        m = Module()
        fmt, params = self.fmt, self.params
        pipe = self._pipeline
        man_bits = fmt.man_bits
        product_bits = 2 * man_bits + 2

        # -- operands: hidden bits, exponent adder, significand multiplier, special cases -----
        a_exp_zero, b_exp_zero = self.a.exp == 0, self.b.exp == 0
        if params.flush_subnormals:
            # Subnormals read as zero, so every significand that matters has its hidden bit.
            sig_a, sig_b = Cat(self.a.man, C(1, 1)), Cat(self.b.man, C(1, 1))
            exp_a, exp_b = self.a.exp, self.b.exp
            a_zero, b_zero = a_exp_zero, b_exp_zero
        else:
            # Subnormals have no hidden bit and the exponent of the smallest normal.
            sig_a, sig_b = Cat(self.a.man, ~a_exp_zero), Cat(self.b.man, ~b_exp_zero)
            exp_a, exp_b = self.a.exp | a_exp_zero, self.b.exp | b_exp_zero
            a_zero = a_exp_zero & (self.a.man == 0)
            b_zero = b_exp_zero & (self.b.man == 0)

        product = Signal(product_bits)
        exp_sum = Signal(fmt.exp_bits + 1)
        sign = Signal()
        any_zero = Signal()
        any_inf = Signal()
        any_nan = Signal()
        m.d.comb += [
            product.eq(sig_a * sig_b),
            exp_sum.eq(exp_a + exp_b),
            sign.eq(self.a.sign ^ self.b.sign),
            any_zero.eq(a_zero | b_zero),
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
            mag_a = self.a.as_value()[:fmt.mag_bits]
            mag_b = self.b.as_value()[:fmt.mag_bits]
            m.d.comb += any_nan.eq((mag_a == fmt.mag_mask) | (mag_b == fmt.mag_mask))

        # Optional register between the multiplier and normalisation.
        product, exp_sum, sign, any_zero, any_inf, any_nan = pipe.cut(
            m, "mid", product, exp_sum, sign, any_zero, any_inf, any_nan)

        # -- normalisation: leading one of the product to its top bit --------------------------
        exp_width = fmt.exp_bits + 3
        # Biased exponent the result has if the product's top bit is its leading one.
        exp_top = Signal(signed(exp_width))
        m.d.comb += exp_top.eq(exp_sum - fmt.bias + 1)
        normalised = Signal(product_bits)
        lost = Signal()  # a one shifted out to the right, for the sticky bit
        # Result exponent field minus one: the hidden bit of the kept significand adds the one.
        exp_base = Signal(signed(exp_width))
        if params.flush_subnormals:
            # Both significands are in [1, 2): the product is in [1, 4).
            top = product[-1]
            m.d.comb += [
                normalised.eq(Mux(top, product, product << 1)),
                exp_base.eq(exp_top - 1 - ~top),
            ]
        else:
            leading_zeros = _leading_zeros(m, product)
            left = Signal(range(product_bits + 1))
            right = Signal(range(product_bits + 1))
            widened = Signal(2 * product_bits)
            with m.If(exp_top - 1 >= leading_zeros):
                m.d.comb += [left.eq(leading_zeros), exp_base.eq(exp_top - 1 - leading_zeros)]
            with m.Elif(exp_top >= 1):
                # Subnormal result: normalise only as far as the smallest exponent allows.
                m.d.comb += left.eq(exp_top - 1)
            with m.Elif(1 - exp_top >= product_bits):
                # Every bit is already shifted out: clamping keeps the shifter small.
                m.d.comb += right.eq(product_bits)
            with m.Else():
                m.d.comb += right.eq(1 - exp_top)
            # The low half of the widened product catches the bits shifted out to the right.
            m.d.comb += [
                widened.eq(Cat(C(0, product_bits), (product << left)[:product_bits]) >> right),
                normalised.eq(widened[product_bits:]),
                lost.eq(widened[:product_bits] != 0),
            ]

        # -- rounding: M + 1 bits kept, a carry moves into the exponent -------------------------
        kept = normalised[man_bits + 1:]
        round_bit = normalised[man_bits]
        sticky = (normalised[:man_bits] != 0) | lost
        round_up = Signal()
        if not params.truncate:
            m.d.comb += round_up.eq(round_bit & (sticky | kept[0]))
        mag = Signal(signed(fmt.mag_bits + 3))
        # The hidden bit in ``kept`` adds one to the exponent field.
        m.d.comb += mag.eq((exp_base << man_bits) + kept + round_up)

        # -- result selection -------------------------------------------------------------------
        tiny = Signal()
        if params.flush_subnormals:
            m.d.comb += tiny.eq(mag < fmt.min_normal_mag)
        overflow_to_nan = C(0, 1)
        if params.overflow_mag is None:
            overflow_to_nan = mag > fmt.max_finite_mag
        result_mag = Signal(fmt.mag_bits)
        with m.If(any_inf):
            m.d.comb += result_mag.eq(fmt.inf_mag or 0)
        with m.Elif(any_zero | tiny):
            m.d.comb += result_mag.eq(0)
        with m.Elif(mag > fmt.max_finite_mag):
            m.d.comb += result_mag.eq(params.overflow_mag or 0)
        with m.Else():
            m.d.comb += result_mag.eq(mag[:fmt.mag_bits])

        nan = any_nan | (overflow_to_nan & ~any_zero & ~any_inf)
        result = Signal(fmt.width)
        m.d.comb += result.eq(Mux(nan, fmt.nan_code, Cat(result_mag, sign)))
        (result,) = pipe.cut(m, "out", result)
        m.d.comb += self.p.eq(result)
        return m


def _leading_zeros(m, value):
    """A signal counting the zeros above the leading one of ``value`` (its width if 0)."""
    width = len(value)
    count = Signal(range(width + 1), init=width)
    m.d.comb += count.eq(width)
    # Later assignments win: scanning upwards gives the highest one priority.
    for bit in range(width):
        with m.If(value[bit]):
            m.d.comb += count.eq(width - 1 - bit)
    return count
