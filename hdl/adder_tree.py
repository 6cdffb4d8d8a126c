"""A pipelined binary adder tree of signed terms."""

from amaranth.hdl import Module, Signal, signed
from amaranth.lib import data, wiring
from amaranth.lib.wiring import In, Out

from .balanced_tree import reduce_pairs, tree_levels, tree_registers

__all__ = ["AdderTree"]


class AdderTree(wiring.Component):
    """Exact sum of ``count`` signed ``width``-bit terms by a tree of two-input adders.

    Level ``k`` adds pairs of level ``k - 1``'s sums, one bit wider (an odd one out passes
    through), so the sum never overflows: ``total`` has ``width + ceil(log2(count))`` bits.
    With ``levels_per_register = k >= 1`` a register follows every ``k``-th level and the last
    one, in the ``sync`` domain: :attr:`latency` is ``ceil(levels / k)`` cycles, throughput one
    sum per cycle. With ``k = 0`` (or a single term) the tree is combinational.

    Parameters
    ----------
    width : int
        Bits of a term, ``>= 1``.
    count : int
        Number of terms, ``>= 1``.
    levels_per_register : int
        ``>= 0``.

    Members
    -------
    terms : In(ArrayLayout(signed(width), count))
    total : Out(signed(width + levels))

    Raises
    ------
    ValueError
        If a parameter is not an integer in its range.
    """

    def __init__(self, width, count, *, levels_per_register=1):
        for name, value, least in (("width", width, 1), ("count", count, 1),
                                   ("levels per register", levels_per_register, 0)):
            if type(value) is not int or value < least:
                raise ValueError(f"{name} must be an integer >= {least}, not {value!r}")
        self.width = width
        self.count = count
        self.levels_per_register = levels_per_register
        self.levels = tree_levels(count)
        super().__init__({
            "terms": In(data.ArrayLayout(signed(width), count)),
            "total": Out(signed(width + self.levels)),
        })

    @property
    def latency(self):
        """Cycles from terms to their sum."""
        return tree_registers(self.levels, self.levels_per_register)

    @property
    def throughput(self):
        """Sums per cycle: 1."""
        return 1

    def elaborate(self, platform):
        m = Module()

        def add(level, index, pair):
            # One bit wider per level; an odd one out is widened too.
            pair_sum = Signal(signed(self.width + level), name=f"level{level}_sum{index}")
            m.d.comb += pair_sum.eq(sum(pair))
            return pair_sum

        terms = [self.terms[index] for index in range(self.count)]
        m.d.comb += self.total.eq(reduce_pairs(m, terms, add, self.levels_per_register))
        return m
