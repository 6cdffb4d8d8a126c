# amaranth: UnusedElaboratable=no
"""The one leading-zero counter, on every value of small widths."""

import pytest
from amaranth.hdl import Module, Signal
from amaranth.sim import Simulator

from lmul.hdl.leading_zeros import leading_zeros


@pytest.mark.parametrize("width", [1, 2, 3, 5, 8, 11])
def test_counts_the_zeros_above_the_leading_one(width):
    m = Module()
    value = Signal(width)
    count = leading_zeros(m, value)
    got = []

    async def testbench(ctx):
        for number in range(1 << width):
            ctx.set(value, number)
            got.append(ctx.get(count))

    sim = Simulator(m)
    sim.add_testbench(testbench)
    sim.run()
    assert got == [width - number.bit_length() for number in range(1 << width)]


def test_rejects_an_empty_value():
    with pytest.raises(ValueError, match="value must be at least 1 bit wide, not 0"):
        leading_zeros(Module(), Signal(0))
