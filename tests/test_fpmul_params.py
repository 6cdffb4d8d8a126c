import dataclasses

import pytest

from lmul.format import PRESETS, Format
from lmul.fpmul_params import FPMulParams


def test_defaults():
    params = FPMulParams("e4m3fn")
    assert params.fmt == Format(4, 3, "fn")
    assert (params.subnormals, params.overflow, params.rounding) == ("ieee", "ieee", "rne")


def test_positional_order_is_fmt_subnormals_overflow_rounding():
    params = FPMulParams("e5m2", "flush", "saturate", "truncate")
    assert (params.subnormals, params.overflow, params.rounding) == \
        ("flush", "saturate", "truncate")


def test_frozen():
    params = FPMulParams("e5m2")
    with pytest.raises(dataclasses.FrozenInstanceError):
        params.rounding = "truncate"


def test_format_object_accepted():
    assert FPMulParams(PRESETS["bf16"]).fmt is PRESETS["bf16"]


@pytest.mark.parametrize("keyword, value, message", [
    ("subnormals", "daz",
     "subnormal mode must be one of 'ieee', 'flush', not 'daz'"),
    ("overflow", "inf",
     "overflow mode must be one of 'ieee', 'saturate', not 'inf'"),
    ("overflow", "sat",
     "overflow mode must be one of 'ieee', 'saturate', not 'sat'"),
    ("rounding", "rtz",
     "rounding mode must be one of 'rne', 'truncate', not 'rtz'"),
    ("rounding", "RNE",
     "rounding mode must be one of 'rne', 'truncate', not 'RNE'"),
])
def test_invalid_modes(keyword, value, message):
    with pytest.raises(ValueError) as error:
        FPMulParams("e4m3fn", **{keyword: value})
    assert str(error.value) == message


def test_invalid_format():
    with pytest.raises(ValueError) as error:
        FPMulParams("e9m2")
    assert str(error.value) == "exponent bits must be an integer in 2..8, not 9"


@pytest.mark.parametrize("options, name", [
    ({}, "fpmul_e4m3fn"),
    ({"subnormals": "flush"}, "fpmul_e4m3fn_flush"),
    ({"overflow": "saturate"}, "fpmul_e4m3fn_sat"),
    ({"rounding": "truncate"}, "fpmul_e4m3fn_trunc"),
    ({"subnormals": "flush", "overflow": "saturate"}, "fpmul_e4m3fn_flush_sat"),
    ({"subnormals": "flush", "overflow": "saturate", "rounding": "truncate"},
     "fpmul_e4m3fn_flush_sat_trunc"),
    ({"subnormals": "ieee", "overflow": "ieee", "rounding": "rne"}, "fpmul_e4m3fn"),
])
def test_name(options, name):
    assert FPMulParams("e4m3fn", **options).name == name


def test_name_of_custom_format():
    assert FPMulParams("e6m9", rounding="truncate").name == "fpmul_e6m9_trunc"


@pytest.mark.parametrize("fmt, options, overflow_mag", [
    ("e5m2", {}, 0x7C),                                  # inf
    ("e5m2", {"overflow": "saturate"}, 0x7B),            # max finite
    ("e5m2", {"rounding": "truncate"}, 0x7B),            # round toward zero never gives inf
    ("e4m3fn", {}, None),                                # canonical NaN
    ("e4m3fn", {"overflow": "saturate"}, 0x7E),
    ("e4m3fn", {"rounding": "truncate"}, 0x7E),
])
def test_overflow_mag(fmt, options, overflow_mag):
    assert FPMulParams(fmt, **options).overflow_mag == overflow_mag


@pytest.mark.parametrize("keyword, value, message", [
    ("subnormals", None, "subnormal mode must be one of 'ieee', 'flush', not None"),
    ("overflow", 1, "overflow mode must be one of 'ieee', 'saturate', not 1"),
    ("rounding", b"rne", "rounding mode must be one of 'rne', 'truncate', not b'rne'"),
])
def test_modes_of_the_wrong_type(keyword, value, message):
    with pytest.raises(TypeError) as error:
        FPMulParams("e4m3fn", **{keyword: value})
    assert str(error.value) == message
