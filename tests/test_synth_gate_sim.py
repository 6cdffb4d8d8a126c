import numpy as np
import pytest

from lmul.synth.gate_sim import GateNetlist, NetlistError
from lmul.synth.liberty import Liberty

TINY_LIBERTY = r"""
library (tiny) {
  cell (INV) { area : 1; pin (A) { direction : input; }
               pin (Y) { direction : output; function : "!A"; } }
  cell (NAND2) { area : 2; pin (A) { direction : input; } pin (B) { direction : input; }
                 pin (Y) { direction : output; function : "!(A B)"; } }
  cell (DFF) { area : 6; ff (IQ, IQN) { next_state : "D"; clocked_on : "CK"; }
    pin (CK) { direction : input; clock : true; } pin (D) { direction : input; }
    pin (Q) { direction : output; function : "IQ"; }
    pin (QN) { direction : output; function : "IQN"; } }
}
"""


@pytest.fixture
def tiny(tmp_path):
    path = tmp_path / "tiny.lib"
    path.write_text(TINY_LIBERTY)
    return Liberty(path)


def netlist(cells, ports):
    return {"modules": {"top": {"ports": ports, "cells": cells}}}


# y[0] = a[0] & a[1] (NAND then INV), y[1] = y[0] one cycle later, y[2] = its inverse,
# y[3] = constant 1.
AND_THEN_REGISTER = netlist(
    cells={
        "u1": {"type": "NAND2", "connections": {"A": [2], "B": [3], "Y": [10]}},
        "u2": {"type": "INV", "connections": {"A": [10], "Y": [11]}},
        "u3": {"type": "DFF", "connections": {"CK": [4], "D": [11], "Q": [12], "QN": [13]}},
    },
    ports={"a": {"direction": "input", "bits": [2, 3]},
           "clk": {"direction": "input", "bits": [4]},
           "y": {"direction": "output", "bits": [11, 12, 13, "1"]}})


def test_outputs_depth_and_cells(tiny):
    gates = GateNetlist(AND_THEN_REGISTER, "top", tiny)
    assert gates.depth == 2
    assert gates.cells["u3"] == ("DFF", [12, 13], [11], True)
    assert gates.cells["u1"] == ("NAND2", [10], [2, 3], False)
    a = np.array([3, 0, 3, 3, 1, 2])
    result = gates.simulate({"a": a})
    and_ = (a == 3).astype(np.uint64)
    registered = np.concatenate([[0], and_[:-1]]).astype(np.uint64)
    expected = and_ | registered << 1 | (1 - registered) << 2 | 1 << 3
    assert list(result.outputs["y"]) == list(expected)


def test_toggle_rates(tiny):
    gates = GateNetlist(AND_THEN_REGISTER, "top", tiny)
    a = np.array([3, 0, 3, 3, 1, 2])
    result = gates.simulate({"a": a})
    # a & b: 1 0 1 1 0 0 -> 3 transitions in 5 steps
    assert result.cycles == 5
    assert result.toggle_rates[11] == pytest.approx(3 / 5)
    assert result.toggle_rates[10] == pytest.approx(3 / 5)
    # the register: 0 1 0 1 1 0 -> 4 in 5; from cycle 1 on: 1 0 1 1 0 -> 3 in 4
    assert result.toggle_rates[12] == pytest.approx(4 / 5)
    assert gates.simulate({"a": a}, start=1).toggle_rates[12] == pytest.approx(3 / 4)
    assert result.toggle_rates[4] == 0.0           # the clock input is held at 0


def test_loop_is_rejected(tiny):
    looped = netlist(
        cells={"u1": {"type": "INV", "connections": {"A": [11], "Y": [10]}},
               "u2": {"type": "NAND2", "connections": {"A": [10], "B": [2], "Y": [11]}}},
        ports={"a": {"direction": "input", "bits": [2]},
               "y": {"direction": "output", "bits": [11]}})
    with pytest.raises(NetlistError) as error:
        GateNetlist(looped, "top", tiny)
    assert str(error.value) == ("netlist has a loop (through cell 'u1'); only feed-forward logic "
                                "and pipelines can be simulated")


def test_unknown_cell_is_rejected(tiny):
    unknown = netlist(cells={"u1": {"type": "XOR9", "connections": {"A": [2], "Y": [3]}}},
                      ports={"a": {"direction": "input", "bits": [2]}})
    with pytest.raises(NetlistError) as error:
        GateNetlist(unknown, "top", tiny)
    assert str(error.value) == ("cell 'u1' is of type 'XOR9', which the liberty does not define "
                                "(is the netlist flattened?)")


def test_stream_checks(tiny):
    gates = GateNetlist(AND_THEN_REGISTER, "top", tiny)
    with pytest.raises(ValueError) as error:
        gates.simulate({"y": [1, 2, 3]})
    assert str(error.value) == "input stream must name an input port, not 'y'"
    with pytest.raises(ValueError) as error:
        gates.simulate({"a": [1, 2], "clk": [0, 0, 0]})
    assert str(error.value) == "input streams must all have one length, not [2, 3]"
