"""Each measurement's cache key changes with what that measurement depends on, and only then."""

from importlib import resources

import pytest

from lmul.synth import cache_keys, yosys_flow
from lmul.synth.adder_floor import AdderFloorConfig
from lmul.synth.cache_keys import (KIND_CODE, MEASUREMENT_CODE, NOT_MEASURING, cache_key,
                                   code_source, verilog_cache_key)
from lmul.synth.measure import FLOWS, MEASUREMENTS, TILE_TIMED, Settings
from lmul.synth.tile_designs import tile_designs
from lmul.units import UnitConfig

UNITS = {"lmul": UnitConfig("lmul", "e3m2"),
         "fpmul": UnitConfig("fpmul", "e3m2", {"subnormals": "flush", "overflow": "saturate"}),
         "adder": AdderFloorConfig("e3m2")}
TILES = {role: design for (role, _, _), design in tile_designs("e3m2", ((2, 1),)).items()}


@pytest.fixture
def settings(tmp_path):
    liberty = tmp_path / "cells.lib"
    liberty.write_text("library (cells) { }\n")
    return Settings(str(liberty), vectors=512, tile_beats=64)


def _applicable(design, measurement):
    if design.kind in ("dot", "products"):
        return measurement in ("asic", TILE_TIMED)
    if measurement == TILE_TIMED:
        return False
    return measurement != "asic_booth" or design.booth_baseline


def all_keys(settings, verilog=None):
    """``(design name, measurement) -> key`` for every design and measurement it runs."""
    designs = {**UNITS, **TILES}
    verilog = verilog or {}
    return {(design.name, measurement):
            cache_key(design, verilog.get(design.name, f"module {design.name}; endmodule"),
                      measurement, settings)
            for design in designs.values() for measurement in FLOWS
            if _applicable(design, measurement)}


def changed(before, after):
    return {item for item in before if before[item] != after[item]}


def edit(monkeypatch, name):
    """Make the source of ``name`` (a module or ``module:function``) read differently."""
    original = code_source

    def edited(code):
        return original(code) + ("\n# edited\n" if code == name else "")

    monkeypatch.setattr(cache_keys, "code_source", edited)


def test_every_synth_module_is_classified():
    declared = {name.partition(":")[0] for names in (*MEASUREMENT_CODE.values(),
                                                     *KIND_CODE.values()) for name in names}
    modules = {entry.name[:-3] for entry in resources.files("lmul.synth").iterdir()
               if entry.name.endswith(".py")}
    unclassified = {module for module in modules
                    if f"lmul.synth.{module}" not in declared and module not in NOT_MEASURING}
    assert unclassified == set()
    assert set(MEASUREMENT_CODE) == set(FLOWS) == set(MEASUREMENTS) | {TILE_TIMED}
    for names in (*MEASUREMENT_CODE.values(), *KIND_CODE.values()):
        for name in names:
            assert code_source(name)


def test_keys_are_distinct_and_stable(settings):
    keys = all_keys(settings)
    assert len(set(keys.values())) == len(keys)
    assert all_keys(settings) == keys


@pytest.mark.parametrize("code, affected", [
    ("lmul.synth.measure:_measure_fpga", {"ice40", "xilinx"}),
    ("lmul.synth.measure:_measure_generic", {"generic"}),
    ("lmul.synth.gate_sim", {"asic", "asic_booth", TILE_TIMED}),
    ("lmul.synth.yosys_flow", set(FLOWS)),
])
def test_editing_measuring_code_rekeys_only_its_measurements(monkeypatch, settings, code,
                                                            affected):
    before = all_keys(settings)
    edit(monkeypatch, code)
    assert {measurement for _, measurement in changed(before, all_keys(settings))} == affected
    if "asic" in affected:
        assert changed(before, all_keys(settings)) == {item for item in before
                                                       if item[1] in affected}


def test_editing_the_tile_stimulus_rekeys_only_tiles(monkeypatch, settings):
    before = all_keys(settings)
    edit(monkeypatch, "lmul.synth.tile_designs")
    assert changed(before, all_keys(settings)) == {(design.name, measurement)
                                                   for design in TILES.values()
                                                   for measurement in ("asic", TILE_TIMED)}


def test_editing_a_flow_script_rekeys_only_its_measurement(monkeypatch, settings):
    before = all_keys(settings)
    original = yosys_flow.flow_template
    monkeypatch.setattr(yosys_flow, "flow_template",
                        lambda flow: original(flow) + ("# edited\n" if flow == "ice40" else ""))
    assert changed(before, all_keys(settings)) == {(design.name, "ice40")
                                                   for design in UNITS.values()}


def test_a_design_change_rekeys_only_that_design(settings):
    before = all_keys(settings)
    name = UNITS["fpmul"].name
    after = all_keys(settings, {name: f"module {name}; wire w; endmodule"})
    assert changed(before, after) == {item for item in before if item[0] == name}


def test_settings_rekey_only_what_reads_them(settings, tmp_path):
    before = all_keys(settings)
    unit_asic = {item for item in before if item[1] in ("asic", "asic_booth")
                 and item[0] in {design.name for design in UNITS.values()}}
    tile_asic = {(design.name, measurement) for design in TILES.values()
                 for measurement in ("asic", TILE_TIMED)}
    tile_timed = {(design.name, TILE_TIMED) for design in TILES.values()}
    vectors = Settings(settings.liberty, vectors=1024, tile_beats=64)
    assert changed(before, all_keys(vectors)) == unit_asic
    beats = Settings(settings.liberty, vectors=512, tile_beats=128)
    assert changed(before, all_keys(beats)) == tile_asic
    # Timing the tiles re-keys their timed measurement only, and timing units only units.
    timed_tiles = Settings(settings.liberty, vectors=512, tile_beats=64, timed_tile_beats=64)
    assert changed(before, all_keys(timed_tiles)) == tile_timed
    timed_units = Settings(settings.liberty, vectors=512, tile_beats=64, timed_vectors=128)
    assert changed(before, all_keys(timed_units)) == unit_asic
    other = tmp_path / "other.lib"
    other.write_text("library (other) { }\n")
    liberty = Settings(str(other), vectors=512, tile_beats=64)
    assert changed(before, all_keys(liberty)) == unit_asic | tile_asic


def test_verilog_key_follows_the_description():
    assert verilog_cache_key(UNITS["lmul"]) == verilog_cache_key(UnitConfig("lmul", "e3m2"))
    assert verilog_cache_key(UNITS["lmul"]) != verilog_cache_key(UnitConfig("lmul", "e3m2",
                                                                            stages=1))


def test_unknown_measurement_is_an_error(settings):
    with pytest.raises(ValueError, match="measurement must be one of 'generic', 'asic', "
                                         "'asic_booth', 'ice40', 'xilinx', 'asic_timed', "
                                         "not 'spice'"):
        cache_key(UNITS["lmul"], "", "spice", settings)
