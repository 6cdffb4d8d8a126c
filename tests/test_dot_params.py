import dataclasses
from fractions import Fraction

import numpy as np
import pytest
from amaranth.hdl import Fragment

from lmul.dot_params import (ALIGNED_FRACTION_BITS, EXACT_WINDOW_LIMIT, GUARD_BITS, WIDE_WINDOW,
                             DotParams)
from lmul.format import PRESETS, Format
from lmul.golden.rational import decode_exact


def test_defaults():
    params = DotParams("e4m3fn")
    assert (params.fmt, params.lanes, params.rows, params.multiplier) == \
        (Format(4, 3, "fn"), 1, 1, "lmul")
    assert params.offset == 1  # the paper's 2**-3 for three mantissa bits
    assert params.out_fmt == PRESETS["fp32"]
    assert params.window == params.default_window
    assert params.tree_levels_per_register == 1


def test_frozen():
    params = DotParams("e5m2")
    with pytest.raises(dataclasses.FrozenInstanceError):
        params.lanes = 4


@pytest.mark.parametrize("options, message", [
    ({"lanes": 0}, "lanes must be an integer in 1..256, not 0"),
    ({"lanes": 257}, "lanes must be an integer in 1..256, not 257"),
    ({"rows": -1}, "rows must be an integer in 1..64, not -1"),
    ({"rows": 65}, "rows must be an integer in 1..64, not 65"),
    ({"lanes": 32, "rows": 33}, "lanes x rows must be at most 1024, not 1056 (32 x 33)"),
    ({"multiplier": "fpmul"}, "multiplier must be one of 'lmul', 'exact', not 'fpmul'"),
    ({"offset": -1}, "offset must be an integer >= 0, not -1"),
    ({"multiplier": "exact", "offset": 0}, "offset must be None for the exact multiplier, "
                                           "not 0"),
    ({"out_fmt": "e4m3fn"}, "output format must have infinities, not 'e4m3fn'"),
    ({"window": (4, 4)}, "window must be None or a pair of integers (lsb, msb) with lsb < msb, "
                         "not (4, 4)"),
    ({"window": (-128, 128)}, "window must be at most 256 bits wide (msb - lsb + 1), not 257 "
                              "for (-128, 128)"),
    ({"window": (-100_000, 100_000)}, "window must be at most 256 bits wide (msb - lsb + 1), "
                                      "not 200001 for (-100000, 100000)"),
    ({"tree_levels_per_register": -1}, "tree levels per register must be an integer >= 0, "
                                       "not -1"),
])
def test_invalid_parameters(options, message):
    with pytest.raises(ValueError) as error:
        DotParams("e4m3fn", **options)
    assert str(error.value) == message


@pytest.mark.parametrize("options, message", [
    ({"lanes": 4.0}, "lanes must be an integer in 1..256, not 4.0"),
    ({"rows": "2"}, "rows must be an integer in 1..64, not '2'"),
    ({"offset": "1"}, "offset must be an integer >= 0, not '1'"),
    ({"multiplier": None}, "multiplier must be one of 'lmul', 'exact', not None"),
    ({"window": (-3,)}, "window must be None or a pair of integers (lsb, msb) with lsb < msb, "
                        "not (-3,)"),
    ({"window": (-3.0, 5)}, "window must be None or a pair of integers (lsb, msb) with "
                            "lsb < msb, not (-3.0, 5)"),
    ({"window": "-3 5"}, "window must be None or a pair of integers (lsb, msb) with "
                         "lsb < msb, not '-3 5'"),
    ({"tree_levels_per_register": 1.0}, "tree levels per register must be an integer >= 0, "
                                        "not 1.0"),
])
def test_wrong_types_raise_type_error(options, message):
    with pytest.raises(TypeError) as error:
        DotParams("e4m3fn", **options)
    assert str(error.value) == message


def test_numpy_integers_are_integers():
    params = DotParams("e4m3fn", lanes=np.int64(4), rows=np.uint8(2), offset=np.int32(0),
                       window=(np.int64(-9), np.int16(20)),
                       tree_levels_per_register=np.int64(2))
    assert params == DotParams("e4m3fn", lanes=4, rows=2, offset=0, window=(-9, 20),
                               tree_levels_per_register=2)
    assert params.name == "dot_e4m3fn_lmul_n4_r2_o0_wm9_20_t2"
    assert all(type(value) is int for value in (params.lanes, params.rows, params.offset,
                                                *params.window))


def test_largest_bounds_are_accepted():
    assert DotParams("e4m3fn", lanes=256, rows=4).lanes == 256
    assert DotParams("e4m3fn", lanes=16, rows=64).rows == 64
    assert DotParams("e4m3fn", window=(-128, 127)).window_bits == 256


def test_huge_offset_moves_the_products_up_unclamped():
    # One exponent step more offset (2**M LSBs) moves every L-Mul product one binade up, however
    # far past the operand format's overflow (unlike LMulParams.constant, which clamps).
    low, high = DotParams("e4m3fn", offset=10**6).product_exponent_range
    assert DotParams("e4m3fn", offset=10**6 + 8).product_exponent_range == (low + 1, high + 1)
    assert low > 10**5


