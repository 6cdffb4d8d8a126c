"""Alignment of a product into the accumulator's fixed-point window."""

from amaranth.hdl import Cat, Const, Module, Mux, Signal, signed
from amaranth.lib import wiring
from amaranth.lib.wiring import In, Out

__all__ = ["WindowAlign"]


class WindowAlign(wiring.Component):
    """Shift a product ``significand * 2**(exponent - exponent_bias)`` into a two's-complement
    window of ``msb - lsb + 1`` bits whose LSB weighs ``2**lsb``: combinational.

    ``term`` is the product truncated toward zero to a multiple of ``2**lsb`` (its magnitude
    loses the bits below the LSB), negated if ``sign`` is set, in units of ``2**lsb``.
    ``clipped`` is set if the magnitude is ``>= 2**msb`` (it does not fit); ``term`` then carries
    no meaning.

    The shifter covers only the exponents ``exponent_range`` of the finite non-zero products;
    for another exponent the significand must be 0 (a zero product gives a zero term) or the
    result is not used (NaN and infinities).

    Parameters
    ----------
    significand_bits : int
        Width of the significand.
    exponent_shape : ShapeLike
        Shape of the exponent.
    exponent_bias : int
        The exponent of a significand whose LSB weighs 1.
    exponent_range : tuple of (int, int)
        Lowest and highest exponent of a non-zero significand.
    lsb, msb : int
        The window, ``lsb < msb``.

    Members
    -------
    significand : In(significand_bits)
    exponent : In(exponent_shape)
    sign : In(1)
    term : Out(signed(msb - lsb + 1))
    clipped : Out(1)
    """

    def __init__(self, *, significand_bits, exponent_shape, exponent_bias, exponent_range,
                 lsb, msb):
        self.significand_bits = significand_bits
        self.exponent_bias = exponent_bias
        self.exponent_range = exponent_range
        self.lsb, self.msb = lsb, msb
        self.width = msb - lsb + 1
        super().__init__({
            "significand": In(significand_bits),
            "exponent": In(exponent_shape),
            "sign": In(1),
            "term": Out(signed(self.width)),
            "clipped": Out(1),
        })

    def elaborate(self, platform):
        m = Module()
        bits, width = self.significand_bits, self.width
        # u = exponent - base places the significand's LSB u bits above the bit of weight
        # 2**(lsb - bits): u <= 0 shifts every bit out, u >= width - 1 + bits clips.
        base = self.exponent_bias + self.lsb - bits
        ceiling = width - 1 + bits
        low, high = (min(max(e - base, 0), ceiling) for e in self.exponent_range)
        span = high - low

        raw = Signal(signed(max(len(self.exponent), (abs(base) + abs(low)).bit_length()) + 2))
        m.d.comb += raw.eq(self.exponent - (base + low))
        amount = Signal(range(span + 1))
        # Clamps are built only where a real product can fall outside the shifter's range.
        if self.exponent_range[0] - base < low or self.exponent_range[1] - base > high:
            with m.If(raw < 0):
                m.d.comb += amount.eq(0)
            with m.Elif(raw > span):
                m.d.comb += amount.eq(span)
            with m.Else():
                m.d.comb += amount.eq(raw)
        else:
            m.d.comb += amount.eq(raw)

        shifted = Signal(bits + span)
        m.d.comb += shifted.eq(self.significand << amount)
        # ``placed`` is the significand times 2**(u + lsb - bits) in units of 2**(lsb - bits):
        # dropping its low ``bits`` bits truncates to the window's LSB.
        placed = Cat(Const(0, low), shifted)
        magnitude = placed[bits:]
        kept = Signal(width - 1)
        m.d.comb += kept.eq(magnitude[:width - 1])
        if len(magnitude) > width - 1:
            m.d.comb += self.clipped.eq(magnitude[width - 1:] != 0)
        m.d.comb += self.term.eq(Mux(self.sign, -kept, kept))
        return m
