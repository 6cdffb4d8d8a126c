"""Conversion of float64 values to the codes of a format, rounding or truncating.

Used to make low-precision operands from high-precision draws. Exact: the value is scaled by a
power of two and rounded once, so there is no double rounding (``ml_dtypes`` converts float64
through float32, which rounds twice).
"""

import numpy as np

from ..format import Format

__all__ = ["quantise", "QUANTISE_ROUNDINGS"]

#: ``rne``: to nearest, ties to even. ``truncate``: toward zero (drop the low mantissa bits).
QUANTISE_ROUNDINGS = ("rne", "truncate")


def quantise(values, fmt, *, rounding="rne"):
    """Codes of ``fmt`` nearest to ``values`` (``rne``) or next toward zero (``truncate``).

    Values in the subnormal range round to subnormal codes, or to zero or the smallest normal
    number; zero gives +0 and -0 gives -0. The result keeps the sign of the value.

    Parameters
    ----------
    values : array_like of float
        Finite values.
    fmt : Format or str
        Target format.
    rounding : str
        ``"rne"`` or ``"truncate"`` (see :data:`QUANTISE_ROUNDINGS`).

    Returns
    -------
    numpy.ndarray
        Codes, dtype :attr:`Format.code_dtype`, the shape of ``values``.

    Raises
    ------
    ValueError
        If the rounding mode is unknown, a value is not finite, or a value rounds above the
        largest finite number of the format (there is no overflow policy here).
    """
    fmt = Format.parse(fmt)
    if rounding not in QUANTISE_ROUNDINGS:
        raise ValueError(f"rounding must be one of 'rne', 'truncate', not {rounding!r}")
    values = np.asarray(values, dtype=np.float64)
    if not np.isfinite(values).all():
        raise ValueError(f"values must be finite, not {values[~np.isfinite(values)].flat[0]!r}")
    magnitude = np.abs(values)
    # Exponent of the leading bit (frexp's mantissa is in [0.5, 1)), no lower than the
    # smallest normal's: subnormals and zero (whose frexp exponent is 0) share its quantum.
    exp = np.where(magnitude == 0, 1 - fmt.bias,
                   np.maximum(np.frexp(magnitude)[1] - 1, 1 - fmt.bias))
    scaled = np.ldexp(magnitude, fmt.man_bits - exp)  # exact: a power-of-two scaling
    significand = np.rint(scaled) if rounding == "rne" else np.floor(scaled)
    # The hidden bit adds one to the exponent field, so a significand that rounds up to
    # 2**(M+1) moves into the next binade, and a subnormal to the smallest normal.
    mag = ((exp + fmt.bias - 1).astype(np.int64) << fmt.man_bits) + significand.astype(np.int64)
    too_large = mag > fmt.max_finite_mag
    if too_large.any():
        raise ValueError(f"values must round to at most the largest finite number of "
                         f"{fmt.name}, not {values[too_large].flat[0]!r}")
    sign = np.signbit(values).astype(np.int64) << fmt.mag_bits
    return (sign | mag).astype(fmt.code_dtype)