def _largest_product(params):
    fmt = params.fmt
    _, largest = decode_exact(fmt.max_finite_mag, fmt)
    if params.multiplier == "exact":
        return largest * largest
    # The L-Mul product of the largest magnitudes, unbounded.
    t = 2 * fmt.max_finite_mag + params.lmul_constant
    return Fraction((t & fmt.man_mask) | fmt.min_normal_mag) * \
        Fraction(2) ** ((t >> fmt.man_bits) - fmt.bias - fmt.man_bits)


def _smallest_product_ulp(params):
    fmt = params.fmt
    if params.multiplier == "exact":
        _, smallest = decode_exact(1, fmt)  # the smallest subnormal
        return smallest * smallest
    t = 2 * fmt.min_normal_mag + params.lmul_constant
    return Fraction(2) ** ((t >> fmt.man_bits) - fmt.bias - fmt.man_bits)


@pytest.mark.parametrize("fmt", ["e4m3fn", "e5m2", "e4m3", "e3m4", "fp16"])
@pytest.mark.parametrize("multiplier", ["lmul", "exact"])
def test_default_window_is_exact_for_narrow_formats(fmt, multiplier):
    params = DotParams(fmt, multiplier=multiplier)
    lsb, msb = params.window
    assert params.window == params.exact_window
    assert params.window_bits <= EXACT_WINDOW_LIMIT
    assert Fraction(2) ** lsb == _smallest_product_ulp(params)
    # 2**16 of the largest products fit; the sign bit is no wider than needed for that.
    assert 2 ** GUARD_BITS * _largest_product(params) <= Fraction(2) ** msb - Fraction(2) ** lsb
    assert 2 ** GUARD_BITS * _largest_product(params) >= Fraction(2) ** (msb - 1)


@pytest.mark.parametrize("fmt", ["bf16", "fp32", "e8m3"])
def test_default_window_of_wide_formats(fmt):
    params = DotParams(fmt, multiplier="exact")
    assert params.exact_window[1] - params.exact_window[0] + 1 > EXACT_WINDOW_LIMIT
    assert params.window == WIDE_WINDOW == (-64, 63)
    assert params.window_bits == 128


@pytest.mark.parametrize("fmt, multiplier, window, bits", [
    ("e4m3fn", "lmul", (-15, 34), 50),
    ("e4m3fn", "exact", (-18, 34), 53),
    ("e5m2", "lmul", (-30, 48), 79),
    ("e5m2", "exact", (-32, 48), 81),
])
def test_default_windows_of_fp8(fmt, multiplier, window, bits):
    params = DotParams(fmt, multiplier=multiplier)
    assert params.window == window
    assert params.window_bits == bits
    assert (params.lsb, params.msb) == window


@pytest.mark.parametrize("lanes, levels_per_register, levels, registers", [
    (1, 1, 0, 0), (2, 1, 1, 1), (4, 1, 2, 2), (5, 1, 3, 3), (16, 1, 4, 4), (16, 2, 4, 2),
    (16, 3, 4, 2), (16, 4, 4, 1), (16, 9, 4, 1), (16, 0, 4, 0), (1, 0, 0, 0),
])
def test_tree_registers(lanes, levels_per_register, levels, registers):
    params = DotParams("e5m2", lanes=lanes, tree_levels_per_register=levels_per_register)
    assert params.tree_levels == levels
    assert params.tree_registers == registers


@pytest.mark.parametrize("options, name", [
    ({}, "dot_e4m3fn_lmul_n1_r1"),
    ({"lanes": 16, "rows": 4}, "dot_e4m3fn_lmul_n16_r4"),
    ({"multiplier": "exact", "lanes": 4}, "dot_e4m3fn_exact_n4_r1"),
    ({"offset": 0}, "dot_e4m3fn_lmul_n1_r1_o0"),
    ({"offset": 1}, "dot_e4m3fn_lmul_n1_r1"),
    ({"out_fmt": "fp16"}, "dot_e4m3fn_lmul_n1_r1_outfp16"),
    ({"window": (-8, 20)}, "dot_e4m3fn_lmul_n1_r1_wm8_20"),
    ({"window": (2, 20)}, "dot_e4m3fn_lmul_n1_r1_w2_20"),
    ({"window": (-15, 34)}, "dot_e4m3fn_lmul_n1_r1"),
    ({"tree_levels_per_register": 2}, "dot_e4m3fn_lmul_n1_r1_t2"),
    ({"lanes": 4, "offset": 2, "out_fmt": "bf16", "window": (-3, 9),
      "tree_levels_per_register": 0}, "dot_e4m3fn_lmul_n4_r1_o2_outbf16_wm3_9_t0"),
])
def test_name(options, name):
    params = DotParams("e4m3fn", **options)
    assert params.name == name
    assert params.name.isidentifier()


def test_window_given_as_default_equals_default():
    assert DotParams("e5m2", window=(-30, 48)) == DotParams("e5m2")


