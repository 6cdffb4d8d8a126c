"""Switching activity with glitches: a timing-annotated simulation of a mapped netlist.

The zero-delay simulation of :mod:`lmul.synth.gate_sim` sees one transition per net at most per
cycle. Real gates switch at different times, so a net can switch several times in a cycle before
it settles (a glitch), and every transition costs energy. This module measures that activity:

1. OpenSTA writes the netlist's load-dependent delays as SDF (``write_sdf``): one ``IOPATH``
   delay per cell arc, rise and fall, at the cell's own input slew and output load; the input
   driver's delay appears as ``INTERCONNECT`` delays from the input ports.
2. Icarus Verilog (``iverilog -gspecify``) simulates the netlist against the library's Verilog
   cell models (their ``specify`` paths, annotated with ``$sdf_annotate``) on the same input
   stream as the zero-delay simulation, one stream cycle per clock period: the testbench
   applies cycle ``t``'s inputs at the clock edge ``t * period`` (for a combinational unit the
   testbench plays the input register; a sequential design is clocked by it, rising edge at
   ``t * period``, falling edge half a period later), and dumps every net of the netlist (not
   those inside the cell models) to a VCD.
3. The VCD is read with ``pywellen`` (the Rust ``wellen`` waveform reader, which loads each
   net's changes in bulk: counting an fp16 multiplier's 256 timed cycles took 0.7 s with it,
   against 1.7 s with ``vcdvcd``'s streaming parser), and every transition of every net bit is
   counted.

What is counted. A *transition* of a net bit is a change of the value the VCD records for it,
0 to 1 or 1 to 0, between two simulation times. Icarus records a net at most once per
simulation time, with its value at the end of that time step, so a pulse of zero width (a
delta-cycle glitch of event-driven simulation, which has no physical duration and carries no
charge) is not counted, and a pulse of any non-zero width is counted as two transitions.
Values ``x`` and ``z`` are not values: a change from or to them is not counted, and the next 0
or 1 is compared with the last 0 or 1 before it (the registers of the cell models start
unknown, until the stream's first cycles define them). The transitions counted are those at
times in ``[(start + 1) * period, stop * period)``: the edges into cycles ``start + 1`` to
``stop - 1`` and whatever they set off, the window over which :meth:`GateNetlist.simulate
<lmul.synth.gate_sim.GateNetlist.simulate>` counts its toggles. Rates are transitions per cycle
over ``stop - 1 - start`` cycles. The clock net is not counted (its power is the flip-flops'
activity-0 power in the energy model).

With every delay of the SDF set to zero (:func:`zero_delay_sdf`) all nets change only at the
clock edges, once per cycle at most, and the counts equal the zero-delay simulation's exactly
(a test checks it on small netlists and on a real unit). Timing checks of the cell models
(``$setup``, ``$hold``) play no part: Icarus Verilog 11 does not evaluate them. Path delays
follow Icarus's semantics for module paths.

The cell models come from the library: ``osu018_stdcells.v`` beside ``osu018_stdcells.lib``
(:func:`cell_models_path`). They are read with their ``timescale`` precision raised from 10 ps
to 1 ps, so that the SDF's picosecond delays are not rounded.

Cost: the simulation is event-driven, so it costs about the number of transitions: roughly
proportional to cells times cycles times the activity (see the README for measured figures).
"""

import re
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from pywellen import Waveform

from .gate_sim import stream_window
from .sta import StaError, drop_clock_command, run_script, tcl_word

__all__ = ["TimedActivityError", "TimedActivity", "cell_models_path", "find_iverilog",
           "write_sdf", "zero_delay_sdf", "simulate_timed", "timed_energy"]


class TimedActivityError(Exception):
    """A timed simulation that could not be run or read."""


