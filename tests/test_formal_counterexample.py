"""Decoding Yosys's WaveJSON models and describing a counterexample."""

import json

from lmul.formal.counterexample import Counterexample, read_wavejson
from lmul.units import UnitConfig


def write(tmp_path, signals):
    path = tmp_path / "model.json"
    path.write_text(json.dumps({"signal": signals, "config": {"hscale": 2}}))
    return path


def test_combinational_model_has_one_column_and_an_end_marker(tmp_path):
    path = write(tmp_path, [
        {"name": "trigger", "wave": "14"},
        {"name": "\\in_a", "wave": "=4", "data": ["01110100", ""]},
    ])
    assert read_wavejson(path) == {"trigger": [1, None], "in_a": [0x74, None]}


def test_sequential_model_starts_with_the_initial_state(tmp_path):
    path = write(tmp_path, [
        {"name": "in_b", "wave": "4===", "data": ["", "01111100", "01111000", "00110110"]},
        {"name": "gate_p", "wave": "4=.=", "data": ["", "00000000", "11111110"]},
        {"name": "gold.delay_line [7:0]", "wave": "=444", "data": ["1000x001", "", "", ""]},
        {"name": "gate.p [7]", "wave": "0444"},
    ])
    assert read_wavejson(path) == {
        "in_b": [None, 0x7C, 0x78, 0x36],
        "gate_p": [None, 0x00, 0x00, 0xFE],
        "gold.delay_line [7:0]": [0x81, None, None, None],
        "gate.p [7]": [0, None, None, None],
    }


def test_description_shows_codes_values_and_the_golden_model():
    cex = Counterexample(UnitConfig("lmul", "e4m3fn"), 0x73, 0x40, 0x7E, 0x7C, ((0x73, 0x40),))
    assert cex.golden == 0x7C
    assert cex.describe() == ("a = 0x73 (176.0), b = 0x40 (2.0): design 0x7e (448.0), "
                              "reference 0x7c (384.0), golden model 0x7c (384.0)")
