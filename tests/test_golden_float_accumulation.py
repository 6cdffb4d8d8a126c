"""The ``float`` accumulator's golden model (:mod:`lmul.golden.float_accumulation`) against its
exact-rational reference (:mod:`lmul.golden.accumulator_value`) on random packets, against
NumPy's float32 arithmetic, and on hand-computed cases: the products' rounding, the lane order of
the adder tree, the running sum, zeros and specials."""

from fractions import Fraction

import numpy as np
import pytest

from lmul.dot_params import DotParams
from lmul.format import Format
from lmul.golden.dot_product import dot_product
from lmul.golden.dot_product_value import dot_product_value
from lmul.golden.float_accumulation import lane_tree_sum, product_codes
from lmul.golden.fpadd import fpadd
from lmul.golden.rational import encode_exact
from lmul.sim.dot_runner import DEFAULT_SPREADS, dot_stimulus
from utils import assert_equal_results

E4M3FN, E5M2, FP32 = (Format.parse(name) for name in ("e4m3fn", "e5m2", "fp32"))

RANDOM_CONFIGS = [
    dict(fmt="e4m3fn", lanes=4, rows=2),
    dict(fmt="e4m3fn", lanes=3, rows=1, multiplier="exact"),
    dict(fmt="e5m2", lanes=5, rows=1, out_fmt="fp16"),
    dict(fmt="e5m2", lanes=2, rows=1, multiplier="exact", out_fmt="e5m2"),
    dict(fmt="bf16", lanes=2, rows=1, multiplier="exact"),   # products rounded into fp32
    dict(fmt="bf16", lanes=3, rows=1),
    dict(fmt="fp32", lanes=4, rows=1),                       # the LMul unit's results
    dict(fmt="fp32", lanes=2, rows=1, multiplier="exact"),   # FPMul's results
    dict(fmt="e4m3", lanes=2, rows=1, out_fmt="e4m3"),       # the LMul unit, overflow inf
]


def _params(config):
    return DotParams(accumulator="float", **config)


@pytest.mark.parametrize("config", RANDOM_CONFIGS, ids=lambda config: _params(config).name)
def test_random_packets_match_reference(config):
    params = _params(config)
    # Narrow output formats: exponents near the bias, so that most sums stay finite.
    spreads = DEFAULT_SPREADS if params.out_fmt == FP32 else (None, 2, 4)
    stimulus = dot_stimulus(params, 120, seed=11, resets=0, spreads=spreads)
    expected = dot_product_value(stimulus.a, stimulus.b, stimulus.last, params)
    assert_equal_results(dot_product(stimulus.a, stimulus.b, stimulus.last, params), expected)
    out_fmt = params.out_fmt
    finite = ~out_fmt.is_nan(expected) & ~out_fmt.is_inf(expected)
    assert 0.5 < finite.mean() < 1


def test_the_random_check_catches_a_sequential_sum():
    # The reference's tree order matters on these packets: summing the lanes one after the
    # other into the running sum gives other results.
    params = _params(dict(fmt="e5m2", lanes=4, rows=1, out_fmt="e5m2", multiplier="exact"))
    stimulus = dot_stimulus(params, 120, seed=11, resets=0, spreads=(None, 2, 4))
    expected = dot_product_value(stimulus.a, stimulus.b, stimulus.last, params)
    sequential = dot_product_value(
        stimulus.a.reshape(-1, 1, 1), stimulus.b.reshape(-1, 1),
        np.repeat(stimulus.last, 4) & (np.arange(stimulus.last.size * 4) % 4 == 3),
        _params(dict(fmt="e5m2", lanes=1, rows=1, out_fmt="e5m2", multiplier="exact")))
    assert (sequential != expected).sum() > 5