@dataclass
class TimedActivity:
    """What :func:`simulate_timed` measured.

    Attributes
    ----------
    toggle_rates : dict of int to float
        Net bit (the netlist JSON's bit numbers, as in
        :attr:`lmul.synth.gate_sim.GateSimulation.toggle_rates`) to its transitions per cycle in
        the window, glitches included; every net bit of the netlist but the clock's.
    settled_bits : dict of str to numpy.ndarray
        Output port name to its bits at the end of each cycle of the stream (just before the
        next clock edge), shape ``(cycles, width)``, bit 0 first; an unknown bit reads as 0 and
        is flagged in ``unknown_bits``.
    unknown_bits : dict of str to numpy.ndarray
        Output port name to a mask of the bits of ``settled_bits`` that were ``x`` or ``z``.
    cycles : int
        Cycle transitions over which the transitions were counted (``stop - 1 - start``).
    transitions : int
        Transitions counted in the window, all nets together.
    settle_ns : float
        Latest transition after a clock edge seen in the window, in ns (0 with zero delays).
    unknown_nets : tuple of int
        Net bits still ``x`` or ``z`` at the end of the simulation: registers that no reset
        and no data defined, such as a register that only ever holds its initial value, and
        the logic they drive (their transitions, if any, cannot be counted).
    seconds : float
        Wall-clock time of the compilation and simulation (not of the VCD reading).
    """

    toggle_rates: dict
    settled_bits: dict
    unknown_bits: dict
    cycles: int
    transitions: int
    settle_ns: float
    unknown_nets: tuple
    seconds: float


def find_iverilog():
    """Paths of ``(iverilog, vvp)``, or ``None`` if either is missing."""
    iverilog, vvp = shutil.which("iverilog"), shutil.which("vvp")
    return (iverilog, vvp) if iverilog and vvp else None


def cell_models_path(liberty_path):
    """The Verilog models of a liberty's cells: the file beside it with the suffix ``.v``
    (``osu018_stdcells.lib`` -> ``osu018_stdcells.v``), or ``None`` if there is none."""
    candidate = Path(liberty_path).resolve().with_suffix(".v")
    return candidate if candidate.is_file() else None


_SDF_SCRIPT = """\
read_liberty {liberty}
read_verilog {netlist}
link_design {top}
{clock}
set data_inputs [all_inputs]
{drop_clock}
set_driving_cell -lib_cell {driver_cell} -pin {driver_pin} $data_inputs
set_load {load} [all_outputs]
write_sdf -no_timestamp -no_version {sdf}
"""


def write_sdf(netlist, liberty_path, top, *, clock_port, period, driver_cell, driver_pin, load,
              workdir, sdf="mapped.sdf", binary="sta", timeout=600):
    """Write the netlist's delays as SDF with OpenSTA, under the report's constraints.

    Parameters
    ----------
    netlist : str or Path
        Mapped Verilog netlist (relative to ``workdir`` or absolute).
    liberty_path : str or Path
        Its library.
    top : str
        Top module.
    clock_port : str or None
        The clock input, ``None`` for a combinational design.
    period : float
        Clock period in the liberty's time unit.
    driver_cell, driver_pin, load
        As for :func:`lmul.synth.sta.run_sta`: the cell driving every data input, and the
        capacitance on every output.
    workdir : Path
        Where the script, its log and the SDF go.
    sdf : str
        File name of the SDF in ``workdir``.

    Returns
    -------
    Path
        The SDF file.

    Raises
    ------
    TimedActivityError
        If OpenSTA fails or writes no SDF.
    """
    workdir = Path(workdir)
    clock = (f"create_clock -name clk -period {period} [get_ports {{{clock_port}}}]"
             if clock_port else "")
    script = _SDF_SCRIPT.format(liberty=tcl_word(Path(liberty_path).resolve()),
                                netlist=tcl_word(netlist), top=top, clock=clock,
                                drop_clock=drop_clock_command(clock_port),
                                driver_cell=driver_cell, driver_pin=driver_pin, load=load,
                                sdf=tcl_word(sdf))
    try:
        run_script(binary, "sdf", script, workdir, timeout)
    except StaError as error:
        raise TimedActivityError(f"could not write the SDF: {error}") from None
    path = workdir / sdf
    if not path.is_file():
        raise TimedActivityError(f"OpenSTA wrote no SDF in {workdir}")
    return path


# A delay value of an SDF: ``(1.0::2.0)``, ``(1:2:3)``, ``(0.5)``.
_SDF_VALUE = re.compile(r"\((-?[0-9.eE+-]*)(?::(-?[0-9.eE+-]*)){0,2}\)")


def zero_delay_sdf(text):
    """The SDF ``text`` with every delay and timing-check value set to zero (the same
    constructs, so the same paths are annotated)."""
    return _SDF_VALUE.sub(lambda match: re.sub(r"-?[0-9][0-9.eE+-]*", "0", match[0]), text)


def _timescale_1ps(models_text):
    # Raise the cell models' precision to 1 ps: SDF delays are given to the picosecond.
    return re.sub(r"`timescale\s+\S+\s*/\s*\S+", "`timescale 1ns/1ps", models_text)


