"""Which operand pairs the accuracy study counts, and the exact products they are judged by.

Two kinds of pair sets:

*Native* pairs (distribution ``exhaustive``) are codes of the format itself. A pair counts when
both codes are normal numbers (exponent field not 0; finite, so not inf or NaN) and the exact
product of their values has a magnitude in ``[min normal, max finite]`` of the format. For a
format of at most :data:`EXHAUSTIVE_MAX_WIDTH` bits every such pair (both signs) is listed;
for a wider one, ``sample_size`` pairs are drawn with a seeded generator, each operand uniform
over the normal finite codes (sign, then magnitude uniform over the contiguous integer range
``[min_normal_mag, max_finite_mag]``), and the pairs that count are kept.

*Drawn* pairs (distributions ``uniform`` and ``normal``) model the paper's experiment: operands
are drawn in fp32 (:func:`draw_values`) and then truncated (or rounded) to the format; the
reference is the exact product of the fp32 draws, not of the low-precision operands. A pair
counts when both draws and their exact product have magnitudes in ``[min normal, max finite]``
of the format (the quantised operands are then normal too).

Every exact product here is exact in float64: two significands of at most 24 bits multiply
into at most 48 bits, and every exponent stays far inside float64's range.
"""

from dataclasses import dataclass

import numpy as np

from ..format import Format
from .quantise import quantise

__all__ = ["OperandPairs", "operand_pairs", "native_pairs", "drawn_pairs", "draw_values",
           "normal_range", "PAIR_DISTRIBUTIONS", "DRAW_DISTRIBUTIONS", "EXHAUSTIVE_MAX_WIDTH",
           "DEFAULT_SAMPLE_SIZE", "DEFAULT_SEED"]

#: ``exhaustive``: native codes; ``uniform``, ``normal``: fp32 draws (see :func:`draw_values`).
PAIR_DISTRIBUTIONS = ("exhaustive", "uniform", "normal")
#: Distributions of :func:`draw_values`.
DRAW_DISTRIBUTIONS = ("uniform", "normal")
#: Widest format whose pairs are all listed (2**20 signed pairs).
EXHAUSTIVE_MAX_WIDTH = 10
DEFAULT_SAMPLE_SIZE = 10**6
DEFAULT_SEED = 2410_00907


@dataclass(frozen=True)
class OperandPairs:
    """Operand pairs of a format and the exact products their results are compared with.

    Attributes
    ----------
    fmt : Format
    a, b : numpy.ndarray
        Operand codes, one pair per index.
    exact : numpy.ndarray of float64
        The exact product each result approximates (see the module docstring).
    drawn : int
        Pairs considered before keeping those that count (listed or drawn).
    description : str
        One sentence saying which pairs these are.
    """

    fmt: Format
    a: np.ndarray
    b: np.ndarray
    exact: np.ndarray
    drawn: int
    description: str

    @property
    def count(self):
        return int(self.a.size)


def normal_range(fmt):
    """``(min normal, max finite)`` of ``fmt`` as floats."""
    fmt = Format.parse(fmt)
    return float(fmt.decode(fmt.min_normal_mag)), float(fmt.decode(fmt.max_finite_mag))


def _in_normal_range(values, fmt):
    low, high = normal_range(fmt)
    magnitude = np.abs(values)
    return (magnitude >= low) & (magnitude <= high)


def _check_sample(sample_size, seed):
    if type(sample_size) is not int or sample_size < 1:
        raise ValueError(f"sample size must be an integer >= 1, not {sample_size!r}")
    if type(seed) is not int or seed < 0:
        raise ValueError(f"seed must be an integer >= 0, not {seed!r}")


