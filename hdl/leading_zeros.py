"""Leading-zero count, as a tree."""

from amaranth.hdl import C, Cat, Mux, Signal

__all__ = ["leading_zeros"]


def leading_zeros(m, value):
    """A signal counting the zeros above the leading one of ``value`` (``len(value)`` if it is
    0). Combinational, in ``m.d.comb``.

    ``value`` is padded below with ones to a power of two wider than itself (so the padded
    value is never 0 and its count equals ``value``'s), then counted by a tree: a node's count
    is the high half's count if the high half has a one, else the low half's, with one more
    bit on top saying which; no adders, depth logarithmic in the width.

    Parameters
    ----------
    m : Module
    value : Value
        At least one bit.

    Returns
    -------
    Signal
        ``range(len(value) + 1)``.
    """
    width = len(value)
    if width < 1:
        raise ValueError(f"value must be at least 1 bit wide, not {width}")
    padded_width = 1 << width.bit_length()  # a power of two > width
    padding = padded_width - width
    count, _ = _node(Cat(C((1 << padding) - 1, padding), value))
    result = Signal(range(width + 1))
    m.d.comb += result.eq(count)
    return result


def _node(value):
    # (count, all_zero) of ``value``, a power of two wide; count has log2(len(value)) bits and
    # carries no meaning when all_zero.
    if len(value) == 1:
        return C(0, 0), ~value[0]
    half = len(value) // 2
    high_count, high_zero = _node(value[half:])
    low_count, low_zero = _node(value[:half])
    return Cat(Mux(high_zero, low_count, high_count), high_zero), high_zero & low_zero
