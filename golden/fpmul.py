"""Bit-exact golden model of the conventional floating-point multiplier, vectorised over integer
code arrays."""

import numpy as np

from ..fpmul_params import FPMulParams
from .blocks import map_pairs_in_blocks, ones_where, select
from .codes import checked_codes

__all__ = ["fpmul"]



def _work_dtype(fmt):
    # Smallest signed type holding the doubled significand product plus its rounding increment
    # (2M + 4 bits) and the unclamped result magnitude (E + M + 2 bits): fp8 runs in int16.
    bits = max(2 * fmt.man_bits + 4, fmt.mag_bits + 2) + 1
    for dtype in (np.int16, np.int32, np.int64):
        if bits <= np.iinfo(dtype).bits:
            return dtype
    raise AssertionError("every format fits in int64")


def _bit_length_table(fmt):
    # Bit length of every significand product, when there are few enough to tabulate: a lookup
    # is several times faster than frexp.
    if 2 * fmt.man_bits + 2 > 16:
        return None
    products = np.arange(1 << (2 * fmt.man_bits + 2))
    return np.frexp(products.astype(np.float32))[1].astype(np.int8)


def _bit_length(values, table, work):
    if table is not None:
        return np.take(table, values).astype(work)
    # frexp's exponent is the bit length of an integer that the float type holds exactly.
    float_type = np.float64 if work is np.int64 else np.float32
    return np.frexp(values.astype(float_type))[1].astype(work)


def fpmul(a, b, fmt, *, subnormals="ieee", overflow="ieee", rounding="rne"):
    """Correctly rounded floating-point product of two code arrays, elementwise.

    With the defaults this is the IEEE 754 multiplication of the format, rounding to nearest
    with ties to even. For sign bits ``sa``, ``sb``:

    1. NaN if either input is NaN, or (``ieee`` formats) one is infinite and the other zero.
       Every NaN result is the canonical NaN :attr:`Format.nan_code` (sign 0).
    2. Otherwise the sign is ``sa ^ sb``, for zeros and infinities too.
    3. (``ieee`` formats) inf times inf or a non-zero finite value is ±inf.
    4. A zero input gives ±0.
    5. Otherwise the exact product is rounded (``rounding``) to the format's precision: to
       ``M + 1`` significant bits, and with ``subnormals="ieee"`` to no finer than the smallest
       subnormal, so tiny products underflow gradually; a product may round up from the
       subnormal range into the smallest normal number, and ``rne`` rounds products below half
       the smallest subnormal (and that half itself) to ±0.
    6. Overflow is decided on the rounded value: a rounded magnitude above the largest finite
       number becomes ±inf (``ieee`` formats) or the canonical NaN (``fn`` formats) with
       ``overflow="ieee"``, and ±max finite with ``overflow="saturate"``. With
       ``rounding="truncate"`` it is always ±max finite (IEEE 754 round toward zero never
       rounds a finite product to infinity). For e4m3fn, products up to 464 (the tie, which
       goes to even) give 448; above 464 they overflow.

    With ``subnormals="flush"``, subnormal inputs read as zero (so inf times a subnormal is
    NaN), and step 5 rounds with an unbounded exponent range: if that rounded value is below
    the smallest normal number the result is ±0. A product just below the smallest normal that
    rounds up to it therefore gives the smallest normal. (The L-Mul unit, which does not round,
    flushes on its unrounded result instead.)

    Parameters
    ----------
    a, b : array_like of int
        Codes of ``fmt`` (broadcast against each other).
    fmt, subnormals, overflow, rounding
        As for :class:`lmul.fpmul_params.FPMulParams`.

    Returns
    -------
    numpy.ndarray
        Result codes, dtype :attr:`Format.code_dtype`.

    Raises
    ------
    TypeError, ValueError
        For an invalid format or mode (see :class:`FPMulParams`), or codes that are not
        integers in ``0 .. 2**width - 1`` (see :func:`lmul.golden.codes.checked_codes`).
    """
    params = FPMulParams(fmt, subnormals, overflow, rounding)
    a, b = checked_codes(a, params.fmt, "a"), checked_codes(b, params.fmt, "b")
    work = _work_dtype(params.fmt)
    table = _bit_length_table(params.fmt)
    return map_pairs_in_blocks(lambda a, b: _fpmul_block(a, b, params, work, table), a, b,
                               params.fmt.code_dtype)


def _operand(code, params, work):
    # Significand with its hidden bit, and the exponent it is scaled by (subnormals share the
    # exponent of the smallest normal).
    fmt = params.fmt
    exp = (code >> fmt.man_bits) & work(fmt.exp_all_ones)
    man = code & work(fmt.man_mask)
    normal = np.minimum(exp, work(1))
    if params.flush_subnormals:
        return (man | work(fmt.min_normal_mag)) & -normal, exp
    return man | (normal << fmt.man_bits), np.maximum(exp, work(1))


def _fpmul_block(a, b, params, work, table):
    fmt = params.fmt
    man_bits = fmt.man_bits
    a = a.astype(work)
    b = b.astype(work)
    sig_a, exp_a = _operand(a, params, work)
    sig_b, exp_b = _operand(b, params, work)

    product = sig_a * sig_b
    zero = product == 0
    length = _bit_length(product, table, work)
    # Biased exponent of the product's leading one, and the right shift that keeps M + 1 bits.
    exp = length + exp_a + exp_b - work(fmt.bias + 2 * man_bits + 1)
    shift = length - work(man_bits + 1)
    if not params.flush_subnormals:
        # Gradual underflow: below exponent 1 the quantum stays that of the subnormals.
        underflow = np.maximum(work(1) - exp, work(0))
        shift += underflow
        exp += underflow
    # A shift of 2M + 3 already drops every bit of the product and its round bit; zero
    # products (bit length 0) would otherwise shift by a negative amount.
    shift = np.clip(shift, work(0), work(2 * man_bits + 3))

    if params.truncate:
        rounded = product >> shift
    else:
        # Ties to even: add half an ulp minus one, plus the kept LSB. Doubling the product
        # makes the half ulp an integer for shift 0 too.
        half = work(1) << shift
        rounded = ((product << 1) + half - work(1) + ((product >> shift) & work(1))) >> (shift + 1)
    # The hidden bit adds one to the exponent field, so a carry out of the significand moves
    # into the exponent and a subnormal rounding up becomes the smallest normal.
    mag = ((exp - work(1)) << man_bits) + rounded

    kill = zero
    if params.flush_subnormals:
        kill = kill | (mag < work(fmt.min_normal_mag))
    overflow = (mag > work(fmt.max_finite_mag)) & ~zero
    if params.overflow_mag is not None:
        # The inf magnitude is max finite + 1, so one minimum clamps to either overflow value.
        mag = np.minimum(mag, work(params.overflow_mag))
    mag &= ~ones_where(kill, work)

    mag_a = a & work(fmt.mag_mask)
    mag_b = b & work(fmt.mag_mask)
    largest = np.maximum(mag_a, mag_b)
    if fmt.has_inf:
        inf = work(fmt.inf_mag)
        any_special = largest >= inf
        nan = (largest > inf) | (any_special & zero)
        mag = select(any_special, inf, mag, work)
    else:
        nan = largest == work(fmt.mag_mask)
    if params.overflow_mag is None:
        nan |= overflow

    result = ((a ^ b) & work(fmt.sign_mask)) | mag
    return select(nan, work(fmt.nan_code), result, work)
