"""The per-row accumulator of the dot-product tile: a fixed-point window with sticky special
flags."""

from amaranth.hdl import Module, Mux, Signal, signed
from amaranth.lib import data, wiring
from amaranth.lib.wiring import In, Out

__all__ = ["WindowAccumulator", "SPECIAL_TERMS"]

#: What a beat of a row may hold besides its window sum: a NaN product, infinite products of
#: either sign, clipped products (finite, too large for the window) of either sign.
SPECIAL_TERMS = data.StructLayout({"nan": 1, "pos_inf": 1, "neg_inf": 1, "pos_clip": 1,
                                   "neg_clip": 1})


class WindowAccumulator(wiring.Component):
    """Sum of a packet's beat sums in a ``width``-bit two's-complement window, with the
    special-value rules of :class:`lmul.dot_params.DotParams`.

    Every beat with ``valid`` adds ``sum`` to the running sum; the register reads the sum
    exactly while it stays in ``[-2**(width-1), 2**(width-1))``. The first beat after which it
    does not sets a sticky overflow with the sign of that running sum. The special flags are
    sticky too. On the beat with ``last`` the packet's result is registered in ``packet`` (with
    ``valid`` for one cycle) and the running sum and flags restart from zero for the next
    packet. ``packet``:

    - ``nan``: a NaN product, +inf and -inf products, or (without infinite products) clipped
      products of both signs;
    - otherwise ``inf`` with sign ``negative``: infinite products, else clipped products, else
      an overflow of the running sum;
    - otherwise ``value``, the exact sum.

    Latency one cycle, throughput one beat per cycle; ``sync`` domain, reset clears the packet
    in progress.

    Parameters
    ----------
    width : int
        Bits of the window, ``>= 2``.
    sum_width : int
        Bits of a beat sum, ``>= 1``.

    Members
    -------
    beat : In(StructLayout)
        ``sum`` (signed), ``special`` (:data:`SPECIAL_TERMS`), ``valid``, ``last``.
    packet : Out(StructLayout)
        ``value`` (signed ``width``), ``nan``, ``inf``, ``negative``, ``valid``.

    Raises
    ------
    ValueError
        If a width is not an integer in its range.
    """

    def __init__(self, width, sum_width):
        if type(width) is not int or width < 2:
            raise ValueError(f"window width must be an integer >= 2, not {width!r}")
        if type(sum_width) is not int or sum_width < 1:
            raise ValueError(f"beat sum width must be an integer >= 1, not {sum_width!r}")
        self.width = width
        self.sum_width = sum_width
        super().__init__({
            "beat": In(data.StructLayout({"sum": signed(sum_width), "special": SPECIAL_TERMS,
                                          "valid": 1, "last": 1})),
            "packet": Out(data.StructLayout({"value": signed(width), "nan": 1, "inf": 1,
                                             "negative": 1, "valid": 1})),
        })

    @property
    def latency(self):
        return 1

    def elaborate(self, platform):
        m = Module()
        width = self.width
        beat, packet = self.beat, self.packet

        running = Signal(signed(width))
        special = Signal(SPECIAL_TERMS)
        overflow = Signal()
        overflow_negative = Signal()

        total = Signal(signed(max(width, self.sum_width) + 1))
        m.d.comb += total.eq(running + beat.sum)
        high_bits = total[width - 1:]
        outside = Signal()
        m.d.comb += outside.eq((high_bits != 0) & (high_bits != (1 << len(high_bits)) - 1))

        merged = Signal(SPECIAL_TERMS)
        merged_overflow = Signal()
        merged_negative = Signal()
        m.d.comb += [
            merged.eq(special.as_value() | beat.special.as_value()),
            merged_overflow.eq(overflow | outside),
            # The sign of the first running sum outside the window.
            merged_negative.eq(Mux(overflow, overflow_negative, total < 0)),
        ]

        infinite = merged.pos_inf | merged.neg_inf
        clipped = merged.pos_clip | merged.neg_clip
        m.d.sync += packet.valid.eq(beat.valid & beat.last)
        with m.If(beat.valid):
            with m.If(beat.last):
                m.d.sync += [
                    packet.value.eq(total[:width]),
                    packet.nan.eq(merged.nan | (merged.pos_inf & merged.neg_inf)
                                  | (~infinite & merged.pos_clip & merged.neg_clip)),
                    packet.inf.eq(infinite | clipped | merged_overflow),
                    packet.negative.eq(Mux(infinite, merged.neg_inf,
                                           Mux(clipped, merged.neg_clip, merged_negative))),
                    running.eq(0),
                    special.eq(0),
                    overflow.eq(0),
                    overflow_negative.eq(0),
                ]
            with m.Else():
                m.d.sync += [
                    running.eq(total[:width]),
                    special.eq(merged),
                    overflow.eq(merged_overflow),
                    overflow_negative.eq(merged_negative),
                ]
        return m
