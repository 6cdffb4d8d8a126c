"""Input streams for the energy measurement: deterministic operand pairs of a format.

Every design of a format sees the same streams, so their energies compare like for like.
"""

import numpy as np

from ..accuracy.quantise import quantise
from ..format import Format

__all__ = ["STREAMS", "make_stream", "uniform_codes", "normal_codes"]

#: Stream name -> one-line description, as the report states it.
STREAMS = {
    "uniform": "uniformly random codes, NaN excluded (every other code equally likely, "
               "infinities and subnormals included where the format has them)",
    "normal": "N(0, 1) samples rounded to nearest-even into the format (activation-like)",
}

_SEEDS = {"uniform": 0x4C4D_0001, "normal": 0x4C4D_0002}


def uniform_codes(fmt, count, rng):
    """``count`` codes drawn uniformly from the non-NaN codes of ``fmt``."""
    fmt = Format.parse(fmt)
    codes = np.empty(0, dtype=np.int64)
    while codes.size < count:
        draw = rng.integers(0, 1 << fmt.width, size=2 * count, dtype=np.int64)
        codes = np.concatenate([codes, draw[~fmt.is_nan(draw)]])
    return codes[:count].astype(fmt.code_dtype)


def normal_codes(fmt, count, rng):
    """``count`` samples of N(0, 1) rounded to nearest, ties to even, into ``fmt``; subnormal
    results are kept and magnitudes above the largest finite number saturate to it."""
    fmt = Format.parse(fmt)
    limit = float(fmt.decode(np.array([fmt.max_finite_mag]))[0])
    return quantise(np.clip(rng.standard_normal(count), -limit, limit), fmt)


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