def _port_bits(stream, width, name):
    # An input stream as booleans of shape (cycles, width), bit 0 first.
    stream = np.asarray(stream)
    if stream.ndim == 2:
        if stream.shape[1] != width:
            raise ValueError(f"bits of input {name!r} must be {width} per cycle, "
                             f"not {stream.shape[1]}")
        return stream.astype(bool)
    if stream.ndim == 1 and width <= 64:
        stream = stream.astype(np.uint64)
        shifts = np.arange(width, dtype=np.uint64)
        return ((stream[:, None] >> shifts) & np.uint64(1)).astype(bool)
    raise ValueError(f"input {name!r} ({width} bits) must be given as integers (up to 64 "
                     f"bits) or as booleans of shape (cycles, bits)")


def _write_memory(path, bits):
    # One line per cycle, most significant bit first, for $readmemb.
    text = np.where(bits[:, ::-1], "1", "0")
    path.write_text("\n".join("".join(row) for row in text) + "\n")


def _testbench(top, ports, clock_port, cycles, period_ps, memories):
    # The bench: a clock, one register per input port loaded from its memory at every rising
    # edge (cycle 0's at time 0), the netlist, its SDF and a VCD of its own nets.
    lines = ["`timescale 1ns/1ps", "module timed_bench;"]
    connections = []
    for name, (direction, bits) in ports.items():
        width = len(bits)
        vector = f"[{width - 1}:0] " if width > 1 else ""
        if name == clock_port:
            lines.append(f"  reg {name} = 1'b0;")
        elif direction == "input":
            lines.append(f"  reg {vector}{name};")
            if name in memories:
                lines.append(f"  reg {vector}{name}__stream [0:{cycles - 1}];")
        else:
            lines.append(f"  wire {vector}{name};")
        connections.append(f".{name}({name})")
    lines.append(f"  {top} dut ({', '.join(connections)});")
    lines.append("  integer cycle;")
    lines.append("  initial begin")
    for name in memories:
        lines.append(f'    $readmemb("{name}.mem", {name}__stream);')
    lines.append('    $sdf_annotate("bench.sdf", dut);')
    for name, (direction, bits) in ports.items():
        if direction == "input" and name != clock_port:
            lines.append(f"    {name} = {name}__stream[0];" if name in memories
                         else f"    {name} = {len(bits)}'d0;")
    lines.append('    $dumpfile("activity.vcd");')
    lines.append("    $dumpvars(1, dut);")
    half = period_ps // 2
    low, high = f"{half / 1000:.3f}", f"{(period_ps - half) / 1000:.3f}"
    lines.append(f"    for (cycle = 1; cycle < {cycles}; cycle = cycle + 1) begin")
    lines.append(f"      #{low};")
    if clock_port:
        lines.append(f"      {clock_port} = 1'b0;")
    lines.append(f"      #{high};")
    if clock_port:
        lines.append(f"      {clock_port} = 1'b1;")
    for name in memories:
        lines.append(f"      {name} <= {name}__stream[cycle];")
    lines.append("    end")
    lines.append(f"    #{low};")
    if clock_port:
        lines.append(f"    {clock_port} = 1'b0;")
    lines.append(f"    #{high};")
    lines.append("    $finish;")
    lines.append("  end")
    lines.append("endmodule")
    return "\n".join(lines) + "\n"


