"""The timed gate-level simulation: glitches counted, a zero-delay SDF reproducing the
zero-delay simulator's toggle counts exactly, energy beside the zero-delay figure, errors."""

import json
import os

import numpy as np
import pytest

from lmul.synth.designs import report_designs
from lmul.synth.gate_sim import GateNetlist
from lmul.synth.measure import Settings, design_verilog, input_driver_and_load, measure
from lmul.synth.streams import make_stream
from lmul.synth.timed_activity import (TimedActivityError, cell_models_path, simulate_timed,
                                       timed_energy, write_sdf, zero_delay_sdf)


@pytest.fixture
def tools(osu018, opensta, icarus):
    models = cell_models_path(osu018.path)
    assert models is not None and models.name == "osu018_stdcells.v"
    return osu018, models


def netlist(cells, ports):
    """A flat netlist of OSU018 cells as Yosys JSON and as Verilog: every net bit ``b`` but the
    input ports' is a wire ``n<b>``, and an output port is assigned from its wires (so its bits
    have two names, as in Yosys's netlists)."""
    names = {bit: f"{name}[{index}]" for name, port in ports.items()
             if port["direction"] == "input" for index, bit in enumerate(port["bits"])}
    wires = sorted({bit for cell in cells.values() for pins in cell["connections"].values()
                    for bit in pins} - set(names))
    lines = [f"module top({', '.join(ports)});"]
    lines += [f"  {port['direction']} [{len(port['bits']) - 1}:0] {name};"
              for name, port in ports.items()]
    lines += [f"  wire n{bit};" for bit in wires]
    lines += [f"  assign {name}[{index}] = {names.get(bit, f'n{bit}')};"
              for name, port in ports.items() if port["direction"] == "output"
              for index, bit in enumerate(port["bits"])]
    for name, cell in cells.items():
        pins = ", ".join(f".{pin}({names.get(bits[0], f'n{bits[0]}')})"
                         for pin, bits in cell["connections"].items())
        lines.append(f"  {cell['type']} {name} ({pins});")
    lines.append("endmodule")
    netnames = {name: {"bits": port["bits"]} for name, port in ports.items()}
    netnames.update({f"n{bit}": {"bits": [bit]} for bit in wires})
    description = {"modules": {"top": {"ports": ports, "cells": cells, "netnames": netnames}}}
    return description, "\n".join(lines) + "\n"


def random_sequential_netlist(rng, inputs=3, gates=40, flip_flops=6):
    """Random OSU018 gates and flip-flops; gates read inputs, earlier gates or flip-flops."""
    cells, sources = {}, list(range(2, 2 + inputs))
    register_bits = [100 + index for index in range(flip_flops)]
    for index in range(gates):
        kind = str(rng.choice(["INVX1", "NAND2X1", "XOR2X1", "AOI21X1", "MUX2X1"]))
        pool = sources + register_bits
        pins = {pin: [int(rng.choice(pool))]
                for pin in {"INVX1": "A", "NAND2X1": "AB", "XOR2X1": "AB", "AOI21X1": "ABC",
                            "MUX2X1": "ABS"}[kind]}
        cells[f"g{index:02}"] = {"type": kind, "connections": {**pins, "Y": [200 + index]}}
        sources.append(200 + index)
    # A synchronous reset (``run`` low) in front of every flip-flop: the cell models' registers
    # start unknown, the zero-delay simulation's at 0.
    for index, bit in enumerate(register_bits):
        cells[f"s{index}"] = {"type": "AND2X1", "connections": {
            "A": [int(rng.choice(sources))], "B": [90], "Y": [400 + index]}}
        cells[f"r{index}"] = {"type": "DFFPOSX1", "connections": {
            "CLK": [1], "D": [400 + index], "Q": [bit]}}
    outputs = register_bits + [int(bit) for bit in rng.choice(sources[inputs:], size=4,
                                                               replace=False)]
    return netlist(cells, {"a": {"direction": "input", "bits": list(range(2, 2 + inputs))},
                           "run": {"direction": "input", "bits": [90]},
                           "clk": {"direction": "input", "bits": [1]},
                           "y": {"direction": "output", "bits": outputs}})


