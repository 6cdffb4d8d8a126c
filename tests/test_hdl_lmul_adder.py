# amaranth: UnusedElaboratable=no
"""The L-Mul adder: mantissa, exponent and the offset's whole steps add up to
``|a| + |b| + offset`` for every pair of magnitudes."""

import itertools

import pytest
from amaranth.hdl import Module, Signal
from amaranth.sim import Simulator

from lmul.format import Format
from lmul.hdl.lmul_adder import lmul_sum


@pytest.mark.parametrize("name, offset", [
    ("e3m2", 0), ("e3m2", 1), ("e3m2", 2), ("e3m2", 3), ("e3m2", 4 + 1), ("e3m2", 11),
    ("e2m3fn", 4), ("e2m3fn", 7), ("e2m1", 1),
])
def test_sum_of_every_pair(name, offset):
    fmt = Format.parse(name)
    m = Module()
    a, b = Signal(fmt.layout), Signal(fmt.layout)
    mantissa, exponent, whole = lmul_sum(m, fmt, a, b, offset)
    assert whole == offset >> fmt.man_bits
    pairs = list(itertools.product(range(1 << fmt.mag_bits), repeat=2))
    got = []

    async def testbench(ctx):
        for x, y in pairs:
            ctx.set(a.as_value(), x)
            ctx.set(b.as_value(), y)
            got.append((ctx.get(exponent) + whole) << fmt.man_bits | ctx.get(mantissa))

    sim = Simulator(m)
    sim.add_testbench(testbench)
    sim.run()
    assert got == [x + y + offset for x, y in pairs]
