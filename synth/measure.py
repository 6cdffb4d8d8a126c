"""Measuring one design with one flow: the unit of work the report runs, caches and parallelises.

Flows (:data:`MEASUREMENTS`):

``generic``
    Yosys ``synth`` and ``abc -g`` to generic gates: gate count by type and the CMOS transistor
    estimate of ``stat -tech cmos``.
``asic``
    Standard cells of a liberty library: area, cell count, logic depth; with OpenSTA, the
    critical-path delay and, from a gate-level simulation of the mapped netlist on each input
    stream (whose outputs must equal the golden model's), the energy per operation; with Icarus
    Verilog and the library's cell models, also the energy with glitches, from a timed
    simulation of the same netlist (:mod:`lmul.synth.timed_activity`) on the first
    ``timed_vectors`` pairs of each stream (a unit; a tile's is ``asic_timed``).
``asic_timed``
    A tile's energy with glitches alone: the ``asic`` flow's netlist (the same script, so the
    same netlist) and its timed simulation, kept apart from the tile's ``asic`` measurement
    so that asking for it (``timed_tile_beats``) re-measures nothing else. The report plans it
    itself; it is not one of :data:`MEASUREMENTS`.
``asic_booth``
    ``asic`` with ``synth -booth`` (Yosys's radix-4 Booth multipliers), for the conventional
    multipliers (L-Mul has no multiplication to map).
``ice40``, ``xilinx``
    FPGA LUT, carry and flip-flop counts.
"""

import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np

from ..format import Format
from .energy import energy_per_operation
from .gate_sim import GateNetlist
from .liberty import read_liberty
from .sta import find_sta, run_sta, time_unit_ns
from .streams import STREAMS, make_stream
from .timed_activity import cell_models_path, find_iverilog, timed_energy, write_sdf
from .yosys_flow import read_stat, render_flow, run_yosys_script

__all__ = ["MEASUREMENTS", "ASIC_MEASUREMENTS", "TILE_TIMED", "FLOWS", "SYNTH_OPTIONS",
           "TILE_KINDS", "MeasuredDesign", "Settings", "EquivalenceError", "design_verilog",
           "flow_scripts", "input_driver_and_load", "measure"]

#: Measurement name -> the Yosys flow scripts it runs.
MEASUREMENTS = {"generic": ("generic",), "asic": ("liberty",), "asic_booth": ("liberty",),
                "ice40": ("ice40",), "xilinx": ("xilinx",)}

#: The measurement of a tile's energy with glitches (see the module docstring).
TILE_TIMED = "asic_timed"

#: Every measurement :func:`measure` runs -> its flow scripts.
FLOWS = {**MEASUREMENTS, TILE_TIMED: ("liberty",)}

#: The standard-cell measurements: ``asic_booth`` is ``asic`` with Yosys's Booth multiplier
#: architecture (``synth -booth``), run on designs with a ``$mul`` (:attr:`MeasuredDesign.
#: multiplies`).
ASIC_MEASUREMENTS = ("asic", "asic_booth")

#: Measurement -> extra options of the flow's ``synth`` command (``@SYNTHOPTIONS@``).
SYNTH_OPTIONS = {"generic": "", "asic": "", "asic_booth": "-booth", "ice40": "", "xilinx": "",
                 TILE_TIMED: ""}

#: Design kinds whose energy is measured on beat streams of a dot-product tile
#: (:meth:`TileDesign.stimulus`); the others are two-operand units with ports ``a``, ``b`` and
#: a result (``p``, or ``s`` for the adder: their ``result_port``).
TILE_KINDS = ("dot", "products")


