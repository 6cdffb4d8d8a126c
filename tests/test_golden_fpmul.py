"""The vectorised golden model of the conventional multiplier, against three independent
references: ``ml_dtypes``/NumPy casts of the exact float64 product (default mode), the exact
rational value model (every mode), and hand-computed cases."""

import itertools

import ml_dtypes
import numpy as np
import pytest

from lmul.format import Format
from lmul.golden.fpmul import fpmul
from lmul.golden.fpmul_value import fpmul_value
from lmul.sim.vectors import boundary_pairs, edge_pairs, exhaustive_pairs, random_pairs
from utils import assert_equal_to_native

MODES = [dict(zip(("subnormals", "overflow", "rounding"), combination))
         for combination in itertools.product(("ieee", "flush"), ("ieee", "saturate"),
                                              ("rne", "truncate"))]


def _mode_id(mode):
    return "-".join(mode.values())


def _reference(a, b, fmt):
    """``(codes, is_nan)`` of the exact float64 product cast once to ``fmt.ml_dtype``."""
    with np.errstate(invalid="ignore", over="ignore"):
        product = fmt.decode(a) * fmt.decode(b)
        rounded = product.astype(fmt.ml_dtype)
    return rounded.view(fmt.code_dtype), np.isnan(rounded.astype(np.float64))


def _assert_matches_reference(a, b, fmt):
    assert_equal_to_native(a, b, fpmul(a, b, fmt), _reference(a, b, fmt), fmt)


@pytest.mark.parametrize("fmt", ["e4m3fn", "e5m2", "e4m3", "e3m4"])
def test_default_mode_matches_ml_dtypes_on_every_pair(fmt):
    """Products of two 8-bit values have at most 8 significant bits: exact in float64."""
    fmt = Format.parse(fmt)
    a, b = exhaustive_pairs(fmt)
    _assert_matches_reference(a, b, fmt)


@pytest.mark.parametrize("fmt", ["fp16", "bf16", "fp32"])
def test_default_mode_matches_numpy_on_random_pairs(fmt):
    """Products of two fp32 values have at most 48 significant bits and exponents far inside
    float64's range: exact, so one cast rounds correctly. For bf16 see
    :func:`test_ml_dtypes_rounds_bfloat16_through_float32`."""
    fmt = Format.parse(fmt)
    for a, b in (random_pairs(fmt, 200_000, seed=20241001), edge_pairs(fmt, 200_000, seed=1001)):
        _assert_matches_reference(a, b, fmt)


def test_ml_dtypes_rounds_bfloat16_through_float32():
    """ml_dtypes 0.5.4 converts float64 to bfloat16 through float32, so it can round twice:
    ``1 + 2**-8 + 2**-30`` becomes ``1 + 2**-8`` in float32, a tie that goes to even, 1.0,
    where one correct rounding gives ``1 + 2**-7``.

    It cannot happen for a product of two bf16 values, which has at most 16 significant bits:
    float32 holds it exactly down to 2**-133 (the smallest bf16 subnormal); below, a double
    rounding error needs a product in ``(2**-134, 2**-134 + 2**-150]``, which would have 17
    significant bits. :func:`test_bf16_products_below_float32_normals_match_ml_dtypes` checks
    that region exhaustively."""
    value = np.array([1 + 2**-8 + 2**-30])
    assert value.astype(ml_dtypes.bfloat16).view(np.uint16)[0] == 0x3F80
    assert value.astype(np.float32).astype(ml_dtypes.bfloat16).view(np.uint16)[0] == 0x3F80


def test_bf16_products_below_float32_normals_match_ml_dtypes():
    """Every significand pair (normal x normal and subnormal x normal) at every exponent sum that
    puts the product between 2**-138 and 2**-125, where float32 is subnormal."""
    fmt = Format.parse("bf16")
    mantissas = np.arange(fmt.man_mask + 1)
    pairs = []
    for exp_a in (0, 1):
        for exponent in range(-138, -124):
            # A product of significands in [1, 2) at exponent fields 1 and exp_b is in
            # [1, 4) * 2**exponent.
            exp_b = exponent + 2 * fmt.bias - 1
            man_a, man_b = np.meshgrid(mantissas, mantissas, indexing="ij")
            pairs.append(((exp_a << fmt.man_bits) | man_a.reshape(-1),
                          (exp_b << fmt.man_bits) | man_b.reshape(-1)))
    a = np.concatenate([pair[0] for pair in pairs]).astype(np.uint16)
    b = np.concatenate([pair[1] for pair in pairs]).astype(np.uint16)
    assert a.size > 300_000
    _assert_matches_reference(a, b, fmt)


