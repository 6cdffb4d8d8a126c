"""Bit-exact golden model of the floating-point adder, vectorised over integer code arrays."""

import numpy as np

from ..fpadd_params import FPAddParams
from .blocks import map_pairs_in_blocks, ones_where, select
from .codes import checked_codes
from .rounding import round_magnitude, work_dtype
from .significands import bit_length_function, significand_and_exponent

__all__ = ["fpadd"]

# Bits kept below the larger operand's significand when the smaller one is aligned to it: a guard
# and a round bit, and the sticky bit that ORs everything shifted out further.
_GUARD_BITS = 3


def fpadd(a, b, fmt, *, subnormals="ieee", overflow="ieee", rounding="rne"):
    """Correctly rounded floating-point sum of two code arrays, elementwise.

    With the defaults this is the IEEE 754 addition of the format, rounding to nearest with ties
    to even (``a - b`` is ``fpadd(a, b ^ fmt.sign_mask)``). For sign bits ``sa``, ``sb``:

    1. NaN if either input is NaN, or (``ieee`` formats) both are infinite with opposite signs
       (inf - inf). Every NaN result is the canonical NaN :attr:`Format.nan_code` (sign 0).
    2. (``ieee`` formats) Otherwise an infinite input gives that infinity.
    3. Otherwise the exact sum of the two values is rounded (``rounding``: to nearest even, or
       toward zero) to ``M + 1`` significant bits, and with ``subnormals="ieee"`` to no finer
       than the smallest subnormal, so tiny sums underflow gradually (a sum of two codes is a
       multiple of the smallest subnormal, so below the smallest normal it is exact).
    4. Zeros. An exact zero sum is -0 if both inputs are -0 (-0 + -0), and +0 otherwise: +0 + -0,
       and x + (-x) for every finite x in both rounding modes (IEEE 754 gives -0 there only when
       rounding toward negative infinity, which is not a mode here). A zero input leaves the
       other input unchanged (x + ±0 = x for non-zero x).
    5. Otherwise the sign of the result is the sign of the exact sum, that of the input of larger
       magnitude.
    6. Overflow is decided on the rounded value: a rounded magnitude above the largest finite
       number becomes ±inf (``ieee`` formats) or the canonical NaN (``fn`` formats) with
       ``overflow="ieee"``, and ±max finite with ``overflow="saturate"``. With
       ``rounding="truncate"`` it is always ±max finite (IEEE 754 round toward zero never
       rounds a finite sum to infinity). For e4m3fn, 448 + 16 = 464 is the tie between max
       finite 448 (even mantissa) and 480: it gives 448, while 448 + 24 = 472 rounds to 480 and
       overflows. For e5m2 the tie 57344 + 4096 = 61440 goes to the even 2**16 and overflows.

    With ``subnormals="flush"``, subnormal inputs read as zero of their sign (so -sub + -sub is
    -0 and sub + -sub is +0), and a sum below the smallest normal number, which is exact, becomes
    zero with the sign of the exact sum (as :func:`lmul.golden.fpmul.fpmul` keeps the sign of
    the product it flushes): 1.5 * 2**-6 - 2**-6 is +0 in e4m3fn, 2**-6 - 1.5 * 2**-6 is -0.

    Parameters
    ----------
    a, b : array_like of int
        Codes of ``fmt`` (broadcast against each other).
    fmt, subnormals, overflow, rounding
        As for :class:`lmul.fpadd_params.FPAddParams`.

    Returns
    -------
    numpy.ndarray
        Result codes, dtype :attr:`Format.code_dtype`.

    Raises
    ------
    TypeError, ValueError
        For an invalid format or mode (see :class:`FPAddParams`), or codes that are not
        integers in ``0 .. 2**width - 1`` (see :func:`lmul.golden.codes.checked_codes`).
    """
    params = FPAddParams(fmt, subnormals, overflow, rounding)
    a, b = checked_codes(a, params.fmt, "a"), checked_codes(b, params.fmt, "b")
    # The larger significand with its guard bits, plus a carry.
    sum_bits = params.fmt.man_bits + 1 + _GUARD_BITS + 1
    work = work_dtype(params.fmt, sum_bits)
    bit_length = bit_length_function(sum_bits)
    return map_pairs_in_blocks(lambda a, b: _fpadd_block(a, b, params, work, bit_length, sum_bits),
                               a, b, params.fmt.code_dtype)


def _fpadd_block(a, b, params, work, bit_length, sum_bits):
    fmt = params.fmt
    man_bits = fmt.man_bits
    a = a.astype(work)
    b = b.astype(work)
    mag_a = a & work(fmt.mag_mask)
    mag_b = b & work(fmt.mag_mask)
    # Order the operands by magnitude, which for codes is their order as integers. (With
    # flushing, a subnormal read as zero may come first; the other is then a zero or a subnormal
    # too and the sum an exact zero, whose sign does not depend on the order.)
    exchange = (a ^ b) & ones_where(mag_b > mag_a, work)
    big = a ^ exchange
    small = b ^ exchange
    big_sig, big_exp = significand_and_exponent(big, params, work)
    small_sig, small_exp = significand_and_exponent(small, params, work)

    # Align the smaller significand to the larger one's guard bits; beyond M + 1 + guard bits
    # it only contributes its sticky bit.
    distance = np.minimum(big_exp - small_exp, work(man_bits + 1 + _GUARD_BITS))
    aligned = small_sig << _GUARD_BITS
    sticky = (aligned & ((work(1) << distance) - work(1))) != 0
    aligned = (aligned >> distance) | sticky.astype(work)
    subtract = ((a ^ b) & work(fmt.sign_mask)) != 0
    # Subtracting is adding the two's complement, selected without a branch.
    negate = ones_where(subtract, work)
    total = (big_sig << _GUARD_BITS) + ((aligned ^ negate) - negate)

    length = bit_length(total, work)
    # total is in units of 2**(big_exp - bias - M - guard bits).
    exp = big_exp + length - work(man_bits + _GUARD_BITS + 1)
    mag, overflow = round_magnitude(total, length, exp, params, work, sum_bits)

    # An exact zero is -0 only for -0 + -0; a flushed result keeps the sign of the exact sum.
    sign = select(total == 0, a & b, big, work) & work(fmt.sign_mask)

    largest = big & work(fmt.mag_mask)
    if fmt.has_inf:
        inf = work(fmt.inf_mag)
        any_special = largest >= inf
        # Opposite infinities: both magnitudes inf and a subtraction.
        nan = (largest > inf) | (((small & work(fmt.mag_mask)) == inf) & subtract)
        mag = select(any_special, inf, mag, work)
    else:
        nan = largest == work(fmt.mag_mask)
    if params.overflow_mag is None:
        nan |= overflow

    return select(nan, work(fmt.nan_code), sign | mag, work)