class MeasuredDesign(Protocol):
    """What :func:`measure` needs of a design (a :class:`~lmul.units.UnitConfig`,
    :class:`~lmul.synth.adder_floor.AdderFloorConfig`, :class:`~lmul.synth.tile_designs.
    TileDesign` or :class:`~lmul.synth.tile_designs.ProductArrayDesign`).

    Members
    -------
    name : str
        Verilog module name, unique per design.
    kind : str
        ``"lmul"``, ``"fpmul"``, ``"fpadd"``, ``"adder"`` (two-operand units: ports ``a``,
        ``b`` and the result port ``result_port``, checked by :meth:`golden`) or one of
        :data:`TILE_KINDS` (checked by ``stimulus`` and ``check``).
    format : Format
    stages : int
        Latency in cycles.
    options : dict
    booth_baseline : bool
        Whether the design is a conventional multiplier that the report also measures with
        Yosys's Booth architecture (``asic_booth``).
    """

    name: str
    kind: str
    format: Format
    stages: int
    options: dict
    booth_baseline: bool

    def component(self):
        """A new Amaranth component of the design."""

    def to_json(self):
        """A JSON text describing the design completely."""


class EquivalenceError(Exception):
    """The synthesised netlist's outputs differ from the golden model's."""


@dataclass(frozen=True)
class Settings:
    """What, besides the design and the flow, decides a measurement.

    Parameters
    ----------
    liberty : str or None
        Liberty file for the ``asic`` measurement; ``None`` skips it.
    period_ns : float
        Clock period (one operation per cycle) for timing constraints and energy per operation.
    vectors : int
        Operand pairs per input stream.
    streams : tuple of str
        Names of :data:`lmul.synth.streams.STREAMS` to measure energy on.
    use_sta : bool
        Whether to run OpenSTA (timing and energy).
    tile_beats : int
        Beats per input stream of a dot-product tile (and of its multipliers alone).
    timed_vectors : int
        Operand pairs of each stream (its first ones) in the timed simulation of a unit; 0: no
        timed simulation of units.
    timed_tile_beats : int
        Beats per stream in the timed simulation (``asic_timed``) of a tile and of its
        multipliers alone; 0: none.
    """

    liberty: str | None
    period_ns: float = 10.0
    vectors: int = 8192
    streams: tuple = tuple(STREAMS)
    use_sta: bool = True
    tile_beats: int = 1024
    timed_vectors: int = 256
    timed_tile_beats: int = 0


def design_verilog(design):
    """Verilog text of ``design`` (a UnitConfig or AdderFloorConfig), module named
    ``design.name``."""
    from amaranth.back import verilog

    return verilog.convert(design.component(), name=design.name, emit_src=False)


def flow_scripts(design, measurement, settings):
    """The flow scripts ``measurement`` runs on ``design``, rendered with the placeholders a
    run uses (file names fixed, the driver and load left symbolic: they follow from the
    liberty)."""
    return [render_flow(flow, verilog="design.v", top=design.name, out="", liberty="cells.lib",
                        driver="DRIVER", load="LOAD", delay=_delay_ps(settings),
                        synthoptions=SYNTH_OPTIONS[measurement])
            for flow in FLOWS[measurement]]


def measure(design, verilog, measurement, settings, workdir):
    """Run one measurement of one design.

    Parameters
    ----------
    design : MeasuredDesign
    verilog : str
        Its Verilog (:func:`design_verilog`).
    measurement : str
        A key of :data:`FLOWS`.
    settings : Settings
    workdir : Path
        Emptied, then filled with the scripts, logs, netlists and reports of this run.

    Returns
    -------
    dict
        JSON-ready results (see the module docstring; the report's schema documents the keys).

    Raises
    ------
    YosysError, StaError, NetlistError
        If a tool fails.
    EquivalenceError
        If the mapped netlist disagrees with the golden model.
    """
    workdir = Path(workdir)
    if workdir.exists():
        shutil.rmtree(workdir)
    workdir.mkdir(parents=True)
    (workdir / "design.v").write_text(verilog)
    if measurement == "generic":
        return _measure_generic(design, workdir)
    if measurement in ASIC_MEASUREMENTS or measurement == TILE_TIMED:
        return _measure_asic(design, settings, workdir, measurement)
    if measurement in ("ice40", "xilinx"):
        return _measure_fpga(design, measurement, workdir)
    raise ValueError(f"measurement must be one of {', '.join(map(repr, FLOWS))}, "
                     f"not {measurement!r}")


