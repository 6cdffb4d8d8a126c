"""Drive a two-operand unit in Amaranth's own simulator: quick checks with no Verilog tools."""

import numpy as np
from amaranth.sim import Simulator

__all__ = ["run_in_amaranth"]


def run_in_amaranth(unit, a, b):
    """Results of ``unit`` (a component with members ``a``, ``b``, a result member
    ``unit.result`` and a ``latency``) for the operand codes ``a``, ``b``, as an int64 array.

    Combinational units are read after each pair settles. Pipelined units get a new pair every
    clock cycle and each product is read exactly ``latency`` cycles later, so a wrong latency
    shows up as wrong products.
    """
    a = np.asarray(a).astype(np.int64).tolist()
    b = np.asarray(b).astype(np.int64).tolist()
    latency = unit.latency
    got = []

    async def combinational(ctx):
        for x, y in zip(a, b):
            ctx.set(unit.a.as_value(), x)
            ctx.set(unit.b.as_value(), y)
            got.append(ctx.get(unit.result.as_value()))

    async def pipelined(ctx):
        for tick in range(1, len(a) + latency):
            if tick <= len(a):
                ctx.set(unit.a.as_value(), a[tick - 1])
                ctx.set(unit.b.as_value(), b[tick - 1])
            await ctx.tick()
            # After tick t the output holds the pair set before tick t - latency + 1.
            if tick >= latency:
                got.append(ctx.get(unit.result.as_value()))

    sim = Simulator(unit)
    if latency:
        sim.add_clock(1e-6)
        sim.add_testbench(pipelined)
    else:
        sim.add_testbench(combinational)
    sim.run()
    return np.array(got, dtype=np.int64)
