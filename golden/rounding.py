"""The one rounder of the correctly rounded golden models: an exact (or sticky) integer
significand and its exponent in, a rounded magnitude with the unit's underflow and overflow
policies out. :mod:`lmul.golden.fpmul` and :mod:`lmul.golden.fpadd` both end in it."""

import numpy as np

from .blocks import ones_where

__all__ = ["work_dtype", "round_magnitude"]


def work_dtype(fmt, sig_bits):
    """The smallest signed integer type in which :func:`round_magnitude` can round significands of
    up to ``sig_bits`` bits of ``fmt`` (the doubled significand plus its rounding increment,
    ``sig_bits + 2`` bits, and the unclamped result magnitude, ``E + M + 2`` bits): fp8 units run
    in int16."""
    bits = max(sig_bits + 2, fmt.mag_bits + 2) + 1
    for dtype in (np.int16, np.int32, np.int64):
        if bits <= np.iinfo(dtype).bits:
            return dtype
    raise AssertionError("every format fits in int64")


def round_magnitude(sig, length, exp, params, work, sig_bits):
    """Round the non-negative magnitudes ``sig * 2**(exp - bias - length + 1)`` into
    ``params.fmt``.

    Parameters
    ----------
    sig : numpy.ndarray of ``work``
        Significands below ``2**sig_bits``. Either exact, or with every bit that the exact value
        has below the lowest stored bit ORed into that lowest bit (a sticky bit), which must then
        lie at least two places below the ``M + 1`` bits kept.
    length : numpy.ndarray of ``work``
        The bit length of ``sig`` (0 for a zero).
    exp : numpy.ndarray of ``work``
        Biased exponent of the leading one of ``sig`` (any value where ``sig`` is 0).
    params : RoundedUnitParams
        The format and modes (``subnormals``, ``overflow``, ``rounding``).
    work : type
        The integer dtype, from :func:`work_dtype` with this ``sig_bits``.
    sig_bits : int

    Returns
    -------
    mag : numpy.ndarray of ``work``
        The rounded magnitude: to ``M + 1`` significant bits (``rounding``), with
        ``subnormals="ieee"`` no finer than the smallest subnormal (gradual underflow; a value
        may round up into the smallest normal); with ``subnormals="flush"`` with an unbounded
        exponent range, then 0 if below the smallest normal. 0 where ``sig`` is 0. A rounded
        magnitude above max finite becomes ``params.overflow_mag`` (unchanged when that is
        ``None``).
    overflow : numpy.ndarray of bool
        Where the rounded magnitude is above max finite; the caller makes these the canonical
        NaN when ``params.overflow_mag`` is ``None``.
    """
    fmt = params.fmt
    man_bits = fmt.man_bits
    # The right shift that keeps M + 1 bits.
    shift = length - work(man_bits + 1)
    if not params.flush_subnormals:
        # Gradual underflow: below exponent 1 the quantum stays that of the subnormals.
        underflow = np.maximum(work(1) - exp, work(0))
        shift += underflow
        exp = exp + underflow
    # Fewer than M + 1 bits (an exact value): shift left instead.
    sig = sig << np.maximum(-shift, work(0))
    # A shift of sig_bits + 1 already drops every bit and the round bit.
    shift = np.clip(shift, work(0), work(sig_bits + 1))

    if params.truncate:
        rounded = sig >> shift
    else:
        # Ties to even: add half an ulp minus one, plus the kept LSB. Doubling the significand
        # makes the half ulp an integer for shift 0 too.
        half = work(1) << shift
        rounded = ((sig << 1) + half - work(1) + ((sig >> shift) & work(1))) >> (shift + 1)
    # The hidden bit adds one to the exponent field, so a carry out of the significand moves
    # into the exponent and a subnormal rounding up becomes the smallest normal.
    mag = ((exp - work(1)) << man_bits) + rounded

    zero = sig == 0
    kill = zero
    if params.flush_subnormals:
        kill = kill | (mag < work(fmt.min_normal_mag))
    overflow = (mag > work(fmt.max_finite_mag)) & ~zero
    if params.overflow_mag is not None:
        # The inf magnitude is max finite + 1, so one minimum clamps to either overflow value.
        mag = np.minimum(mag, work(params.overflow_mag))
    mag &= ~ones_where(kill, work)
    return mag, overflow
