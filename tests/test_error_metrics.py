import math

import numpy as np
import pytest

from lmul.accuracy.error_metrics import (Z_95, ErrorMetrics, confidence_interval, error_metrics,
                                       exact_mean, relative_errors)


def test_relative_errors_are_signed_by_magnitude():
    # Too large, too small, and too large for a negative product.
    errors = relative_errors([1.5, 0.75, -3.0], [1.0, 1.0, -2.0])
    assert errors.tolist() == [0.5, -0.25, 0.5]


def test_zero_result_has_relative_error_minus_one():
    assert relative_errors([0.0, -0.0], [4.0, -0.5]).tolist() == [-1.0, -1.0]


def test_error_metrics_hand_computed():
    # Signed relative errors 1/4, -1/4, 0, -1; absolute errors 1/4, 1/4, 0, 4.
    metrics = error_metrics([1.25, 0.75, 2.0, 0.0], [1.0, 1.0, 2.0, 4.0])
    assert metrics == ErrorMetrics(count=4, mean_relative_error=0.375, mean_absolute_error=1.125,
                                   max_relative_error=1.0, mean_signed_relative_error=-0.25,
                                   error_probability=0.75)


def test_error_metrics_of_exact_results_are_zero():
    metrics = error_metrics([3.0, -0.5], [3.0, -0.5])
    assert (metrics.mean_relative_error, metrics.max_relative_error,
            metrics.error_probability) == (0.0, 0.0, 0.0)


def test_error_metrics_as_dict():
    assert error_metrics([2.0], [1.0]).as_dict() == {
        "count": 1, "mean_relative_error": 1.0, "mean_absolute_error": 1.0,
        "max_relative_error": 1.0, "mean_signed_relative_error": 1.0,
        "error_probability": 1.0}


def test_exact_mean_is_correctly_rounded():
    # A float64 running sum loses both ones next to 1e16.
    assert exact_mean([1e16, 1.0, -1e16, 1.0]) == 0.5
    assert exact_mean([0.1] * 10) == 0.1


def test_confidence_interval_hand_computed():
    # Mean 1, sample variance 2, so the half width is z * sqrt(2 / 2) = z.
    assert confidence_interval([0.0, 2.0]) == (1.0, 1.0 - Z_95, 1.0 + Z_95)
    # Values 1, 2, 3: mean 2, sample variance (1 + 0 + 1) / 2 = 1, half width z * sqrt(1 / 3).
    mean, low, high = confidence_interval([1.0, 2.0, 3.0], z=1.0)
    assert (mean, high - mean) == (2.0, math.sqrt(1 / 3))


@pytest.mark.parametrize("approx, exact, message", [
    ([1.0], [1.0, 2.0], "approximate and exact values must have the same shape, "
                        "not (1,) and (2,)"),
    ([1.0], [0.0], "exact values must be finite and non-zero, not np.float64(0.0)"),
    ([1.0], [np.inf], "exact values must be finite and non-zero, not np.float64(inf)"),
    ([np.nan], [1.0], "approximate values must be finite, not np.float64(nan)"),
])
def test_invalid_values(approx, exact, message):
    with pytest.raises(ValueError) as info:
        error_metrics(approx, exact)
    assert str(info.value) == message


def test_no_values():
    with pytest.raises(ValueError, match=r"^there must be at least one value, not 0$"):
        error_metrics([], [])
    with pytest.raises(ValueError, match=r"^values must not be empty"):
        exact_mean([])


def test_confidence_interval_needs_two_samples():
    with pytest.raises(ValueError, match=r"^sample count must be at least 2, not 1$"):
        confidence_interval([1.0])
