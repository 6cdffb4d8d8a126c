"""The shared modes of the correctly rounded units (the messages and names of each unit are
pinned in its own parameter test)."""

from lmul.rounded_params import OVERFLOW_MODES, ROUNDING_MODES, SUBNORMAL_MODES, \
    RoundedUnitParams


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
