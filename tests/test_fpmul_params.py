import pytest

from lmul.fpmul_params import FPMulParams


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
