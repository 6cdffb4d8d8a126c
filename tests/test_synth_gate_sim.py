import numpy as np
import pytest

from lmul.synth.gate_sim import GateNetlist, NetlistError

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
    assert result.toggle_rates[11] == 3 / 5
    assert result.toggle_rates[10] == 3 / 5
    # the register: 0 1 0 1 1 0 -> 4 in 5; from cycle 1 on: 1 0 1 1 0 -> 3 in 4
    assert result.toggle_rates[12] == 4 / 5
    assert gates.simulate({"a": a}, start=1).toggle_rates[12] == 3 / 4
    assert result.toggle_rates[4] == 0.0           # the clock input is held at 0


def test_loop_is_rejected(tiny):
    looped = netlist(
        cells={"u1": {"type": "INV", "connections": {"A": [11], "Y": [10]}},
               "u2": {"type": "NAND2", "connections": {"A": [10], "B": [2], "Y": [11]}}},
        ports={"a": {"direction": "input", "bits": [2]},
               "y": {"direction": "output", "bits": [11]}})
    with pytest.raises(NetlistError) as error:
        GateNetlist(looped, "top", tiny)
    assert str(error.value) == ("netlist has a combinational loop (through cell 'u1'); only "
                                "loops through flip-flops can be simulated")


# A parity accumulator: q[t + 1] = q[t] ^ a[t], q[0] = 0; y = q.
PARITY = netlist(
    cells={"u1": {"type": "XOR2", "connections": {"A": [2], "B": [12], "Y": [10]}},
           "u2": {"type": "DFF", "connections": {"CK": [4], "D": [10], "Q": [12], "QN": [13]}}},
    ports={"a": {"direction": "input", "bits": [2]},
           "clk": {"direction": "input", "bits": [4]},
           "y": {"direction": "output", "bits": [12, 13]}})


def test_register_feedback_is_simulated_cycle_by_cycle(tiny):
    gates = GateNetlist(PARITY, "top", tiny)
    assert gates.depth == 1
    a = np.random.default_rng(1).integers(0, 2, size=200)
    result = gates.simulate({"a": a})
    parity = np.concatenate([[0], np.cumsum(a)[:-1] % 2])
    assert list(result.outputs["y"]) == list(parity + 2 * (1 - parity))
    assert result.passes > 2
    assert result.toggle_rates[12] == np.count_nonzero(np.diff(parity)) / 199


def test_wide_ports_as_bit_matrices(tiny):
    gates = GateNetlist(AND_THEN_REGISTER, "top", tiny)
    a = np.array([3, 0, 3, 3, 1, 2])
    bits = np.stack([a & 1, a >> 1], axis=1).astype(bool)
    by_bits = gates.simulate({"a": bits})
    by_word = gates.simulate({"a": a})
    assert list(by_bits.outputs["y"]) == list(by_word.outputs["y"])
    expected = by_word.outputs["y"][:, None] >> np.arange(4, dtype=np.uint64) & np.uint64(1)
    assert (by_bits.output_bits["y"] == expected.astype(bool)).all()
    with pytest.raises(ValueError) as error:
        gates.simulate({"a": np.zeros((6, 3), dtype=bool)})
    assert str(error.value) == "bits of input 'a' must be 2 per cycle, not 3"


def test_toggle_window(tiny):
    gates = GateNetlist(AND_THEN_REGISTER, "top", tiny)
    a = np.array([3, 0, 3, 3, 1, 2])
    # a & b: 1 0 1 1 0 0; transitions 1->2 and 2->3 only: 1 of 2
    result = gates.simulate({"a": a}, start=1, stop=4)
    assert result.cycles == 2
    assert result.toggle_rates[11] == 1 / 2
    with pytest.raises(ValueError) as error:
        gates.simulate({"a": a}, start=3, stop=4)
    assert str(error.value) == ("toggle window must be 2 to 6 cycles within the stream, not "
                                "cycles 3 to 4")


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


def random_sequential_netlist(rng, inputs=3, gates=40, flip_flops=6):
    """A netlist of random gates and flip-flops: every gate reads input bits, earlier gates or
    any flip-flop (so there are loops through flip-flops but none without one)."""
    cells, sources = {}, list(range(2, 2 + inputs))
    register_bits = [100 + index for index in range(flip_flops)]
    for index in range(gates):
        kind = rng.choice(["INV", "NAND2", "XOR2"])
        pool = sources + register_bits
        pins = {"A": [int(rng.choice(pool))]}
        if kind != "INV":
            pins["B"] = [int(rng.choice(pool))]
        output = 200 + index
        cells[f"g{index:02}"] = {"type": kind, "connections": {**pins, "Y": [output]}}
        sources.append(output)
    for index, bit in enumerate(register_bits):
        data = int(rng.choice(sources))
        cells[f"r{index}"] = {"type": "DFF", "connections": {"CK": [1], "D": [data],
                                                             "Q": [bit], "QN": [300 + index]}}
    outputs = register_bits + [int(bit) for bit in rng.choice(sources, size=4)]
    return netlist(cells, {"a": {"direction": "input", "bits": list(range(2, 2 + inputs))},
                           "clk": {"direction": "input", "bits": [1]},
                           "y": {"direction": "output", "bits": outputs}})


def reference_simulation(description, a):
    """Cycle by cycle, gate by gate, with plain Python booleans."""
    module = description["modules"]["top"]
    functions = {"INV": lambda p: not p["A"], "NAND2": lambda p: not (p["A"] and p["B"]),
                 "XOR2": lambda p: p["A"] != p["B"]}
    gates = sorted(name for name in module["cells"] if name.startswith("g"))
    registers = sorted(name for name in module["cells"] if name.startswith("r"))
    state = {module["cells"][name]["connections"]["Q"][0]: False for name in registers}
    outputs = []
    for word in a:
        values = {2 + index: bool(word >> index & 1)
                  for index in range(len(module["ports"]["a"]["bits"]))}
        values.update(state)
        for name in gates:
            connections = module["cells"][name]["connections"]
            pins = {pin: values[bits[0]] for pin, bits in connections.items() if pin != "Y"}
            values[connections["Y"][0]] = functions[module["cells"][name]["type"]](pins)
        outputs.append(sum(values[bit] << index
                           for index, bit in enumerate(module["ports"]["y"]["bits"])))
        state = {module["cells"][name]["connections"]["Q"][0]:
                 values[module["cells"][name]["connections"]["D"][0]] for name in registers}
    return outputs


@pytest.mark.parametrize("seed", range(20))
def test_feedback_matches_a_cycle_by_cycle_simulation(tiny, seed):
    rng = np.random.default_rng(seed)
    description = random_sequential_netlist(rng)
    a = rng.integers(0, 8, size=60)
    result = GateNetlist(description, "top", tiny).simulate({"a": a})
    assert list(result.outputs["y"]) == reference_simulation(description, a)
