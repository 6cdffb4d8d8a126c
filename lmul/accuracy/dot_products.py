"""Accuracy of dot products built from L-Mul products, against exact arithmetic.

The experiment, for a format and a vector length n:

1. Draw ``trials`` pairs of vectors of n N(0, 1) values in float64, rounded to fp32 (the
   high-precision operands). The reference is their exact dot product.
2. Round every element to nearest even into the format (:func:`~lmul.accuracy.quantise.quantise`;
   small values become subnormals or zero).
3. Compute each dot product with each multiplier.

Multipliers: ``exact`` and L-Mul with each offset asked for are the dot-product tile's
(:func:`lmul.golden.dot_product.dot_product`, its golden model): the exact products, or the
L-Mul products with an unbounded exponent (subnormal operands read as zero), summed exactly in
the tile's default window and rounded once to fp32. ``exact`` is thus the error of the input
rounding alone (plus the final rounding, at most ``2**-24`` relative). ``conventional`` is not a
tile multiplier: its RNE products in the format are summed exactly (:func:`math.fsum`, every
product of codes being exactly a float64 value) and correctly rounded to float64.
"""

import math

import numpy as np

from ..dot_params import DotParams
from ..format import Format
from ..golden.dot_product import dot_product
from ..golden.fpmul import fpmul
from .operand_pairs import DEFAULT_SEED
from .quantise import quantise

__all__ = ["dot_product_errors", "DOT_PRODUCT_LENGTHS", "DOT_PRODUCT_FORMATS",
           "DOT_PRODUCT_TRIALS"]

DOT_PRODUCT_LENGTHS = (16, 64, 256, 1024, 4096)
DOT_PRODUCT_FORMATS = ("e4m3fn", "e5m2")
DOT_PRODUCT_TRIALS = 256


def _exact_sums(products):
    return np.array([math.fsum(row) for row in products.tolist()])


def _tile_sums(a, b, fmt, multiplier, offset=None):
    """The dot products of the rows of code arrays ``a`` and ``b`` as the tile computes them
    (float64 values of its fp32 results): one packet per row, of 16-lane beats where the length
    allows (the lanes do not change the result)."""
    trials, length = a.shape
    lanes = math.gcd(length, 16)
    beats = length // lanes
    params = DotParams(fmt, lanes=lanes, rows=1, multiplier=multiplier, offset=offset)
    last = np.tile(np.arange(beats) == beats - 1, trials)
    codes = dot_product(a.reshape(trials * beats, 1, lanes), b.reshape(trials * beats, lanes),
                        last, params)
    return params.out_fmt.decode(codes[:, 0])


def _statistics(sums, reference, scale):
    relative = np.abs(sums - reference) / np.abs(reference)
    return {
        "median_relative_error": float(np.median(relative)),
        "mean_relative_error": math.fsum(relative.tolist()) / relative.size,
        "mean_normalised_error": math.fsum((np.abs(sums - reference) / scale).tolist())
        / relative.size,
    }


def dot_product_errors(fmt, length, *, offsets=(None,), trials=DOT_PRODUCT_TRIALS,
                       seed=DEFAULT_SEED):
    """Errors of dot products of length ``length`` over ``trials`` random vector pairs.

    Parameters
    ----------
    fmt : Format or str
        Element format; N(0, 1) values must stay below its largest finite number.
    length, trials : int
        At least 1.
    offsets : sequence of int or None
        L-Mul offsets to measure (``None``: the paper's).
    seed : int
        Seed of :func:`numpy.random.default_rng`; the draws depend on ``length`` too.

    Returns
    -------
    dict
        For the key ``exact``, ``conventional`` and ``lmul_o{offset}`` (``lmul_paper`` for
        ``None``): ``median_relative_error`` and ``mean_relative_error`` (over the trials, of
        ``|sum - reference| / |reference|``) and ``mean_normalised_error`` (of
        ``|sum - reference| / sum(|x_i * y_i|)``, insensitive to cancellation).

    Raises
    ------
    ValueError
        For invalid lengths, trials, seeds or offsets, or an element that does not fit.
    """
    fmt = Format.parse(fmt)
    for name, value in (("vector length", length), ("trial count", trials)):
        if type(value) is not int or value < 1:
            raise ValueError(f"{name} must be an integer >= 1, not {value!r}")
    if type(seed) is not int or seed < 0:
        raise ValueError(f"seed must be an integer >= 0, not {seed!r}")
    rng = np.random.default_rng([seed, length])
    x, y = (rng.standard_normal((trials, length)).astype(np.float32).astype(np.float64)
            for _ in range(2))
    reference = _exact_sums(x * y)
    scale = _exact_sums(np.abs(x * y))
    a, b = quantise(x, fmt), quantise(y, fmt)
    results = {
        "exact": _statistics(_tile_sums(a, b, fmt, "exact"), reference, scale),
        "conventional": _statistics(_exact_sums(fmt.decode(fpmul(a, b, fmt))), reference,
                                    scale),
    }
    for offset in offsets:
        key = "lmul_paper" if offset is None else f"lmul_o{offset}"
        results[key] = _statistics(_tile_sums(a, b, fmt, "lmul", offset), reference, scale)
    return results
