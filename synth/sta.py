"""OpenSTA: critical-path delay and per-cell power coefficients of a mapped netlist.

Debian's ``opensta`` (a 2019 snapshot) reads no VCD or SAIF, and its per-pin activities do not
reach the power calculation (``set_power_activity -pins`` calls an undefined procedure, and the
activity propagation overwrites any activity set on an internal pin). What does work is a global
activity. OpenSTA's power is linear in activity: a cell's internal power is its liberty
internal-energy table (at the cell's own input slew and output load) times the activity of the
pin it belongs to, and its switching power ``C V² / 2`` times its output's activity. So this
module asks OpenSTA for every cell's power at a global activity of 0 and of 1 transition per
clock period; :mod:`lmul.synth.energy` then weights each cell with the toggle rates measured by
the gate-level simulation. For a flip-flop, the clock pin's power (fixed by the clock) is in the
activity-0 part.
"""

import functools
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

__all__ = ["StaError", "StaResult", "find_sta", "sta_version", "run_sta", "run_script",
           "drop_clock_command", "tcl_word", "time_unit_ns"]


class StaError(Exception):
    """An OpenSTA run that failed or printed something this module cannot read."""


@dataclass
class StaResult:
    """What one OpenSTA run measured.

    Attributes
    ----------
    min_period_ns : float or None
        Clock period minus the worst setup slack: the critical-path delay (inputs arrive at the
        clock edge, outputs are due at the next; for a pipelined unit, register to register
        including clock-to-output and setup). ``None`` if the netlist has no timed path.
    cell_power : dict of str to tuple of (float, float, float)
        Cell name to ``(dynamic_at_0, dynamic_at_1, leakage)``: dynamic (internal + switching)
        power in watts at a global activity of 0 and of 1 transition per clock period, and
        leakage power in watts.
    """

    min_period_ns: float | None
    cell_power: dict


def find_sta():
    """Path of the OpenSTA binary ``sta``, or ``None``."""
    return shutil.which("sta")


@functools.cache
def sta_version(binary="sta"):
    """OpenSTA's version string (``sta -version``), e.g. ``2.0.17``."""
    completed = subprocess.run([binary, "-version"], capture_output=True, text=True,
                               stdin=subprocess.DEVNULL, timeout=60)
    return completed.stdout.strip() or completed.stderr.strip()


def time_unit_ns(liberty):
    """The liberty's time unit in nanoseconds (``1ns`` -> 1.0, ``1ps`` -> 0.001).

    Raises
    ------
    StaError
        If the time unit is not of the form ``<number><s|ms|us|ns|ps|fs>``.
    """
    text = liberty.units.get("time_unit", "1ns").strip().strip('"')
    match = re.fullmatch(r"([0-9.]+)\s*(s|ms|us|ns|ps|fs)", text)
    if match is None:
        raise StaError(f"liberty time unit must be like '1ns', not {text!r}")
    scale = {"s": 1e9, "ms": 1e6, "us": 1e3, "ns": 1.0, "ps": 1e-3, "fs": 1e-6}[match[2]]
    return float(match[1]) * scale


_SCRIPT = """\
read_liberty {liberty}
read_verilog {netlist}
link_design {top}
{clock}
set data_inputs [all_inputs]
{drop_clock}
set_input_delay 0 -clock {clock_name} $data_inputs
set_output_delay 0 -clock {clock_name} [all_outputs]
set_driving_cell -lib_cell {driver_cell} -pin {driver_pin} $data_inputs
set_load {load} [all_outputs]
report_worst_slack -digits 6
report_checks -path_delay max -digits 4 > critical_path.txt
set_power_activity -global -activity 0 -duty 0.5
report_power -instances [get_cells *] -digits 9 > power_activity_0.txt
set_power_activity -global -activity 1 -duty 0.5
report_power -instances [get_cells *] -digits 9 > power_activity_1.txt
"""


