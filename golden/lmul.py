"""Bit-exact golden model of the L-Mul unit, vectorised over integer code arrays."""

import numpy as np

from ..lmul_params import LMulParams
from .blocks import map_pairs_in_blocks, ones_where, select
from .codes import checked_codes

__all__ = ["lmul"]


def _work_dtype(params):
    # Smallest signed type holding |a| + |b| + K for every pair: fp8 in int16 runs fastest.
    fmt = params.fmt
    span = 2 * fmt.mag_mask + abs(params.constant)
    for dtype in (np.int16, np.int32):
        if span <= np.iinfo(dtype).max:
            return dtype
    return np.int64


def lmul(a, b, fmt, *, offset=None, overflow="saturate"):
    """L-Mul product of two code arrays, elementwise.

    For sign bits ``sa``, ``sb`` and magnitudes ``|a|``, ``|b|`` (the low E+M bits of a code):

    1. The sign is ``sa ^ sb``.
    2. Subnormal inputs read as zero (denormals-are-zero).
    3. NaN if either input is NaN, or (``ieee``) one is infinite and the other zero. The
       result is then the canonical NaN :attr:`Format.nan_code` (sign 0).
    4. (``ieee``) inf times inf or a non-zero finite value is ±inf; otherwise a zero input
       gives ±0.
    5. Otherwise ``T = |a| + |b| - (bias << M) + offset``, computed exactly: the mantissa carry
       flows into the exponent.
    6. ``T < 2**M`` underflows to ±0 (no subnormal results).
    7. ``T`` above the largest finite magnitude gives ±max finite (``saturate``) or ±inf
       (``inf``).
    8. Otherwise the result is the sign bit above ``T``.

    Parameters
    ----------
    a, b : array_like of int
        Codes of ``fmt`` (broadcast against each other).
    fmt, offset, overflow
        As for :class:`lmul.lmul_params.LMulParams`.

    Returns
    -------
    numpy.ndarray
        Result codes, dtype :attr:`Format.code_dtype`.

    Raises
    ------
    TypeError, ValueError
        For invalid parameters (see :class:`LMulParams`), or codes that are not integers in
        ``0 .. 2**width - 1`` (see :func:`lmul.golden.codes.checked_codes`).
    """
    params = LMulParams(fmt, offset, overflow)
    a, b = checked_codes(a, params.fmt, "a"), checked_codes(b, params.fmt, "b")
    return map_pairs_in_blocks(lambda a, b: _lmul_block(a, b, params), a, b,
                               params.fmt.code_dtype)


def _lmul_block(a, b, params):
    fmt = params.fmt
    work = _work_dtype(params)
    a = a.astype(work)
    b = b.astype(work)
    mag_a = a & work(fmt.mag_mask)
    mag_b = b & work(fmt.mag_mask)
    min_normal = work(fmt.min_normal_mag)

    # Classify the pair by its smaller and larger magnitude: fewer passes than per operand.
    lo, hi = np.minimum(mag_a, mag_b), np.maximum(mag_a, mag_b)
    any_zero = lo < min_normal

    t = mag_a + mag_b + work(params.constant)
    # The inf magnitude is max finite + 1, so one minimum clamps to either overflow value.
    mag = np.minimum(t, work(params.overflow_mag))
    mag &= ~ones_where((t < min_normal) | any_zero, work)

    if fmt.has_inf:
        inf = work(fmt.inf_mag)
        any_special = hi >= inf
        nan = (hi > inf) | (any_special & any_zero)
        mag = select(any_special, inf, mag, work)
    else:
        nan = hi == work(fmt.mag_mask)

    result = ((a ^ b) & work(fmt.sign_mask)) | mag
    result = select(nan, work(fmt.nan_code), result, work)
    return result
