# amaranth: UnusedElaboratable=no
"""The one register helper."""

from amaranth.hdl import Module, Signal, signed
from amaranth.lib import data
from amaranth.sim import Simulator

from lmul.format import Format
from lmul.hdl.register import register


def test_keeps_name_and_shape_and_delays_one_cycle():
    m = Module()
    value = Signal(signed(5))
    code = Signal(Format.parse("e4m3fn").layout)
    delayed = register(m, "delayed", value)
    delayed_code = register(m, "delayed_code", code)
    delayed_sum = register(m, "delayed_sum", value + 1)
    assert delayed.name == "delayed" and delayed.shape() == signed(5)
    assert isinstance(delayed_code, data.View) and delayed_code.shape() == code.shape()
    assert delayed_sum.shape() == (value + 1).shape()
    seen = []

    async def testbench(ctx):
        for number in (-3, 7, -16):
            ctx.set(value, number)
            ctx.set(code.as_value(), number & 0xFF)
            await ctx.tick()
            seen.append((ctx.get(delayed), ctx.get(delayed_code.as_value()),
                         ctx.get(delayed_sum)))

    sim = Simulator(m)
    sim.add_clock(1e-6)
    sim.add_testbench(testbench)
    sim.run()
    assert seen == [(-3, 0xFD, -2), (7, 7, 8), (-16, 0xF0, -15)]
