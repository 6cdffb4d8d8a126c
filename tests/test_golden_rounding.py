"""The shared rounder of the golden models, against the exact rational rounding of the same
values."""

import itertools
from fractions import Fraction

import numpy as np
import pytest

from lmul.format import Format
from lmul.golden.rational import encode_exact, round_in_mode
from lmul.golden.rounding import round_magnitude, work_dtype
from lmul.rounded_params import RoundedUnitParams

MODES = [dict(zip(("subnormals", "overflow", "rounding"), combination))
         for combination in itertools.product(("ieee", "flush"), ("ieee", "saturate"),
                                              ("rne", "truncate"))]


@pytest.mark.parametrize("fmt, work", [("e4m3fn", np.int16), ("e5m2", np.int16),
                                       ("fp16", np.int32), ("fp32", np.int64)])
def test_work_dtype(fmt, work):
    assert work_dtype(Format.parse(fmt), 2 * Format.parse(fmt).man_bits + 2) is work


@pytest.mark.parametrize("mode", MODES, ids=lambda mode: "-".join(mode.values()))
@pytest.mark.parametrize("fmt", ["e4m3fn", "e5m2", "e3m4"])
def test_exact_significands_round_as_the_exact_values(fmt, mode):
    """Every significand of up to 9 bits at every exponent from below the subnormals to past
    overflow."""
    params = RoundedUnitParams(fmt, **mode)
    fmt = params.fmt
    sig_bits = 9
    work = work_dtype(fmt, sig_bits)
    sig, exp = np.meshgrid(np.arange(1 << sig_bits), np.arange(-fmt.man_bits - 4,
                                                              fmt.exp_all_ones + 3),
                           indexing="ij")
    sig, exp = sig.reshape(-1).astype(work), exp.reshape(-1).astype(work)
    length = np.array([int(value).bit_length() for value in sig.tolist()], dtype=work)
    mag, overflow = round_magnitude(sig, length, exp, params, work, sig_bits)

    expected = []
    for value, size, exponent in zip(sig.tolist(), length.tolist(), exp.tolist()):
        if value == 0:
            expected.append(0)
            continue
        code = round_in_mode(0, value * Fraction(2) ** (exponent - fmt.bias - size + 1), params)
        expected.append(fmt.mag_mask if code == fmt.nan_code else code)
    expected = np.array(expected)
    # The canonical NaN of an overflow is the caller's to make: compare the flag instead.
    got = np.where(overflow & (params.overflow_mag is None), fmt.mag_mask, mag)
    assert np.array_equal(got, expected)


def test_sticky_bit_two_places_below_decides_ties():
    """1.0 with one more bit set two places below the kept ones: a sticky bit that turns the tie
    1 + half an ulp into a round-up, and 1 + a quarter ulp, not a tie, into 1."""
    params = RoundedUnitParams("e5m2")
    work = np.int16
    # Significands of 2 + 1 + 2 bits: 1.00|1|0 (a tie), 1.00|1|1 (above), 1.00|0|1 (below).
    sig = np.array([0b10010, 0b10011, 0b10001], dtype=work)
    length = np.full(3, 5, dtype=work)
    exp = np.full(3, 15, dtype=work)
    mag, _ = round_magnitude(sig, length, exp, params, work, 5)
    assert mag.tolist() == [0x3C, 0x3D, 0x3C]


def test_round_in_mode_to_nearest_even_on_hand_computed_values():
    """The default modes (gradual underflow, overflow to inf, to nearest even), as the dot-product
    tile's one rounding uses them, including zeros and the overflow of a format without inf."""
    bf16, e4m3 = RoundedUnitParams("bf16"), RoundedUnitParams("e4m3")

    def code(value, fmt):
        return encode_exact(int(value < 0), abs(Fraction(value)), Format.parse(fmt))

    assert round_in_mode(0, Fraction(257), bf16) == code(256, "bf16")     # tie, to even
    assert round_in_mode(0, Fraction(259), bf16) == code(260, "bf16")     # tie, to even
    assert round_in_mode(1, Fraction(255), bf16) == code(-255, "bf16")
    assert round_in_mode(0, Fraction(0), bf16) == 0
    assert round_in_mode(1, Fraction(0), bf16) == bf16.fmt.sign_mask
    # A quarter of e4m3's smallest subnormal (2**-9) rounds to -0; 1.5 of it to 2 (even).
    assert round_in_mode(1, Fraction(1, 2**11), e4m3) == e4m3.fmt.sign_mask
    assert round_in_mode(0, Fraction(3, 2**10), e4m3) == 2
    # e4m3's largest finite number is 240; 248 is the tie to infinity.
    assert round_in_mode(0, Fraction(247), e4m3) == e4m3.fmt.max_finite_mag
    assert round_in_mode(1, Fraction(248), e4m3) == e4m3.fmt.sign_mask | e4m3.fmt.inf_mag
    # e4m3fn has no infinity: an overflow is its canonical NaN.
    e4m3fn = RoundedUnitParams("e4m3fn")
    assert round_in_mode(0, Fraction(1000), e4m3fn) == e4m3fn.fmt.nan_code
