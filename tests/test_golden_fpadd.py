"""The vectorised golden model of the adder, against three independent references: NumPy's and
``ml_dtypes``' own additions (default mode), the exact rational value model (every mode), and
hand-computed sums."""

import importlib
import itertools

import numpy as np
import pytest

from lmul.format import Format
from lmul.golden import fpadd as exported_fpadd
from lmul.golden.fpadd import fpadd
from lmul.golden.fpadd_value import fpadd_value
from lmul.sim.vectors import boundary_pairs, exhaustive_pairs, random_pairs, sum_edge_pairs
from utils import assert_equal_to_native

MODES = [dict(zip(("subnormals", "overflow", "rounding"), combination))
         for combination in itertools.product(("ieee", "flush"), ("ieee", "saturate"),
                                              ("rne", "truncate"))]
DEFAULT_MODE = MODES[0]


def _mode_id(mode):
    return "-".join(mode.values())


def _wide_pairs(fmt, random_count, edge_count, seed):
    """Every boundary pair, then adder edge pairs and uniformly random pairs."""
    parts = [boundary_pairs(fmt), sum_edge_pairs(fmt, edge_count, seed),
             random_pairs(fmt, random_count, seed + 1)]
    return np.concatenate([part[0] for part in parts]), np.concatenate([part[1] for part in parts])


def _native_sum(a, b, fmt):
    """``(codes, is_nan)`` of the format's own addition: NumPy's float16 and float32 (correctly
    rounded: float16 sums are computed in float32, and 24 >= 2 * 11 + 2 bits makes that double
    rounding innocuous), ``ml_dtypes`` for the others (bfloat16 and the float8 types add in
    float32 too: 24 >= 2 * 8 + 2)."""
    dtype = fmt.ml_dtype
    with np.errstate(invalid="ignore", over="ignore"):
        total = a.view(dtype) + b.view(dtype)
    return total.view(fmt.code_dtype), np.isnan(total.astype(np.float64))


def _assert_equal_to_native_sum(a, b, fmt):
    assert_equal_to_native(a, b, fpadd(a, b, fmt), _native_sum(a, b, fmt), fmt)


def _value_model(a, b, fmt, mode):
    return np.array([fpadd_value(x, y, fmt, **mode) for x, y in zip(a.tolist(), b.tolist())],
                    dtype=fmt.code_dtype)


def _assert_equal_to_value_model(a, b, fmt, mode):
    got = fpadd(a, b, fmt, **mode)
    expected = _value_model(a, b, fmt, mode)
    mismatches = np.flatnonzero(got != expected)
    assert mismatches.size == 0, [(hex(a[i]), hex(b[i]), hex(got[i]), hex(expected[i]))
                                  for i in mismatches[:10]]


def test_exported_from_the_package():
    assert exported_fpadd is fpadd


@pytest.mark.parametrize("fmt", ["e4m3fn", "e5m2", "e4m3", "e3m4"])
def test_default_mode_equals_ml_dtypes_on_every_pair(fmt):
    fmt = Format.parse(fmt)
    _assert_equal_to_native_sum(*exhaustive_pairs(fmt), fmt)


def test_fp16_equals_numpy_float16_addition():
    """Every boundary pair, a million adder edge pairs and four million random pairs."""
    fmt = Format.parse("fp16")
    _assert_equal_to_native_sum(*_wide_pairs(fmt, 4_000_000, 1_000_000, seed=16), fmt)


def test_fp32_equals_numpy_float32_addition():
    fmt = Format.parse("fp32")
    _assert_equal_to_native_sum(*_wide_pairs(fmt, 1_000_000, 1_000_000, seed=32), fmt)


def test_bf16_equals_ml_dtypes_bfloat16_addition():
    """ml_dtypes adds bfloat16 values in float32 and rounds once more; with 24 >= 2 * 8 + 2 bits
    that double rounding is innocuous (Figueroa), which
    ``test_golden_fpadd_value.py::test_ml_dtypes_bfloat16_addition_is_correctly_rounded``
    checks against the exact sums."""
    fmt = Format.parse("bf16")
    _assert_equal_to_native_sum(*_wide_pairs(fmt, 1_000_000, 1_000_000, seed=8), fmt)


@pytest.mark.parametrize("fmt", ["e4m3fn", "e5m2", "e4m3", "e3m4"])
@pytest.mark.parametrize("mode", [
    pytest.param(mode, id=_mode_id(mode),
                 marks=[] if mode == DEFAULT_MODE else [pytest.mark.slow])
    for mode in MODES])
