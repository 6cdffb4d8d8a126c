# amaranth: UnusedElaboratable=no
"""The one rounder, on every raw magnitude of a small width."""

import itertools

import pytest
from amaranth.hdl import Module, Signal
from amaranth.sim import Simulator

from lmul.hdl.rounding import round_magnitude


def _model(raw, round_bit, sticky, rounding):
    # Round to nearest, ties to even (the raw value's LSB), or toward zero.
    if rounding == "truncate":
        return raw
    return raw + (round_bit and (sticky or raw & 1))


@pytest.mark.parametrize("rounding", ["rne", "truncate"])
def test_rounds_every_raw_magnitude(rounding):
    man_bits, exp_bits = 3, 3
    m = Module()
    exponent, mantissa = Signal(exp_bits), Signal(man_bits)
    round_bit, sticky, hidden = Signal(), Signal(), Signal()
    rounded = round_magnitude(m, exponent, mantissa, round_bit, sticky, rounding, hidden=hidden)
    plain = round_magnitude(m, exponent, mantissa, round_bit, sticky, rounding)
    assert len(rounded) == man_bits + exp_bits + 1
    cases = list(itertools.product(range(1 << exp_bits), range(1 << man_bits), (0, 1), (0, 1),
                                   (0, 1)))
    got, got_plain = [], []

    async def testbench(ctx):
        for exp, man, r, s, h in cases:
            ctx.set(exponent, exp)
            ctx.set(mantissa, man)
            ctx.set(hidden, h)
            ctx.set(round_bit, r)
            ctx.set(sticky, s)
            got.append(ctx.get(rounded))
            got_plain.append(ctx.get(plain))

    sim = Simulator(m)
    sim.add_testbench(testbench)
    sim.run()
    assert got == [_model((exp + h) << man_bits | man, r, s, rounding)
                   for exp, man, r, s, h in cases]
    assert got_plain == [_model(exp << man_bits | man, r, s, rounding)
                         for exp, man, r, s, h in cases]
    # The carry out of an all-ones mantissa moves into the exponent (and past it).
    if rounding == "rne":
        assert got[cases.index((7, 7, 1, 0, 0))] == 8 << man_bits
        assert got[cases.index((7, 7, 1, 0, 1))] == 9 << man_bits


def test_rejects_an_unknown_mode():
    with pytest.raises(ValueError,
                       match="rounding mode must be one of 'rne', 'truncate', not 'up'"):
        round_magnitude(Module(), Signal(2), Signal(2), Signal(), Signal(), "up")