def run_both(tmp_path, liberty, models, description, verilog, inputs, *, clock, start=0,
             period=10.0):
    """The zero-delay simulation, and the timed one with the SDF's delays and with all of them
    zero."""
    (tmp_path / "netlist.v").write_text(verilog)
    driver, pin, load = input_driver_and_load(liberty)
    sdf = write_sdf("netlist.v", liberty.path, "top", clock_port=clock, period=period,
                    driver_cell=driver, driver_pin=pin, load=load, workdir=tmp_path).read_text()
    zero = GateNetlist(description, "top", liberty).simulate(inputs, start=start)
    runs = {}
    for label, text in (("timed", sdf), ("zero", zero_delay_sdf(sdf))):
        runs[label] = simulate_timed(description, "top", tmp_path / "netlist.v", text, models,
                                     inputs, period_ns=period, clock_port=clock, start=start,
                                     workdir=tmp_path / label)
    return zero, runs["timed"], runs["zero"]


def test_zero_delay_sdf_zeroes_every_value():
    text = ("(IOPATH A Y (0.130::0.130) (0.138::0.138))\n"
            "(INTERCONNECT b[7] u1/B (0.050::0.050) (0.046::0.046))\n"
            "(HOLD (negedge D) (posedge CLK) (-0.094::-0.090))\n(SETUP (posedge D) (1:2:3))")
    assert zero_delay_sdf(text) == ("(IOPATH A Y (0::0) (0::0))\n"
                                    "(INTERCONNECT b[7] u1/B (0::0) (0::0))\n"
                                    "(HOLD (negedge D) (posedge CLK) (0::0))\n"
                                    "(SETUP (posedge D) (0:0:0))")


def test_cell_models_sit_beside_the_liberty(tmp_path):
    (tmp_path / "cells.lib").write_text("")
    assert cell_models_path(tmp_path / "cells.lib") is None
    (tmp_path / "cells.v").write_text("")
    assert cell_models_path(tmp_path / "cells.lib") == (tmp_path / "cells.v").resolve()


# a -> eight buffers -> XOR with a itself: the XOR's output is 0 when settled, but pulses 1 for
# the buffers' delay after every change of a.
GLITCH = netlist(
    cells={**{f"u{index}": {"type": "BUFX2", "connections": {"A": [2 if index == 0 else 9 + index],
                                                             "Y": [10 + index]}}
              for index in range(8)},
           "x": {"type": "XOR2X1", "connections": {"A": [2], "B": [17], "Y": [30]}}},
    ports={"a": {"direction": "input", "bits": [2]},
           "y": {"direction": "output", "bits": [30]}})


def test_a_glitch_is_counted_with_delays_and_not_without(tmp_path, tools):
    liberty, models = tools
    a = np.array([0, 1, 1, 0, 1, 0, 0, 0, 1, 1])
    zero, timed, zero_timed = run_both(tmp_path, liberty, models, *GLITCH, {"a": a}, clock=None)
    changes = np.count_nonzero(a[1:] != a[:-1])
    assert zero.toggle_rates[30] == 0.0
    # With delays: two transitions per change of a; with the SDF zeroed, the pulse has no
    # width, so nothing (a delta-cycle glitch is not counted).
    assert timed.toggle_rates[30] == 2 * changes / 9
    assert zero_timed.toggle_rates[30] == 0.0
    assert timed.toggle_rates[17] == zero.toggle_rates[17] == changes / 9
    assert timed.transitions == 9 * changes + 2 * changes
    assert 0.3 < timed.settle_ns < 2.0
    assert not timed.settled_bits["y"].any() and not timed.unknown_bits["y"].any()
    assert timed.unknown_nets == ()