def run_sta(netlist, liberty, top, *, clock_port, period, driver_cell, driver_pin, load,
            workdir, binary="sta", timeout=1800):
    """Time a mapped netlist and get each cell's power coefficients.

    Parameters
    ----------
    netlist : Path
        Mapped Verilog netlist (file name relative to ``workdir`` or absolute).
    liberty : Liberty
        Its library.
    top : str
        Top module.
    clock_port : str or None
        The clock input; ``None`` for a combinational design, which is timed against a virtual
        clock of the same period.
    period : float
        Clock period, in the liberty's time unit.
    driver_cell, driver_pin : str
        Library cell (and its output pin) assumed to drive every data input.
    load : float
        Capacitance on every output, in the liberty's capacitance unit.
    workdir : Path
        Where the script, its output and the reports go.

    Raises
    ------
    StaError
        If OpenSTA fails or its output cannot be read.
    """
    workdir = Path(workdir)
    clock_name = "clk" if clock_port else "virtual_clock"
    clock = (f"create_clock -name clk -period {period} [get_ports {{{clock_port}}}]" if clock_port
             else f"create_clock -name virtual_clock -period {period}")
    script = _SCRIPT.format(liberty=tcl_word(liberty.path.resolve()),
                            netlist=tcl_word(netlist), top=top, clock=clock,
                            drop_clock=drop_clock_command(clock_port), clock_name=clock_name,
                            driver_cell=driver_cell, driver_pin=driver_pin, load=load)
    output = run_script(binary, "sta", script, workdir, timeout)
    slack = re.search(r"worst slack\s+(\S+)", output)
    if slack is None:
        raise StaError(f"OpenSTA printed no worst slack in {workdir}")
    try:
        min_period = period - float(slack[1])
    except ValueError:
        min_period = None            # INF: nothing is timed
    at_0 = _read_instance_power(workdir / "power_activity_0.txt")
    at_1 = _read_instance_power(workdir / "power_activity_1.txt")
    if at_0.keys() != at_1.keys():
        raise StaError(f"OpenSTA's two power reports in {workdir} list different cells")
    cell_power = {name: (at_0[name][0] + at_0[name][1], at_1[name][0] + at_1[name][1],
                         at_1[name][2])
                  for name in at_0}
    return StaResult(None if min_period is None else round(min_period, 6), cell_power)


def run_script(binary, name, script, workdir, timeout):
    """Run OpenSTA on ``script``, written to ``workdir/<name>.tcl``, its output kept in
    ``<name>.log``.

    Returns
    -------
    str
        What OpenSTA printed (standard output, then standard error).

    Raises
    ------
    StaError
        If it runs longer than ``timeout`` seconds, exits with an error status or prints an
        ``Error`` line.
    """
    workdir = Path(workdir)
    (workdir / f"{name}.tcl").write_text(script)
    try:
        completed = subprocess.run([binary, "-no_init", "-no_splash", "-exit", f"{name}.tcl"],
                                   cwd=workdir, capture_output=True, text=True,
                                   stdin=subprocess.DEVNULL, timeout=timeout)
    except subprocess.TimeoutExpired:
        raise StaError(f"OpenSTA ran longer than {timeout} s in {workdir}") from None
    output = completed.stdout + completed.stderr
    (workdir / f"{name}.log").write_text(output)
    errors = [line for line in output.splitlines() if line.startswith("Error")]
    if completed.returncode != 0 or errors:
        raise StaError(f"OpenSTA failed in {workdir}: "
                       f"{errors[0] if errors else 'exit status ' + str(completed.returncode)}")
    return output


def drop_clock_command(clock_port):
    """The Tcl line that removes the clock from a script's ``$data_inputs`` (empty without a
    clock)."""
    return (f"set data_inputs [delete_from_list $data_inputs [get_ports {{{clock_port}}}]]"
            if clock_port else "")


def tcl_word(path):
    """``path`` as one Tcl word."""
    return "{" + str(path) + "}"


_POWER_LINE = re.compile(r"^\s*(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s*$")


def _read_instance_power(path):
    # Lines of ``report_power -instances``: internal, switching, leakage, total, instance name.
    powers = {}
    for line in Path(path).read_text().splitlines():
        match = _POWER_LINE.match(line)
        if match is None:
            continue
        try:
            internal, switching, leakage = (float(match[i]) for i in (1, 2, 3))
        except ValueError:
            continue                 # the heading
        powers[match[5]] = (internal, switching, leakage)
    return powers

