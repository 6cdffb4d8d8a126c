# amaranth: UnusedElaboratable=no
"""round_scaled in Amaranth's simulator, bit for bit against the exact-rational rounding."""

from fractions import Fraction

import numpy as np
import pytest
from amaranth.hdl import Module, Signal, signed
from amaranth.sim import Simulator

from lmul.format import Format
from lmul.hdl.round_scaled import round_scaled
from utils import round_rne


@pytest.mark.parametrize("width, exponents, out_fmt", [
    (8, (-160, 140), "fp32"),        # subnormal, normal, overflowing and vanishing values
    (30, (-60, 10), "fp16"),
    (4, (-24, 20), "e5m2"),          # fewer bits than the significand
    (48, (-300, 200), "fp32"),
    (1, (-10, 10), "e3m4"),
])
def test_round_scaled(width, exponents, out_fmt):
    fmt = Format.parse(out_fmt)
    rng = np.random.default_rng(width)
    count = 400
    magnitudes = [int(v) for v in rng.integers(0, 1 << min(width, 62), count)]
    # Few significant bits: many ties and exact values.
    magnitudes += [int(rng.integers(0, 8)) << int(rng.integers(0, max(1, width - 3)))
                   for _ in range(count)]
    magnitudes = [min(v, (1 << width) - 1) for v in magnitudes] + [0, (1 << width) - 1, 1]
    signs = [int(s) for s in rng.integers(0, 2, len(magnitudes))]
    scales = [int(e) for e in rng.integers(exponents[0], exponents[1] + 1, len(magnitudes))]

    m = Module()
    magnitude, sign = Signal(width), Signal()
    exponent = Signal(signed(max(abs(e) for e in exponents).bit_length() + 1))
    code = round_scaled(m, magnitude, sign, exponent, fmt)
    got = []

    async def testbench(ctx):
        for value, s, e in zip(magnitudes, signs, scales):
            ctx.set(magnitude, value)
            ctx.set(sign, s)
            ctx.set(exponent, e)
            got.append(ctx.get(code))

    sim = Simulator(m)
    sim.add_testbench(testbench)
    sim.run()
    expected = [fmt.sign_mask * s if value == 0 else
                round_rne((-1 if s else 1) * value * Fraction(2) ** e, fmt) | (fmt.sign_mask * s)
                for value, s, e in zip(magnitudes, signs, scales)]
    assert got == expected
    # The cases reach subnormal, zero-rounded and infinite results.
    mags = [c & fmt.mag_mask for c in expected]
    assert any(0 < mag < fmt.min_normal_mag for mag in mags)
    assert any(mag == fmt.inf_mag for mag in mags)


def test_round_scaled_refuses_formats_without_infinities():
    m = Module()
    with pytest.raises(ValueError, match="output format must have infinities, not 'e4m3fn'"):
        round_scaled(m, Signal(4), Signal(), Signal(signed(4)), Format.parse("e4m3fn"))
