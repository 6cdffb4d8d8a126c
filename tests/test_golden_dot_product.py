"""The dot-product golden model against its independent value-level reference
(:mod:`lmul.golden.dot_product_value`), against the L-Mul unit's golden model and ml_dtypes for
single products, and its interface."""

import math
from collections import Counter
from fractions import Fraction

import numpy as np
import pytest

from lmul.dot_params import DotParams
from lmul.format import Format
from lmul.golden.dot_product import dot_product, round_window
from lmul.golden.dot_product_value import dot_product_value
from lmul.golden.lmul import lmul
from lmul.golden.rational import decode_exact, encode_exact
from lmul.sim.dot_runner import dot_stimulus
from utils import NARROW_CONFIGS, assert_equal_results, round_rne


# -- random packets against the value-level reference ---------------------------------------

RANDOM_CONFIGS = [
    # Default windows: the exact sum rounded once.
    dict(fmt="e4m3fn", lanes=4, rows=2),
    dict(fmt="e4m3fn", lanes=4, rows=2, multiplier="exact"),
    dict(fmt="e5m2", lanes=3, rows=1),
    dict(fmt="e5m2", lanes=3, rows=1, multiplier="exact"),
    dict(fmt="e4m3", lanes=2, rows=1, offset=0),
    dict(fmt="bf16", lanes=2, rows=1),
    dict(fmt="bf16", lanes=2, rows=1, multiplier="exact"),
]

def _config_id(config):
    return DotParams(**config).name


@pytest.mark.parametrize("config", RANDOM_CONFIGS, ids=_config_id)
def test_random_packets_match_reference(config):
    params = DotParams(**config)
    stimulus = dot_stimulus(params, 150, seed=7, resets=0)
    expected = dot_product_value(stimulus.a, stimulus.b, stimulus.last, params)
    got = dot_product(stimulus.a, stimulus.b, stimulus.last, params)
    assert expected.shape == (150, params.rows)
    assert_equal_results(got, expected)


@pytest.mark.parametrize("config, spreads", NARROW_CONFIGS,
                         ids=[_config_id(config) for config, _ in NARROW_CONFIGS])
def test_narrow_windows_match_reference(config, spreads):
    params = DotParams(**config)
    stimulus = dot_stimulus(params, 150, seed=7, resets=0, spreads=spreads)
    events = Counter()
    expected = dot_product_value(stimulus.a, stimulus.b, stimulus.last, params, events)
    got = dot_product(stimulus.a, stimulus.b, stimulus.last, params)
    assert_equal_results(got, expected)
    out_fmt = params.out_fmt
    finite = ~out_fmt.is_nan(expected) & ~out_fmt.is_inf(expected)
    # Not vacuous: many results are finite, and some window rule or the output's overflow
    # decides others.
    assert finite.sum() >= expected.size // 6
    assert out_fmt.is_inf(expected).sum() >= 5
    if params.window != params.default_window:
        assert events["truncated"] >= 20 and events["clipped"] >= 5 and events["overflow"] >= 5


def test_long_packets_overflow_the_window():
    """Sums beyond the window's guard bits: the running sum leaves the window, once and for
    good, with the sign of the first excursion; small products are truncated."""
    params = DotParams("e4m3fn", lanes=2, rows=1, multiplier="exact", window=(-2, 12))
    big, one, eighth = 0x60, 0x38, 0x20  # 32, 1 and 0.125: 32 * 32 = 2**10, sums reach 2**12
    rng = np.random.default_rng(3)
    beats = 60
    a = rng.choice([big, big | 0x80, one, eighth | 0x80], (beats, 1, 2), p=[0.4, 0.2, 0.2, 0.2])
    b = rng.choice([one, big, one | 0x80], (beats, 2), p=[0.2, 0.6, 0.2])
    last = np.zeros(beats, dtype=bool)
    last[[4, 9, 19, 29, 44, 59]] = True
    events = Counter()
    expected = dot_product_value(a, b, last, params, events)
    assert events["overflow"] >= 3 and events["truncated"] >= 3
    assert events["clipped"] == 0
    assert_equal_results(dot_product(a, b, last, params), expected)