def simulate_timed(netlist_json, top, verilog, sdf_text, cell_models, inputs, *, period_ns,
                   clock_port=None, start=0, stop=None, workdir, timeout=3600):
    """Simulate a mapped netlist with delays and count every transition of every net.

    Parameters
    ----------
    netlist_json : dict
        Yosys ``write_json`` of the netlist (names every net bit).
    top : str
        Its top module.
    verilog : str or Path
        The same netlist as Verilog (``write_verilog``), the file the SDF was written for.
    sdf_text : str
        Its delays (:func:`write_sdf`, or :func:`zero_delay_sdf` of them).
    cell_models : str or Path
        Verilog models of the library's cells (:func:`cell_models_path`).
    inputs : dict of str to array_like
        As for :meth:`lmul.synth.gate_sim.GateNetlist.simulate`: input port to its value in
        each cycle; ports not given (reset) are held at 0. The clock port must not be given.
    period_ns : float
        Clock period, one stream cycle per period.
    clock_port : str or None
        The netlist's clock input, driven by the bench; ``None`` for a combinational design.
    start, stop : int
        Counting window, as for :meth:`~lmul.synth.gate_sim.GateNetlist.simulate`.
    workdir : Path
        Emptied, then filled with the bench, its inputs and the simulator's log (the VCD is
        deleted once read).

    Returns
    -------
    TimedActivity

    Raises
    ------
    ValueError
        For an unknown port, a stream of the wrong shape, streams of different lengths or a
        window of fewer than 2 cycles.
    TimedActivityError
        If Icarus Verilog is missing or fails, or the VCD names a net the netlist lacks.
    """
    tools = find_iverilog()
    if tools is None:
        raise TimedActivityError("Icarus Verilog (iverilog and vvp) must be installed for a "
                                 "timed simulation")
    module = netlist_json.get("modules", {}).get(top)
    if module is None:
        raise ValueError(f"netlist must have a module {top!r}")
    ports = {name: (port["direction"], list(port["bits"]))
             for name, port in module["ports"].items()}
    cycles, stop = stream_window(inputs, start, stop)
    for name in inputs:
        if name not in ports or ports[name][0] != "input" or name == clock_port:
            raise ValueError(f"input stream must name a data input port, not {name!r}")
    if clock_port is not None and clock_port not in ports:
        raise ValueError(f"clock must be an input port, not {clock_port!r}")
    period_ps = round(period_ns * 1000)
    if period_ps < 2:
        raise ValueError(f"period must be at least 0.002 ns, not {period_ns!r}")

    workdir = Path(workdir)
    if workdir.exists():
        shutil.rmtree(workdir)
    workdir.mkdir(parents=True)
    memories = {}
    for name, stream in inputs.items():
        memories[name] = _port_bits(stream, len(ports[name][1]), name)
        _write_memory(workdir / f"{name}.mem", memories[name])
    (workdir / "bench.v").write_text(_testbench(top, ports, clock_port, cycles, period_ps,
                                                memories))
    (workdir / "bench.sdf").write_text(sdf_text)
    (workdir / "cells.v").write_text(_timescale_1ps(Path(cell_models).read_text()))
    shutil.copyfile(verilog, workdir / "netlist.v")

    began = time.perf_counter()
    iverilog, vvp = tools
    _run([iverilog, "-gspecify", "-T", "max", "-o", "bench.vvp", "-s", "timed_bench", "bench.v",
          "netlist.v", "cells.v"], workdir, "iverilog.log", timeout)
    _run([vvp, "-n", "bench.vvp"], workdir, "vvp.log", timeout)
    seconds = time.perf_counter() - began

    vcd_path = workdir / "activity.vcd"
    try:
        counts, settled, unknown, settle_ps, unknown_nets = _count_transitions(
            vcd_path, module, ports, clock_port, cycles, start, stop, period_ps)
    finally:
        vcd_path.unlink(missing_ok=True)
    counted = stop - 1 - start
    return TimedActivity({bit: count / counted for bit, count in counts.items()}, settled,
                         unknown, counted, int(sum(counts.values())), settle_ps / 1000,
                         unknown_nets, seconds)


def _run(command, workdir, log, timeout):
    try:
        completed = subprocess.run(command, cwd=workdir, capture_output=True, text=True,
                                   stdin=subprocess.DEVNULL, timeout=timeout)
    except subprocess.TimeoutExpired:
        raise TimedActivityError(f"{Path(command[0]).name} ran longer than {timeout} s in "
                                 f"{workdir}") from None
    output = completed.stdout + completed.stderr
    (workdir / log).write_text(output)
    problems = [line for line in output.splitlines()
                if "error" in line.lower() or "omitting" in line.lower()
                or "sdf error" in line.lower()]
    if completed.returncode != 0 or problems:
        raise TimedActivityError(f"{Path(command[0]).name} failed in {workdir}: "
                                 f"{problems[0] if problems else 'exit status ' + str(completed.returncode)}")