def native_pairs(fmt, *, sample_size=DEFAULT_SAMPLE_SIZE, seed=DEFAULT_SEED):
    """Native pairs of ``fmt`` that count, listed or sampled (see the module docstring).

    ``sample_size`` and ``seed`` matter only for formats wider than
    :data:`EXHAUSTIVE_MAX_WIDTH` bits.

    Raises
    ------
    ValueError
        For an invalid format, sample size (an integer >= 1) or seed (an integer >= 0).
    """
    fmt = Format.parse(fmt)
    _check_sample(sample_size, seed)
    if fmt.width <= EXHAUSTIVE_MAX_WIDTH:
        codes = fmt.all_codes().astype(np.int64)
        mag = codes & fmt.mag_mask
        codes = codes[(mag >= fmt.min_normal_mag) & (mag <= fmt.max_finite_mag)]
        a, b = (grid.reshape(-1) for grid in np.meshgrid(codes, codes, indexing="ij"))
        drawn = (1 << fmt.width) ** 2
        description = (f"every pair of normal finite {fmt.name} codes (both signs) whose exact "
                       f"product is in the normal range")
    else:
        rng = np.random.default_rng(seed)
        a, b = (
            (rng.integers(0, 2, sample_size) << fmt.mag_bits)
            | rng.integers(fmt.min_normal_mag, fmt.max_finite_mag + 1, sample_size)
            for _ in range(2))
        drawn = sample_size
        description = (f"{sample_size} pairs of {fmt.name} codes drawn with seed {seed}, each "
                       f"operand uniform over the normal finite codes, kept when the exact "
                       f"product is in the normal range")
    exact = fmt.decode(a) * fmt.decode(b)
    keep = _in_normal_range(exact, fmt)
    return OperandPairs(fmt, a[keep].astype(fmt.code_dtype), b[keep].astype(fmt.code_dtype),
                        exact[keep], drawn, description)


def draw_values(distribution, count, rng):
    """``count`` fp32 numbers from ``distribution``, as float64.

    ``uniform``: ``±(1 + f) * 2**e`` with the 23-bit fp32 mantissa field ``f * 2**23`` uniform,
    ``e`` uniform on {-1, 0} and the sign uniform: uniform mantissas in [0.5, 2).
    ``normal``: N(0, 1) drawn in float64 and rounded (to nearest even) to fp32.

    Raises
    ------
    ValueError
        For an unknown distribution.
    """
    if distribution == "uniform":
        sign = rng.integers(0, 2, count).astype(np.uint32) << 31
        exp = (rng.integers(-1, 1, count) + 127).astype(np.uint32) << 23
        man = rng.integers(0, 1 << 23, count).astype(np.uint32)
        return (sign | exp | man).view(np.float32).astype(np.float64)
    if distribution == "normal":
        return rng.standard_normal(count).astype(np.float32).astype(np.float64)
    raise ValueError(f"distribution must be one of 'uniform', 'normal', not {distribution!r}")


def drawn_pairs(fmt, distribution, *, sample_size=DEFAULT_SAMPLE_SIZE, seed=DEFAULT_SEED,
                rounding="truncate"):
    """Pairs of fp32 draws quantised to ``fmt``, judged by the exact product of the draws.

    Parameters
    ----------
    fmt : Format or str
    distribution : str
        ``"uniform"`` or ``"normal"`` (see :func:`draw_values`).
    sample_size, seed : int
        Pairs drawn, and the seed of :func:`numpy.random.default_rng`.
    rounding : str
        How draws become codes: ``"truncate"`` (the paper's L-Mul operands) or ``"rne"``.

    Raises
    ------
    ValueError
        For an invalid format, distribution, rounding, sample size or seed.
    """
    fmt = Format.parse(fmt)
    _check_sample(sample_size, seed)
    rng = np.random.default_rng(seed)
    x = draw_values(distribution, sample_size, rng)
    y = draw_values(distribution, sample_size, rng)
    exact = x * y
    keep = _in_normal_range(x, fmt) & _in_normal_range(y, fmt) & _in_normal_range(exact, fmt)
    a = quantise(x[keep], fmt, rounding=rounding)
    b = quantise(y[keep], fmt, rounding=rounding)
    description = (f"{sample_size} pairs of fp32 draws ({distribution}, seed {seed}), "
                   f"{'truncated' if rounding == 'truncate' else 'rounded to nearest even'} to "
                   f"{fmt.name}, kept when both draws and their exact product are in the normal "
                   f"range of {fmt.name}; judged by the exact product of the draws")
    return OperandPairs(fmt, a, b, exact[keep], sample_size, description)


def operand_pairs(fmt, distribution="exhaustive", *, sample_size=DEFAULT_SAMPLE_SIZE,
                  seed=DEFAULT_SEED):
    """:func:`native_pairs` for ``exhaustive``, else :func:`drawn_pairs` (truncated).

    Raises
    ------
    ValueError
        For an unknown distribution, or as the function it calls.
    """
    if distribution == "exhaustive":
        return native_pairs(fmt, sample_size=sample_size, seed=seed)
    if distribution in DRAW_DISTRIBUTIONS:
        return drawn_pairs(fmt, distribution, sample_size=sample_size, seed=seed)
    raise ValueError(f"distribution must be one of 'exhaustive', 'uniform', 'normal', "
                     f"not {distribution!r}")
