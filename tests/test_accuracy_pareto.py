"""Error against area: reading the synthesis summary's areas and the Pareto front."""

import json

import pytest

from lmul.accuracy.pareto import load_areas, pareto_front
from utils import synthesis_summary


def test_load_areas_keeps_the_default_combinational_units(tmp_path):
    path = tmp_path / "summary.json"
    path.write_text(json.dumps(synthesis_summary([
        ("lmul", "e4m3fn", {"offset": 1}, 0, 100.0),
        ("lmul", "e4m3fn", {"offset": 0}, 0, 90.0),
        ("lmul", "e5m2", {}, 2, 150.0),
        ("fpmul", "e4m3fn", {}, 0, 300.0),
        ("fpmul", "e5m2", {"rounding": "truncate"}, 0, 200.0),
        ("fpmul", "e5m2", {}, 0, None),
    ])))
    assert load_areas(path) == {("lmul", "e4m3fn"): 100.0, ("fpmul", "e4m3fn"): 300.0}
    # A conventional multiplier's area is the smaller of its two syntheses (Booth or not).
    summary = synthesis_summary([("fpmul", "fp32", {}, 0, 1300.0),
                                 ("fpmul", "fp16", {}, 0, 400.0)])
    summary["designs"]["design0"]["asic_booth"] = {"area": 1100.0}
    summary["designs"]["design1"]["asic_booth"] = {"area": 450.0}
    path.write_text(json.dumps(summary))
    assert load_areas(path) == {("fpmul", "fp32"): 1100.0, ("fpmul", "fp16"): 400.0}
    path.write_text('"areas"')
    with pytest.raises(ValueError, match=r"^synthesis summary must have a 'designs' object"):
        load_areas(path)


def test_pareto_front():
    points = [(100, 0.05), (300, 0.02), (200, 0.06), (300, 0.02), (400, 0.01), (500, 0.01)]
    assert pareto_front(points) == [0, 1, 3, 4]
