"""Error metrics of approximate results against exact ones.

Independent of formats and multipliers: the inputs are float64 arrays of values, the results of
some multiplier decoded, and the exact values they approximate.
"""

import math
from dataclasses import asdict, dataclass

import numpy as np

__all__ = ["ErrorMetrics", "error_metrics", "relative_errors", "exact_mean",
           "confidence_interval", "Z_95"]

#: Two-sided 95 % quantile of the standard normal distribution.
Z_95 = 1.959963984540054


@dataclass(frozen=True)
class ErrorMetrics:
    """Error statistics of ``count`` approximate results.

    Attributes
    ----------
    count : int
        Number of results.
    mean_relative_error : float
        Mean of ``|approx - exact| / |exact|`` (MRE).
    mean_absolute_error : float
        Mean of ``|approx - exact|``, in the unit of the values (dominated by the largest ones).
    max_relative_error : float
        Largest ``|approx - exact| / |exact|`` (worst case).
    mean_signed_relative_error : float
        Mean of the signed relative error ``(approx - exact) / exact``, the bias: positive when
        results are too large in magnitude on average.
    error_probability : float
        Fraction of results that differ from the exact value.
    """

    count: int
    mean_relative_error: float
    mean_absolute_error: float
    max_relative_error: float
    mean_signed_relative_error: float
    error_probability: float

    def as_dict(self):
        return asdict(self)


def _check(approx, exact):
    approx = np.asarray(approx, dtype=np.float64)
    exact = np.asarray(exact, dtype=np.float64)
    if approx.shape != exact.shape:
        raise ValueError(f"approximate and exact values must have the same shape, "
                         f"not {approx.shape!r} and {exact.shape!r}")
    bad_exact = ~np.isfinite(exact) | (exact == 0)
    if bad_exact.any():
        raise ValueError(f"exact values must be finite and non-zero, "
                         f"not {exact[bad_exact].flat[0]!r}")
    bad_approx = ~np.isfinite(approx)
    if bad_approx.any():
        raise ValueError(f"approximate values must be finite, not {approx[bad_approx].flat[0]!r}")
    return approx.reshape(-1), exact.reshape(-1)


def relative_errors(approx, exact):
    """Signed relative errors ``(approx - exact) / exact``, elementwise.

    For results of the right sign this is ``(|approx| - |exact|) / |exact|``: positive when the
    result is too large in magnitude. A result of zero gives -1.

    Parameters
    ----------
    approx, exact : array_like of float
        Same shape; ``exact`` finite and non-zero, ``approx`` finite.

    Returns
    -------
    numpy.ndarray of float64
        Flat. The difference is computed exactly when, as for every product of the formats of
        this package, both values fit in 53 significant bits together (their difference then is
        a float64); the quotient is rounded once, to nearest.

    Raises
    ------
    ValueError
        If the shapes differ or a value is out of the domain above.
    """
    approx, exact = _check(approx, exact)
    return (approx - exact) / exact


def exact_mean(values):
    """Mean of float64 ``values`` with the sum correctly rounded (:func:`math.fsum`), then
    divided by the count: at most two roundings, whatever the count and the order.

    Raises
    ------
    ValueError
        If ``values`` is empty.
    """
    values = np.asarray(values, dtype=np.float64).reshape(-1)
    if values.size == 0:
        raise ValueError(f"values must not be empty, not {values!r}")
    return math.fsum(values.tolist()) / values.size


def error_metrics(approx, exact):
    """The :class:`ErrorMetrics` of approximate values against exact ones.

    Parameters
    ----------
    approx, exact : array_like of float
        Same shape, at least one element; ``exact`` finite and non-zero, ``approx`` finite.

    Returns
    -------
    ErrorMetrics
        Means as :func:`exact_mean`; relative errors as :func:`relative_errors`.

    Raises
    ------
    ValueError
        If the shapes differ, there are no values, or a value is out of the domain above.
    """
    approx, exact = _check(approx, exact)
    if approx.size == 0:
        raise ValueError(f"there must be at least one value, not {approx.size!r}")
    signed = (approx - exact) / exact
    relative = np.abs(signed)
    return ErrorMetrics(
        count=int(approx.size),
        mean_relative_error=exact_mean(relative),
        mean_absolute_error=exact_mean(np.abs(approx - exact)),
        max_relative_error=float(relative.max()),
        mean_signed_relative_error=exact_mean(signed),
        error_probability=int(np.count_nonzero(approx != exact)) / approx.size,
    )


def confidence_interval(samples, z=Z_95):
    """Normal-approximation confidence interval of the mean of ``samples``.

    ``mean ± z * s / sqrt(n)`` with ``s`` the sample standard deviation (``n - 1`` in the
    denominator); the default ``z`` gives a two-sided 95 % interval. Valid for large ``n``
    (central limit theorem); the samples must be independent.

    Returns
    -------
    tuple of float
        ``(mean, low, high)``.

    Raises
    ------
    ValueError
        If there are fewer than two samples.
    """
    samples = np.asarray(samples, dtype=np.float64).reshape(-1)
    if samples.size < 2:
        raise ValueError(f"sample count must be at least 2, not {samples.size!r}")
    mean = exact_mean(samples)
    variance = math.fsum(((samples - mean) ** 2).tolist()) / (samples.size - 1)
    half_width = z * math.sqrt(variance / samples.size)
    return mean, mean - half_width, mean + half_width
