"""Rounding of an integer magnitude with a variable scale into a floating-point format."""

from amaranth.hdl import Cat, Const, Mux, Signal, signed

from ..format import Format
from .leading_zeros import leading_zeros
from .rounding import round_magnitude

__all__ = ["round_scaled"]


def round_scaled(m, magnitude, sign, exponent, out_fmt):
    """The ``out_fmt`` code of ``(-1)**sign * magnitude * 2**exponent``, rounded to nearest,
    ties to even: subnormal results as IEEE 754 (gradual underflow), magnitudes that round
    above the largest finite number ±inf; a zero magnitude, or one that rounds to zero, gives
    the zero of ``sign``. Combinational, in ``m.d.comb``.

    The datapath: a leading-zero count and a left shift that normalise the magnitude, a right
    shift (with a sticky bit) by how far its exponent lies below the smallest normal one, and
    the one rounder (:func:`lmul.hdl.rounding.round_magnitude`), whose increment carries into
    the exponent.

    Parameters
    ----------
    m : Module
    magnitude : Value
        Unsigned, at least one bit.
    sign : Value
        One bit.
    exponent : Value
        Signed: the weight exponent of ``magnitude``'s LSB.
    out_fmt : Format
        It must have infinities.

    Returns
    -------
    Signal
        ``out_fmt.width`` bits.
    """
    fmt = Format.parse(out_fmt)
    if not fmt.has_inf:
        raise ValueError(f"output format must have infinities, not {fmt.name!r}")
    man_bits = fmt.man_bits
    # At least M + 2 bits: the significand, its hidden bit and the round bit.
    padding = max(0, man_bits + 2 - len(magnitude))
    width = len(magnitude) + padding
    zeros = leading_zeros(m, magnitude)
    normalised = Signal(width)
    m.d.comb += normalised.eq(Cat(Const(0, padding), magnitude) << zeros)

    # Biased exponent of the leading one: the LSB's weight, the magnitude's width less one and
    # its leading zeros, and the bias. Wide enough for every operand of this function.
    exp_width = max(len(exponent), len(zeros).bit_length() + 1, width.bit_length() + 1,
                    fmt.exp_bits + 1) + 2
    biased = Signal(signed(exp_width))
    m.d.comb += biased.eq(exponent + (len(magnitude) - 1 + fmt.bias) - zeros)
    # Below the smallest normal exponent (biased 1) the quantum stays that of the subnormals:
    # shift right by the difference, the bits shifted out going into the sticky bit.
    underflow = Signal(range(width + 2))
    with m.If(biased >= 1):
        m.d.comb += underflow.eq(0)
    with m.Elif(biased < 1 - (width + 1)):
        m.d.comb += underflow.eq(width + 1)
    with m.Else():
        m.d.comb += underflow.eq(1 - biased)
    extended = Cat(Const(0, width + 1), normalised)
    shifted = Signal(len(extended))
    m.d.comb += shifted.eq(extended >> underflow)
    kept = shifted[width + 1:]

    significand = kept[-(man_bits + 1):]
    round_bit = kept[-(man_bits + 2)]
    sticky = (kept[:-(man_bits + 2)] != 0) | (shifted[:width + 1] != 0)
    # A normal result's exponent field minus one (its hidden bit adds the one); 0 for a
    # subnormal one, whose hidden bit is 0.
    field = Signal(exp_width)
    m.d.comb += field.eq(Mux(underflow == 0, biased - 1, 0))
    mag = round_magnitude(m, field, significand[:man_bits], round_bit, sticky, "rne",
                          hidden=significand[man_bits])

    code = Signal(fmt.width)
    with m.If(magnitude == 0):
        m.d.comb += code.eq(Cat(Const(0, fmt.mag_bits), sign))
    with m.Elif(mag > fmt.max_finite_mag):
        m.d.comb += code.eq(Cat(Const(fmt.inf_mag, fmt.mag_bits), sign))
    with m.Else():
        m.d.comb += code.eq(Cat(mag[:fmt.mag_bits], sign))
    return code
