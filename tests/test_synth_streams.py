"""The energy streams: deterministic, NaN-free, and the normal stream is N(0, 1) rounded to the
nearest code (ties to even), saturating at the largest finite number."""

import numpy as np
import pytest

from lmul.format import Format
from lmul.synth.streams import make_stream


def nearest_codes(values, fmt):
    """Brute force: the non-negative finite code nearest to each |value| (ties to the even
    code), with the value's sign; beyond the largest finite number, that number."""
    codes = np.arange(fmt.max_finite_mag + 1)
    grid = fmt.decode(codes)
    distance = np.abs(np.abs(values)[:, None] - grid[None, :])
    best = distance.min(axis=1, keepdims=True)
    ties = distance == best
    # among tied codes prefer the even one (the last mantissa bit 0)
    choice = np.where(ties & (codes % 2 == 0), codes, np.where(ties, codes + (1 << 20), 1 << 30))
    chosen = choice.min(axis=1) % (1 << 20)
    return (np.signbit(values).astype(np.int64) << fmt.mag_bits) | chosen


@pytest.mark.parametrize("name", ["e4m3fn", "e5m2", "e2m1", "e3m2"])
def test_normal_stream_is_rounded_to_nearest_even(name):
    fmt = Format.parse(name)
    a, b = make_stream("normal", fmt, 4096)
    draws = np.random.default_rng(0x4C4D_0002).standard_normal(2 * 4096)
    assert list(a) == list(nearest_codes(draws[:4096], fmt))
    assert list(b) == list(nearest_codes(draws[4096:], fmt))
    if name == "e2m1":      # largest finite number 3: the tails saturate
        assert (np.abs(draws) > 3).any() and (a & fmt.mag_mask).max() == fmt.max_finite_mag


def test_uniform_stream_covers_the_non_nan_codes():
    fmt = Format.parse("e3m2")
    a, b = make_stream("uniform", fmt, 8192)
    codes = np.arange(1 << fmt.width)
    assert set(a) | set(b) == set(codes[~fmt.is_nan(codes)])
    assert a.dtype == fmt.code_dtype


def test_streams_are_deterministic_and_checked():
    first, again = make_stream("normal", "bf16", 100), make_stream("normal", "bf16", 100)
    assert (first[0] == again[0]).all() and (first[1] == again[1]).all()
    with pytest.raises(ValueError) as error:
        make_stream("gaussian", "e4m3fn", 10)
    assert str(error.value) == "stream must be one of 'uniform', 'normal', not 'gaussian'"
    with pytest.raises(ValueError) as error:
        make_stream("normal", "e4m3fn", 1)
    assert str(error.value) == "stream length must be an integer >= 2, not 1"
