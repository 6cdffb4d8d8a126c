"""FPAddParams: the modes, checks and names of the multiplier's parameters, for the adder (the
messages, shared, are pinned in ``test_rounded_params.py``)."""

import dataclasses

import pytest

from lmul.format import PRESETS, Format
from lmul.fpadd_params import FPAddParams
from lmul.fpmul_params import FPMulParams
from lmul.rounded_params import RoundedUnitParams


def test_defaults():
    params = FPAddParams("e4m3fn")
    assert params.fmt == Format(4, 3, "fn")
    assert (params.subnormals, params.overflow, params.rounding) == ("ieee", "ieee", "rne")


def test_positional_order_is_fmt_subnormals_overflow_rounding():
    params = FPAddParams("e5m2", "flush", "saturate", "truncate")
    assert (params.subnormals, params.overflow, params.rounding) == \
        ("flush", "saturate", "truncate")
    assert (params.flush_subnormals, params.truncate, params.saturates) == (True, True, True)


def test_frozen_and_hashable():
    params = FPAddParams("e5m2")
    with pytest.raises(dataclasses.FrozenInstanceError):
        params.rounding = "truncate"
    assert {params: 1}[FPAddParams("e5m2")] == 1


def test_format_object_accepted():
    assert FPAddParams(PRESETS["bf16"]).fmt is PRESETS["bf16"]


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
