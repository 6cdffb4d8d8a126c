# amaranth: UnusedElaboratable=no
"""The tile's multipliers alone: the RTL in Amaranth's simulator agrees with the golden product
decoding (or, for the float tile, the golden product codes) through :func:`check_products`, and
the check sees a wrong bit."""

import numpy as np
import pytest
from amaranth.sim import Simulator

from lmul.dot_params import DotParams
from lmul.format import Format
from lmul.synth.product_array import ProductArray, check_products, product_array_layout

SPECIALS = {"e4m3fn": [0x00, 0x80, 0x01, 0x7F, 0xFF, 0x7E, 0x08],
            "e5m2": [0x00, 0x80, 0x01, 0x7C, 0xFC, 0x7D, 0x7B, 0x04]}


def operands(fmt, params, cycles, seed):
    rng = np.random.default_rng(seed)
    a = rng.integers(0, 1 << fmt.width, size=(cycles, params.rows, params.lanes))
    b = rng.integers(0, 1 << fmt.width, size=(cycles, params.lanes))
    specials = np.array(SPECIALS[fmt.name])
    a[::3, 0, 0] = rng.choice(specials, size=a[::3].shape[0])
    b[1::3, -1] = rng.choice(specials, size=b[1::3].shape[0])
    return a, b


def simulate(params, a, b):
    """The ``products`` port after each set of operands, as booleans (cycles, width)."""
    dut = ProductArray(params)
    width = params.fmt.width
    rows = []

    async def bench(ctx):
        for cycle in range(len(a)):
            ctx.set(dut.a.as_value(), sum(int(code) << (index * width)
                                          for index, code in enumerate(a[cycle].ravel())))
            ctx.set(dut.b.as_value(), sum(int(code) << (index * width)
                                          for index, code in enumerate(b[cycle])))
            await ctx.tick()
            rows.append(ctx.get(dut.products.as_value()))

    simulator = Simulator(dut)
    simulator.add_clock(1e-6)
    simulator.add_testbench(bench)
    simulator.run()
    size = product_array_layout(params).size
    return np.array([[value >> bit & 1 for bit in range(size)] for value in rows], dtype=bool)


@pytest.mark.parametrize("fmt", ["e4m3fn", "e5m2"])
@pytest.mark.parametrize("multiplier", ["lmul", "exact"])
def test_rtl_matches_golden_products(fmt, multiplier):
    fmt = Format.parse(fmt)
    params = DotParams(fmt, lanes=3, rows=2, multiplier=multiplier)
    a, b = operands(fmt, params, 300, seed=len(fmt.name) + len(multiplier))
    bits = simulate(params, a, b)
    assert not check_products(params, a, b, bits).any()
    for bit in (0, bits.shape[1] // 2, bits.shape[1] - 1):
        wrong = bits.copy()
        wrong[7, bit] ^= True
        flagged = check_products(params, a, b, wrong)
        # A flipped bit is caught unless it sits in a field the product does not define
        # (significand or exponent of a NaN or infinite product, exponent of a zero one).
        assert not flagged[np.arange(len(a)) != 7].any()
    wrong = bits.copy()
    wrong[:, 0] ^= True          # the significand LSB of product [0][0]: defined when finite
    assert check_products(params, a, b, wrong).sum() > 100


def test_params_must_be_dot_params():
    with pytest.raises(TypeError) as error:
        ProductArray("e4m3fn")
    assert str(error.value) == "params must be a DotParams, not 'e4m3fn'"


@pytest.mark.parametrize("fmt, multiplier", [("e4m3fn", "lmul"), ("e5m2", "exact")])
def test_float_tile_products_are_its_codes(fmt, multiplier):
    # The float tile's first step: ProductCodes, their out_fmt codes checked whole.
    fmt = Format.parse(fmt)
    params = DotParams(fmt, lanes=2, rows=2, multiplier=multiplier, accumulator="float")
    assert product_array_layout(params).size == 2 * 2 * 32
    a, b = operands(fmt, params, 120, seed=7)
    bits = simulate(params, a, b)
    assert not check_products(params, a, b, bits).any()
    for bit in (0, 40, 127):
        wrong = bits.copy()
        wrong[9, bit] ^= True
        assert list(np.flatnonzero(check_products(params, a, b, wrong))) == [9]
