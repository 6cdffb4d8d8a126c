# amaranth: UnusedElaboratable=no
"""The result assembly every multiplier shares, on every input of small formats, against a
model written from its docstring."""

import itertools

import pytest
from amaranth.hdl import Module, Signal
from amaranth.sim import Simulator

from lmul.format import Format
from lmul.hdl.result_code import masked_result, result_code
from utils import evaluate_combinational

EXPONENT_BITS = 2  # the exponent sum is this much wider than the format's field


def _model(fmt, man, exponent, bias, sign, zero, special, nan, flush_tiny, overflow_mag):
    t = (exponent - bias) << fmt.man_bits | man
    large = t > fmt.max_finite_mag
    if nan or (overflow_mag is None and large and not zero and not special):
        return fmt.nan_code
    sign_bit = sign << fmt.mag_bits
    if special:
        return sign_bit | fmt.inf_mag
    if zero or (flush_tiny and exponent <= bias):
        return sign_bit
    if large:
        return sign_bit | overflow_mag
    return sign_bit | t


def _flags(fmt):
    # (zero, special, nan): nan implies special; in fn formats special is nan.
    flags = [(0, 0, 0), (1, 0, 0), (0, 1, 1), (1, 1, 1)]
    return flags + [(0, 1, 0)] if fmt.has_inf else flags


CONFIGS = [
    ("e3m2", "flush", "max"), ("e3m2", "flush", "inf"), ("e3m2", "gradual", "inf"),
    ("e3m2fn", "flush", "max"), ("e3m2fn", "flush", "nan"), ("e3m2fn", "gradual", "nan"),
    ("e2m1fn", "flush", "max"), ("e2m3", "gradual", "max"),
]


@pytest.mark.parametrize("lean_fn", [False, True])
@pytest.mark.parametrize("name, tiny, overflow", CONFIGS)
def test_every_input_matches_the_docstring(name, tiny, overflow, lean_fn):
    fmt = Format.parse(name)
    flush_tiny = tiny == "flush"
    bias = fmt.bias if flush_tiny else 0
    overflow_mag = {"max": fmt.max_finite_mag, "inf": fmt.inf_mag, "nan": None}[overflow]
    m = Module()
    mantissa = Signal(fmt.man_bits)
    exponent = Signal(fmt.exp_bits + EXPONENT_BITS)
    sign, zero, special, nan = Signal(), Signal(), Signal(), Signal()
    code = result_code(m, fmt, mantissa=mantissa, exponent=exponent, bias=bias, sign=sign,
                       zero=zero, special=special, nan=nan, flush_tiny=flush_tiny,
                       overflow_mag=overflow_mag, lean_fn=lean_fn)
    cases = list(itertools.product(range(1 << fmt.man_bits),
                                   range(1 << (fmt.exp_bits + EXPONENT_BITS)), (0, 1),
                                   _flags(fmt)))
    got = [g for (g,) in evaluate_combinational(
        m, (mantissa, exponent, sign, zero, special, nan),
        [(man, exp, s, *flags) for man, exp, s, flags in cases], (code,))]
    expected = [_model(fmt, man, exp, bias, s, z, sp, n, flush_tiny, overflow_mag)
                for man, exp, s, (z, sp, n) in cases]
    wrong = [(case, hex(g), hex(e)) for case, g, e in zip(cases, got, expected) if g != e]
    assert not wrong, wrong[:10]


def test_masked_result_ors_the_constants_of_the_cases_that_hold():
    m = Module()
    value, keep, first, second = Signal(4), Signal(), Signal(), Signal()
    result = masked_result(m, value, [keep] * 4, [(first, 0b1100), (second, 0b0110)])
    got = {}

    async def testbench(ctx):
        for k, f, s in itertools.product((0, 1), repeat=3):
            ctx.set(value, 0b1001)
            ctx.set(keep, k)
            ctx.set(first, f)
            ctx.set(second, s)
            got[k, f, s] = ctx.get(result)

    sim = Simulator(m)
    sim.add_testbench(testbench)
    sim.run()
    assert got == {(k, f, s): (0b1001 if k else 0) | (0b1100 if f else 0) | (0b0110 if s else 0)
                   for k, f, s in itertools.product((0, 1), repeat=3)}
