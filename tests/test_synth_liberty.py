import os

import pytest

from lmul.synth.liberty import Liberty, LibertyError, default_liberty_path

def test_tiny_library(tiny):
    assert tiny.name == "tiny"
    assert (tiny.voltage, tiny.temperature, tiny.process) == (1.1, 85.0, 1.0)
    assert tiny.units["time_unit"] == "1ns"
    assert set(tiny.cells) == {"BUF", "INV", "NAND2", "XOR2", "DFF"}
    assert tiny.cells["NAND2"].area == 2.0
    assert tiny.cells["NAND2"].inputs == ("A", "B")
    assert tiny.flip_flop.name == "DFF"
    assert tiny.flip_flop.state_names == ("IQ", "IQN")
    assert tiny.smallest_inverter.name == "INV"
    assert tiny.smallest_inverter.input_capacitance == {"A": 0.001}
    assert tiny.describe() == "tiny (tiny.lib), 1.1 V, 85 °C, process 1"


def test_missing_file(tmp_path):
    path = tmp_path / "missing.lib"
    with pytest.raises(LibertyError) as error:
        Liberty(path)
    assert str(error.value) == f"liberty file {str(path)!r} does not exist"


@pytest.mark.parametrize("text, reason", [
    ("", "is malformed: the file is empty"),
    ("cell (X) { }", "is malformed: a liberty file starts with 'library', not 'cell'"),
    ("library (x) { cell (A) { area : 1; ", "is malformed: line 1: unexpected end of file"),
    ("library (x) {\n cell (A) {\n area 3; } }",
     "is malformed: line 3: expected '(' | ':', found '3'"),
    ("library (x) { }", "has no cells"),
    ("library (x) { } library (y) { }",
     "is malformed: a liberty file holds exactly one group, its library"),
    ("library (x) { cell (A) { area : 1; pin (Y) { direction : output; function : \"1\"; } } }",
     "has no buffer or inverter cell, which ABC needs"),
    ("library (x) { cell (A) { pin (Y) { direction : output; function : \"(A\"; } } }",
     "cell 'A': boolean function is malformed at column 2: '(A'"),
])
def test_broken_file(tmp_path, text, reason):
    path = tmp_path / "broken.lib"
    path.write_text(text)
    with pytest.raises(LibertyError) as error:
        Liberty(path)
    separator = ": " if reason.startswith("cell") else " "
    assert str(error.value) == f"liberty file {str(path)!r}{separator}{reason}"


def test_environment_variable_overrides_default(monkeypatch, tmp_path):
    monkeypatch.setenv("LMUL_LIBERTY", str(tmp_path / "mine.lib"))
    assert default_liberty_path() == tmp_path / "mine.lib"


def test_osu018_if_installed():
    path = default_liberty_path()
    if path is None or os.environ.get("LMUL_LIBERTY"):
        if os.environ.get("CI"):
            pytest.fail("OSU018 liberty missing: tools/setup-synth.sh must run before the tests")
        pytest.skip("OSU018 liberty not installed (run tools/setup-synth.sh)")
    library = Liberty(path)
    assert library.name == "osu018_stdcells"
    assert library.voltage == 1.8
    assert library.cells["NAND2X1"].area == 24.0
    assert library.flip_flop.name == "DFFPOSX1"
    assert library.smallest_inverter.name == "INVX1"
