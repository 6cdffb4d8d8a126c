"""The shared modes of the correctly rounded units and their messages, for every such unit (the
names of each unit are pinned in its own parameter test)."""

import dataclasses

import pytest

from lmul.format import PRESETS, Format
from lmul.fpadd_params import FPAddParams
from lmul.fpmul_params import FPMulParams
from lmul.rounded_params import OVERFLOW_MODES, ROUNDING_MODES, SUBNORMAL_MODES, \
    RoundedUnitParams

UNITS = [FPMulParams, FPAddParams]


@pytest.mark.parametrize("unit", UNITS)
def test_defaults(unit):
    params = unit("e4m3fn")
    assert params.fmt == Format(4, 3, "fn")
    assert (params.subnormals, params.overflow, params.rounding) == ("ieee", "ieee", "rne")


@pytest.mark.parametrize("unit", UNITS)
def test_positional_order_is_fmt_subnormals_overflow_rounding(unit):
    params = unit("e5m2", "flush", "saturate", "truncate")
    assert (params.subnormals, params.overflow, params.rounding) == \
        ("flush", "saturate", "truncate")
    assert (params.flush_subnormals, params.truncate, params.saturates) == (True, True, True)


@pytest.mark.parametrize("unit", UNITS)
def test_frozen_and_hashable(unit):
    params = unit("e5m2")
    with pytest.raises(dataclasses.FrozenInstanceError):
        params.rounding = "truncate"
    assert {params: 1}[unit("e5m2")] == 1


@pytest.mark.parametrize("unit", UNITS)
def test_format_object_accepted(unit):
    assert unit(PRESETS["bf16"]).fmt is PRESETS["bf16"]


def test_modes_and_options_are_declared_once():
    options = {option.name: option for option in RoundedUnitParams.OPTIONS}
    assert options["subnormals"].choices == SUBNORMAL_MODES == ("ieee", "flush")
    assert options["overflow"].choices == OVERFLOW_MODES == ("ieee", "saturate")
    assert options["rounding"].choices == ROUNDING_MODES == ("rne", "truncate")
    assert [option.default for option in RoundedUnitParams.OPTIONS[1:]] == \
        ["ieee", "ieee", "rne"]


def test_name_starts_with_the_subclass_kind():
    class Unit(RoundedUnitParams):
        KIND = "unit"

    assert Unit("e3m4", overflow="saturate").name == "unit_e3m4_sat"


@pytest.mark.parametrize("unit", UNITS)
@pytest.mark.parametrize("keyword, value, message", [
    ("subnormals", "daz", "subnormal mode must be one of 'ieee', 'flush', not 'daz'"),
    ("overflow", "inf", "overflow mode must be one of 'ieee', 'saturate', not 'inf'"),
    ("overflow", "sat", "overflow mode must be one of 'ieee', 'saturate', not 'sat'"),
    ("rounding", "rtz", "rounding mode must be one of 'rne', 'truncate', not 'rtz'"),
    ("rounding", "RNE", "rounding mode must be one of 'rne', 'truncate', not 'RNE'"),
])
def test_invalid_modes(unit, keyword, value, message):
    with pytest.raises(ValueError) as error:
        unit("e4m3fn", **{keyword: value})
    assert str(error.value) == message


@pytest.mark.parametrize("unit", UNITS)
@pytest.mark.parametrize("keyword, value, message", [
    ("subnormals", None, "subnormal mode must be one of 'ieee', 'flush', not None"),
    ("overflow", 1, "overflow mode must be one of 'ieee', 'saturate', not 1"),
    ("rounding", b"rne", "rounding mode must be one of 'rne', 'truncate', not b'rne'"),
])
def test_modes_of_the_wrong_type(unit, keyword, value, message):
    with pytest.raises(TypeError) as error:
        unit("e4m3fn", **{keyword: value})
    assert str(error.value) == message


@pytest.mark.parametrize("unit", UNITS)
def test_invalid_format(unit):
    with pytest.raises(ValueError) as error:
        unit("e9m2")
    assert str(error.value) == "exponent bits must be an integer in 2..8, not 9"
