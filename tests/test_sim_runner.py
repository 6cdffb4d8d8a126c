"""The simulation harness itself: it catches wrong products, and refuses bad arguments."""

import os
from pathlib import Path

import numpy as np
import pytest

from lmul.format import Format
from lmul.sim.runner import (SimulationError, default_depth, default_lanes, default_simulator,
                              simulate_unit,
                              simulator_environment)
from lmul.sim.vectors import exhaustive_pairs
from lmul.units import UnitConfig


def test_the_checker_reports_products_that_differ_from_the_reference(tmp_path):
    # Simulate L-Mul with the paper's offset but check it against Mitchell's (offset 0).
    config = UnitConfig("lmul", "e2m1")
    reference = UnitConfig("lmul", "e2m1", {"offset": 0})
    a, b = exhaustive_pairs(Format(2, 1))
    result = simulate_unit(config, a, b, build_dir=tmp_path, reference=reference)
    differ = np.count_nonzero(config.golden(a, b) != reference.golden(a, b))
    assert differ > 0 and result.mismatches == differ and not result.passed
    first = result.examples[0]
    assert config.golden(first["a"], first["b"]) == first["got"]
    assert reference.golden(first["a"], first["b"]) == first["expected"]
    assert "mismatches" in result.describe()


def test_the_checker_catches_wrong_products_of_a_pipelined_unit(tmp_path):
    # 200 pairs in rows of 16: the last row is padded; each row checked 2 cycles later.
    config = UnitConfig("lmul", "e2m1", {}, 2)
    reference = UnitConfig("lmul", "e2m1", {"offset": 0})
    a, b = (codes[:200] for codes in exhaustive_pairs(Format(2, 1)))
    result = simulate_unit(config, a, b, build_dir=tmp_path, reference=reference)
    wrong = np.flatnonzero(config.golden(a, b) != reference.golden(a, b))
    assert wrong.size > 0 and result.mismatches == wrong.size and result.vectors == 200
    assert result.examples == [{"a": int(a[i]), "b": int(b[i]),
                                "got": int(config.golden(a[i], b[i])),
                                "expected": int(reference.golden(a[i], b[i]))}
                               for i in wrong[:10]]


@pytest.mark.parametrize("stages", [0, 3])
def test_the_checker_catches_wrong_products_over_several_loads(tmp_path, stages):
    # 250 pairs, 8 lanes: 32 rows (the last padded), 5 per load: 7 loads, the last of 2 rows.
    # The pairs start at the first one the models disagree on: the first row has a wrong one.
    config = UnitConfig("lmul", "e2m1", {}, stages)
    reference = UnitConfig("lmul", "e2m1", {"offset": 0})
    a, b = exhaustive_pairs(Format(2, 1))
    first = np.flatnonzero(config.golden(a, b) != reference.golden(a, b))[0]
    a, b = np.roll(a, -first)[:250], np.roll(b, -first)[:250]
    result = simulate_unit(config, a, b, lanes=8, depth=5, build_dir=tmp_path,
                           reference=reference)
    wrong = np.flatnonzero(config.golden(a, b) != reference.golden(a, b))
    assert wrong[0] == 0 and wrong[-1] >= 5 * 8  # in the first load and in later ones
    assert result.mismatches == wrong.size and result.vectors == 250
    assert [(e["a"], e["b"], e["got"]) for e in result.examples] == [
        (a[i], b[i], config.golden(a[i], b[i])) for i in wrong[:10]]
    assert simulate_unit(config, a, b, lanes=8, depth=5, build_dir=tmp_path).passed
    # After the last load the testbench wrote every row's pairs, the padded row's included,
    # for the caller's progress bar (which stops at the pair count).
    [progress_file] = tmp_path.glob("icarus/*/progress")
    assert progress_file.read_text() == str(32 * 8)


@pytest.mark.parametrize("stages", [0, 2])
def test_the_checker_catches_wrong_products_on_verilator(tmp_path, stages):
    # Every pair of e3m2 (4,096) in one load of 128 rows of 32 lanes.
    config = UnitConfig("lmul", "e3m2", {}, stages)
    reference = UnitConfig("lmul", "e3m2", {"offset": 0})
    a, b = exhaustive_pairs(Format(3, 2))
    result = simulate_unit(config, a, b, simulator="verilator", build_dir=tmp_path,
                           reference=reference)
    wrong = np.flatnonzero(config.golden(a, b) != reference.golden(a, b))
    assert wrong.size > 0 and result.mismatches == wrong.size and result.vectors == 4096
    assert [(e["a"], e["b"], e["got"], e["expected"]) for e in result.examples] == [
        (a[i], b[i], config.golden(a[i], b[i]), reference.golden(a[i], b[i]))
        for i in wrong[:10]]


def test_a_correct_unit_passes_on_a_small_format(tmp_path):
    a, b = exhaustive_pairs(Format(2, 1, "fn"))
    result = simulate_unit(UnitConfig("fpmul", "e2m1fn", {}, 1), a, b, build_dir=tmp_path)
    assert result.passed and result.vectors == 256 and result.simulator == "icarus"


def test_bad_arguments(tmp_path):
    config = UnitConfig("lmul", "e2m1")
    a, b = exhaustive_pairs(Format(2, 1))
    with pytest.raises(ValueError, match="^simulator must be one of 'icarus', 'verilator', "
                                         "not 'xsim'$"):
        simulate_unit(config, a, b, simulator="xsim", build_dir=tmp_path)
    with pytest.raises(ValueError, match="^lanes must be an integer >= 1, not 0$"):
        simulate_unit(config, a, b, lanes=0, build_dir=tmp_path)
    with pytest.raises(ValueError, match=r"^depth must be an integer >= 1, not 0$"):
        simulate_unit(UnitConfig("lmul", "e2m1", {}, 1), a, b, depth=0, build_dir=tmp_path)
    with pytest.raises(ValueError, match="^operands must be 1-D arrays of one length"):
        simulate_unit(config, a, b[:5], build_dir=tmp_path)


def test_a_missing_simulator_is_one_clear_error(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    a, b = exhaustive_pairs(Format(2, 1))
    with pytest.raises(SimulationError, match="simulator executable 'iverilog' not found"):
        simulate_unit(UnitConfig("lmul", "e2m1"), a, b, build_dir=tmp_path)


def test_default_simulator_and_lanes(monkeypatch):
    monkeypatch.delenv("SIM", raising=False)
    assert default_simulator() == "icarus"
    monkeypatch.setenv("SIM", "Verilator")
    assert default_simulator() == "verilator"
    monkeypatch.setenv("SIM", "modelsim")
    with pytest.raises(ValueError, match="not 'modelsim'"):
        default_simulator()
    assert default_lanes("icarus", 8) == 16 and default_lanes("icarus", 32) == 4
    assert default_lanes("verilator", 8) == 32 and default_lanes("verilator", 32) == 8
    assert default_depth("verilator", 2) == default_depth("icarus", 0) == 4096


def test_verilator_environment_compiles_through_ccache_and_restores(monkeypatch):
    monkeypatch.delenv("OBJCACHE", raising=False)
    before = dict(os.environ)
    with simulator_environment("verilator"):
        assert Path(os.environ["OBJCACHE"]).name == "ccache"
        assert os.environ["PATH"].split(os.pathsep)[0].endswith("verilator/bin")
    assert dict(os.environ) == before
    monkeypatch.setenv("OBJCACHE", "")  # a user's choice is kept: here, no cache
    with simulator_environment("verilator"):
        assert os.environ["OBJCACHE"] == ""