# -- directed cases ---------------------------------------------------------------------------

E4M3FN = Format.parse("e4m3fn")


def _code(value, fmt=E4M3FN):
    """Code of an exactly representable value."""
    fraction = Fraction(value)
    return encode_exact(int(fraction < 0), abs(fraction), fmt)


def _one_packet(params, pairs_per_beat):
    """Run one packet given as a list of beats, each a list of (a, b) values per lane."""
    a = np.array([[[_code(x) for x, _ in beat]] for beat in pairs_per_beat])
    b = np.array([[_code(y) for _, y in beat] for beat in pairs_per_beat])
    last = np.zeros(len(pairs_per_beat), dtype=bool)
    last[-1] = True
    result = dot_product(a, b, last, params)
    assert result.shape == (1, 1)
    return int(result[0, 0])


@pytest.mark.parametrize("pairs, expected", [
    # bf16 keeps 8 significant bits: 257 is a tie between 256 and 258 (even: 256).
    ([(16, 16), (1, 1)], 256),
    ([(16, 16), (1, 3)], 260),  # 259: tie between 258 and 260 (even: 260)
    ([(16, 16), (1, 1), (0.125, 0.125)], 258),  # just above the tie
    ([(16, 16), (-1, 1)], 255),
    ([(16, 16), (-16, 16)], 0),
])
def test_rounding_ties_to_even(pairs, expected):
    params = DotParams("e4m3fn", lanes=len(pairs), multiplier="exact", out_fmt="bf16")
    result = _one_packet(params, [pairs])
    bf16 = Format.parse("bf16")
    assert result == encode_exact(int(expected < 0), abs(Fraction(expected)), bf16)


def test_zero_sum_is_positive_zero_and_tiny_sums_keep_their_sign():
    e5m2 = Format.parse("e5m2")
    params = DotParams("e4m3fn", lanes=2, multiplier="exact", out_fmt="e5m2")
    negative_zero = E4M3FN.sign_mask
    # Negative zero products sum to +0, as an IEEE sum starting from +0.
    packet = dot_product([[[negative_zero, _code(1)]]], [[_code(1), negative_zero]], [True],
                         params)
    assert packet.tolist() == [[0]]
    assert _one_packet(params, [[(2, 2), (-2, 2)]]) == 0
    tiny = Fraction(1, 2**9)  # e4m3fn's smallest subnormal; its square is 2**-18
    # A quarter of e5m2's smallest subnormal (2**-16) rounds to zero and keeps its sign.
    assert _one_packet(params, [[(-tiny, tiny), (0, 0)]]) == e5m2.sign_mask
    # Three quarters of the smallest subnormal round up to it; a half is a tie, to 0;
    # one and a half is a tie, to 2 subnormal ulps.
    assert _one_packet(params, [[(3 * tiny, tiny), (0, 0)]]) == 1
    assert _one_packet(params, [[(2 * tiny, tiny), (0, 0)]]) == 0
    assert _one_packet(params, [[(6 * tiny, tiny), (0, 0)]]) == 2


def test_output_overflow_gives_infinity():
    e5m2 = Format.parse("e5m2")
    params = DotParams("e4m3fn", lanes=2, multiplier="exact", out_fmt="e5m2")
    assert _one_packet(params, [[(448, 448), (0, 0)]]) == e5m2.inf_mag
    assert _one_packet(params, [[(-448, 448), (0, 0)]]) == e5m2.sign_mask | e5m2.inf_mag
    # 61440 = 57344 + half an ulp: a tie, to even (inf); just below it rounds to 57344.
    assert _one_packet(params, [[(240, 256), (0, 0)]]) == e5m2.inf_mag
    assert _one_packet(params, [[(224, 256), (0, 0)]]) == e5m2.max_finite_mag


