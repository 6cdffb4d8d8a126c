"""Leading-zero count, as a tree."""

from amaranth.hdl import Mux, Signal

__all__ = ["leading_zeros"]


def leading_zeros(m, value):
    """A signal counting the zeros above the leading one of ``value`` (``len(value)`` if it is
    0), built as a tree: each node combines the counts of its halves, so the depth grows with
    the logarithm of the width. Combinational, in ``m.d.comb``.

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
    if len(value) < 1:
        raise ValueError(f"value must be at least 1 bit wide, not {len(value)}")
    count, _ = _node(m, value)
    result = Signal(range(len(value) + 1))
    m.d.comb += result.eq(count)
    return result


def _node(m, value):
    # (count, all_zero) of ``value``; count equals len(value) when all_zero.
    width = len(value)
    if width == 1:
        return ~value[0], ~value[0]
    low_width = width // 2
    high_count, high_zero = _node(m, value[low_width:])
    low_count, low_zero = _node(m, value[:low_width])
    count = Signal(range(width + 1))
    m.d.comb += count.eq(Mux(high_zero, (width - low_width) + low_count, high_count))
    return count, high_zero & low_zero