def _run_flow(flow, design, workdir, synthoptions="", **values):
    script = render_flow(flow, verilog="design.v", top=design.name, out="",
                         synthoptions=synthoptions, **values)
    (workdir / f"{flow}.ys").write_text(script)
    run_yosys_script(f"{flow}.ys", f"{flow}.log", cwd=workdir)


def _measure_generic(design, workdir):
    _run_flow("generic", design, workdir)
    gates = read_stat(workdir / "generic_stat.json")
    cmos = read_stat(workdir / "generic_cmos.json")
    by_type = {name.strip("$_"): count for name, count in gates["num_cells_by_type"].items()}
    flip_flops = sum(count for name, count in by_type.items() if name.startswith(("DFF", "SDFF")))
    return {"gates": gates["num_cells"] - flip_flops, "flip_flops": flip_flops,
            "gates_by_type": by_type, "transistors": cmos["estimated_num_transistors"]}


def _measure_fpga(design, family, workdir):
    _run_flow(family, design, workdir)
    by_type = read_stat(workdir / f"{family}_stat.json")["num_cells_by_type"]
    if family == "ice40":
        luts = by_type.get("SB_LUT4", 0)
        carries = by_type.get("SB_CARRY", 0)
        flip_flops = sum(count for name, count in by_type.items() if name.startswith("SB_DFF"))
    else:
        luts = sum(count for name, count in by_type.items()
                   if name.startswith("LUT") and name[3:].isdigit())
        carries = sum(count for name, count in by_type.items() if name.startswith("CARRY"))
        flip_flops = sum(count for name, count in by_type.items() if name.startswith("FD"))
    return {"luts": luts, "carries": carries, "flip_flops": flip_flops,
            "cells_by_type": by_type}


def _measure_asic(design, settings, workdir, measurement="asic"):
    liberty = read_liberty(settings.liberty)
    if design.stages and liberty.flip_flop is None:
        raise ValueError(f"liberty {liberty.name!r} has no plain D flip-flop for a pipelined "
                         f"design")
    (workdir / "cells.lib").symlink_to(Path(settings.liberty).resolve())
    driver, driver_pin, load = input_driver_and_load(liberty)
    _run_flow("liberty", design, workdir, liberty="cells.lib", driver=driver, load=f"{load:.9g}",
              delay=_delay_ps(settings), synthoptions=SYNTH_OPTIONS[measurement])
    stat = read_stat(workdir / "liberty_stat.json")
    netlist = GateNetlist.from_file(workdir / "mapped.json", design.name, liberty)
    result = {"area": stat.get("area"), "sequential_area": stat.get("sequential_area"),
              "cells": stat["num_cells"], "cells_by_type": stat["num_cells_by_type"],
              "depth": netlist.depth, "critical_path_ns": None, "energy": None,
              "timed_energy": None}
    if not (settings.use_sta and find_sta()):
        return result

    time_unit = time_unit_ns(liberty)
    sta = run_sta("mapped.v", liberty, design.name,
                  clock_port="clk" if design.stages else None,
                  period=settings.period_ns / time_unit, driver_cell=driver,
                  driver_pin=driver_pin, load=load, workdir=workdir)
    if measurement == TILE_TIMED:
        return {"timed_energy": _measure_timed(design, settings, netlist, liberty, sta, workdir,
                                               measurement)}
    result["critical_path_ns"] = (None if sta.min_period_ns is None
                                  else round(sta.min_period_ns * time_unit, 6))
    result["energy"] = {}
    for stream in settings.streams:
        inputs, start, stop, check, operations = _energy_stimulus(design, stream, settings)
        simulation = netlist.simulate(inputs, start=start, stop=stop)
        check(simulation)
        energy = energy_per_operation(sta.cell_power, netlist.cells, simulation.toggle_rates,
                                      settings.period_ns, operations=operations)
        result["energy"][stream] = energy.as_dict()
    result["timed_energy"] = _measure_timed(design, settings, netlist, liberty, sta, workdir,
                                            measurement)
    return result