def _count_transitions(vcd_path, module, ports, clock_port, cycles, start, stop, period_ps):
    # Per net bit, its transitions in the window; per output port, its value at the end of
    # every cycle; the latest transition after a clock edge; the counted bits never known.
    try:
        # One thread: a reader thread pool would deadlock the report's forked workers.
        waveform = Waveform(str(vcd_path), multi_threaded=False)
        variables = sorted(waveform.all_vars(), key=lambda variable: variable.full_name)
    except Exception as error:
        raise TimedActivityError(f"cannot read the VCD {vcd_path}: {error}") from None
    net_bits = {name: list(net["bits"]) for name, net in module["netnames"].items()}
    clock_bits = set(ports[clock_port][1]) if clock_port else set()
    counts = {bit: 0 for bits in net_bits.values() for bit in bits
              if isinstance(bit, int) and bit not in clock_bits}
    outputs = {name: len(bits) for name, (direction, bits) in ports.items()
               if direction == "output"}
    settled, unknown = {}, {}
    window = ((start + 1) * period_ps, stop * period_ps)
    settle = 0
    claimed = set()
    unknown_nets = []
    for variable in variables:
        name = _net_name(variable.full_name, net_bits)
        if name not in net_bits:
            raise TimedActivityError(f"the VCD names a net {name!r} the netlist does not have")
        if variable.bitwidth != len(net_bits[name]):
            raise TimedActivityError(f"net {name!r} is {variable.bitwidth} bits in the VCD and "
                                     f"{len(net_bits[name])} in the netlist")
        # Each bit is counted through one name and position only: a net can have several
        # names, and a name can repeat a bit.
        bits = []
        for bit in net_bits[name]:
            counted = isinstance(bit, int) and bit not in clock_bits
            bits.append(bit if counted and bit not in claimed else None)
            if counted:
                claimed.add(bit)
        changes = variable.signal
        counted_mask = sum(1 << index for index, bit in enumerate(bits) if bit is not None)
        if counted_mask:
            value, known, latest = _count_changes(changes, len(bits), counted_mask, bits,
                                                  counts, window, period_ps)
            settle = max(settle, latest)
            unknown_nets += [bit for index, bit in enumerate(bits)
                             if (counted_mask & ~known) >> index & 1]
        if name in outputs and name not in settled:
            settled[name], unknown[name] = _settled_values(changes, len(bits), cycles,
                                                           period_ps)
    missing = sorted(set(outputs) - set(settled))
    if missing:
        raise TimedActivityError(f"the VCD has no output {missing[0]!r}")
    return counts, settled, unknown, settle, tuple(sorted(unknown_nets))


def _count_changes(changes, width, counted_mask, bits, counts, window, period_ps):
    # Count the transitions of one variable's counted bits in the window into ``counts``.
    # Returns its last (value, known mask) and the latest time after a clock edge at which a
    # counted bit switched in the window.
    full = (1 << width) - 1
    value = known = latest = 0
    low_time, high_time = window
    for time, change in changes:
        if type(change) is int:
            new_value, new_known = change, full
        else:
            new_value, new_known = _decode(change, width)
        if low_time <= time < high_time:
            flipped = (new_value ^ value) & new_known & known & counted_mask
            if flipped:
                latest = max(latest, time % period_ps)
                while flipped:
                    lowest = flipped & -flipped
                    counts[bits[lowest.bit_length() - 1]] += 1
                    flipped ^= lowest
        value = (new_value & new_known) | (value & ~new_known)
        known |= new_known
    return value, known, latest


def _settled_values(changes, width, cycles, period_ps):
    # An output's bits at the end of every cycle (its value just before the next clock edge),
    # and the mask of those that were never yet 0 or 1.
    full = (1 << width) - 1
    words = np.zeros(cycles, dtype=object)
    known_words = np.zeros(cycles, dtype=object)
    value = known = 0
    cycle = 0
    for time, change in changes:
        while cycle < cycles and (cycle + 1) * period_ps <= time:
            words[cycle], known_words[cycle] = value, known
            cycle += 1
        if type(change) is int:
            new_value, new_known = change, full
        else:
            new_value, new_known = _decode(change, width)
        value = (new_value & new_known) | (value & ~new_known)
        known |= new_known
    words[cycle:], known_words[cycle:] = value, known
    shifts = range(width)
    settled = np.array([[(int(word) >> index) & 1 for index in shifts] for word in words],
                       dtype=bool).reshape(cycles, width)
    unknown = ~np.array([[(int(word) >> index) & 1 for index in shifts]
                         for word in known_words], dtype=bool).reshape(cycles, width)
    return settled, unknown


def _net_name(reference, net_bits):
    # The VCD's full name of a net of the bench's ``dut``: "timed_bench.dut.<name>", the name
    # escaped with a backslash where Verilog needs it and followed by its range if a vector.
    name = reference.removeprefix("timed_bench.dut.").removeprefix("\\")
    if name not in net_bits and name.endswith("]") and "[" in name:
        name = name[:name.rindex("[")]
    return name


