"""Bit-exact golden model of the conventional floating-point multiplier, vectorised over integer
code arrays."""

import numpy as np

from ..fpmul_params import FPMulParams
from .blocks import map_pairs_in_blocks, select
from .codes import checked_codes
from .rounding import round_magnitude, work_dtype
from .significands import bit_length_function, significand_and_exponent

__all__ = ["fpmul"]


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
    product_bits = 2 * params.fmt.man_bits + 2
    work = work_dtype(params.fmt, product_bits)
    bit_length = bit_length_function(product_bits)
    return map_pairs_in_blocks(lambda a, b: _fpmul_block(a, b, params, work, bit_length), a, b,
                               params.fmt.code_dtype)


def _fpmul_block(a, b, params, work, bit_length):
    fmt = params.fmt
    man_bits = fmt.man_bits
    a = a.astype(work)
    b = b.astype(work)
    sig_a, exp_a = significand_and_exponent(a, params, work)
    sig_b, exp_b = significand_and_exponent(b, params, work)

    product = sig_a * sig_b
    zero = product == 0
    length = bit_length(product, work)
    # Biased exponent of the product's leading one.
    exp = length + exp_a + exp_b - work(fmt.bias + 2 * man_bits + 1)
    mag, overflow = round_magnitude(product, length, exp, params, work, 2 * man_bits + 2)

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