@pytest.mark.parametrize("fmt_name", ["e5m2", "e4m3"])
def test_special_products(fmt_name):
    fmt = Format.parse(fmt_name)
    inf, nan = fmt.inf_mag, fmt.nan_code
    one = fmt.bias << fmt.man_bits
    subnormal = 1
    fp32 = Format.parse("fp32")
    cases = {
        "lmul": [((inf, one), fp32.inf_mag), ((inf | fmt.sign_mask, one), fp32.sign_mask
                                               | fp32.inf_mag),
                 ((inf, 0), fp32.nan_code), ((inf, subnormal), fp32.nan_code),
                 ((nan, one), fp32.nan_code), ((subnormal, one), 0)],
        "exact": [((inf, subnormal), fp32.inf_mag), ((inf, 0), fp32.nan_code),
                  ((nan, 0), fp32.nan_code),
                  ((subnormal, one), encode_exact(0, decode_exact(1, fmt)[1], fp32))],
    }
    for multiplier, pairs in cases.items():
        params = DotParams(fmt, multiplier=multiplier)
        for (a, b), expected in pairs:
            got = dot_product([[[a]]], [[b]], [True], params)
            assert int(got[0, 0]) == expected, (multiplier, hex(a), hex(b))
    # +inf and -inf in one packet: NaN; either with finite products: the infinity.
    params = DotParams(fmt, lanes=3, multiplier="exact")
    got = dot_product([[[inf, inf | fmt.sign_mask, one]], [[inf, one, one]]],
                      [[one, one, one], [one, one, one]], [True, True], params)
    assert got.tolist() == [[fp32.nan_code], [fp32.inf_mag]]


# -- single products against other models ------------------------------------------------------


def _all_pairs(fmt):
    codes = fmt.all_codes().astype(np.int64)
    return np.repeat(codes, codes.size), np.tile(codes, codes.size)


@pytest.mark.parametrize("fmt_name", ["e4m3fn", "e5m2", "e4m3", "e3m4"])
def test_single_lmul_products_equal_the_unit_where_it_neither_flushes_nor_saturates(fmt_name):
    fmt = Format.parse(fmt_name)
    a, b = _all_pairs(fmt)
    params = DotParams(fmt, multiplier="lmul")
    got = dot_product(a[:, None, None], b[:, None], np.ones(a.size, dtype=bool), params)[:, 0]
    unit = lmul(a, b, fmt).astype(np.int64)
    fp32 = Format.parse("fp32")
    values, unit_values = fp32.decode(got), fmt.decode(unit)
    t = (a & fmt.mag_mask) + (b & fmt.mag_mask) + params.lmul_constant
    in_range = (t >= fmt.min_normal_mag) & (t <= fmt.max_finite_mag)
    ordinary = in_range & ~fmt.is_nan(a) & ~fmt.is_nan(b) & ~fmt.is_inf(a) & ~fmt.is_inf(b) \
        & ~fmt.is_subnormal(a) & ~fmt.is_subnormal(b) & ((a & fmt.mag_mask) != 0) \
        & ((b & fmt.mag_mask) != 0)
    assert ordinary.sum() > fmt.all_codes().size ** 2 // 4
    np.testing.assert_array_equal(values[ordinary], unit_values[ordinary])
    # Outside the unit's range (where it flushes or saturates) the tile keeps the unbounded
    # product.
    normal_finite = ~fmt.is_nan(a) & ~fmt.is_nan(b) & ~fmt.is_inf(a) & ~fmt.is_inf(b) \
        & (fmt.fields(a)[1] != 0) & (fmt.fields(b)[1] != 0)
    outside = normal_finite & ~in_range
    assert outside.sum() > 100
    assert (values[outside] != unit_values[outside]).all()
    assert (np.abs(values[outside & (t < fmt.min_normal_mag)]) > 0).all()


@pytest.mark.parametrize("fmt_name", ["e4m3fn", "e5m2", "e3m4"])
def test_single_exact_products_equal_float_arithmetic(fmt_name):
    fmt = Format.parse(fmt_name)
    a, b = _all_pairs(fmt)
    params = DotParams(fmt, multiplier="exact")
    got = dot_product(a[:, None, None], b[:, None], np.ones(a.size, dtype=bool), params)[:, 0]
    with np.errstate(invalid="ignore"):
        product = (fmt.decode(a) * fmt.decode(b)).astype(np.float32) + np.float32(0)
    expected = product.view(np.uint32).astype(np.int64)
    expected = np.where(np.isnan(product), Format.parse("fp32").nan_code, expected)
    np.testing.assert_array_equal(got.astype(np.int64), expected)