def _decode(value, width):
    # A VCD value (a string of 0, 1, x, z, most significant first, extended on the left as
    # the VCD format says) as (value, known mask) integers, bit 0 first.
    value = value.lower()
    value = value.rjust(width, "0" if value[:1] in "01" else value[:1])
    number = known = 0
    for character in value:
        number <<= 1
        known <<= 1
        if character == "1":
            number |= 1
            known |= 1
        elif character == "0":
            known |= 1
    return number, known


def timed_energy(netlist, netlist_json, verilog, sdf_text, cell_models, inputs, *, cell_power,
                 period_ns, clock_port=None, start=0, stop=None, operations=1, workdir):
    """Energy per operation with glitches, beside the zero-delay figure on the same cycles.

    The timed simulation (:func:`simulate_timed`) and the zero-delay one
    (:meth:`GateNetlist.simulate <lmul.synth.gate_sim.GateNetlist.simulate>`) run on the same
    inputs and window; both sets of toggle rates go through the same power model
    (:func:`lmul.synth.energy.energy_per_operation`).

    Parameters
    ----------
    netlist : GateNetlist
        The mapped netlist, read from ``netlist_json``.
    netlist_json, verilog, sdf_text, cell_models, inputs, period_ns, clock_port, start, stop
        As for :func:`simulate_timed`.
    cell_power : dict
        OpenSTA's power coefficients (:attr:`lmul.synth.sta.StaResult.cell_power`).
    operations : int
        Operations per cycle.
    workdir : Path
        Working directory of the timed simulation.

    Returns
    -------
    dict
        ``cycles`` (cycle transitions counted), ``timed`` and ``zero_delay`` (each
        :meth:`EnergyPerOperation.as_dict <lmul.synth.energy.EnergyPerOperation.as_dict>`),
        ``glitch_share`` (timed minus zero-delay total energy, over timed),
        ``transitions_timed`` and ``transitions_zero_delay`` (per cycle, all nets the power
        model weighs), ``late_cycles`` (cycles of the window at whose end an output had not
        reached its zero-delay value: paths longer than the period), ``settle_ns``,
        ``unknown_nets`` (how many of :class:`TimedActivity`'s) and ``unknown_nets_toggling``
        (how many of them toggle in the zero-delay simulation: transitions the timed count
        misses; 0 in the report's designs).
    """
    from .energy import energy_per_operation

    zero_delay = netlist.simulate(inputs, start=start, stop=stop)
    timed = simulate_timed(netlist_json, netlist.top, verilog, sdf_text, cell_models, inputs,
                           period_ns=period_ns, clock_port=clock_port, start=start, stop=stop,
                           workdir=workdir)
    stop = len(next(iter(zero_delay.output_bits.values()))) if stop is None else stop
    late = np.zeros(stop - start, dtype=bool)
    for name, bits in zero_delay.output_bits.items():
        settled = timed.settled_bits[name][start:stop]
        unknown = timed.unknown_bits[name][start:stop]
        late |= ((settled != bits[start:stop]) | unknown).any(axis=1)
    energies = {}
    for label, rates in (("timed", timed.toggle_rates), ("zero_delay", zero_delay.toggle_rates)):
        energies[label] = energy_per_operation(cell_power, netlist.cells, rates, period_ns,
                                               operations=operations)
    weighed = {bit for _, outputs, inputs_, flip_flop in netlist.cells.values()
               for bit in list(outputs) + (list(inputs_) if flip_flop else [])}
    timed_total, zero_total = energies["timed"].total_pj, energies["zero_delay"].total_pj
    return {
        "cycles": timed.cycles,
        "timed": energies["timed"].as_dict(),
        "zero_delay": energies["zero_delay"].as_dict(),
        "glitch_share": round((timed_total - zero_total) / timed_total, 6) if timed_total else 0.0,
        "transitions_timed": round(sum(timed.toggle_rates.get(bit, 0.0) for bit in weighed), 6),
        "transitions_zero_delay": round(float(sum(zero_delay.toggle_rates.get(bit, 0.0)
                                                  for bit in weighed)), 6),
        "late_cycles": int(np.count_nonzero(late)),
        "settle_ns": timed.settle_ns,
        "unknown_nets": len(timed.unknown_nets),
        "unknown_nets_toggling": sum(1 for bit in timed.unknown_nets
                                     if zero_delay.toggle_rates.get(bit, 0.0)),
    }
