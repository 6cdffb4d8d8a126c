"""A pipelined balanced tree of floating-point adders."""

from amaranth.hdl import Module
from amaranth.lib import data, wiring
from amaranth.lib.wiring import In, Out

from ..format import Format
from ..param_checks import check_integer
from .balanced_tree import reduce_pairs, tree_levels, tree_registers

__all__ = ["FloatAdderTree"]


class FloatAdderTree(wiring.Component):
    """Sum of ``count`` codes of ``fmt`` by a balanced tree of :class:`~lmul.hdl.fpadd.FPAdd`
    units (default modes: IEEE 754 addition rounded to nearest even), in lane order: level 1
    adds terms ``(0, 1)``, ``(2, 3)``, ... (the left one as ``a``), level ``k`` pairs of level
    ``k - 1``'s sums in the same order; an odd one out passes unchanged to the next level.
    Bit-exact with :func:`lmul.golden.float_accumulation.lane_tree_sum`.

    With ``levels_per_register = k >= 1`` a register follows every ``k``-th level and the last
    one, in the ``sync`` domain: :attr:`latency` is ``ceil(levels / k)`` cycles, throughput one
    sum per cycle. With ``k = 0`` (or a single term) the tree is combinational.

    Parameters
    ----------
    fmt : Format or str
    count : int
        Number of terms, ``>= 1``.
    levels_per_register : int
        ``>= 0``.

    Members
    -------
    terms : In(ArrayLayout(fmt.layout, count))
    total : Out(fmt.layout)

    Raises
    ------
    TypeError, ValueError
        If ``count`` or ``levels_per_register`` is not an integer in its range, or ``fmt`` is
        invalid.
    """

    def __init__(self, fmt, count, *, levels_per_register=1):
        self.fmt = Format.parse(fmt)
        self.count = check_integer(count, "count", 1)
        self.levels_per_register = check_integer(levels_per_register, "levels per register", 0)
        self.levels = tree_levels(self.count)
        super().__init__({
            "terms": In(data.ArrayLayout(self.fmt.layout, self.count)),
            "total": Out(self.fmt.layout),
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
        from .fpadd import FPAdd

        m = Module()

        def add(level, index, pair):
            if len(pair) == 1:
                return pair[0]
            adder = FPAdd(self.fmt)
            m.submodules[f"level{level}_add{index}"] = adder
            m.d.comb += [adder.a.eq(pair[0]), adder.b.eq(pair[1])]
            return adder.s

        terms = [self.terms[index] for index in range(self.count)]
        m.d.comb += self.total.eq(reduce_pairs(m, terms, add, self.levels_per_register))
        return m
