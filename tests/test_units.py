"""The unit catalogue: a UnitConfig holds a Format, round-trips through JSON and names its
module."""

import pytest

from lmul.format import Format
from lmul.units import UnitConfig


def test_format_is_held_as_a_format():
    config = UnitConfig("lmul", "e4m3fn", stages=2)
    assert config.fmt == Format(4, 3, "fn") and config.format is config.fmt
    assert UnitConfig("lmul", Format(4, 3, "fn"), stages=2) == config
    assert config.name == "lmul_e4m3fn_s2"


def test_json_round_trip():
    config = UnitConfig("fpmul", "bf16", {"subnormals": "flush"}, 1)
    assert '"fmt": "bf16"' in config.to_json()
    assert UnitConfig.from_json(config.to_json()) == config
    assert hash(UnitConfig.from_json(config.to_json())) == hash(config)


def test_only_conventional_multipliers_get_a_booth_baseline():
    assert UnitConfig("fpmul", "e4m3fn").booth_baseline
    assert not UnitConfig("lmul", "e4m3fn").booth_baseline


def test_bad_kind():
    with pytest.raises(ValueError, match="unit kind must be one of 'lmul', 'fpmul', 'fpadd', not 'add'"):
        UnitConfig("add", "e4m3fn")


def test_result_port_is_the_components():
    assert UnitConfig("fpmul", "e4m3fn").result_port == "p"
    assert UnitConfig("lmul", "e4m3fn").result_port == "p"
    config = UnitConfig("fpadd", "e4m3fn", {"subnormals": "flush"}, 2)
    assert config.result_port == "s" and config.name == "fpadd_e4m3fn_flush_s2"
    component = config.component()
    assert component.result is component.s and component.latency == 2
    assert not config.booth_baseline