def _value_model(a, b, fmt, mode):
    return np.array([fpmul_value(x, y, fmt, **mode) for x, y in zip(a.tolist(), b.tolist())],
                    dtype=fmt.code_dtype)


@pytest.mark.slow
@pytest.mark.parametrize("mode", MODES, ids=_mode_id)
@pytest.mark.parametrize("fmt", ["e4m3fn", "e5m2"])
def test_every_mode_matches_value_model_on_every_pair(fmt, mode):
    """About 4 s each: 65,536 pairs through the exact rational model."""
    fmt = Format.parse(fmt)
    a, b = exhaustive_pairs(fmt)
    got = fpmul(a, b, fmt, **mode)
    expected = _value_model(a, b, fmt, mode)
    mismatches = np.flatnonzero(got != expected)
    assert mismatches.size == 0, [(hex(a[i]), hex(b[i]), hex(got[i]), hex(expected[i]))
                                  for i in mismatches[:10]]


@pytest.mark.parametrize("mode", MODES, ids=_mode_id)
@pytest.mark.parametrize("fmt", ["e4m3", "e3m4", "fp16", "bf16", "fp32", "e2m1", "e8m1fn"])
def test_every_mode_matches_value_model_on_random_pairs(fmt, mode):
    fmt = Format.parse(fmt)
    special_a, special_b = boundary_pairs(fmt)
    edge_a, edge_b = edge_pairs(fmt, 2000, seed=7)
    uniform_a, uniform_b = random_pairs(fmt, 1000, seed=8)
    a = np.concatenate([special_a, edge_a, uniform_a])
    b = np.concatenate([special_b, edge_b, uniform_b])
    got = fpmul(a, b, fmt, **mode)
    expected = _value_model(a, b, fmt, mode)
    mismatches = np.flatnonzero(got != expected)
    assert mismatches.size == 0, [(hex(a[i]), hex(b[i]), hex(got[i]), hex(expected[i]))
                                  for i in mismatches[:10]]


# Hand-computed products. Mode keys: "" default, "flush", "sat", "trunc"; modes not listed
# give the default's result.
PINNED = [
    # e4m3fn near overflow: 30 x 15 = 450 rounds to 448; 18 x 26 = 468 is above the tie 464,
    # and rounds to 480, which is past max finite; 30 x 16 = 480 exactly.
    ("e4m3fn", 0x5F, 0x57, {"": 0x7E}),
    ("e4m3fn", 0xDF, 0x57, {"": 0xFE}),
    ("e4m3fn", 0x59, 0x5D, {"": 0x7F, "sat": 0x7E, "trunc": 0x7E}),
    ("e4m3fn", 0x59, 0xDD, {"": 0x7F, "sat": 0xFE, "trunc": 0xFE}),
    ("e4m3fn", 0x5F, 0x58, {"": 0x7F, "sat": 0x7E, "trunc": 0x7E}),
    # e5m2: 320 x 192 = 61440, the tie between max finite 57344 (odd) and 2**16 (even).
    ("e5m2", 0x5D, 0x5A, {"": 0x7C, "sat": 0x7B, "trunc": 0x7B}),
    # e4m3: 18 x 14 = 252, above the tie 248 between max finite 240 and 256.
    ("e4m3", 0x59, 0xD6, {"": 0xF8, "sat": 0xF7, "trunc": 0xF7}),
    # fp16: 256.5 x 255.5 = 65535.75 rounds to 2**16; 65504 is max finite.
    ("fp16", 0x5C02, 0x5BFC, {"": 0x7C00, "sat": 0x7BFF, "trunc": 0x7BFF}),
    # e4m3fn subnormal x normal: 7 * 2**-9 x 1.125 = 7.875 * 2**-9 rounds up to 2**-6, the
    # smallest normal; flushing reads the subnormal as zero.
    ("e4m3fn", 0x07, 0x39, {"": 0x08, "trunc": 0x07, "flush": 0x00}),
    ("e4m3fn", 0x87, 0x39, {"": 0x88, "trunc": 0x87, "flush": 0x80}),
    # e4m3fn normal x normal: 0.21875 x 0.0703125 = 1.96875 * 2**-7, just below 2**-6. Rounded
    # it is 2**-6 in both subnormal modes; truncated it is subnormal, or flushed.
    ("e4m3fn", 0x26, 0x19, {"": 0x08, "trunc": 0x07, "flush": 0x08, "flush-trunc": 0x00}),
    # Gradual underflow of the smallest subnormal: x 0.5 is a tie going to even 0, x 0.5625 is
    # above the tie, x 1.5 is a tie going to even 2 * 2**-9.
    ("e4m3fn", 0x01, 0x30, {"": 0x00}),
    ("e4m3fn", 0x81, 0x30, {"": 0x80}),
    ("e4m3fn", 0x01, 0x31, {"": 0x01, "trunc": 0x00, "flush": 0x00}),
    ("e4m3fn", 0x01, 0x3C, {"": 0x02, "trunc": 0x01, "flush": 0x00}),
    # Signed zeros.
    ("e4m3fn", 0x80, 0x38, {"": 0x80}),
    ("e4m3fn", 0x80, 0x80, {"": 0x00}),
    # Special values: canonical NaN with sign 0; inf x 0 is NaN; inf x subnormal is inf unless
    # the subnormal is flushed to zero.
    ("e4m3fn", 0xFF, 0x38, {"": 0x7F}),
    ("e5m2", 0xFC, 0x00, {"": 0x7E}),
    ("e5m2", 0xFC, 0x01, {"": 0xFC, "flush": 0x7E}),
    ("e5m2", 0xFC, 0xFC, {"": 0x7C}),
    ("e5m2", 0xFD, 0x3C, {"": 0x7E}),
    ("e5m2", 0x7C, 0xBC, {"": 0xFC, "sat": 0xFC, "trunc": 0xFC}),
    # fp32: 3 x 7 = 21; 2**64 x 2**64 overflows.
    ("fp32", 0x40400000, 0x40E00000, {"": 0x41A80000}),
    ("fp32", 0x5F800000, 0x5F800000, {"": 0x7F800000, "sat": 0x7F7FFFFF, "trunc": 0x7F7FFFFF}),
]