def test_every_mode_equals_value_model_on_every_pair(fmt, mode):
    """2 to 6 s each: 65,536 pairs through the exact rational model (the default mode runs in
    ``make test-fast``, the others are slow)."""
    fmt = Format.parse(fmt)
    _assert_equal_to_value_model(*exhaustive_pairs(fmt), fmt, mode)


@pytest.mark.parametrize("mode", MODES, ids=_mode_id)
@pytest.mark.parametrize("fmt", ["fp16", "bf16", "fp32", "e2m1", "e8m1fn", "e8m23fn"])
def test_every_mode_equals_value_model_on_wide_pairs(fmt, mode):
    fmt = Format.parse(fmt)
    _assert_equal_to_value_model(*_wide_pairs(fmt, 500, 2000, seed=11), fmt, mode)


@pytest.mark.parametrize("guard_bits", [1, 2])
def test_edge_pairs_catch_too_few_guard_bits(monkeypatch, guard_bits):
    """The check above fails on a broken adder: with fewer than a guard, a round and a sticky
    bit, subtractions that shift the sum left by one round wrongly, and the edge pairs find it."""
    fmt = Format.parse("fp16")
    a, b = sum_edge_pairs(fmt, 20_000, seed=3)
    correct = fpadd(a, b, fmt)
    # The package attribute fpadd is the function; the module is in sys.modules.
    monkeypatch.setattr(importlib.import_module("lmul.golden.fpadd"), "_GUARD_BITS", guard_bits)
    assert np.count_nonzero(fpadd(a, b, fmt) != correct) > 10


# Hand-computed sums. Mode keys: "" default, "flush", "sat", "trunc"; modes not listed give the
# default's result.
PINNED = [
    # e4m3fn near overflow: 448 + 16 = 464 is the tie between 448 (even) and 480, gives 448;
    # 448 + 24 = 472 rounds to 480, past max finite; 448 + 32 = 480; 448 + 448.
    ("e4m3fn", 0x7E, 0x58, {"": 0x7E}),
    ("e4m3fn", 0x7E, 0x5C, {"": 0x7F, "sat": 0x7E, "trunc": 0x7E}),
    ("e4m3fn", 0x7E, 0x60, {"": 0x7F, "sat": 0x7E, "trunc": 0x7E}),
    ("e4m3fn", 0x7E, 0x7E, {"": 0x7F, "sat": 0x7E, "trunc": 0x7E}),
    ("e4m3fn", 0xFE, 0xFE, {"": 0x7F, "sat": 0xFE, "trunc": 0xFE}),
    # e5m2: 57344 + 4096 = 61440, the tie between max finite 57344 (odd) and 2**16 (even);
    # 57344 + 2048 stays below it.
    ("e5m2", 0x7B, 0x6C, {"": 0x7C, "sat": 0x7B, "trunc": 0x7B}),
    ("e5m2", 0x7B, 0x68, {"": 0x7B}),
    # fp16: 65504 + 16 = 65520 is the tie to 2**16; 65504 + 8 is not.
    ("fp16", 0x7BFF, 0x4C00, {"": 0x7C00, "sat": 0x7BFF, "trunc": 0x7BFF}),
    ("fp16", 0x7BFF, 0x4800, {"": 0x7BFF}),
    # Ties inside the range: 1 + 1/16 goes to even 1; 1.125 + 1/16 to even 1.25. 1 - 1/32 =
    # 0.96875 is the tie between 0.9375 (odd) and 1 after the borrow.
    ("e4m3fn", 0x38, 0x38, {"": 0x40}),
    ("e4m3fn", 0x38, 0x18, {"": 0x38}),
    ("e4m3fn", 0x39, 0x18, {"": 0x3A, "trunc": 0x39}),
    ("e4m3fn", 0x38, 0x90, {"": 0x38, "trunc": 0x37}),
    # Cancellation: 1.125 - 1 = 0.125 exactly.
    ("e4m3fn", 0x39, 0xB8, {"": 0x20}),
    # Signed zeros: x - x = +0 in every mode; -0 + -0 = -0; +0 + -0 = +0.
    ("e4m3fn", 0x38, 0xB8, {"": 0x00}),
    ("e4m3fn", 0x01, 0x81, {"": 0x00}),
    ("e4m3fn", 0x80, 0x80, {"": 0x80}),
    ("e4m3fn", 0x00, 0x80, {"": 0x00}),
    # Subnormals: -2**-9 + -2**-9 (flushed: -0 + -0); 7 + 1 subnormal LSBs make the smallest
    # normal; 1.5 * 2**-6 - 2**-6 = 2**-7 is subnormal, flushed to zero of the sum's sign.
    ("e4m3fn", 0x81, 0x81, {"": 0x82, "flush": 0x80}),
    ("e4m3fn", 0x07, 0x01, {"": 0x08, "flush": 0x00}),
    ("e4m3fn", 0x0C, 0x88, {"": 0x04, "flush": 0x00}),
    ("e4m3fn", 0x8C, 0x08, {"": 0x84, "flush": 0x80}),
    # Special values: the canonical NaN with sign 0; inf - inf is NaN; an infinite input stays
    # infinite in every mode, flushed subnormals included.
    ("e4m3fn", 0x7F, 0x38, {"": 0x7F}),
    ("e4m3fn", 0xFF, 0x38, {"": 0x7F}),
    ("e5m2", 0x7C, 0xFC, {"": 0x7E}),
    ("e5m2", 0x7C, 0x7C, {"": 0x7C}),
    ("e5m2", 0xFC, 0x3C, {"": 0xFC}),
    ("e5m2", 0x7C, 0x7B, {"": 0x7C}),
    ("e5m2", 0x7C, 0x01, {"": 0x7C}),
    ("e5m2", 0x7D, 0x7C, {"": 0x7E}),
    # fp32: 1 + 2**-24 is a tie to even 1; 1 + 2**-23 is exact; 1 -/+ 2**-100 only sets the
    # sticky bit: 1 to nearest, and 1 - 2**-24 toward zero for the difference.
    ("fp32", 0x3F800000, 0x33800000, {"": 0x3F800000}),
    ("fp32", 0x3F800000, 0x34000000, {"": 0x3F800001}),
    ("fp32", 0x3F800000, 0x0D800000, {"": 0x3F800000}),
    ("fp32", 0x3F800000, 0x8D800000, {"": 0x3F800000, "trunc": 0x3F7FFFFF}),
    ("fp32", 0x00000001, 0x80000001, {"": 0x00000000}),
    ("fp32", 0x00000001, 0x00000001, {"": 0x00000002, "flush": 0x00000000}),
    ("fp32", 0x7F7FFFFF, 0x7F7FFFFF, {"": 0x7F800000, "sat": 0x7F7FFFFF, "trunc": 0x7F7FFFFF}),
]