def timed_length(design, settings, measurement):
    # Pairs (a unit's asic measurements) or beats (a tile's asic_timed) of the timed
    # simulation, 0 for none.
    if design.kind in TILE_KINDS:
        return settings.timed_tile_beats if measurement == TILE_TIMED else 0
    return settings.timed_vectors


def _measure_timed(design, settings, netlist, liberty, sta, workdir, measurement):
    # Stream name -> timed_energy's results, or None without a timed simulation.
    length = timed_length(design, settings, measurement)
    models = cell_models_path(settings.liberty)
    if not length or models is None or find_iverilog() is None:
        return None
    driver, driver_pin, load = input_driver_and_load(liberty)
    clock = "clk" if design.stages else None
    period = settings.period_ns / time_unit_ns(liberty)
    sdf = write_sdf("mapped.v", liberty.path, design.name, clock_port=clock, period=period,
                    driver_cell=driver, driver_pin=driver_pin, load=load,
                    workdir=workdir).read_text()
    netlist_json = json.loads((workdir / "mapped.json").read_text())
    results = {}
    for stream in settings.streams:
        if design.kind in TILE_KINDS:
            inputs, start, stop, _ = design.stimulus(stream, length)
        else:
            a, b = make_stream(stream, design.format, settings.vectors)
            inputs, start, stop = {"a": a[:length], "b": b[:length]}, design.stages, None
        results[stream] = timed_energy(
            netlist, netlist_json, workdir / "mapped.v", sdf, models, inputs,
            cell_power=sta.cell_power, period_ns=settings.period_ns, clock_port=clock,
            start=start, stop=stop,
            operations=design.operations_per_cycle if design.kind in TILE_KINDS else 1,
            workdir=workdir / f"timed_{stream}")
    return results


def _energy_stimulus(design, stream, settings):
    # (inputs, start, stop, check, operations per cycle) of the energy measurement on a stream.
    # A unit: one operand pair per cycle, its product checked against the golden model. A
    # design with its own stimulus and check (a dot-product tile or its multipliers): full
    # throughput, rows x lanes multiply-accumulates per cycle.
    if design.kind in TILE_KINDS:
        inputs, start, stop, expected = design.stimulus(stream, settings.tile_beats)
        return (inputs, start, stop, lambda simulation: design.check(simulation, expected),
                design.operations_per_cycle)
    a, b = make_stream(stream, design.format, settings.vectors)
    return ({"a": a, "b": b}, design.stages, None,
            lambda simulation: _check_equivalence(design, a, b,
                                                  simulation.outputs[design.result_port]), 1)


def input_driver_and_load(liberty):
    """``(cell, its output pin, load)``: the inputs are driven by the smallest inverter of
    ``liberty``, every output drives four of its inputs (``load`` in the liberty's unit)."""
    inverter = liberty.smallest_inverter
    return (inverter.name, next(iter(inverter.outputs)),
            4 * inverter.input_capacitance[inverter.inputs[0]])


def _delay_ps(settings):
    # ABC's delay target: the clock period, in picoseconds.
    return round(settings.period_ns * 1000)


def _check_equivalence(design, a, b, product):
    latency = design.stages
    expected = np.asarray(design.golden(a, b)).astype(np.uint64)
    got = product[latency:]
    expected = expected[:len(expected) - latency]
    mismatches = np.flatnonzero(got != expected)
    if mismatches.size:
        index = mismatches[0]
        raise EquivalenceError(
            f"{design.name}: the synthesised netlist differs from the golden model on "
            f"{mismatches.size} of {got.size} operand pairs, first a={int(a[index]):#x} "
            f"b={int(b[index]):#x}: netlist {int(got[index]):#x}, golden "
            f"{int(expected[index]):#x}")

