"""Operand sets: sizes, determinism and the codes the boundary set must contain."""

import numpy as np
import pytest

from lmul.format import PRESETS, Format
from lmul.sim.vectors import (boundary_codes, edge_pairs, exhaustive_pairs, random_pairs,
                              verification_pairs)


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
