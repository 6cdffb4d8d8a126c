"""The exact-rational reference of the adder, against the formats' native additions (NumPy's
float16 and float32, ml_dtypes' bfloat16), independently of the vectorised model."""

import numpy as np
import pytest

from lmul.format import Format
from lmul.golden.fpadd_value import fpadd_value
from lmul.sim.vectors import boundary_pairs, random_pairs, sum_edge_pairs


def _pairs(fmt, count, seed):
    parts = [boundary_pairs(fmt), sum_edge_pairs(fmt, count, seed),
             random_pairs(fmt, count // 4, seed + 1)]
    return np.concatenate([part[0] for part in parts]), np.concatenate([part[1] for part in parts])


@pytest.mark.parametrize("fmt", ["fp16", "fp32", "bf16"])
def test_default_mode_equals_native_addition(fmt):
    """bf16: ml_dtypes adds bfloat16 values in float32 and rounds the float32 sum to bfloat16.
    That double rounding never errs, since 24 >= 2 * 8 + 2 bits (Figueroa 1995), and these pairs
    (ties and every alignment distance among them) agree: ml_dtypes' bfloat16 addition is
    correctly rounded, so it is a reference for the vectorised model."""
    fmt = Format.parse(fmt)
    a, b = _pairs(fmt, 8000, seed=1995)
    with np.errstate(invalid="ignore", over="ignore"):
        native = a.view(fmt.ml_dtype) + b.view(fmt.ml_dtype)
    native_nan = np.isnan(native.astype(np.float64))
    native = np.where(native_nan, fmt.nan_code, native.view(fmt.code_dtype))
    got = np.array([fpadd_value(x, y, fmt) for x, y in zip(a.tolist(), b.tolist())])
    wrong = np.flatnonzero(got != native)
    assert wrong.size == 0, [(hex(a[i]), hex(b[i]), hex(got[i]), hex(native[i]))
                             for i in wrong[:10]]


@pytest.mark.parametrize("a, b, mode, expected", [
    (0x3C00, 0xBC00, {}, 0x0000),                             # 1 - 1 = +0
    (0x3C00, 0xBC00, {"rounding": "truncate"}, 0x0000),       # also toward zero
    (0x8000, 0x8000, {"subnormals": "flush"}, 0x8000),        # -0 + -0 = -0
    (0x8001, 0x8001, {"subnormals": "flush"}, 0x8000),        # flushed subnormals: -0 + -0
    (0x0001, 0x8001, {"subnormals": "flush"}, 0x0000),
    (0x0401, 0x8400, {"subnormals": "flush"}, 0x0000),        # 2**-24 below the smallest normal
    (0x8401, 0x0400, {"subnormals": "flush"}, 0x8000),
    (0x7C00, 0xFC00, {"overflow": "saturate"}, 0x7E00),       # inf - inf
    (0x7C00, 0x7BFF, {"overflow": "saturate"}, 0x7C00),       # an infinite input is not clamped
    (0x7BFF, 0x7BFF, {"overflow": "saturate"}, 0x7BFF),
    (0xFBFF, 0xFBFF, {"rounding": "truncate"}, 0xFBFF),
])
def test_signed_zeros_flushing_and_overflow(a, b, mode, expected):
    assert fpadd_value(a, b, "fp16", **mode) == expected


def test_invalid_mode():
    with pytest.raises(ValueError, match=r"^subnormal mode must be one of 'ieee', 'flush', "
                                         r"not 'daz'$"):
        fpadd_value(0, 0, "fp16", subnormals="daz")