@pytest.mark.skipif(not os.path.isdir("/proc/self/task"), reason="needs Linux's /proc")
def test_reading_the_vcd_leaves_no_thread_behind(tmp_path, tools):
    # The report forks its workers: a thread left by the VCD reader (a thread pool) would make
    # a forked child that reads a VCD wait for it for ever.
    liberty, models = tools
    threads = len(os.listdir("/proc/self/task"))
    run_both(tmp_path, liberty, models, *GLITCH, {"a": np.array([0, 1, 1, 0, 1, 0])},
             clock=None)
    assert len(os.listdir("/proc/self/task")) == threads


@pytest.mark.parametrize("seed", range(6))
def test_zero_delays_reproduce_the_zero_delay_toggles(tmp_path, tools, seed):
    liberty, models = tools
    rng = np.random.default_rng(seed)
    description, verilog = random_sequential_netlist(rng)
    a = rng.integers(0, 8, size=80)
    run = np.arange(80) > 0
    zero, timed, zero_timed = run_both(tmp_path, liberty, models, description, verilog,
                                       {"a": a, "run": run}, clock="clk", start=2)
    rates = {bit: rate for bit, rate in zero.toggle_rates.items() if bit != 1}
    assert zero_timed.toggle_rates == rates
    # With delays every net settles within the period to the same values, and makes as many
    # transitions or more: the same number plus pairs (a glitch goes and comes back).
    assert np.array_equal(timed.settled_bits["y"][2:], zero.output_bits["y"][2:])
    assert not timed.unknown_bits["y"][2:].any()
    for bit, rate in rates.items():
        extra = round((timed.toggle_rates[bit] - rate) * zero.cycles)
        assert extra >= 0 and extra % 2 == 0, bit
    assert set(timed.toggle_rates) == set(rates)
    assert timed.unknown_nets == zero_timed.unknown_nets == ()


def test_stream_and_window_errors(tmp_path, tools):
    liberty, models = tools
    description, verilog = GLITCH
    (tmp_path / "netlist.v").write_text(verilog)
    kwargs = {"period_ns": 10.0, "workdir": tmp_path / "run"}
    with pytest.raises(ValueError) as error:
        simulate_timed(description, "top", tmp_path / "netlist.v", "", models,
                       {"y": [0, 1, 0]}, **kwargs)
    assert str(error.value) == "input stream must name a data input port, not 'y'"
    with pytest.raises(ValueError) as error:
        simulate_timed(description, "top", tmp_path / "netlist.v", "", models,
                       {"a": [0]}, **kwargs)
    assert str(error.value) == ("toggle window must be 2 to 1 cycles within the stream, not "
                                "cycles 0 to 1")
    with pytest.raises(ValueError) as error:
        simulate_timed(description, "other", tmp_path / "netlist.v", "", models,
                       {"a": [0, 1]}, **kwargs)
    assert str(error.value) == "netlist must have a module 'other'"
    with pytest.raises(TimedActivityError) as error:
        simulate_timed(description, "top", tmp_path / "netlist.v", "(DELAYFILE (CELL", models,
                       {"a": [0, 1]}, **kwargs)
    assert str(error.value).startswith("vvp failed in ")


def measured_unit(tmp_path, osu018, fmt, role, stages):
    design = report_designs(fmt)[(role, stages)]
    settings = Settings(liberty=str(osu018.path))
    workdir = tmp_path / design.name
    measure(design, design_verilog(design), "asic", settings, workdir)
    return design, settings, workdir


