"""Exact values of codes as rational numbers: the value-level side of the golden models.

Independent of the integer bit tricks of the vectorised models, so that the two can be checked
against each other.
"""

import math
from fractions import Fraction

__all__ = ["decode_exact", "encode_exact", "floor_log2"]


def decode_exact(code, fmt):
    """Return ``(sign, magnitude)`` of a code: ``magnitude`` is a :class:`~fractions.Fraction`
    for finite codes (subnormals included), ``math.inf`` for infinities, ``None`` for NaN."""
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
