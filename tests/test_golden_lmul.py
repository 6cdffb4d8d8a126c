"""The vectorised L-Mul golden model against the value-level rational reference, the paper's
fp32 kernel and hand-worked cases."""

import numpy as np
import pytest

from lmul.format import PRESETS
from lmul.golden.lmul import lmul
from lmul.golden.lmul_value import lmul_value
from lmul.sim.vectors import boundary_pairs, exhaustive_pairs, random_pairs


def _assert_matches_value_model(a, b, fmt, **options):
    got = lmul(a, b, fmt, **options)
    expected = np.array([lmul_value(x, y, fmt, **options)
                         for x, y in zip(a.tolist(), b.tolist())], dtype=got.dtype)
    wrong = np.flatnonzero(got != expected)
    assert wrong.size == 0, [(hex(a[i]), hex(b[i]), hex(got[i]), hex(expected[i]))
                             for i in wrong[:5]]


@pytest.mark.parametrize("name, options", [
    ("e4m3fn", {}), ("e4m3fn", {"offset": 0}), ("e5m2", {}), ("e5m2", {"offset": 0}),
    ("e5m2", {"overflow": "inf"}), ("e4m3", {}), ("e3m4", {}), ("e3m4", {"offset": 5}),
])
def test_every_8_bit_pair_matches_the_value_model(name, options):
    fmt = PRESETS[name]
    _assert_matches_value_model(*exhaustive_pairs(fmt), fmt, **options)


@pytest.mark.parametrize("name, options", [
    ("fp16", {}), ("fp16", {"overflow": "inf"}), ("bf16", {}), ("bf16", {"offset": 0}),
    ("fp32", {}), ("fp32", {"overflow": "inf"}),
])
def test_wide_formats_match_the_value_model_on_boundary_and_random_pairs(name, options):
    fmt = PRESETS[name]
    a0, b0 = boundary_pairs(fmt)
    a1, b1 = random_pairs(fmt, 20_000, seed=7)
    _assert_matches_value_model(np.concatenate([a0, a1]), np.concatenate([b0, b1]), fmt,
                                **options)


def test_fp32_equals_the_papers_integer_kernel_on_normal_products():
    rng = np.random.default_rng(19)
    # Normal operands whose product stays normal: exponents around the bias.
    codes = (rng.integers(0, 2, (2, 100_000)) << 31) | \
        (rng.integers(64, 190, (2, 100_000)) << 23) | rng.integers(0, 1 << 23, (2, 100_000))
    x, y = codes.astype(np.int64)
    kernel = ((x & 0x7FFFFFFF) + (y & 0x7FFFFFFF) - 0x3F780000) | ((x ^ y) & 0x80000000)
    assert np.array_equal(lmul(x, y, "fp32"), kernel.astype(np.uint32))


@pytest.mark.parametrize("a, b, product", [
    (0x38, 0x38, 0x39),  # 1 * 1 = 1.125: the offset 2**-3
    (0x3E, 0x3C, 0x43),  # 1.75 * 1.5: the mantissa sum carries, 2 * 1.375 = 2.75
    (0x7E, 0x40, 0x7E),  # 448 * 2 saturates to 448, never 0x7F (NaN)
    (0xFE, 0x40, 0xFE),  # -448 * 2 = -448
    (0x08, 0x30, 0x00),  # smallest normal * 0.5 underflows to 0, no subnormal result
    (0x88, 0x30, 0x80),  # ... with the sign kept
    (0x01, 0x7E, 0x00),  # subnormal inputs read as zero
    (0x81, 0x7E, 0x80),
    (0x7F, 0x38, 0x7F),  # NaN in, canonical NaN out
    (0xFF, 0x00, 0x7F),  # the canonical NaN has sign 0
    (0x80, 0x38, 0x80),  # -0 * 1 = -0
])
def test_e4m3fn_cases(a, b, product):
    assert lmul(a, b, "e4m3fn") == product
    assert lmul(b, a, "e4m3fn") == product


def test_carry_follows_the_integer_add_not_the_printed_formula():
    fmt = PRESETS["e4m3fn"]
    # 1.75 * 1.5: the printed formula 1 + 0.75 + 0.5 + 0.125 would give 2.375, not a code here.
    assert fmt.decode(lmul(0x3E, 0x3C, fmt)) == 2.75


@pytest.mark.parametrize("a, b, options, product", [
    (0x7C, 0x00, {}, 0x7E),  # inf * 0 = NaN
    (0x7C, 0x01, {}, 0x7E),  # inf * subnormal (read as 0) = NaN
    (0x7C, 0xC0, {}, 0xFC),  # inf * -2 = -inf
    (0x7D, 0x7C, {}, 0x7E),  # NaN * inf = NaN
    (0x7B, 0x7B, {}, 0x7B),  # 57344**2 saturates
    (0x7B, 0xFB, {"overflow": "inf"}, 0xFC),  # ... or overflows to -inf
    (0x3C, 0x3C, {"offset": 0}, 0x3C),  # Mitchell: 1 * 1 = 1 exactly
])
def test_e5m2_cases(a, b, options, product):
    assert lmul(a, b, "e5m2", **options) == product


def test_offset_beyond_every_magnitude_saturates_every_normal_product():
    a, b = exhaustive_pairs(PRESETS["e4m3fn"])
    p = lmul(a, b, "e4m3fn", offset=10**30)
    normal = ((a & 0x78) != 0) & ((b & 0x78) != 0) & ((a & 0x7F) != 0x7F) & ((b & 0x7F) != 0x7F)
    assert np.all((p[normal] & 0x7F) == 0x7E)


def test_shapes_broadcast_and_scalars_stay_scalars():
    column = np.array([[0x38], [0x40]], dtype=np.uint8)
    row = np.array([0x38, 0x40, 0x48], dtype=np.uint8)
    assert lmul(column, row, "e4m3fn").shape == (2, 3)
    assert lmul(0x38, 0x40, "e4m3fn").shape == ()
    assert lmul([0x38], [0x40], "e4m3fn").dtype == np.uint8
    assert lmul([0x3F800000], [0x3F800000], "fp32").dtype == np.uint32


def test_large_arrays_are_processed_in_blocks_identically():
    a, b = random_pairs(PRESETS["bf16"], 100_000, seed=3)
    whole = lmul(a, b, "bf16")
    pieces = np.concatenate([lmul(a[i:i + 777], b[i:i + 777], "bf16")
                             for i in range(0, a.size, 777)])
    assert np.array_equal(whole, pieces)
