# amaranth: UnusedElaboratable=no
"""ProductCode in Amaranth's simulator against the float accumulator's golden products."""

import numpy as np
import pytest
from amaranth.sim import Simulator

from lmul.dot_params import DotParams
from lmul.golden.float_accumulation import product_codes
from lmul.hdl.product_code import ProductCode


def _simulate(params, a, b):
    dut = ProductCode(params)
    fmt = params.fmt
    got = []

    async def testbench(ctx):
        for code_a, code_b in zip(a.tolist(), b.tolist()):
            ctx.set(dut.a, fmt.layout.from_bits(code_a))
            ctx.set(dut.b, fmt.layout.from_bits(code_b))
            got.append(ctx.get(dut.code).as_bits())

    sim = Simulator(dut)
    sim.add_testbench(testbench)
    sim.run()
    return np.array(got)


def test_every_code_rounded_into_a_narrower_format():
    # Rounded, subnormal and overflowing products: every e5m2 code times every eighth code
    # and every code near 1 (every pair would take minutes in this simulator).
    params = DotParams("e5m2", multiplier="exact", out_fmt="e3m4", accumulator="float")
    codes = np.arange(1 << params.fmt.width)
    others = np.union1d(codes[::8], np.arange(0x38, 0x40) | np.array([[0], [0x80]]))
    a, b = np.repeat(codes, others.size), np.tile(others, codes.size)
    np.testing.assert_array_equal(_simulate(params, a, b), product_codes(a, b, params))


@pytest.mark.parametrize("config", [
    dict(fmt="e5m2", out_fmt="fp16"),                       # L-Mul products rounded
    dict(fmt="e4m3", multiplier="exact", out_fmt="e4m3"),   # the FPMul unit
    dict(fmt="e4m3", out_fmt="e4m3"),                       # the LMul unit, overflow inf
    dict(fmt="e4m3fn", multiplier="exact"),                 # exact in fp32
], ids=lambda config: DotParams(**config).name)
def test_random_narrow_pairs(config):
    params = DotParams(accumulator="float", **config)
    rng = np.random.default_rng(2)
    a, b = (rng.integers(0, 1 << params.fmt.width, 4000) for _ in range(2))
    np.testing.assert_array_equal(_simulate(params, a, b), product_codes(a, b, params))


@pytest.mark.parametrize("config", [dict(fmt="bf16", multiplier="exact"), dict(fmt="fp32")],
                         ids=lambda config: DotParams(**config).name)
def test_random_wide_pairs(config):
    params = DotParams(accumulator="float", **config)
    rng = np.random.default_rng(3)
    a, b = (rng.integers(0, 1 << params.fmt.width, 3000) for _ in range(2))
    np.testing.assert_array_equal(_simulate(params, a, b), product_codes(a, b, params))


def test_refuses_other_parameters():
    with pytest.raises(TypeError, match="params must be a DotParams, not 'e4m3fn'"):
        ProductCode("e4m3fn")
