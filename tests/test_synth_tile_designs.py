"""The dot-product tiles of the synthesis report: what is built, the stimulus, and a tile netlist
that disagrees with the golden model failing loudly (test_synth_report.py takes small tiles
through the whole report)."""

import dataclasses

import numpy as np
import pytest

from lmul.dot_params import DotParams
from lmul.synth.gate_sim import GateSimulation
from lmul.synth.measure import EquivalenceError, Settings, design_verilog, measure
from lmul.synth.tile_designs import (PACKET_BEATS, TILE_ROLES, TILE_SHAPES, ProductArrayDesign,
                                     TileDesign, accumulator_tile_designs, tile_designs)


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


def test_float_and_aligned_tiles_differ_only_in_their_products():
    for fmt in ("fp32", "bf16", "e5m2"):
        designs = tile_designs(fmt, [(4, 1)], "float")
        lmul, exact = designs[("tile_lmul", 4, 1)], designs[("tile_exact", 4, 1)]
        assert lmul.params == dataclasses.replace(exact.params, multiplier="lmul", offset=None)
        assert lmul.params.accumulator == "float" and lmul.params.out_fmt.name == "fp32"
        assert lmul.name == f"dot_{fmt}_lmul_n4_r1_float"
        assert lmul.stages == exact.stages == 2 + 2
        # The float tile's multipliers are its ProductCodes: a product array of their own.
        products = designs[("products_exact", 4, 1)]
        assert products.params == exact.params
        assert products.name == f"products_{fmt}_exact_n4_r1_float"
        assert products.options == {"lanes": 4, "rows": 1, "multiplier": "exact",
                                    "accumulator": "float"}
    aligned = tile_designs("e4m3fn", [(16, 1)], "aligned")
    window = tile_designs("e4m3fn", [(16, 1)])
    assert aligned[("tile_lmul", 16, 1)].name == "dot_e4m3fn_lmul_n16_r1_aligned"
    assert aligned[("tile_lmul", 16, 1)].params.fraction_bits == 13
    assert aligned[("tile_exact", 16, 1)].stages == 3
    # An aligned tile multiplies as the window tile does: one design, one measurement.
    for role in ("products_lmul", "products_exact"):
        assert aligned[(role, 16, 1)] == window[(role, 16, 1)]


def test_accumulator_tile_designs():
    designs = accumulator_tile_designs([("fp32", "float"), ("e5m2", "aligned")], (1, 16))
    assert set(designs) == {(fmt, accumulator, role, lanes, 1)
                            for fmt, accumulator in (("fp32", "float"), ("e5m2", "aligned"))
                            for role in TILE_ROLES for lanes in (1, 16)}
    assert designs[("fp32", "float", "tile_lmul", 1, 1)].name == "dot_fp32_lmul_n1_r1_float"


def _fake_simulation(outputs=None, output_bits=None):
    return GateSimulation(outputs or {}, output_bits, {}, 0, 0)


def _code_bits(codes, width):
    codes = np.asarray(codes, dtype=np.int64)
    return ((codes[..., None] >> np.arange(width)) & 1).astype(bool).reshape(len(codes), -1)


@pytest.mark.parametrize("accumulator", ["float", "aligned"])
def test_tile_check_catches_a_wrong_result(accumulator):
    tile = tile_designs("e5m2", [(2, 1)], accumulator)[("tile_exact", 2, 1)]
    _, _, _, expected = tile.stimulus("uniform", 4 * PACKET_BEATS)
    valid = np.zeros(20, dtype=np.uint64)
    valid[[3, 8, 12, 19]] = 1
    payload = np.zeros((20, 32), dtype=bool)
    payload[valid.astype(bool)] = _code_bits(expected[:, 0], 32)
    right = _fake_simulation({"results__valid": valid}, {"results__payload": payload})
    tile.check(right, expected)
    wrong = payload.copy()
    wrong[12, 0] ^= True
    with pytest.raises(EquivalenceError, match=f"^{tile.name}: the synthesised netlist differs "
                                               f"from the golden model on 1 of 4 packets, first "
                                               f"packet 2: netlist"):
        tile.check(_fake_simulation({"results__valid": valid}, {"results__payload": wrong}),
                   expected)
    fewer = valid.copy()
    fewer[19] = 0
    with pytest.raises(EquivalenceError, match="emitted 3 results, the golden model 4"):
        tile.check(_fake_simulation({"results__valid": fewer}, {"results__payload": payload}),
                   expected)


def test_float_product_array_check_catches_a_wrong_code():
    from lmul.golden.float_accumulation import product_codes

    design = tile_designs("bf16", [(2, 1)], "float")[("products_lmul", 2, 1)]
    inputs, start, stop, (a, b) = design.stimulus("normal", 4 * PACKET_BEATS)
    assert (start, stop) == (1, 4 * PACKET_BEATS)
    codes = product_codes(a, b[:, None, :], design.params).reshape(len(a), -1)
    # The product port one cycle after the operands; what came before the first is unknown.
    bits = np.vstack([np.zeros((1, 2 * 32), dtype=bool), _code_bits(codes, 32)])
    design.check(_fake_simulation(output_bits={"products": bits}), (a, b))
    bits[5, 40] ^= True
    with pytest.raises(EquivalenceError, match=f"^{design.name}: the synthesised netlist's "
                                               f"products differ from the golden model's in 1 "
                                               f"of {len(a)} cycles, first cycle 4$"):
        design.check(_fake_simulation(output_bits={"products": bits}), (a, b))


@pytest.mark.parametrize("accumulator", ["float", "aligned"])
def test_float_and_aligned_netlists_that_disagree_with_the_golden_model_fail_loudly(
        accumulator, tmp_path, osu018, opensta):
    @dataclasses.dataclass(frozen=True)
    class WrongGolden(TileDesign):
        def stimulus(self, stream, beats):
            inputs, start, stop, expected = super().stimulus(stream, beats)
            expected = expected.copy()
            expected[1, 0] ^= 1 << 31
            return inputs, start, stop, expected

    tile = tile_designs("e4m3fn", [(1, 1)], accumulator)[("tile_lmul", 1, 1)]
    settings = Settings(str(osu018.path), tile_beats=4 * PACKET_BEATS)
    # The right golden model passes on the same netlist ...
    result = measure(tile, design_verilog(tile), "asic", settings, tmp_path / "right")
    assert result["energy"]["normal"]["total_pj"] > 0
    # ... a wrong one fails.
    with pytest.raises(EquivalenceError) as error:
        measure(WrongGolden(tile.params), design_verilog(tile), "asic", settings,
                tmp_path / "wrong")
    assert str(error.value).startswith(f"{tile.name}: the synthesised netlist differs from the "
                                       f"golden model on 1 of 4 packets, first packet 1")
