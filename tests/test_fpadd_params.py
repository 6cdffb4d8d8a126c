"""FPAddParams: the modes, checks and names of the multiplier's parameters, for the adder (the
messages, shared, are pinned in ``test_rounded_params.py``)."""

import pytest

from lmul.fpadd_params import FPAddParams
from lmul.fpmul_params import FPMulParams
from lmul.rounded_params import RoundedUnitParams


def test_shares_the_multiplier_modes_but_is_another_unit():
    assert issubclass(FPAddParams, RoundedUnitParams) and issubclass(FPMulParams,
                                                                     RoundedUnitParams)
    assert FPAddParams.OPTIONS is FPMulParams.OPTIONS
    assert FPAddParams("e4m3fn") != FPMulParams("e4m3fn")
    assert repr(FPAddParams("e4m3fn", "flush")).startswith("FPAddParams(fmt=Format(")


@pytest.mark.parametrize("options, name", [
    ({}, "fpadd_e4m3fn"),
    ({"subnormals": "flush"}, "fpadd_e4m3fn_flush"),
    ({"overflow": "saturate"}, "fpadd_e4m3fn_sat"),
    ({"rounding": "truncate"}, "fpadd_e4m3fn_trunc"),
    ({"subnormals": "flush", "overflow": "saturate", "rounding": "truncate"},
     "fpadd_e4m3fn_flush_sat_trunc"),
])
def test_name(options, name):
    assert FPAddParams("e4m3fn", **options).name == name


@pytest.mark.parametrize("fmt, options, overflow_mag", [
    ("e5m2", {}, 0x7C),
    ("e5m2", {"overflow": "saturate"}, 0x7B),
    ("e5m2", {"rounding": "truncate"}, 0x7B),
    ("e4m3fn", {}, None),
    ("e4m3fn", {"rounding": "truncate"}, 0x7E),
])
def test_overflow_mag(fmt, options, overflow_mag):
    assert FPAddParams(fmt, **options).overflow_mag == overflow_mag


def test_exported_from_the_package():
    import lmul

    assert lmul.FPAddParams is FPAddParams and "FPAddParams" in lmul.__all__
