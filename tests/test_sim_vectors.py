"""Operand sets: sizes, determinism and the codes the boundary set must contain."""

import numpy as np
import pytest

from lmul.format import PRESETS, Format
from lmul.sim.vectors import (boundary_codes, edge_pairs, exhaustive_pairs, random_pairs,
                              sum_edge_pairs, verification_pairs)


def test_exhaustive_pairs_cover_every_pair_once():
    a, b = exhaustive_pairs(PRESETS["e5m2"])
    pairs = a.astype(np.int64) << 8 | b
    assert a.size == 65536 and np.array_equal(np.sort(pairs), np.arange(65536))


def test_exhaustive_pairs_refuse_wide_formats():
    with pytest.raises(ValueError, match="^format must be at most 8 bits wide for exhaustive "
                                         "pairs, not 16$"):
        exhaustive_pairs(PRESETS["fp16"])


def test_random_and_edge_pairs_are_deterministic():
    fmt = PRESETS["bf16"]
    assert all(np.array_equal(x, y) for x, y in zip(random_pairs(fmt, 1000, 4),
                                                      random_pairs(fmt, 1000, 4)))
    assert all(np.array_equal(x, y) for x, y in zip(edge_pairs(fmt, 1000, 4),
                                                      edge_pairs(fmt, 1000, 4)))
    assert all(np.array_equal(x, y) for x, y in zip(sum_edge_pairs(fmt, 1000, 4),
                                                      sum_edge_pairs(fmt, 1000, 4)))
    assert not np.array_equal(random_pairs(fmt, 1000, 4)[0], random_pairs(fmt, 1000, 5)[0])


@pytest.mark.parametrize("name", list(PRESETS))
def test_boundary_codes_contain_the_format_edges(name):
    fmt = PRESETS[name]
    codes = set(boundary_codes(fmt).tolist())
    one = fmt.bias << fmt.man_bits
    for mag in (0, 1, fmt.man_mask, fmt.min_normal_mag, one, fmt.max_finite_mag, fmt.nan_code):
        assert {mag, mag | fmt.sign_mask} <= codes
    if fmt.has_inf:
        assert {fmt.inf_mag, fmt.inf_mag | fmt.sign_mask} <= codes


def test_boundary_codes_straddle_the_square_root_of_the_overflow_threshold():
    fmt = PRESETS["fp16"]
    values = np.abs(fmt.decode(boundary_codes(fmt)))
    max_finite = fmt.decode(fmt.max_finite_mag)
    squares = values[np.isfinite(values)] ** 2
    assert np.any((squares > max_finite / 2) & (squares <= max_finite))
    assert np.any((squares > max_finite) & (squares < 2 * max_finite))


def test_verification_pairs():
    assert verification_pairs(PRESETS["e4m3fn"])[0].size == 65536
    fmt = Format(5, 10)
    a, b = verification_pairs(fmt, random_count=1000)
    assert a.size == b.size == boundary_codes(fmt).size ** 2 + 100 + 1000
    assert a.dtype == np.uint16


@pytest.mark.parametrize("name", ["e2m1", "e4m3fn", "fp16", "e8m23fn"])
def test_sum_edge_pairs_are_codes_of_the_format(name):
    fmt = Format.parse(name)
    a, b = sum_edge_pairs(fmt, 5000, seed=1)
    assert a.dtype == b.dtype == fmt.code_dtype and a.size == b.size == 5000
    assert int(max(a.max(), b.max())) < 1 << fmt.width


def test_sum_edge_pairs_cover_every_distance_cancellation_and_ties():
    """Exact fp16 sums (float64 holds every one) of the edge pairs: every alignment distance
    0..M+5 in additions and subtractions, cancellations of more than half the significand, exact
    ties, overflow and underflow."""
    fmt = Format.parse("fp16")
    a, b = sum_edge_pairs(fmt, 100_000, seed=5)
    sign_a, exp_a, _ = fmt.fields(a)
    sign_b, exp_b, _ = fmt.fields(b)
    finite = (exp_a < fmt.exp_all_ones) & (exp_b < fmt.exp_all_ones)
    distance = np.abs(np.maximum(exp_a, 1) - np.maximum(exp_b, 1))
    for subtract in (False, True):
        chosen = finite & ((sign_a != sign_b) == subtract)
        assert set(range(fmt.man_bits + 6)) <= set(distance[chosen].tolist())
    x, y = fmt.decode(a[finite]), fmt.decode(b[finite])
    exact = x + y
    larger = np.maximum(np.abs(x), np.abs(y))
    assert np.count_nonzero((exact != 0) & (np.abs(exact) < larger * 2.0 ** -6)) > 1000
    with np.errstate(over="ignore"):
        rounded = exact.astype(np.float16).astype(np.float64)
        neighbour = np.nextafter(rounded.astype(np.float16),
                                 np.where(exact > rounded, np.inf, -np.inf).astype(np.float16))
    tie = (exact != rounded) & (np.abs(exact - rounded) ==
                                np.abs(neighbour.astype(np.float64) - rounded) / 2)
    assert np.count_nonzero(tie) > 1000
    # Sums that overflow (at or past the tie above max finite) and sums in the subnormal range.
    assert np.count_nonzero(np.abs(exact) >= 65520) > 1000
    assert np.count_nonzero((exact != 0) & (np.abs(exact) < 2.0 ** -14)) > 1000
