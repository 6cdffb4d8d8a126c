"""The one rounder: a raw magnitude, truncated to the format's mantissa, with its round and
sticky bits, finished into a rounded magnitude."""

from amaranth.hdl import Cat, Signal, unsigned

from ..fpmul_params import ROUNDING_MODES

__all__ = ["round_magnitude"]


def round_magnitude(m, exponent, mantissa, round_bit, sticky, rounding):
    """Round the magnitude ``exponent << M | mantissa`` (``M = len(mantissa)``), of which
    ``round_bit`` is the first bit dropped and ``sticky`` the OR of every later one.

    The increment (``rne``: ``round_bit & (sticky | lsb)``; ``truncate``: none) is added to the
    whole magnitude, so a mantissa that rounds up past all ones carries into the exponent: a
    normal significand ``1.11..1`` becomes ``1.0`` with the next exponent, and a subnormal
    (exponent field 0) that rounds up to the smallest normal gets exponent field 1. Combinational:
    one incrementer of ``M + len(exponent)`` bits.

    Parameters
    ----------
    m : Module
    exponent : Value
        Unsigned exponent (field, or field plus a constant the caller removes later).
    mantissa : Value
        The kept mantissa bits, ``M >= 1``.
    round_bit, sticky : Value
        One bit each.
    rounding : str
        One of :data:`lmul.fpmul_params.ROUNDING_MODES`: ``rne`` (to nearest, ties to
        even) or ``truncate`` (toward zero).

    Returns
    -------
    Signal
        Unsigned, ``M + len(exponent) + 1`` bits (room for the carry), in ``m.d.comb``.

    Raises
    ------
    ValueError
        For an unknown rounding mode.
    """
    if rounding not in ROUNDING_MODES:
        raise ValueError(f"rounding mode must be one of 'rne', 'truncate', not {rounding!r}")
    raw = Cat(mantissa, exponent)
    rounded = Signal(unsigned(len(raw) + 1))
    if rounding == "rne":
        m.d.comb += rounded.eq(raw + (round_bit & (sticky | mantissa[0])))
    else:
        m.d.comb += rounded.eq(raw)
    return rounded
