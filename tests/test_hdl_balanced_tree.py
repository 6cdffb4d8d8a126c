# amaranth: UnusedElaboratable=no
"""The balanced trees of the tile: OR trees deep enough for thousands of lanes, and the
pairing order and register placement of :func:`reduce_pairs`."""

import pytest
from amaranth.back import verilog
from amaranth.hdl import Module, Signal
from amaranth.sim import Simulator

from lmul.hdl.balanced_tree import any_of, reduce_pairs, tree_levels, tree_registers


def test_wide_or_reductions_convert_and_simulate():
    """The special flags' OR over the lanes is a balanced tree, not a chain as deep as the lane
    count (which made the Verilog back end and the simulator recurse too deeply from about 900
    lanes)."""
    bits = [Signal(name=f"bit{index}") for index in range(3000)]
    m = Module()
    result = Signal()
    m.d.comb += result.eq(any_of(bits))
    verilog.convert(m, ports=[*bits, result], emit_src=False)

    async def testbench(ctx):
        assert ctx.get(result) == 0
        for index in (0, 1234, 2999):
            ctx.set(bits[index], 1)
            assert ctx.get(result) == 1
            ctx.set(bits[index], 0)
            assert ctx.get(result) == 0

    simulator = Simulator(m)
    simulator.add_testbench(testbench)
    simulator.run()


@pytest.mark.parametrize("count, levels_per_register, levels, registers", [
    (1, 1, 0, 0), (2, 1, 1, 1), (5, 1, 3, 3), (5, 2, 3, 2), (16, 3, 4, 2), (16, 0, 4, 0),
])
def test_pairing_order_and_registers(count, levels_per_register, levels, registers):
    m = Module()
    calls = []

    def combine(level, index, pair):
        calls.append((level, index, len(pair)))
        return pair[0]

    reduce_pairs(m, [Signal(name=f"x{i}") for i in range(count)], combine, levels_per_register)
    assert tree_levels(count) == levels
    assert tree_registers(levels, levels_per_register) == registers
    widths = [count]
    for _ in range(levels):
        widths.append(-(-widths[-1] // 2))
    assert calls == [(level, index, min(2, widths[level - 1] - 2 * index))
                     for level in range(1, levels + 1) for index in range(widths[level])]
