"""Input streams for the energy measurement: deterministic operand pairs of a format.

Every design of a format sees the same streams, so their energies compare like for like.
"""

import numpy as np

from ..format import Format

__all__ = ["STREAMS", "make_stream", "round_to_format", "uniform_codes", "normal_codes"]

#: Stream name -> one-line description, as the report states it.
STREAMS = {
    "uniform": "uniformly random codes, NaN excluded (every other code equally likely, "
               "infinities and subnormals included where the format has them)",
    "normal": "N(0, 1) samples rounded to nearest-even into the format (activation-like)",
}

_SEEDS = {"uniform": 0x4C4D_0001, "normal": 0x4C4D_0002}


def round_to_format(values, fmt):
    """Codes of ``values`` (float64) rounded to nearest, ties to even, into ``fmt``.

    Subnormal results are kept; magnitudes above the largest finite number saturate to it;
    NaN inputs are not allowed.

    Raises
    ------
    ValueError
        If a value is NaN.
    """
    fmt = Format.parse(fmt)
    values = np.asarray(values, dtype=np.float64)
    if np.isnan(values).any():
        raise ValueError("values to round must not be NaN")
    sign = np.signbit(values).astype(np.int64)
    magnitude = np.abs(values)
    with np.errstate(divide="ignore"):
        exponent = np.floor(np.log2(np.where(magnitude > 0, magnitude, 1.0)))
    exponent = np.maximum(exponent, 1 - fmt.bias).astype(np.int64)
    # np.rint rounds half to even; a mantissa that rounds up to 2**(M+1) carries into the
    # exponent field through the addition below.
    scaled = np.rint(np.ldexp(magnitude, (fmt.man_bits - exponent).astype(np.int32)))
    mag = ((exponent + fmt.bias - 1) << fmt.man_bits) + scaled.astype(np.int64)
    mag = np.where(magnitude > 0, np.minimum(mag, fmt.max_finite_mag), 0)
    return ((sign << fmt.mag_bits) | mag).astype(fmt.code_dtype)


def uniform_codes(fmt, count, rng):
    """``count`` codes drawn uniformly from the non-NaN codes of ``fmt``."""
    fmt = Format.parse(fmt)
    codes = np.empty(0, dtype=np.int64)
    while codes.size < count:
        draw = rng.integers(0, 1 << fmt.width, size=2 * count, dtype=np.int64)
        codes = np.concatenate([codes, draw[~fmt.is_nan(draw)]])
    return codes[:count].astype(fmt.code_dtype)


def normal_codes(fmt, count, rng):
    """``count`` samples of N(0, 1) rounded into ``fmt``."""
    return round_to_format(rng.standard_normal(count), fmt)


def make_stream(name, fmt, count):
    """The operand stream ``name`` (a key of :data:`STREAMS`) of ``count`` pairs for ``fmt``.

    Returns
    -------
    a, b : numpy.ndarray
        Code arrays of ``fmt.code_dtype``; the same arguments always give the same arrays.

    Raises
    ------
    ValueError
        For an unknown stream name or a count below 2.
    """
    if name not in STREAMS:
        raise ValueError(f"stream must be one of {', '.join(map(repr, STREAMS))}, not {name!r}")
    if type(count) is not int or count < 2:
        raise ValueError(f"stream length must be an integer >= 2, not {count!r}")
    fmt = Format.parse(fmt)
    rng = np.random.default_rng(_SEEDS[name])
    draw = uniform_codes if name == "uniform" else normal_codes
    return draw(fmt, count, rng), draw(fmt, count, rng)
