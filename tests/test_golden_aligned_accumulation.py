"""The ``aligned`` accumulator's golden model (:mod:`lmul.golden.aligned_accumulation`) against
its exact-rational reference (:mod:`lmul.golden.accumulator_value`) on random packets, and on
hand-computed cases: truncation of the products and of the running sum, the rounding, zeros and
specials."""

import dataclasses
from fractions import Fraction

import numpy as np
import pytest

from lmul.dot_params import DotParams
from lmul.format import Format
from lmul.golden.dot_product import dot_product
from lmul.golden.dot_product_value import dot_product_value
from lmul.golden.rational import encode_exact
from lmul.sim.dot_runner import DEFAULT_SPREADS, dot_stimulus
from utils import assert_equal_results

E4M3FN, E5M2, FP16, FP32 = (Format.parse(name) for name in ("e4m3fn", "e5m2", "fp16", "fp32"))

RANDOM_CONFIGS = [
    dict(fmt="e4m3fn", lanes=4, rows=2),
    dict(fmt="e4m3fn", lanes=4, rows=1, multiplier="exact"),
    dict(fmt="e4m3fn", lanes=1, rows=1, multiplier="exact", fraction_bits=2),
    dict(fmt="e5m2", lanes=3, rows=1, fraction_bits=0),
    dict(fmt="e5m2", lanes=2, rows=1, multiplier="exact", out_fmt="fp16"),
    dict(fmt="e3m4", lanes=3, rows=1, multiplier="exact", out_fmt="e5m2", fraction_bits=5),
    dict(fmt="bf16", lanes=3, rows=1, multiplier="exact", fraction_bits=40),
    dict(fmt="fp32", lanes=2, rows=1, fraction_bits=30),
    dict(fmt="fp32", lanes=2, rows=1, multiplier="exact", out_fmt="bf16"),
]


def _params(config):
    return DotParams(accumulator="aligned", **config)


def _stimulus(params, packets=100):
    # Narrow output formats: exponents near the bias, so that most sums stay finite.
    spreads = DEFAULT_SPREADS if params.out_fmt in (FP32, Format.parse("bf16")) else \
        (None, 2, 4)
    return dot_stimulus(params, packets, seed=13, resets=0, spreads=spreads)


@pytest.mark.parametrize("config", RANDOM_CONFIGS, ids=lambda config: _params(config).name)
def test_random_packets_match_reference(config):
    params = _params(config)
    stimulus = _stimulus(params)
    expected = dot_product_value(stimulus.a, stimulus.b, stimulus.last, params)
    assert_equal_results(dot_product(stimulus.a, stimulus.b, stimulus.last, params), expected)
    out_fmt = params.out_fmt
    finite = ~out_fmt.is_nan(expected) & ~out_fmt.is_inf(expected)
    assert 0.5 < finite.mean() < 1


@pytest.mark.parametrize("fraction_bits", [12, 14])
def test_the_random_check_catches_one_fraction_bit_more_or_less(fraction_bits):
    params = _params(dict(fmt="e4m3fn", lanes=4, rows=1, multiplier="exact"))
    stimulus = _stimulus(params, 60)
    expected = dot_product_value(stimulus.a, stimulus.b, stimulus.last, params)
    other = dataclasses.replace(params, fraction_bits=fraction_bits)
    assert (dot_product(stimulus.a, stimulus.b, stimulus.last, other) != expected).sum() > 5


def _code(value, fmt=E4M3FN):
    fraction = Fraction(value)
    return encode_exact(int(fraction < 0), abs(fraction), fmt)


def _packet(params, beats):
    """Result of one packet whose beats are lists of (a, b) values (numbers, or codes given as
    strings of hex)."""
    fmt = params.fmt

    def code(value):
        return int(value, 16) if isinstance(value, str) else _code(value, fmt)

    a = np.array([[[code(a) for a, _ in beat]] for beat in beats])
    b = np.array([[code(b) for _, b in beat] for beat in beats])
    last = np.zeros(len(beats), dtype=bool)
    last[-1] = True
    return int(dot_product(a, b, last, params)[0, 0])


TWO_BITS = _params(dict(fmt="e4m3fn", lanes=2, multiplier="exact", fraction_bits=2))


@pytest.mark.parametrize("beats, result", [
    # Largest exponent 0, F = 2: 0.375 truncates to 0.25 (toward zero, either sign).
    ([[(1, 1), (0.375, 1)]], 1.25),
    ([[(1, 1), (-0.375, 1)]], 0.75),
    # The sum carries above the largest exponent, exactly.
    ([[(1.75, 1), (1.75, 1)]], 3.5),
    # The running sum 1.75 is truncated to the units of the next beat's largest product, 4.
    ([[(1.75, 1), (0, 1)], [(4, 1), (0, 1)]], 5),
    # The running sum 4 is the largest term: 0.75 + 0.75 truncate to zero each.
    ([[(4, 1), (0, 1)], [(0.75, 1), (0.75, 1)]], 4),
    # Cancellation to zero is +0, as are -0 products.
    ([[(1, 1), (-1, 1)]], 0),
    ([[(-0.0, 1), ("80", "80")]], 0),
])
def test_truncation(beats, result):
    assert _packet(TWO_BITS, beats) == _code(result, FP32)


def test_the_sum_is_rounded_to_nearest_even():
    params = _params(dict(fmt="e4m3fn", lanes=2, multiplier="exact", out_fmt="e5m2",
                          fraction_bits=5))
    # 1 + 5/32 = 1.15625 rounds up to 1.25 in e5m2; 1 + 4/32 = 1.125 is a tie, to 1.
    assert _packet(params, [[(1, 1), (0.15625, 1)]]) == _code(1.25, E5M2)
    assert _packet(params, [[(1, 1), (0.125, 1)]]) == _code(1, E5M2)


def test_specials():
    params = _params(dict(fmt="e5m2", lanes=1, multiplier="exact", out_fmt="fp16"))
    inf, neg = "7c", "fc"
    assert _packet(params, [[(inf, 1)], [(neg, 1)]]) == FP16.nan_code
    assert _packet(params, [[(neg, 1)], [(1, 1)]]) == FP16.sign_mask | FP16.inf_mag
    assert _packet(params, [[(inf, 1)], [("7d", 1)]]) == FP16.nan_code   # a NaN product
    assert _packet(params, [[(inf, 0)]]) == FP16.nan_code                 # inf * 0
    # 57344 + 57344 overflows fp16 to inf, which stays inf.
    assert _packet(params, [[(57344, 1)], [(57344, 1)], [(-57344, 1)]]) == FP16.inf_mag