_MODE_KEYS = {"": {}, "flush": {"subnormals": "flush"}, "sat": {"overflow": "saturate"},
              "trunc": {"rounding": "truncate"},
              "flush-trunc": {"subnormals": "flush", "rounding": "truncate"}}


def _pinned_cases():
    for fmt, a, b, results in PINNED:
        for key, expected in results.items():
            yield pytest.param(fmt, a, b, _MODE_KEYS[key], expected,
                               id=f"{fmt}-{a:#x}-{b:#x}-{key or 'default'}")


@pytest.mark.parametrize("fmt, a, b, mode, expected", list(_pinned_cases()))
def test_pinned_products(fmt, a, b, mode, expected):
    fmt = Format.parse(fmt)
    assert fpmul(a, b, fmt, **mode) == expected
    assert fpmul(b, a, fmt, **mode) == expected
    assert fpmul_value(a, b, fmt, **mode) == expected


def test_no_e4m3fn_product_is_the_overflow_tie():
    """464, the tie between 448 and 480, is no product of two e4m3fn values: the products
    between 448 and 480 are 450 and 468, pinned in :data:`PINNED`."""
    fmt = Format.parse("e4m3fn")
    a, b = exhaustive_pairs(fmt)
    with np.errstate(invalid="ignore"):
        products = np.abs(fmt.decode(a) * fmt.decode(b))
    assert set(products[(products > 448) & (products < 480)].tolist()) == {450.0, 468.0}


def test_shape_and_broadcasting():
    fmt = Format.parse("e5m2")
    a = np.array([[0x3C, 0x40], [0x44, 0xBC]], dtype=np.uint8)   # 1, 2, 4, -1
    got = fpmul(a, 0x40, fmt)                                        # x 2
    assert got.shape == (2, 2)
    assert got.dtype == np.uint8
    assert got.tolist() == [[0x40, 0x44], [0x48, 0xC0]]


def test_empty_input():
    empty = np.array([], dtype=np.uint16)
    assert fpmul(empty, empty, "fp16").shape == (0,)


def test_invalid_mode():
    with pytest.raises(ValueError, match=r"^rounding mode must be one of 'rne', 'truncate', "
                                         r"not 'up'$"):
        fpmul(0, 0, "e4m3fn", rounding="up")
