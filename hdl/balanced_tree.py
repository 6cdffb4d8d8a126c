"""Balanced binary trees of two-input operations, optionally pipelined: the shape of the adder
trees, OR trees and comparison trees of the dot-product tile."""

from .register import register

__all__ = ["tree_levels", "tree_registers", "reduce_pairs", "any_of"]


def tree_levels(count):
    """Levels of a balanced binary tree of ``count`` leaves: ``ceil(log2(count))``."""
    return (count - 1).bit_length()


def tree_registers(levels, levels_per_register):
    """Registers of a tree of ``levels`` with one after every ``levels_per_register`` levels and
    after the last: ``ceil(levels / k)``; none for ``k = 0``."""
    k = levels_per_register
    return 0 if k == 0 else -(-levels // k)


def reduce_pairs(m, items, combine, levels_per_register=0):
    """Reduce ``items`` by a balanced tree in their order: at level ``k`` (from 1),
    ``combine(k, index, pair)`` of each pair ``items[2 * index:2 * index + 2]`` of the level
    below (an odd one out is a pair of one). With ``levels_per_register >= 1`` a register
    (:func:`~lmul.hdl.register.register`, ``level{k}_reg{index}``) follows every such level and
    the last one.

    Returns
    -------
    Value
        The root.
    """
    levels = tree_levels(len(items))
    for level in range(1, levels + 1):
        items = [combine(level, index // 2, items[index:index + 2])
                 for index in range(0, len(items), 2)]
        k = levels_per_register
        if k and (level % k == 0 or level == levels):
            items = [register(m, f"level{level}_reg{index}", value)
                     for index, value in enumerate(items)]
    return items[0]


def any_of(values):
    """OR of the one-bit ``values`` as a balanced tree: ``ceil(log2(n))`` levels deep, so that
    neither the Verilog back end nor the simulator nests an expression as deep as the lanes."""
    if len(values) == 1:
        return values[0]
    middle = len(values) // 2
    return any_of(values[:middle]) | any_of(values[middle:])
