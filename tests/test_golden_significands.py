"""Unpacking codes into significands and exponents, and bit lengths."""

import numpy as np
import pytest

from lmul.fpmul_params import FPMulParams
from lmul.golden.significands import bit_length_function, significand_and_exponent


@pytest.mark.parametrize("subnormals, expected", [
    # +0, the smallest subnormal, the largest subnormal, 1.0, -1.5, inf
    ("ieee", ([0x0, 0x1, 0x3, 0x4, 0x6, 0x4], [1, 1, 1, 15, 15, 31])),
    ("flush", ([0x0, 0x0, 0x0, 0x4, 0x6, 0x4], [0, 0, 0, 15, 15, 31])),
])
def test_significand_and_exponent(subnormals, expected):
    params = FPMulParams("e5m2", subnormals)
    codes = np.array([0x00, 0x01, 0x03, 0x3C, 0xBE, 0x7C], dtype=np.int16)
    sig, exp = significand_and_exponent(codes, params, np.int16)
    assert (sig.tolist(), exp.tolist()) == expected


@pytest.mark.parametrize("bits", [8, 16, 24, 29, 48])
def test_bit_length(bits):
    rng = np.random.default_rng(bits)
    values = np.concatenate([np.arange(9), (1 << np.arange(bits)) - 1, 1 << np.arange(bits),
                             rng.integers(0, 1 << bits, 1000)]).astype(np.int64)
    got = bit_length_function(bits)(values, np.int64)
    assert got.tolist() == [value.bit_length() for value in values.tolist()]
