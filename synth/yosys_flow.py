"""Running the Yosys flow scripts of ``synth/*.ys`` through pyosys, one fresh process per run.

The scripts are plain Yosys scripts with ``@NAME@`` placeholders, so a user can run them with
their own ``yosys`` after substituting the placeholders. Here every run gets a new Python process
(``python -m lmul.synth.yosys_flow SCRIPT LOG``): a Yosys error ends the process that hit it, and a
fresh process makes each result independent of what ran before (Yosys's internal numbering, and
with it the order of some optimisations, depends on the history of the process).
"""

import functools
import os
import re
import subprocess
import sys
from importlib import resources

__all__ = ["FLOWS", "YosysError", "flow_template", "render_flow", "run_yosys_script",
           "yosys_version", "read_stat"]

#: Flow name -> what it measures.
FLOWS = {
    "generic": "generic gates (abc -g) and the CMOS transistor estimate",
    "liberty": "standard cells of a liberty library (dfflibmap, abc -liberty)",
    "ice40": "Lattice iCE40 LUT4 and carry cells (synth_ice40)",
    "xilinx": "AMD UltraScale+ LUTs and carry cells (synth_xilinx -family xcup -nodsp)",
}

_PLACEHOLDER = re.compile(r"@([A-Z]+)@")


class YosysError(Exception):
    """A Yosys run that failed; the message quotes Yosys's error and names the log."""


def flow_template(flow):
    """Text of the flow script ``synth/<flow>.ys``.

    Raises
    ------
    ValueError
        For an unknown flow name.
    """
    if flow not in FLOWS:
        raise ValueError(f"flow must be one of {', '.join(map(repr, FLOWS))}, not {flow!r}")
    return resources.files(__package__).joinpath(f"{flow}.ys").read_text()


def render_flow(flow, **values):
    """The flow script with each ``@NAME@`` replaced by ``values["name"]``.

    Raises
    ------
    ValueError
        If the script uses a placeholder that ``values`` does not give.
    """
    def substitute(match):
        key = match[1].lower()
        if key not in values:
            raise ValueError(f"flow {flow!r} needs a value for @{match[1]}@")
        return str(values[key])

    return _PLACEHOLDER.sub(substitute, flow_template(flow))


def run_yosys_script(script, log, *, cwd=None, timeout=3600):
    """Run the Yosys script file ``script`` in a fresh process, Yosys's log going to ``log``.

    Paths inside the script are relative to ``cwd``; ``script`` itself (relative to ``cwd``)
    must contain no white space, which Yosys's ``script`` command cannot take.

    Raises
    ------
    YosysError
        If Yosys reports an error, the process dies, or it runs longer than ``timeout`` seconds.
    ValueError
        If ``script`` contains white space.
    """
    if any(character.isspace() for character in os.fspath(script)):
        raise ValueError(f"Yosys script path must contain no white space, not {script!r}")
    log_path = os.path.join(cwd, log) if cwd is not None else os.fspath(log)
    command = [sys.executable, "-m", __name__, os.fspath(script), os.fspath(log)]
    try:
        completed = subprocess.run(command, cwd=cwd, stdin=subprocess.DEVNULL,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                   timeout=timeout)
    except subprocess.TimeoutExpired:
        raise YosysError(f"Yosys ran longer than {timeout} s on {script}; log: {log_path}") \
            from None
    if completed.returncode != 0:
        raise YosysError(f"Yosys failed on {script}: {_error_line(log_path, completed.stderr)} "
                         f"(log: {log_path})")


def _error_line(log, stderr):
    lines = []
    try:
        with open(log, errors="replace") as file:
            lines = file.read().splitlines()
    except OSError:
        pass
    lines += stderr.decode(errors="replace").splitlines()
    errors = [line.strip() for line in lines if line.startswith("ERROR")]
    if errors:
        return errors[-1]
    tail = [line.strip() for line in lines if line.strip()]
    return tail[-1] if tail else "no message"


@functools.cache
def yosys_version():
    """Version string of the pinned Yosys (pyosys), e.g.
    ``Yosys 0.70 (git sha1 28ba3cb92, ...)``."""
    from pyosys import libyosys

    return libyosys.yosys_maybe_version().strip()


def read_stat(path):
    """The design totals of a ``stat -json`` file: a dict with ``num_cells``,
    ``num_cells_by_type``, and ``area``/``estimated_num_transistors`` where present."""
    import json

    with open(path) as file:
        stat = json.load(file)
    design = stat["design"]
    result = {"num_cells": int(design["num_cells"]),
              "num_cells_by_type": {name: int(count) for name, count in
                                    sorted(design.get("num_cells_by_type", {}).items())}}
    for key in ("area", "sequential_area"):
        if key in design:
            result[key] = float(design[key])
    if "estimated_num_transistors" in design:
        result["estimated_num_transistors"] = int(design["estimated_num_transistors"])
    return result


def _main(argv):
    if len(argv) != 2:
        print("usage: python -m lmul.synth.yosys_flow SCRIPT.ys LOG", file=sys.stderr)
        return 2
    script, log = argv
    # pyosys writes Yosys's whole log to standard output: send it, and stderr, to the log file.
    descriptor = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    sys.stdout.flush()
    os.dup2(descriptor, 1)
    os.dup2(descriptor, 2)
    from pyosys import libyosys

    libyosys.run_pass(f"script {script}", libyosys.Design())
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