def test_e4m3fn_exact_sums_equal_fsum():
    """Every e4m3fn exact sum fits the 53-bit default window, so float64's correctly rounded
    fsum is exact and one cast to float32 rounds it once, like the tile."""
    params = DotParams("e4m3fn", lanes=16, rows=2, multiplier="exact")
    stimulus = dot_stimulus(params, 400, seed=11, resets=0)
    got = dot_product(stimulus.a, stimulus.b, stimulus.last, params)
    fmt = params.fmt
    products = fmt.decode(stimulus.a) * fmt.decode(stimulus.b)[:, None, :]
    ends = np.flatnonzero(stimulus.last) + 1
    starts = np.concatenate([[0], ends[:-1]])
    expected = np.empty(got.shape, dtype=np.int64)
    for packet, (start, end) in enumerate(zip(starts, ends)):
        for row in range(params.rows):
            terms = products[start:end, row].ravel()
            if np.isnan(terms).any():
                expected[packet, row] = params.out_fmt.nan_code
                continue
            total = np.float32(math.fsum(terms.tolist()) + 0.0)
            expected[packet, row] = int(total.view(np.uint32))
    assert_equal_results(got, expected)


# -- interface ---------------------------------------------------------------------------------


def test_unfinished_packet_has_no_result():
    params = DotParams("e4m3fn", lanes=1, multiplier="exact")
    one = _code(1)
    got = dot_product([[[one]], [[one]], [[one]]], [[one], [one], [one]],
                      [False, True, False], params)
    assert got.tolist() == [[_code(2, Format.parse("fp32"))]]
    assert dot_product(np.zeros((2, 1, 1), np.uint8), np.zeros((2, 1), np.uint8),
                       [False, False], params).shape == (0, 1)


def test_rows_are_independent_and_share_b():
    params = DotParams("e4m3fn", lanes=2, rows=3, multiplier="exact")
    a = [[[_code(1), _code(2)], [_code(-1), _code(0.5)], [_code(3), _code(0)]]]
    b = [[_code(4), _code(8)]]
    fp32 = Format.parse("fp32")
    assert dot_product(a, b, [True], params).tolist() == \
        [[_code(20, fp32), _code(0, fp32), _code(12, fp32)]]


@pytest.mark.parametrize("a_shape, b_shape, last_shape, message", [
    ((2, 1, 3), (2, 3), (2,), "a must have shape (beats, rows, lanes) = (2, 2, 3), "
                              "not (2, 1, 3)"),
    ((2, 2, 3), (2, 2), (2,), "b must have shape (beats, lanes) = (2, 3), not (2, 2)"),
    ((2, 2, 3), (2, 3), (2, 1), "last must be a 1-D array, not of shape (2, 1)"),
])
def test_shapes_are_checked(a_shape, b_shape, last_shape, message):
    params = DotParams("e4m3fn", lanes=3, rows=2)
    with pytest.raises(ValueError) as error:
        dot_product(np.zeros(a_shape), np.zeros(b_shape), np.ones(last_shape), params)
    assert str(error.value) == message


def test_round_window_agrees_with_reference():
    rng = np.random.default_rng(5)
    for fmt_name in ("fp32", "bf16", "fp16", "e5m2", "e4m3"):
        fmt = Format.parse(fmt_name)
        for lsb in (-40, -20, -3, 0, 5):
            values = [int(v) for v in rng.integers(-(1 << 40), 1 << 40, 200)]
            values += [1, -1, 3, 1 << 20, (1 << 24) + 1, -(1 << 39) - 5]
            for value in values:
                expected = round_rne(Fraction(value) * Fraction(2) ** lsb, fmt)
                assert round_window(value, lsb, fmt) == expected, (fmt_name, lsb, value)