@pytest.mark.parametrize("stages", [0, 2])
def test_zero_delay_cross_check_on_a_real_unit(tmp_path, tools, stages):
    liberty, models = tools
    design, settings, workdir = measured_unit(tmp_path, liberty, "e4m3fn", "lmul", stages)
    description = json.loads((workdir / "mapped.json").read_text())
    gates = GateNetlist(description, design.name, liberty)
    a, b = make_stream("normal", "e4m3fn", settings.vectors)
    clock = "clk" if stages else None
    driver, pin, load = input_driver_and_load(liberty)
    sdf = write_sdf("mapped.v", liberty.path, design.name, clock_port=clock, period=10.0,
                    driver_cell=driver, driver_pin=pin, load=load, workdir=workdir).read_text()
    zero = gates.simulate({"a": a, "b": b}, start=stages)
    zero_timed = simulate_timed(description, design.name, workdir / "mapped.v",
                                zero_delay_sdf(sdf), models, {"a": a, "b": b}, period_ns=10.0,
                                clock_port=clock, start=stages, workdir=tmp_path / "zero")
    assert zero_timed.toggle_rates == {bit: rate for bit, rate in zero.toggle_rates.items()
                                       if bit not in description["modules"][design.name][
                                           "ports"].get("clk", {"bits": []})["bits"]}
    assert np.array_equal(zero_timed.settled_bits["p"][stages:], zero.output_bits["p"][stages:])


def test_timed_energy_of_a_unit(tmp_path, tools):
    liberty, models = tools
    design, settings, workdir = measured_unit(tmp_path, liberty, "e4m3fn", "lmul", 0)
    from lmul.synth.sta import run_sta
    driver, pin, load = input_driver_and_load(liberty)
    sta = run_sta("mapped.v", liberty, design.name, clock_port=None, period=10.0,
                  driver_cell=driver, driver_pin=pin, load=load, workdir=workdir)
    sdf = write_sdf("mapped.v", liberty.path, design.name, clock_port=None, period=10.0,
                    driver_cell=driver, driver_pin=pin, load=load, workdir=workdir).read_text()
    description = json.loads((workdir / "mapped.json").read_text())
    gates = GateNetlist(description, design.name, liberty)
    a, b = make_stream("normal", "e4m3fn", 1024)
    result = timed_energy(gates, description, workdir / "mapped.v", sdf, models,
                          {"a": a, "b": b}, cell_power=sta.cell_power, period_ns=10.0,
                          workdir=tmp_path / "timed")
    zero = timed_energy(gates, description, workdir / "mapped.v", zero_delay_sdf(sdf), models,
                        {"a": a, "b": b}, cell_power=sta.cell_power, period_ns=10.0,
                        workdir=tmp_path / "zero")
    assert zero["timed"] == zero["zero_delay"] == result["zero_delay"]
    assert zero["glitch_share"] == 0.0 and zero["late_cycles"] == 0
    assert result["timed"]["total_pj"] > result["zero_delay"]["total_pj"]
    share = 1 - result["zero_delay"]["total_pj"] / result["timed"]["total_pj"]
    assert result["glitch_share"] == round(share, 6)
    assert result["transitions_timed"] > result["transitions_zero_delay"]
    assert result["late_cycles"] == 0 and result["cycles"] == 1023
    assert result["unknown_nets"] == result["unknown_nets_toggling"] == 0


def test_a_register_nothing_defines_is_reported_unknown(tmp_path, tools):
    # A toggling flip-flop without reset: the zero-delay simulation starts it at 0, the cell
    # model at x, where it stays; its transitions cannot be counted, and the result says so.
    liberty, models = tools
    description, verilog = netlist(
        cells={"r": {"type": "DFFPOSX1", "connections": {"CLK": [1], "D": [3], "Q": [2]}},
               "i": {"type": "INVX1", "connections": {"A": [2], "Y": [3]}}},
        ports={"clk": {"direction": "input", "bits": [1]},
               "y": {"direction": "output", "bits": [2]}, "z": {"direction": "input",
                                                              "bits": [4]}})
    zero, timed, _ = run_both(tmp_path, liberty, models, description, verilog,
                              {"z": np.zeros(6, dtype=int)}, clock="clk")
    assert zero.toggle_rates[2] == 1.0 and timed.toggle_rates[2] == 0.0
    assert timed.unknown_nets == (2, 3) and timed.unknown_bits["y"].all()
