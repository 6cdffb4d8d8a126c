"""The one rounder: a raw magnitude, truncated to the format's mantissa, with its round and
sticky bits, finished into a rounded magnitude."""

from amaranth.hdl import Cat, Signal, unsigned

from ..param_checks import check_choice
from ..rounded_params import ROUNDING_MODES

__all__ = ["round_magnitude"]


def round_magnitude(m, exponent, mantissa, round_bit, sticky, rounding, *, hidden=None,
                    carry=None):
    """Round the magnitude ``exponent << M | mantissa`` (plus ``hidden << M``), truncated to
    ``M = len(mantissa)`` bits, of which ``round_bit`` is the first bit dropped and ``sticky``
    the OR of every later one.

    ``hidden``, if given, is the significand's hidden bit and adds one to ``exponent`` (a
    normal result's exponent field is then ``exponent + 1``; a subnormal one has hidden bit 0
    and exponent 0); without it ``exponent`` is the field itself. The increment (``rne``:
    ``round_bit & (sticky | lsb)``; ``truncate``: none) is added to the whole magnitude, so a
    mantissa that rounds up past all ones carries into the exponent: ``1.11..1`` becomes
    ``1.0`` with the next exponent, and a subnormal that rounds up to the smallest normal gets
    exponent field 1. Combinational: an incrementer of ``M + len(exponent)`` bits (with
    ``hidden``, an adder; with ``carry``, an M-bit incrementer of the mantissa and one of the
    exponent whose carry-in is ``carry`` OR the mantissa's carry).

    Parameters
    ----------
    m : Module
    exponent : Value
        Unsigned.
    mantissa : Value
        The kept mantissa bits, ``M >= 1``.
    round_bit, sticky : Value
        One bit each.
    rounding : str
        One of :data:`lmul.rounded_params.ROUNDING_MODES`: ``rne`` (to nearest, ties to
        even) or ``truncate`` (toward zero).
    hidden : Value or None
        One bit.
    carry : Value or None
        One bit added to ``exponent`` (without ``hidden`` only), for a caller whose exponent
        is still to be incremented: a normalisation shift. The caller guarantees it is never
        set when the mantissa rounds up past all ones, so the exponent takes one carry-in
        (``carry`` OR the mantissa's carry) instead of two increments.

    Returns
    -------
    Signal
        Unsigned, ``M + len(exponent) + 1`` bits (room for the carry), in ``m.d.comb``.

    Raises
    ------
    TypeError
        If ``rounding`` is not a string.
    ValueError
        For an unknown rounding mode.
    """
    check_choice(rounding, "rounding mode", ROUNDING_MODES)
    man_bits = len(mantissa)
    rounded = Signal(unsigned(man_bits + len(exponent) + 1))
    rne = rounding == "rne"
    # Round to nearest, ties to even: up when the dropped part exceeds half an LSB, or equals
    # it and the kept LSB is odd.
    increment = round_bit & (sticky | mantissa[0]) if rne else None
    if carry is not None:
        if hidden is not None:
            raise ValueError("round_magnitude takes a hidden bit or an exponent carry, not both")
        # The mantissa's own carry and ``carry`` never coincide: one carry-in of the exponent.
        shifted = Signal(len(exponent) + 1)
        if rne:
            man_sum = Signal(man_bits + 1)
            m.d.comb += [
                man_sum.eq(mantissa + increment),
                shifted.eq(exponent + (carry | man_sum[man_bits])),
                rounded.eq(Cat(man_sum[:man_bits], shifted)),
            ]
        else:
            m.d.comb += [shifted.eq(exponent + carry), rounded.eq(Cat(mantissa, shifted))]
        return rounded
    if hidden is None:
        raw = Cat(mantissa, exponent)
    else:
        raw = (exponent << man_bits) + Cat(mantissa, hidden)
    if rne:
        m.d.comb += rounded.eq(raw + increment)
    else:
        m.d.comb += rounded.eq(raw)
    return rounded
