"""Exact values of codes as rational numbers: the value-level side of the golden models.

Independent of the integer bit tricks of the vectorised models, so that the two can be checked
against each other.
"""

import functools
import math
from fractions import Fraction

__all__ = ["decode_exact", "encode_exact", "floor_log2", "round_in_mode", "mitchell_log2",
           "mitchell_exp2"]


@functools.lru_cache(maxsize=1 << 16)
def decode_exact(code, fmt):
    """Return ``(sign, magnitude)`` of a code: ``magnitude`` is a :class:`~fractions.Fraction`
    for finite codes (subnormals included), ``math.inf`` for infinities, ``None`` for NaN.

    Cached (the exhaustive checks decode each 8-bit code 512 times per pass)."""
    code = int(code)
    sign = (code >> fmt.mag_bits) & 1
    exp = (code >> fmt.man_bits) & fmt.exp_all_ones
    man = code & fmt.man_mask
    if exp == fmt.exp_all_ones:
        if fmt.special == "ieee":
            return sign, (math.inf if man == 0 else None)
        if man == fmt.man_mask:
            return sign, None
    if exp == 0:
        return sign, Fraction(man, 1 << fmt.man_bits) * Fraction(2) ** (1 - fmt.bias)
    return sign, (1 + Fraction(man, 1 << fmt.man_bits)) * Fraction(2) ** (exp - fmt.bias)


def floor_log2(value):
    """Largest integer e with ``2**e <= value``, for a positive Fraction."""
    e = value.numerator.bit_length() - value.denominator.bit_length()
    if Fraction(2) ** e > value:
        e -= 1
    return e


def encode_exact(sign, magnitude, fmt):
    """Code of ``(-1)**sign * magnitude`` for a magnitude that is exactly representable as zero,
    a normal or subnormal number, or ``math.inf``.

    Raises
    ------
    ValueError
        If the magnitude is not representable exactly.
    """
    if magnitude == math.inf:
        if not fmt.has_inf:
            raise ValueError(f"format {fmt.name} has no infinity")
        return (sign << fmt.mag_bits) | fmt.inf_mag
    if magnitude == 0:
        return sign << fmt.mag_bits
    exp = max(floor_log2(magnitude), 1 - fmt.bias)
    scaled = magnitude / Fraction(2) ** exp * (1 << fmt.man_bits)
    if scaled.denominator != 1:
        raise ValueError(f"{magnitude} is not representable in {fmt.name}")
    mag = ((exp + fmt.bias - 1) << fmt.man_bits) + int(scaled)
    if mag > fmt.max_finite_mag:
        raise ValueError(f"{magnitude} is above the largest finite number of {fmt.name}")
    return (sign << fmt.mag_bits) | mag


def round_in_mode(sign, magnitude, params):
    """Code of ``(-1)**sign * magnitude``, a non-negative Fraction, rounded into ``params.fmt`` as a
    correctly rounded unit with the modes of ``params`` (a
    :class:`~lmul.rounded_params.RoundedUnitParams`) does it.

    The magnitude is divided by the quantum of its binade (with ``subnormals="ieee"`` no smaller
    than that of the subnormals) and the quotient rounded to an integer, to nearest even or
    toward zero; with ``subnormals="flush"`` a rounded value below the smallest normal becomes
    zero of the same sign. A rounded value above max finite becomes ±max finite when the unit
    saturates (``overflow="saturate"``, or ``rounding="truncate"``: rounding toward zero never
    reaches infinity), else ±inf, or the canonical NaN in a format without infinities. A zero
    magnitude is the zero of ``sign``.
    """
    fmt = params.fmt
    if magnitude == 0:
        return encode_exact(sign, 0, fmt)
    min_normal = Fraction(2) ** (1 - fmt.bias)
    binade = floor_log2(magnitude)
    if not params.flush_subnormals:
        # Subnormal results keep the quantum of the smallest normal binade.
        binade = max(binade, 1 - fmt.bias)
    quantum = Fraction(2) ** (binade - fmt.man_bits)
    scaled = magnitude / quantum
    # Fraction.__round__ rounds halves to the even neighbour.
    rounded = (math.floor(scaled) if params.rounding == "truncate" else round(scaled)) * quantum

    if params.flush_subnormals and rounded < min_normal:
        return encode_exact(sign, 0, fmt)
    max_finite = decode_exact(fmt.max_finite_mag, fmt)[1]
    if rounded > max_finite:
        if params.overflow == "saturate" or params.rounding == "truncate":
            return encode_exact(sign, max_finite, fmt)
        if not fmt.has_inf:
            return fmt.nan_code
        return encode_exact(sign, math.inf, fmt)
    return encode_exact(sign, rounded, fmt)


def mitchell_log2(value):
    """Mitchell's piecewise-linear base-2 logarithm of a positive Fraction:
    ``e + f`` for ``value = 2**e * (1 + f)``, ``0 <= f < 1``."""
    e = floor_log2(value)
    return e + (value / Fraction(2) ** e - 1)


def mitchell_exp2(log):
    """The inverse of :func:`mitchell_log2`: ``2**e * (1 + f)`` for ``log = e + f``,
    ``0 <= f < 1``."""
    e = math.floor(log)
    return Fraction(2) ** e * (1 + (log - e))
