"""The shared modes of the correctly rounded units and their messages, for every such unit (the
names of each unit are pinned in its own parameter test)."""

import pytest

from lmul.fpadd_params import FPAddParams
from lmul.fpmul_params import FPMulParams
from lmul.rounded_params import OVERFLOW_MODES, ROUNDING_MODES, SUBNORMAL_MODES, \
    RoundedUnitParams

UNITS = [FPMulParams, FPAddParams]


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
