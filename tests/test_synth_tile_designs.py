"""The dot-product tiles of the synthesis report: what is built, the stimulus, and a tile netlist
that disagrees with the golden model failing loudly (test_synth_report.py takes small tiles
through the whole report)."""

import dataclasses

import numpy as np
import pytest

from lmul.dot_params import DotParams
from lmul.synth.measure import EquivalenceError, Settings, design_verilog, measure
from lmul.synth.tile_designs import (PACKET_BEATS, TILE_ROLES, TILE_SHAPES, ProductArrayDesign,
                                     TileDesign, tile_designs)


def test_grid_and_shared_window():
    assert sorted(TILE_SHAPES) == sorted([(lanes, rows) for lanes in (4, 8, 16, 32)
                                          for rows in (1, 4)] + [(4, 2)])
    designs = tile_designs("e3m4")
    assert set(designs) == {(role, lanes, rows) for role in TILE_ROLES
                            for lanes, rows in TILE_SHAPES}
    lmul, exact = designs[("tile_lmul", 8, 4)], designs[("tile_exact", 8, 4)]
    assert isinstance(lmul, TileDesign) and isinstance(designs[("products_lmul", 8, 4)],
                                                       ProductArrayDesign)
    # The window covers both multipliers' default windows: e3m4's differ at both ends.
    defaults = [DotParams("e3m4", multiplier=kind).window for kind in ("lmul", "exact")]
    assert defaults[0] != defaults[1]
    window = (min(lsb for lsb, _ in defaults), max(msb for _, msb in defaults))
    assert lmul.params.window == exact.params.window == window
    assert lmul.stages == exact.stages == 5 + 3
    assert lmul.operations_per_cycle == 32
    assert designs[("products_exact", 8, 4)].name == "products_e3m4_exact_n8_r4"
    assert len({design.name for design in designs.values()}) == len(designs)


def test_tile_stimulus():
    design = tile_designs("e4m3fn", [(2, 3)])[("tile_exact", 2, 3)]
    inputs, start, stop, expected = design.stimulus("normal", 4 * PACKET_BEATS)
    payload = inputs["beats__payload"]
    cycles = 1 + 4 * PACKET_BEATS + design.stages + 2
    assert payload.shape == (cycles, 3 * 2 * 8 + 2 * 8 + 1)
    assert list(inputs["rst"][:2]) == [1, 0]
    assert inputs["beats__valid"].sum() == 4 * PACKET_BEATS
    assert not payload[0].any() and not payload[1 + 4 * PACKET_BEATS:].any()
    last = payload[1:1 + 4 * PACKET_BEATS, -1]
    assert list(np.flatnonzero(last)) == [PACKET_BEATS * k - 1 for k in range(1, 5)]
    assert (start, stop) == (1 + design.stages, 1 + 4 * PACKET_BEATS)
    assert expected.shape == (4, 3)
    again = design.stimulus("normal", 4 * PACKET_BEATS)
    assert (again[0]["beats__payload"] == payload).all()


def test_tile_netlist_that_disagrees_with_the_golden_model_fails_loudly(
        tmp_path, osu018, opensta):
    @dataclasses.dataclass(frozen=True)
    class WrongGolden(TileDesign):
        def stimulus(self, stream, beats):
            inputs, start, stop, expected = super().stimulus(stream, beats)
            expected = expected.copy()
            expected[2, 0] ^= 1
            return inputs, start, stop, expected

    tile = tile_designs("e4m3fn", [(1, 1)])[("tile_lmul", 1, 1)]
    wrong = WrongGolden(tile.params)
    settings = Settings(str(osu018.path), tile_beats=4 * PACKET_BEATS)
    with pytest.raises(EquivalenceError) as error:
        measure(wrong, design_verilog(tile), "asic", settings, tmp_path)
    assert str(error.value).startswith(f"{tile.name}: the synthesised netlist differs from the "
                                       f"golden model on 1 of 4 packets, first packet 2")
