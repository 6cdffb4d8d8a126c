# amaranth: UnusedElaboratable=no
"""FloatAdderTree in Amaranth's simulator against the golden lane order, with its latency."""

import numpy as np
import pytest
from amaranth.sim import Simulator

from lmul.format import Format
from lmul.golden.float_accumulation import lane_tree_sum
from lmul.hdl.float_adder_tree import FloatAdderTree


@pytest.mark.parametrize("count, levels_per_register, latency", [
    (1, 1, 0), (2, 1, 1), (3, 1, 2), (5, 2, 2), (8, 0, 0), (8, 3, 1),
])
def test_sums_in_lane_order(count, levels_per_register, latency):
    fmt = Format.parse("e5m2")
    dut = FloatAdderTree(fmt, count, levels_per_register=levels_per_register)
    assert dut.latency == latency and dut.throughput == 1
    rng = np.random.default_rng(count)
    # Values near 1: sums whose rounding depends on the order.
    terms = rng.integers(0x30, 0x40, (200, count)) | (rng.integers(0, 2, (200, count)) << 7)
    expected = lane_tree_sum(terms, fmt).tolist()
    got = []

    async def testbench(ctx):
        for cycle in range(len(terms) + latency):
            if cycle < len(terms):
                for lane in range(count):
                    ctx.set(dut.terms[lane], fmt.layout.from_bits(int(terms[cycle, lane])))
            await ctx.delay(1e-7)
            if cycle >= latency:
                got.append(ctx.get(dut.total).as_bits())
            if latency:
                await ctx.tick()

    sim = Simulator(dut)
    if latency:
        sim.add_clock(1e-6)
    sim.add_testbench(testbench)
    sim.run()
    assert got == expected


def test_validation():
    with pytest.raises(ValueError, match="count must be an integer >= 1, not 0"):
        FloatAdderTree("e5m2", 0)
    with pytest.raises(ValueError, match="levels per register must be an integer >= 0, not -1"):
        FloatAdderTree("e5m2", 2, levels_per_register=-1)