@pytest.mark.parametrize("options", [
    {}, {"multiplier": "exact", "lanes": 16, "rows": 4}, {"offset": 0, "out_fmt": "bf16"},
    {"window": (-8, 20), "tree_levels_per_register": 0},
])
def test_json_round_trip(options):
    params = DotParams("e5m2", **options)
    assert DotParams.from_json(params.to_json()) == params


def test_catalogue_members():
    params = DotParams("e4m3fn", lanes=4, rows=2)
    assert params.kind == "dot"
    assert params.format == params.fmt
    component = params.component()
    assert component.params == params
    assert component.latency == 5 + params.tree_registers == 7
    Fragment.get(component, None)  # it elaborates


# -- accumulators ------------------------------------------------------------------------------

def test_accumulator_defaults():
    assert DotParams("e4m3fn").accumulator == "window"
    assert DotParams("e4m3fn").fraction_bits is None
    aligned = DotParams("e4m3fn", accumulator="aligned")
    assert aligned.fraction_bits == ALIGNED_FRACTION_BITS == 13
    assert aligned.window is None
    float_params = DotParams("fp32", accumulator="float")
    assert (float_params.window, float_params.fraction_bits) == (None, None)


@pytest.mark.parametrize("options, message", [
    ({"accumulator": "fixed"}, "accumulator must be one of 'window', 'float', 'aligned', "
                               "not 'fixed'"),
    ({"accumulator": "float", "window": (-8, 20)}, "window must be None for the float "
                                                   "accumulator (it has no window), not (-8, 20)"),
    ({"accumulator": "aligned", "window": (-8, 20)}, "window must be None for the aligned "
                                                     "accumulator (it has no window), not (-8, 20)"),
    ({"fraction_bits": 13}, "fraction bits must be None for the window accumulator "
                            "(only the aligned one has them), not 13"),
    ({"accumulator": "float", "fraction_bits": 13}, "fraction bits must be None for the float "
                                                    "accumulator (only the aligned one has them), "
                                                    "not 13"),
    ({"accumulator": "aligned", "fraction_bits": -1}, "fraction bits must be an integer in "
                                                      "0..40, not -1"),
    ({"accumulator": "aligned", "fraction_bits": 41}, "fraction bits must be an integer in "
                                                      "0..40, not 41"),
    ({"accumulator": "aligned", "tree_levels_per_register": 0},
     "tree levels per register must be 1 for the aligned accumulator (its adder tree is "
     "inside the accumulator loop), not 0"),
])
def test_invalid_accumulator_parameters(options, message):
    with pytest.raises(ValueError) as error:
        DotParams("e4m3fn", **options)
    assert str(error.value) == message


@pytest.mark.parametrize("options, message", [
    ({"accumulator": None}, "accumulator must be one of 'window', 'float', 'aligned', not None"),
    ({"accumulator": "aligned", "fraction_bits": 13.0}, "fraction bits must be an integer in "
                                                        "0..40, not 13.0"),
])
def test_accumulator_wrong_types(options, message):
    with pytest.raises(TypeError) as error:
        DotParams("e4m3fn", **options)
    assert str(error.value) == message


def test_window_properties_refused_for_other_accumulators():
    params = DotParams("e4m3fn", accumulator="float")
    with pytest.raises(AttributeError, match="lsb is a property of the window accumulator, "
                                             "not of the float accumulator"):
        params.lsb
    with pytest.raises(AttributeError, match="msb is a property"):
        params.window_bits


@pytest.mark.parametrize("options, name", [
    ({"accumulator": "float"}, "dot_e4m3fn_lmul_n1_r1_float"),
    ({"accumulator": "float", "tree_levels_per_register": 2}, "dot_e4m3fn_lmul_n1_r1_t2_float"),
    ({"accumulator": "aligned"}, "dot_e4m3fn_lmul_n1_r1_aligned"),
    ({"accumulator": "aligned", "fraction_bits": 13}, "dot_e4m3fn_lmul_n1_r1_aligned"),
    ({"accumulator": "aligned", "fraction_bits": 20, "lanes": 4},
     "dot_e4m3fn_lmul_n4_r1_aligned_f20"),
])
def test_accumulator_names(options, name):
    assert DotParams("e4m3fn", **options).name == name


def test_aligned_tree_has_no_registers():
    assert DotParams("e4m3fn", lanes=16, accumulator="aligned").tree_registers == 0
    assert DotParams("e4m3fn", lanes=16, accumulator="float").tree_registers == 4


@pytest.mark.parametrize("options", [
    {"accumulator": "float", "lanes": 4}, {"accumulator": "aligned"},
    {"accumulator": "aligned", "fraction_bits": 0, "out_fmt": "bf16"},
])
def test_accumulator_json_round_trip(options):
    params = DotParams("e5m2", **options)
    assert DotParams.from_json(params.to_json()) == params


def test_window_json_has_no_accumulator_fields():
    # It keys the synthesis cache of the window tiles measured before the other accumulators.
    assert DotParams("e4m3fn", lanes=4).to_json() == (
        '{"fmt": "e4m3fn", "lanes": 4, "multiplier": "lmul", "offset": 1, "out_fmt": "fp32", '
        '"rows": 1, "tree_levels_per_register": 1, "window": [-15, 34]}')