@pytest.mark.parametrize("lanes", [1, 2, 3])
def test_fp32_equals_numpy_float32(lanes):
    # fp32 operands, exact products: FPMul's products, then float32 additions in the tree's
    # order, as NumPy computes them (both correctly rounded; NaNs compared as NaNs).
    params = _params(dict(fmt="fp32", lanes=lanes, rows=1, multiplier="exact"))
    stimulus = dot_stimulus(params, 2000, seed=5, resets=0)
    got = dot_product(stimulus.a, stimulus.b, stimulus.last, params)[:, 0]
    a = stimulus.a[:, 0, :].view(np.float32)
    b = stimulus.b.view(np.float32)
    with np.errstate(all="ignore"):
        products = a * b
        beat = products[:, 0] if lanes == 1 else products[:, 0] + products[:, 1]
        if lanes == 3:
            beat = beat + products[:, 2]
        running, expected = np.float32(0), []
        for index in range(stimulus.last.size):
            running = np.float32(running + beat[index])
            if stimulus.last[index]:
                expected.append(running)
                running = np.float32(0)
    expected = np.array(expected, dtype=np.float32)
    nan = np.isnan(expected)
    assert np.array_equal(FP32.is_nan(got), nan)
    assert np.array_equal(got[~nan], expected[~nan].view(np.uint32))


def _code(value, fmt=E4M3FN):
    fraction = Fraction(value)
    return encode_exact(int(fraction < 0), abs(fraction), fmt)


def test_products_rounded_into_the_output_format():
    params = _params(dict(fmt="e4m3fn", multiplier="exact", out_fmt="e5m2"))
    # 1.125 * 1.125 = 1.265625 rounds to 1.25 in e5m2; 1.5 * 1.25 = 1.875 to 2.
    assert product_codes(np.array([_code(1.125), _code(1.5)]),
                         np.array([_code(1.125), _code(1.25)]), params).tolist() == \
        [_code(1.25, E5M2), _code(2, E5M2)]


def test_fp32_lmul_products_are_the_units():
    # out_fmt is fmt: the LMul unit's results (underflow to zero, overflow to inf), not the
    # unbounded product rounded with gradual underflow.
    params = _params(dict(fmt="fp32"))
    smallest_normal, largest = 0x00800000, 0x7F7FFFFF
    assert product_codes(np.array([smallest_normal, largest]),
                         np.array([smallest_normal, largest]), params).tolist() == \
        [0, FP32.inf_mag]


def test_lane_order_of_the_tree():
    # In e5m2, 1 + 1/8 is a tie that rounds to 1: ((1 + 1/8) + (1/8 + 1/8)) = 1 + 1/4 = 1.25
    # by the tree, while summing in lane order would stay at 1.
    one, eighth = _code(1, E5M2), _code(0.125, E5M2)
    codes = np.array([one, eighth, eighth, eighth])
    assert lane_tree_sum(codes, E5M2) == _code(1.25, E5M2)
    # Three lanes: the odd one out is added last: (1 + 1/8) + 1/8 = 1.
    assert lane_tree_sum(codes[:3], E5M2) == one
    assert fpadd(one, fpadd(eighth, eighth, E5M2), E5M2) == _code(1.25, E5M2)


def _packet(params, pairs_per_beat):
    a = np.array([[[a for a, _ in beat]] for beat in pairs_per_beat])
    b = np.array([[b for _, b in beat] for beat in pairs_per_beat])
    last = np.zeros(len(pairs_per_beat), dtype=bool)
    last[-1] = True
    return int(dot_product(a, b, last, params)[0, 0])


def test_running_sum_zeros_and_specials():
    params = _params(dict(fmt="e4m3", lanes=1, multiplier="exact"))
    e4m3 = params.fmt
    one, inf = _code(1, e4m3), e4m3.inf_mag
    neg = e4m3.sign_mask
    # The running sum starts at +0: a packet of -0 products is +0.
    assert _packet(params, [[(neg, one)], [(neg | one, 0)]]) == 0
    assert _packet(params, [[(one, one)], [(one | neg, one)]]) == 0
    # inf, then -inf in a later beat: NaN; inf then finite: inf.
    assert _packet(params, [[(inf, one)], [(inf | neg, one)]]) == FP32.nan_code
    assert _packet(params, [[(inf | neg, one)], [(one, one)]]) == FP32.sign_mask | FP32.inf_mag
    # A running sum that overflows out_fmt is inf, and stays inf.
    small = _params(dict(fmt="e5m2", lanes=1, multiplier="exact", out_fmt="fp16"))
    big = _code(57344, E5M2)  # 57344 * 1 fits fp16; twice it does not
    e5m2_one = _code(1, E5M2)
    assert _packet(small, [[(big, e5m2_one)], [(big, e5m2_one)], [(big | E5M2.sign_mask,
                                                                   e5m2_one)]]) == \
        Format.parse("fp16").inf_mag
