"""The floating-point adder: the correctly rounded sum of two codes of one format."""

from amaranth.hdl import C, Cat, Module, Mux, Signal

from ..fpadd_params import FPAddParams
from .binary_unit import BinaryUnit
from .leading_zeros import leading_zeros
from .result_code import result_code
from .rounding import round_magnitude

__all__ = ["FPAdd"]

#: Bits kept below the larger operand's significand when the smaller one is aligned to it: a
#: guard and a round bit, and a sticky bit that ORs every bit shifted out further. Enough for a
#: correctly rounded sum: an alignment that drops bits leaves at most one cancelled leading bit.
GUARD_BITS = 3


class FPAdd(BinaryUnit):
    """Floating-point adder rounding the exact sum into the operand format, IEEE 754 style,
    with every special value defined. ``a - b`` is ``a + (b ^ sign bit)``.

    For sign bits ``sa``, ``sb``, ``s`` is:

    - the canonical NaN (:attr:`Format.nan_code`, sign 0) if either input is NaN, or (``ieee``
      formats) both are infinite with opposite signs (inf - inf);
    - (``ieee`` formats) otherwise the infinity an infinite input is (inf + finite = inf,
      inf + inf = inf);
    - for an exact zero sum: -0 if both inputs are -0 (``subnormals="flush"``: zero or
      subnormal with sign 1), +0 otherwise: +0 + -0 = +0 and x + (-x) = +0 for every finite x,
      in both rounding modes (IEEE 754 gives -0 there only when rounding toward -inf, which is
      not a mode here);
    - otherwise the exact sum, with the sign of the input of larger magnitude, rounded
      (``rounding``: to nearest, ties to even, or toward zero) to ``M + 1`` significant bits.
      A zero input leaves the other unchanged (x + ±0 = x).

    Subnormals: with ``subnormals="ieee"`` subnormal inputs keep their value and a sum below
    the smallest normal number is a subnormal (gradual underflow; such a sum is a multiple of
    the smallest subnormal, hence exact). With ``"flush"`` subnormal inputs read as zero of
    their sign, and a sum below the smallest normal number (exact, too) gives zero with the
    sign of the exact sum.

    Overflow is decided on the rounded magnitude: above the largest finite number it gives
    ±max finite if ``overflow="saturate"`` or ``rounding="truncate"``, else ±inf (``ieee``
    formats) or the canonical NaN (``fn`` formats). For e4m3fn, 448 + 16 = 464 ties to the
    even 448; 448 + 24 rounds to 480 and overflows. No other underflow exists: a sum of two
    codes is never a non-zero value below the smallest subnormal.

    Bit-exact with :func:`lmul.golden.fpadd.fpadd`, the contract. The datapath, every width
    derived from the format: an (E+M)-bit magnitude comparator, which orders the operands
    (multiplexers swap them so that ``big`` has the larger magnitude; equal magnitudes with
    opposite signs are the exact zero); an E-bit subtractor for the alignment distance; a right
    shifter that aligns the smaller significand to ``M + 1 +`` :data:`GUARD_BITS` bits, the
    bits it drops ORed into the sticky bit (each significand bit tested against the distance);
    one adder of M+5 bits and a carry-in bit below them (M+6 bits in all), which subtracts by
    adding the complement and the carry-in (the smaller
    magnitude never exceeds the larger, so the difference is never negative); the one
    leading-zero counter (:func:`~lmul.hdl.leading_zeros.leading_zeros`) and a left shifter
    that normalise the sum (``subnormals="ieee"``: no further than the smallest exponent
    allows); the one rounder (:func:`~lmul.hdl.rounding.round_magnitude`, its increment carrying
    into the exponent) and the result assembly shared with the multipliers
    (:func:`~lmul.hdl.result_code.result_code`).

    Parameters
    ----------
    fmt, subnormals, overflow, rounding
        The format and modes, as for :class:`~lmul.fpadd_params.FPAddParams` (whose checks and
        messages are :class:`~lmul.rounded_params.RoundedUnitParams`'): defaults ``"ieee"``,
        ``"ieee"``, ``"rne"``, their meaning above.
    stages : int
        Pipeline registers, 0..:data:`~lmul.hdl.pipeline.MAX_STAGES`. 0 is combinational.
        With ``stages >= 1`` the unit uses the ``sync`` domain, accepts a new operand pair
        every cycle (:attr:`throughput` 1) and presents its sum exactly ``stages`` cycles later
        (:attr:`latency`). The first register holds the output; a second splits the
        comparison, alignment and addition from normalisation and rounding; further ones
        delay the output. Registers reset to 0.

    Members
    -------
    a, b : In(fmt.layout)
        Operands.
    s : Out(fmt.layout)
        Sum.

    Raises
    ------
    ValueError
        For an invalid format or mode (see :class:`~lmul.fpadd_params.FPAddParams`), or
        ``stages`` out of range.
    TypeError
        If a mode is not a string or ``stages`` not an integer.
    """

    RESULT = "s"

    def __init__(self, fmt, *, subnormals="ieee", overflow="ieee", rounding="rne", stages=0):
        super().__init__(FPAddParams(fmt, subnormals, overflow, rounding), stages)

    def elaborate(self, platform):
        m = Module()
        fmt, params = self.fmt, self.params
        man_bits = fmt.man_bits
        daz = params.flush_subnormals
        a, b = self.a, self.b

        # -- order by magnitude: big has the larger one (for codes, their order as integers) ---
        swap = Signal()
        equal = Signal()
        big = Signal(fmt.layout)
        small = Signal(fmt.layout)
        subtract = Signal()
        m.d.comb += [
            swap.eq(b.magnitude > a.magnitude),
            equal.eq(a.magnitude == b.magnitude),
            big.eq(Mux(swap, b.as_value(), a.as_value())),
            small.eq(Mux(swap, a.as_value(), b.as_value())),
            subtract.eq(a.sign ^ b.sign),
        ]

        # -- specials and the exact zero, from big alone where it has the larger magnitude -----
        zero = Signal()  # the exact sum is 0 (or, flushing, big and so small read as zero)
        special = Signal()  # NaN or inf (ieee), NaN (fn)
        nan = Signal()
        sign = Signal()
        m.d.comb += [
            zero.eq(big.is_zero(daz=daz) | (subtract & equal)),
            sign.eq(Mux(zero, a.sign & b.sign, big.sign)),
        ]
        if fmt.has_inf:
            m.d.comb += [special.eq(big.is_inf_or_nan()),
                         nan.eq(big.is_nan() | (small.is_inf() & subtract))]
        else:
            m.d.comb += [nan.eq(big.is_nan()), special.eq(nan)]

        # -- alignment of the smaller significand, with a sticky bit ---------------------------
        width = man_bits + 1 + GUARD_BITS
        big_sig = big.significand(daz=daz)  # flushing, a big that reads as zero sets ``zero``
        small_sig = Signal(man_bits + 1)
        m.d.comb += small_sig.eq(Mux(small.is_zero(daz=daz), 0, small.significand(daz=daz)))
        big_exp = big.exponent(daz=daz)
        distance = Signal(fmt.exp_bits)
        m.d.comb += distance.eq(big_exp - small.exponent(daz=daz))
        if (1 << fmt.exp_bits) - 1 > width:
            # A distance beyond the width shifts every bit out: clamping keeps the shifter small.
            shift = Signal(range(width + 1))
            m.d.comb += shift.eq(Mux(distance > width, width, distance))
        else:
            shift = distance
        # Significand bit i sits at i + GUARD_BITS and is lost if the shift exceeds that.
        sticky = Cat(*[small_sig[i] & (shift > i + GUARD_BITS) for i in range(man_bits + 1)]) != 0
        aligned = Signal(width)
        m.d.comb += aligned.eq((Cat(C(0, GUARD_BITS), small_sig) >> shift) | sticky)

        # -- add, or subtract by adding the complement; the result is never negative -----------
        # One adder: the carry-in of a subtraction enters as a bit below both operands.
        total = Signal(width + 1)
        addend = Cat(aligned, C(0, 1)) ^ subtract.replicate(width + 1)
        m.d.comb += total.eq((Cat(subtract, C(0, GUARD_BITS), big_sig)
                              + Cat(subtract, addend))[1:])

        # Optional register between the addition and normalisation.
        total, big_exp, sign, zero, special, nan = self._pipeline.cut(
            m, "mid", total, big_exp, sign, zero, special, nan)

        # -- normalisation: total is in units of 2**(big_exp - bias - M - GUARD_BITS) ----------
        zeros = leading_zeros(m, total)
        if daz:
            # Normalised all the way; the field big_exp + 1 - zeros of a non-zero sum is at
            # least 2 - width (big_exp >= 1, zeros <= width), offset by ``bias`` to stay
            # non-negative.
            shift = zeros
            bias = width - 2
            exponent = Signal(range((1 << fmt.exp_bits) + bias + 1))
            m.d.comb += exponent.eq(big_exp + 1 + bias - zeros)
        else:
            # No further than the smallest exponent: a subnormal sum keeps leading zeros.
            shift = Signal(range(width + 2))
            m.d.comb += shift.eq(Mux(zeros > big_exp, big_exp, zeros))
            bias = 0
            exponent = Signal(fmt.exp_bits)  # the field minus the hidden bit
            m.d.comb += exponent.eq(big_exp - shift)
        normalised = Signal(width + 1)
        m.d.comb += normalised.eq(total << shift)
        mantissa = normalised[GUARD_BITS + 1:-1]
        round_bit = normalised[GUARD_BITS]
        sticky = normalised[:GUARD_BITS] != 0
        rounded = round_magnitude(m, exponent, mantissa, round_bit, sticky, params.rounding,
                                  hidden=None if daz else normalised[-1])
        result = result_code(m, fmt, mantissa=rounded[:man_bits], exponent=rounded[man_bits:],
                             bias=bias, sign=sign, zero=zero, special=special, nan=nan,
                             flush_tiny=daz, overflow_mag=params.overflow_mag)
        (result,) = self._pipeline.cut(m, "out", result)
        m.d.comb += self.s.eq(result)
        return m
