"""Accuracy of dot products built from L-Mul products, against exact arithmetic.

The experiment, for a format and a vector length n:

1. Draw ``trials`` pairs of vectors of n N(0, 1) values in float64, rounded to fp32 (the
   high-precision operands). The reference is their exact dot product.
2. Round every element to nearest even into the format (:func:`~lmul.accuracy.quantise.quantise`;
   small values become subnormals or zero).
3. Multiply elementwise with each multiplier and sum the products *exactly*: every product of
   codes is exactly a float64 value, and :func:`math.fsum` returns their sum correctly rounded
   (relative error at most ``2**-53``, negligible here, cancellation or not). The reference is
   formed the same way from the exact fp32 products.

Multipliers: ``exact`` (the exact product of the quantised operands: the error of an array
with exact multipliers and accumulator, i.e. from the input rounding alone), ``conventional``
(the RNE product in the format), and L-Mul with each offset asked for (subnormal operands read
as zero).

This models an array with an exact accumulator. Once the dot-product array has its own golden
model, this experiment should call it instead, so that its accumulator is the one measured.
"""

import math

import numpy as np

from ..format import Format
from ..golden.fpmul import fpmul
from ..golden.lmul import lmul
from .operand_pairs import DEFAULT_SEED
from .quantise import quantise

__all__ = ["dot_product_errors", "DOT_PRODUCT_LENGTHS", "DOT_PRODUCT_FORMATS",
           "DOT_PRODUCT_TRIALS"]

DOT_PRODUCT_LENGTHS = (16, 64, 256, 1024, 4096)
DOT_PRODUCT_FORMATS = ("e4m3fn", "e5m2")
DOT_PRODUCT_TRIALS = 256


def _exact_sums(products):
    return np.array([math.fsum(row) for row in products.tolist()])


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
        "exact": _statistics(_exact_sums(fmt.decode(a) * fmt.decode(b)), reference, scale),
        "conventional": _statistics(_exact_sums(fmt.decode(fpmul(a, b, fmt))), reference,
                                    scale),
    }
    for offset in offsets:
        key = "lmul_paper" if offset is None else f"lmul_o{offset}"
        products = fmt.decode(lmul(a, b, fmt, offset=offset))
        results[key] = _statistics(_exact_sums(products), reference, scale)
    return results