_MODE_KEYS = {"": {}, "flush": {"subnormals": "flush"}, "sat": {"overflow": "saturate"},
              "trunc": {"rounding": "truncate"}}


def _pinned_cases():
    for fmt, a, b, results in PINNED:
        for key in _MODE_KEYS:
            yield pytest.param(fmt, a, b, _MODE_KEYS[key], results.get(key, results[""]),
                               id=f"{fmt}-{a:#x}-{b:#x}-{key or 'default'}")


@pytest.mark.parametrize("fmt, a, b, mode, expected", list(_pinned_cases()))
def test_pinned_sums(fmt, a, b, mode, expected):
    fmt = Format.parse(fmt)
    assert fpadd(a, b, fmt, **mode) == expected
    assert fpadd(b, a, fmt, **mode) == expected
    assert fpadd_value(a, b, fmt, **mode) == expected


@pytest.mark.parametrize("mode", MODES, ids=_mode_id)
def test_commutative_on_every_e5m2_pair(mode):
    fmt = Format.parse("e5m2")
    a, b = exhaustive_pairs(fmt)
    assert np.array_equal(fpadd(a, b, fmt, **mode), fpadd(b, a, fmt, **mode))


def test_shape_and_broadcasting():
    fmt = Format.parse("e5m2")
    a = np.array([[0x3C, 0x40], [0x44, 0xBC]], dtype=np.uint8)   # 1, 2, 4, -1
    got = fpadd(a, 0x3C, fmt)                                        # + 1
    assert got.shape == (2, 2)
    assert got.dtype == np.uint8
    assert got.tolist() == [[0x40, 0x42], [0x45, 0x00]]


def test_empty_input():
    empty = np.array([], dtype=np.uint16)
    assert fpadd(empty, empty, "fp16").shape == (0,)


def test_invalid_mode_and_codes():
    with pytest.raises(ValueError, match=r"^rounding mode must be one of 'rne', 'truncate', "
                                         r"not 'up'$"):
        fpadd(0, 0, "e4m3fn", rounding="up")
    with pytest.raises(ValueError, match=r"^b codes must be integers in 0\.\.255 for e4m3fn, "
                                         r"not 256$"):
        fpadd([0x38], [256], "e4m3fn")
