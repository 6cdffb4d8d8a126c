"""The L-Mul adder: the sum of two magnitudes and the offset, as a mantissa and an exponent."""

from amaranth.hdl import Cat, Signal

__all__ = ["lmul_sum"]


def lmul_sum(m, fmt, a, b, offset):
    """``|a| + |b| + offset`` (``offset >= 0``, in mantissa-LSB units) split as ``(mantissa,
    exponent, whole)``: ``|a| + |b| + offset == (exponent + whole) << M | mantissa``.

    ``offset`` is taken apart into a whole number ``whole`` of exponent steps, which this
    function does not add (the caller folds it into the constants it compares the exponent with),
    and a part below one step: a carry-in of the mantissa adder if it is one LSB, else a
    constant added after the fields' sum (an incrementer from its lowest bit up; one adder with
    two carry-ins, or a two-bit mantissa carry, costs more). ``exponent`` is then the sum of the
    exponent fields and the mantissa carry. Combinational: an M-bit adder of the mantissa fields
    (an (M+1)-bit sum, its top bit the carry) and an E-bit adder of the exponent fields with that
    carry as its carry-in (an (E+1)-bit sum), plus the incrementer for a larger offset part.

    Parameters
    ----------
    m : Module
    fmt : Format
    a, b : CodeView
        The operands (``fmt.layout`` views).
    offset : int
        ``>= 0``.

    Returns
    -------
    tuple of (Value, Signal, int)
        ``mantissa`` (a Signal of M bits), ``exponent`` (unsigned, E + 1 bits, E + 2 with an
        incremented offset) and ``whole``.
    """
    man_bits = fmt.man_bits
    whole, part = offset >> man_bits, offset & fmt.man_mask
    mantissa = Signal(man_bits)
    man_sum = Signal(man_bits + 1)
    if part <= 1:
        exponent = Signal(fmt.exp_bits + 1)
        m.d.comb += [
            man_sum.eq(a.man + b.man + part),
            exponent.eq(a.exp + b.exp + man_sum[man_bits:]),
            mantissa.eq(man_sum[:man_bits]),
        ]
        return mantissa, exponent, whole
    m.d.comb += man_sum.eq(a.man + b.man)
    total = Signal(fmt.mag_bits + 2)
    exponent = Signal(fmt.exp_bits + 2)
    m.d.comb += [
        total.eq(Cat(man_sum[:man_bits], a.exp + b.exp + man_sum[man_bits:]) + part),
        exponent.eq(total[man_bits:]),
        mantissa.eq(total[:man_bits]),
    ]
    return mantissa, exponent, whole
