"""The synthesis report: every design of every format through every flow, compared in pairs.

The default report measures the set of designs that carries every conclusion: every format's
units on the standard cells (with the Booth baselines) but the pipelined full-IEEE and cheapest
baselines (:data:`~lmul.synth.designs.FULL_SWEEP_ONLY`), the FPGA flows as
:data:`DEFAULT_FPGA_ROLES` and :data:`DEFAULT_FPGA_MAX_WIDTH` say, no generic gates
(:data:`FULL_SWEEP_MEASUREMENTS`), and the tiles of :data:`DEFAULT_TILE_SHAPES`; ``full=True``
measures everything, the floating-point adders too. Both use one cache keyed by each
measurement's inputs, so the figures they share are
the same numbers.

:func:`build_report` runs (or takes from the cache) each measurement, in parallel, and returns the
summary; :func:`write_report` writes it as ``summary.json``, ``summary.md`` and ``ratios.png``.

The summary (``summary.json``, schema :data:`SCHEMA_VERSION`) holds:

``schema``, ``generator``
    Version of this layout, and what wrote it.
``tools``
    ``yosys`` (the pinned pyosys build, which also supplies ABC), ``opensta`` (or ``null``),
    ``amaranth``.
``liberty``
    ``name``, ``file``, ``sha256``, ``voltage_v``, ``temperature_c``, ``process``, ``units``;
    ``null`` when no library was available.
``conditions``
    ``clock_period_ns``, ``vectors``, ``streams`` (name to description), ``input_driver``,
    ``output_load``, ``fpga_designs`` (depths) and ``fpga_roles`` (``"all"`` in the full
    sweep, else FPGA flow to the list of roles it ran on), ``booth`` (how the Booth baselines
    are chosen), the ``activity_model``, the ``timed_activity_model`` and ``timed_vectors``
    (the first pairs of each stream that it simulates, 0 for none).
``notes``
    One line per thing that could not be measured, and why.
``formats``
    The formats measured.
``designs``
    Module name to ``format``, ``role`` (a key of :data:`lmul.synth.designs.ROLES`, of
    ``adder_roles`` or of ``tile_roles``), ``kind``,
    ``options``, ``stages`` and one entry per measurement (``generic``, ``asic``,
    ``asic_booth``, ``ice40``, ``xilinx``): a dict of results, or ``null`` if it was not
    measured (``asic_booth``: conventional multipliers only).
``adders``, ``adder_roles``
    The floating-point adders (full sweep only, else absent), one per format and depth:
    ``format``, ``stages``, ``design`` (module name; its results are in ``designs``, role
    ``fpadd``); the role's description (:data:`lmul.synth.designs.FPADD_ROLES`).
``comparisons``
    One per format and pair of :data:`lmul.synth.designs.PAIRS` whose designs the report
    measures (the default report leaves out the pairs of
    :data:`~lmul.synth.designs.FULL_SWEEP_ONLY`): ``format``, ``pair`` (its
    name), ``subject`` and ``baseline`` (module names), ``baseline_synthesis`` (``"default"``
    or ``"booth"``: the baseline's standard-cell synthesis of smaller area, ``null`` for a
    baseline without a multiplier), ``stages`` and ``ratios`` (subject over baseline for each
    of :data:`METRICS`, ``null`` where either side is missing).
``tile_formats``, ``tile_roles``, ``tile_conditions``
    The formats whose dot-product tiles were measured, the roles of their designs
    (:data:`lmul.synth.tile_designs.TILE_ROLES`), and how they were measured
    (``packet_beats``, ``beats``, ``timed_beats``, ``energy``).
``tiles``
    One per tile format and ``(lanes, rows)``: ``format``, ``lanes``, ``rows``, ``designs``
    (role to module name), ``ratios`` (the L-Mul tile over the exact tile for each of
    :data:`TILE_METRICS`) and ``multiplier_share`` (for ``lmul`` and ``exact``: the tile's
    multipliers alone over the whole tile, for each of :data:`TILE_METRICS` but the critical
    path). Tile designs are in ``designs`` too, measured with ``asic`` only; their energies are
    per multiply-accumulate.
``accumulator_tiles``, ``accumulator_conditions``
    The accumulator comparison (full sweep only, else absent): one entry per configuration of
    :data:`ACCUMULATOR_TILES` and N of :data:`ACCUMULATOR_LANES` measured, as a ``tiles``
    entry (one row) with ``accumulator`` and ``energy_saving`` (stream to 1 - the energy
    ratio); the conditions: ``paper_energy_saving`` (the paper's estimate, 0.8), ``out_fmt``,
    ``rows``, ``fraction_bits`` (of the ``aligned`` accumulator).

An ``asic`` result holds ``energy`` (stream to the zero-delay figures) and ``timed_energy``
(stream to :func:`lmul.synth.timed_activity.timed_energy`'s results: energy with glitches and
the zero-delay energy on the same cycles, the glitch share; ``null`` where not simulated).

Nothing in the summary depends on the time, the machine or the order jobs finished in, so two
runs give identical files.
"""

import json
import math
import multiprocessing
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

from ..dot_params import ACCUMULATORS, ALIGNED_FRACTION_BITS
from ..format import PRESETS, Format
from ..progress import progress as progress_bar
from .cache import ResultCache
from .cache_keys import cache_key, verilog_cache_key
from .designs import (FPADD_ROLE, FPADD_ROLES, FULL_SWEEP_ONLY, PAIRS, PIPELINE_STAGES, ROLES,
                      fpadd_designs,
                      report_designs)
from .gate_sim import NetlistError
from .liberty import LibertyError, default_liberty_path, read_liberty
from .measure import (ASIC_MEASUREMENTS, MEASUREMENTS, TILE_KINDS, TILE_TIMED, EquivalenceError,
                      Settings, design_verilog, input_driver_and_load, measure)
from .sta import StaError, find_sta, sta_version
from .streams import STREAMS
from .summary_markdown import PAPER_DOT_PRODUCT_SAVING
from .timed_activity import TimedActivityError, cell_models_path, find_iverilog
from .tile_designs import (PACKET_BEATS, TILE_ROLES, TILE_SHAPES, accumulator_tile_designs,
                           tile_designs)
from .yosys_flow import YosysError, yosys_version

__all__ = ["SCHEMA_VERSION", "METRICS", "ReportError", "build_report", "write_report",
           "report_catalogue", "plan_measurements", "accumulator_configurations",
           "timed_tile_names", "DEFAULT_TILE_SHAPES",
           "ACCUMULATOR_TILES", "ACCUMULATOR_LANES", "DEFAULT_FPGA_ROLES",
           "DEFAULT_FPGA_MAX_WIDTH", "FULL_SWEEP_MEASUREMENTS",
           "DEFAULT_OUTPUT_DIR", "DEFAULT_BUILD_DIR"]

SCHEMA_VERSION = 4

#: Tile shapes ``(lanes, rows)`` of the default report: the smallest tile, a wide one and a
#: two-row one carry its conclusions (per-MAC energy and area, the multipliers' share, rows
#: sharing ``b``); ``full=True`` measures every shape of :data:`TILE_SHAPES`.
DEFAULT_TILE_SHAPES = ((4, 1), (16, 1), (4, 2))

#: ``(format, accumulator)`` of the accumulator comparison, full sweep only (the default report
#: stays within its time budget), results in fp32, one row: the L-Mul paper's set-up (fp32 and
#: bf16 operands, one fp32 adder per product) and fp8 operands with each accumulator.
ACCUMULATOR_TILES = (("fp32", "float"), ("bf16", "float"),
                     *((fmt, accumulator) for fmt in ("e4m3fn", "e5m2")
                       for accumulator in ("window", "float", "aligned")))

#: N of the accumulator comparison's tiles (N = 1: the scalar MAC ``acc <- acc + a*b``).
ACCUMULATOR_LANES = (1, 4, 16)

#: FPGA flow -> the roles the default report runs it on: UltraScale+ on the like-for-like pair
#: (the LUT counts the summary and the published claims compare), iCE40 on none (its ratios
#: follow UltraScale+'s; it costs a tenth of a cold report); ``full=True`` runs both on every
#: role.
DEFAULT_FPGA_ROLES = {"ice40": (), "xilinx": ("lmul", "fpmul_like")}

#: Widest format (bits) the default report runs the FPGA flows on: fp32's like-for-like
#: multiplier alone took as long on UltraScale+ as every other FPGA run together, and the
#: 16-bit pairs a third of the rest (the FPGA comparison's conclusions are the 8-bit units').
DEFAULT_FPGA_MAX_WIDTH = 8

#: Measurements only the full sweep runs: generic gates (the CMOS transistor estimate, which
#: no conclusion of the summary rests on; a ninth of a cold default report).
FULL_SWEEP_MEASUREMENTS = ("generic",)

#: Metric name -> (measurement, how to read it from the measurement's results, label).
METRICS = {
    "area": ("asic", lambda r: r["area"], "area"),
    "cells": ("asic", lambda r: r["cells"], "standard cells"),
    "depth": ("asic", lambda r: r["depth"], "logic depth"),
    "critical_path": ("asic", lambda r: r["critical_path_ns"], "critical path"),
    "energy_uniform": ("asic", lambda r: r["energy"]["uniform"]["total_pj"],
                       "energy/op, uniform"),
    "energy_normal": ("asic", lambda r: r["energy"]["normal"]["total_pj"],
                      "energy/op, N(0,1)"),
    "timed_energy_uniform": ("asic", lambda r: r["timed_energy"]["uniform"]["timed"]["total_pj"],
                             "energy/op with glitches, uniform"),
    "timed_energy_normal": ("asic", lambda r: r["timed_energy"]["normal"]["timed"]["total_pj"],
                            "energy/op with glitches, N(0,1)"),
    "transistors": ("generic", lambda r: r["transistors"], "CMOS transistors"),
    "ice40_luts": ("ice40", lambda r: r["luts"], "iCE40 LUT4"),
    "xilinx_luts": ("xilinx", lambda r: r["luts"], "UltraScale+ LUTs"),
}

#: What the tile comparison reports: metric name of :data:`METRICS`.
TILE_METRICS = ("area", "critical_path", "energy_uniform", "energy_normal",
                "timed_energy_uniform", "timed_energy_normal")

TILE_ENERGY = (
    "the tile's energy per cycle at full throughput (one beat per cycle, the output always "
    "ready) divided by rows x lanes; the multipliers alone are fed the same operands")


def _checkout_root():
    # The repository when running from a source checkout (an editable install), else None.
    root = Path(__file__).resolve().parent.parent
    return root if (root / "pyproject.toml").is_file() and (root / "synth").is_dir() else None


#: Where the summary goes by default: synth/reports/ in a source checkout, else ./lmul-report/.
DEFAULT_OUTPUT_DIR = (_checkout_root() / "synth" / "reports" if _checkout_root()
                      else Path("lmul-report"))
#: Working files and the result cache: build/synth/ in a source checkout (git ignores build/),
#: else ./build/lmul-synth/.
DEFAULT_BUILD_DIR = (_checkout_root() / "build" / "synth" if _checkout_root()
                     else Path("build") / "lmul-synth")

ACTIVITY_MODEL = (
    "zero-delay gate-level simulation of the mapped netlist (each cell evaluated by its liberty "
    "function; flip-flops delay by one cycle); each cell's dynamic power is OpenSTA's at its "
    "measured toggle rate (OpenSTA report_power at global activity 0 and 1, weighted per cell); "
    "glitches are not counted")

TIMED_ACTIVITY_MODEL = (
    "timed gate-level simulation of the same mapped netlist (Icarus Verilog -gspecify, the "
    "library's Verilog cell models with OpenSTA's SDF delays at each cell's load; inputs "
    "applied at the clock edge), every transition of every net counted, glitches included (a "
    "pulse of zero width, an artefact of event-driven simulation, is not); the same power model")


class ReportError(Exception):
    """A report that could not be built as asked (bad argument, unusable liberty)."""


def _design_job(design):
    try:
        return design_verilog(design), None
    except Exception as error:       # noqa: BLE001 - reported per design, never a traceback
        return None, f"{type(error).__name__}: {error}"


def _cpu_seconds():
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _measure_job(job):
    # (result or None, error or None, wall seconds, CPU seconds of this process and its tools).
    design, verilog, measurement, settings, workdir = job
    start, cpu_start = time.monotonic(), _cpu_seconds()
    try:
        result, error = measure(design, verilog, measurement, settings, workdir), None
    except (YosysError, StaError, NetlistError, EquivalenceError, LibertyError, ValueError,
            OSError, TimedActivityError) as failure:
        result, error = None, f"{type(failure).__name__}: {failure}"
    return result, error, time.monotonic() - start, _cpu_seconds() - cpu_start


def _measure_job_remote(job):
    # A measurement on a cluster worker: in a temporary directory of the worker's own, since
    # the client's build directory need not exist there.
    design, verilog, measurement, settings, _ = job
    workdir = tempfile.mkdtemp(prefix="lmul-measure-")
    try:
        return _measure_job((design, verilog, measurement, settings, Path(workdir) / "run"))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _map(function, jobs, workers):
    """Yield ``(index, function(job))`` as results arrive, ``workers`` processes at a time."""
    if workers <= 1 or len(jobs) <= 1:
        for index, job in enumerate(jobs):
            yield index, function(job)
        return
    # fork: works from any caller (spawn would re-run an unguarded main script); the parent has
    # run no Yosys or Amaranth code yet, and every tool runs in a subprocess of its own.
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    with context.Pool(min(workers, len(jobs))) as pool:
        indexed = pool.imap_unordered(_indexed, [(function, index, job)
                                                 for index, job in enumerate(jobs)])
        yield from indexed


def _indexed(item):
    function, index, job = item
    return index, function(job)


#: How long to wait for a Dask scheduler to answer, in seconds.
SCHEDULER_TIMEOUT_S = 30


def _map_dask(jobs, address):
    """Yield ``(index, _measure_job(job))`` as results arrive from the Dask scheduler at
    ``address``."""
    try:
        from distributed import Client, as_completed
    except ImportError:
        raise ReportError("the scheduler option needs Dask: install lmul[dask] "
                          "(pip install 'lmul[dask]')") from None
    try:
        client = Client(address, timeout=SCHEDULER_TIMEOUT_S)
    except (OSError, TimeoutError, ValueError) as error:
        raise ReportError(f"scheduler must be the address of a running Dask scheduler, not "
                          f"{address!r} ({type(error).__name__}: {error})") from None
    with client:
        futures = [client.submit(_measure_job_remote, job, pure=False) for job in jobs]
        index = {future.key: position for position, future in enumerate(futures)}
        for future in as_completed(futures):
            try:
                outcome = future.result()
            except Exception as error:      # noqa: BLE001 - a lost worker, a missing tool
                outcome = None, f"on the cluster: {type(error).__name__}: {error}", 0.0, 0.0
            yield index[future.key], outcome


def _cost(design, measurement):
    # Rough relative cost, to start the longest jobs first.
    if design.kind in TILE_KINDS:
        timed = 4 if measurement == TILE_TIMED else 1
        return timed * (300 if design.kind == "dot" else 30) * design.operations_per_cycle
    weight = {"generic": 1, "asic": 1.5, "asic_booth": 1.5, "ice40": 3, "xilinx": 5}[measurement]
    kind = 4 if design.kind == "fpmul" else 1
    return weight * kind * design.format.man_bits ** 2 + weight


def report_catalogue(formats, tile_formats=(), tile_shapes=DEFAULT_TILE_SHAPES, full=False,
                     tile_accumulators=ACCUMULATORS, accumulator_lanes=ACCUMULATOR_LANES,
                     accumulator_formats=None):
    """The designs of a report: ``(designs, roles, tile_keys)``.

    ``designs`` maps module names to designs (:class:`~lmul.synth.measure.MeasuredDesign`),
    ``roles`` module names to roles, ``tile_keys`` ``(format, accumulator, role, lanes, rows)``
    of each tile design to its module name (``"window"`` for the tiles of ``tile_formats``).
    ``full`` (the full sweep) adds each format's floating-point adders
    (:func:`~lmul.synth.designs.fpadd_designs`), the designs of
    :data:`~lmul.synth.designs.FULL_SWEEP_ONLY` and the accumulator comparison
    (:func:`~lmul.synth.tile_designs.accumulator_tile_designs`: the configurations of
    :data:`ACCUMULATOR_TILES` whose accumulator is in
    ``tile_accumulators`` and whose format is in ``accumulator_formats`` (``None``: any), with
    the N of ``accumulator_lanes``).
    """
    designs, roles, tile_keys = {}, {}, {}
    for fmt in formats:
        units = report_designs(Format.parse(fmt).name)
        if full:
            units.update(fpadd_designs(Format.parse(fmt).name))
        for (role, stages), design in units.items():
            if not full and (role, stages) in FULL_SWEEP_ONLY:
                continue
            designs[design.name] = design
            roles[design.name] = role
    for fmt in tile_formats:
        fmt = Format.parse(fmt)
        for (role, lanes, rows), design in tile_designs(fmt.name, tile_shapes).items():
            designs[design.name] = design
            roles[design.name] = role
            tile_keys[(fmt.name, "window", role, lanes, rows)] = design.name
    if full:
        configurations = accumulator_configurations(tile_accumulators, accumulator_formats)
        for key, design in accumulator_tile_designs(configurations, accumulator_lanes).items():
            designs[design.name] = design
            roles[design.name] = key[2]
            tile_keys[key] = design.name
    return designs, roles, tile_keys


def accumulator_configurations(tile_accumulators, accumulator_formats=None):
    """The ``(format, accumulator)`` of :data:`ACCUMULATOR_TILES` whose accumulator is in
    ``tile_accumulators`` and whose format is in ``accumulator_formats`` (``None``: any)."""
    return [(fmt, accumulator) for fmt, accumulator in ACCUMULATOR_TILES
            if accumulator in tile_accumulators
            and (accumulator_formats is None or fmt in accumulator_formats)]


def timed_tile_names(tile_keys, tile_formats, tile_shapes):
    """The tile designs whose simulations ``timed_tile_beats`` times: the window tiles of
    ``tile_formats`` and ``tile_shapes`` and their multipliers alone, not the accumulator
    comparison's tiles (a timed simulation costs about the number of transitions, and its fp32
    tiles of 16 lanes would take hours each). ``tile_keys`` as :func:`report_catalogue`
    returns them."""
    return {name for (fmt, accumulator, _, lanes, rows), name in tile_keys.items()
            if accumulator == "window" and fmt in tile_formats and (lanes, rows) in tile_shapes}


def plan_measurements(designs, roles, measurements=tuple(MEASUREMENTS), *, asic=True,
                      full=False, fpga_pipelined=False, timed_tiles=()):
    """Which measurements the report runs: a list of ``(design name, measurement)``.

    Parameters
    ----------
    designs : dict of str to MeasuredDesign
    roles : dict of str to str
        Design name to its role.
    measurements : sequence of str
        The measurements asked for.
    asic : bool
        Whether a liberty is available (``asic`` and ``asic_booth`` need one).
    full : bool
        The full sweep: the FPGA flows on every role and format, not only as
        :data:`DEFAULT_FPGA_ROLES` and :data:`DEFAULT_FPGA_MAX_WIDTH` say, and the
        :data:`FULL_SWEEP_MEASUREMENTS`.
    fpga_pipelined : bool
        Whether to run the FPGA flows on pipelined designs too.
    timed_tiles : collection of str
        The tiles whose simulations are timed too (:data:`~lmul.synth.measure.TILE_TIMED`,
        with ``asic``).
    """
    planned = []
    for name, design in designs.items():
        for measurement in MEASUREMENTS:
            if measurement not in measurements:
                continue
            if measurement in ASIC_MEASUREMENTS and not asic:
                continue
            if measurement == "asic_booth" and not design.booth_baseline:
                continue
            if design.kind in TILE_KINDS and measurement != "asic":
                continue
            if not full and measurement in FULL_SWEEP_MEASUREMENTS:
                continue
            if measurement in ("ice40", "xilinx"):
                if design.stages and not fpga_pipelined:
                    continue
                if not full and (roles[name] not in DEFAULT_FPGA_ROLES[measurement]
                                 or design.format.width > DEFAULT_FPGA_MAX_WIDTH):
                    continue
            planned.append((name, measurement))
            if measurement == "asic" and name in timed_tiles and design.kind in TILE_KINDS:
                planned.append((name, TILE_TIMED))
    return planned


def build_report(formats=tuple(PRESETS), *, liberty=None, jobs=2, build_dir=DEFAULT_BUILD_DIR,
                 period_ns=10.0, vectors=8192, use_cache=True, fpga_pipelined=False,
                 measurements=tuple(MEASUREMENTS), tiles=("e4m3fn",), tile_shapes=None,
                 tile_beats=1024, full=False, scheduler=None, timed_vectors=256,
                 timed_tile_beats=0, tile_accumulators=ACCUMULATORS,
                 accumulator_lanes=ACCUMULATOR_LANES, accumulator_formats=None,
                 progress=sys.stderr):
    """Measure every design of ``formats`` and of the dot-product tiles, and compare them.

    Parameters
    ----------
    formats : sequence of str
        Format names (:meth:`lmul.format.Format.parse`).
    liberty : str or Path or None
        Liberty file; ``None`` uses :func:`lmul.synth.liberty.default_liberty_path` and, if
        there is none, skips the standard-cell measurements with a note.
    jobs : int
        Worker processes, ``>= 1``.
    build_dir : Path
        Working files (``work/``), the result cache (``cache/``) and the CPU time of the
        measurements this run made (``timings.json``).
    period_ns : float
        Clock period for timing constraints and energy per operation, ``> 0``.
    vectors : int
        Operand pairs per energy stream, ``>= 16``.
    use_cache : bool
        Whether to reuse cached results (new results are stored either way).
    fpga_pipelined : bool
        Whether to run the FPGA flows on pipelined designs too (by default only on
        combinational ones: pipelining adds flip-flops, which every FPGA logic cell has).
    measurements : sequence of str
        Which of :data:`lmul.synth.measure.MEASUREMENTS` to run; the others are ``null``.
    tiles : sequence of str
        Formats whose dot-product tiles to measure (empty: none). Tiles are measured with
        ``asic`` only, when it is among ``measurements``.
    tile_shapes : sequence of (int, int) or None
        ``(lanes, rows)`` of the tiles; ``None``: :data:`DEFAULT_TILE_SHAPES`, or every shape
        of :data:`~lmul.synth.tile_designs.TILE_SHAPES` with ``full``.
    tile_beats : int
        Beats per energy stream of a tile, ``>= 4 * PACKET_BEATS``.
    full : bool
        The full sweep: every tile shape, the FPGA flows on every role and format (by default
        as :data:`DEFAULT_FPGA_ROLES` and :data:`DEFAULT_FPGA_MAX_WIDTH` say), generic gates,
        the designs of :data:`~lmul.synth.designs.FULL_SWEEP_ONLY` and the floating-point adder
        of every format (at 0 and :data:`~lmul.synth.designs.PIPELINE_STAGES` stages). Both
        share one cache, and every measurement of the default report is one of the full
        sweep's.
    scheduler : str or None
        Address of a Dask distributed scheduler to send the measurements to (needs
        ``lmul[dask]``); ``None``: a local pool of ``jobs`` processes.
    timed_vectors : int
        Operand pairs (the first of each stream) of the timed simulation of every unit, ``0``
        (none) or ``>= 16``.
    timed_tile_beats : int
        Beats per stream of the timed simulation of every tile and its multipliers alone, ``0``
        (none, the default: a tile's timed simulation takes minutes) or
        ``>= 4 * PACKET_BEATS``. Part of a tile's ``asic`` measurement, so a tile measured
        with and without it is measured twice.
    tile_accumulators : sequence of str
        With ``full``: the accumulators (of :data:`lmul.dot_params.ACCUMULATORS`) whose
        configurations of the accumulator comparison
        (:data:`ACCUMULATOR_TILES`) to measure; empty for none.
    accumulator_lanes : sequence of int
        With ``full``: the N of the accumulator comparison's tiles, each in
        :data:`ACCUMULATOR_LANES`.
    accumulator_formats : sequence of str or None
        With ``full``: the operand formats of the accumulator comparison to measure, each a
        format of :data:`ACCUMULATOR_TILES`; ``None``: all.
    progress : file or None
        Where progress goes (a bar on a terminal, nothing otherwise; two summary lines).

    Returns
    -------
    dict
        The summary (see the module docstring).

    Raises
    ------
    ReportError
        For invalid arguments, a given liberty that is missing or unusable, or a scheduler
        that cannot be reached.
    """
    started = time.monotonic()
    if tile_shapes is None:
        tile_shapes = TILE_SHAPES if full else DEFAULT_TILE_SHAPES
    fmts, tile_fmts = [], []
    for names, parsed in ((formats, fmts), (tiles, tile_fmts)):
        for name in names:
            try:
                parsed.append(Format.parse(name))
            except ValueError as error:
                raise ReportError(str(error)) from None
    if not fmts:
        raise ReportError("formats must name at least one format, not none")
    for shape in tile_shapes:
        if (not isinstance(shape, (tuple, list)) or len(shape) != 2
                or any(type(size) is not int or size < 1 for size in shape)):
            raise ReportError(f"tile shapes must be pairs (lanes, rows) of integers >= 1, "
                              f"not {shape!r}")
    if type(tile_beats) is not int or tile_beats < 4 * PACKET_BEATS:
        raise ReportError(f"tile beats must be an integer >= {4 * PACKET_BEATS}, "
                          f"not {tile_beats!r}")
    if type(timed_vectors) is not int or (timed_vectors != 0 and timed_vectors < 16):
        raise ReportError(f"timed vectors must be 0 or an integer >= 16, not {timed_vectors!r}")
    if type(vectors) is int and vectors >= 16 and timed_vectors > vectors:
        raise ReportError(f"timed vectors must be at most the {vectors} vectors of a stream, "
                          f"not {timed_vectors!r}")
    if type(timed_tile_beats) is not int or (timed_tile_beats != 0
                                             and timed_tile_beats < 4 * PACKET_BEATS):
        raise ReportError(f"timed tile beats must be 0 or an integer >= {4 * PACKET_BEATS}, "
                          f"not {timed_tile_beats!r}")
    if type(jobs) is not int or jobs < 1:
        raise ReportError(f"jobs must be an integer >= 1, not {jobs!r}")
    for accumulator in tile_accumulators:
        if accumulator not in ACCUMULATORS:
            raise ReportError(f"tile accumulators must be among {', '.join(ACCUMULATORS)}, "
                              f"not {accumulator!r}")
    for lanes in accumulator_lanes:
        if lanes not in ACCUMULATOR_LANES:
            raise ReportError(f"accumulator lanes must be among "
                              f"{', '.join(map(str, ACCUMULATOR_LANES))}, not {lanes!r}")
    compared = list(dict.fromkeys(fmt for fmt, _ in ACCUMULATOR_TILES))
    for fmt in accumulator_formats or ():
        if fmt not in compared:
            raise ReportError(f"accumulator formats must be among {', '.join(compared)}, "
                              f"not {fmt!r}")
    if not (isinstance(period_ns, (int, float)) and math.isfinite(period_ns) and period_ns > 0):
        raise ReportError(f"clock period must be a number > 0 ns, not {period_ns!r}")
    if type(vectors) is not int or vectors < 16:
        raise ReportError(f"vectors must be an integer >= 16, not {vectors!r}")
    if scheduler is not None and not (isinstance(scheduler, str) and scheduler.strip()):
        raise ReportError(f"scheduler must be a Dask scheduler address, not {scheduler!r}")
    unknown = [name for name in measurements if name not in MEASUREMENTS]
    if unknown:
        raise ReportError(f"measurements must be among {', '.join(MEASUREMENTS)}, "
                          f"not {unknown[0]!r}")

    def say(line):
        if progress is not None:
            print(line, file=progress, flush=True)

    notes = []
    library = None
    if liberty is not None:
        try:
            library = read_liberty(liberty)
        except LibertyError as error:
            raise ReportError(str(error)) from None
    else:
        path = default_liberty_path()
        if path is None:
            notes.append("No liberty library found (run tools/setup-synth.sh, or pass "
                         "--liberty FILE): standard-cell area, timing and energy not measured.")
        else:
            try:
                library = read_liberty(path)
            except LibertyError as error:
                notes.append(f"Default liberty unusable ({error}): standard-cell area, timing "
                             f"and energy not measured.")
    sta_available = find_sta() is not None
    if library is not None and not sta_available:
        notes.append("OpenSTA (`sta`) not found (run tools/setup-synth.sh): critical path and "
                     "energy not measured.")
    if library is not None and sta_available and (timed_vectors or timed_tile_beats):
        if find_iverilog() is None:
            notes.append("Icarus Verilog (`iverilog`) not found (run tools/setup-synth.sh): "
                         "energy with glitches not measured.")
        elif cell_models_path(library.path) is None:
            notes.append(f"No Verilog cell models beside {library.path.name} (a "
                         f"{library.path.with_suffix('.v').name}): energy with glitches not "
                         f"measured.")
    settings = Settings(str(library.path) if library else None, float(period_ns), vectors,
                        tuple(STREAMS), sta_available, tile_beats, timed_vectors,
                        timed_tile_beats)
    build_dir = Path(build_dir)
    cache = ResultCache(build_dir / "cache")

    designs, roles, tile_keys = report_catalogue(fmts, tile_fmts, tile_shapes, full=full,
                                                 tile_accumulators=tile_accumulators,
                                                 accumulator_lanes=accumulator_lanes,
                                                 accumulator_formats=accumulator_formats)

    timed_tiles = ()
    if (timed_tile_beats and settings.use_sta and library is not None
            and find_iverilog() is not None and cell_models_path(library.path)):
        timed_tiles = timed_tile_names(tile_keys, [fmt.name for fmt in tile_fmts], tile_shapes)

    # Verilog, from the cache or generated in parallel.
    verilog = {}
    missing = []
    for name, design in designs.items():
        cached = cache.get(verilog_cache_key(design)) if use_cache else None
        if cached is not None:
            verilog[name] = cached["verilog"]
        else:
            missing.append(name)
    failed_designs = {}
    with progress_bar(total=len(missing), description="Verilog", unit="design",
                      file=progress) as bar:
        for index, (text, error) in _map(_design_job, [designs[name] for name in missing],
                                         jobs):
            name = missing[index]
            if error:
                failed_designs[name] = error
                notes.append(f"{name}: could not be generated ({error}).")
            else:
                verilog[name] = text
                cache.put(verilog_cache_key(designs[name]), {"verilog": text})
            bar.update(1)

    # Measurements, from the cache or run in parallel, the longest first.
    results = {name: {measurement: None for measurement in MEASUREMENTS} for name in designs}
    pending = []
    cached_count = 0
    planned = plan_measurements({name: design for name, design in designs.items()
                                 if name not in failed_designs}, roles, measurements,
                                asic=library is not None, full=full,
                                fpga_pipelined=fpga_pipelined,
                                timed_tiles=timed_tiles)
    for name, measurement in planned:
        key = cache_key(designs[name], verilog[name], measurement, settings)
        cached = cache.get(key) if use_cache else None
        if cached is not None:
            results[name][measurement] = cached
            cached_count += 1
        else:
            pending.append((key, name, measurement))
    pending.sort(key=lambda item: (-_cost(designs[item[1]], item[2]), item[1], item[2]))
    workers = min(jobs, max(len(pending), 1))  # what _map starts
    where = (f"the Dask scheduler at {scheduler}" if scheduler is not None
             else f"{workers} worker{'s' if workers > 1 else ''}")
    say(f"lmul report: {len(fmts)} format{'s' if len(fmts) > 1 else ''}, {len(designs)} designs, "
        f"{len(planned)} measurements ({cached_count} cached, {len(pending)} to run) on {where}")
    work_jobs = [(designs[name], verilog[name], measurement, settings,
                  build_dir / "work" / name / measurement) for _, name, measurement in pending]
    arrivals = (_map_dask(work_jobs, scheduler) if scheduler is not None and work_jobs
                else _map(_measure_job, work_jobs, jobs))
    errors = []
    timings = {}
    with progress_bar(total=len(pending), description="measurements", unit="run",
                      file=progress) as bar:
        for index, (result, error, seconds, cpu_seconds) in arrivals:
            key, name, measurement = pending[index]
            timings.setdefault(name, {})[measurement] = {"wall_s": round(seconds, 2),
                                                         "cpu_s": round(cpu_seconds, 2)}
            if error is None:
                cache.put(key, result)
                results[name][measurement] = result
            else:
                errors.append(f"{name} {measurement}: {error}")
            bar.set_postfix_str(f"{name} {measurement}", refresh=False)
            bar.update(1)
    for error in sorted(errors):
        notes.append(f"Failed: {error}")
    _merge_tile_timed(results)
    if timings:
        _write_timings(build_dir / "timings.json", timings, designs)

    summary = _summary(fmts, designs, roles, results, library, settings, notes,
                       fpga_pipelined, full)
    summary.update(_tile_summary(tile_fmts, tile_shapes, tile_keys, results, settings))
    if full:
        summary.update(_accumulator_summary(
            tile_keys, results, accumulator_configurations(tile_accumulators, accumulator_formats),
            accumulator_lanes))
    cpu = (f", {sum(t['cpu_s'] for m in timings.values() for t in m.values()):.0f} CPU-s "
           f"of measurements (by measurement: {build_dir / 'timings.json'})" if timings else "")
    say(f"lmul report: finished in {_clock(time.monotonic() - started)}{cpu}")
    return summary


def _merge_tile_timed(results):
    # A tile's energy with glitches, measured apart (TILE_TIMED), shown in its asic results.
    for measured in results.values():
        timed = measured.pop(TILE_TIMED, None)
        if timed is not None and measured.get("asic") is not None:
            measured["asic"] = {**measured["asic"], "timed_energy": timed["timed_energy"]}


def _write_timings(path, timings, designs):
    # Wall and CPU seconds of each measurement this run made, and the CPU seconds by kind of
    # design and measurement: kept beside the cache, not in the summary, which must not depend
    # on the machine.
    by_kind = {}
    for name, measured in timings.items():
        for measurement, timing in measured.items():
            kind = f"{'tiles' if designs[name].kind in TILE_KINDS else 'units'} {measurement}"
            by_kind[kind] = round(by_kind.get(kind, 0) + timing["cpu_s"], 2)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"cpu_s_by_kind": dict(sorted(by_kind.items())),
                                "cpu_s_total": round(sum(by_kind.values()), 2),
                                "measurements": timings}, indent=1, sort_keys=True) + "\n")


def _clock(seconds):
    return f"{int(seconds) // 60}:{int(seconds) % 60:02d}"


def _summary(fmts, designs, roles, results, library, settings, notes, fpga_pipelined, full):
    tools = {"yosys": yosys_version(), "opensta": sta_version() if settings.use_sta else None,
             "amaranth": _amaranth_version()}
    liberty = None
    output_load = driver = None
    if library is not None:
        driver, _, output_load = input_driver_and_load(library)
        output_load = round(output_load, 9)
        liberty = {"name": library.name, "file": library.path.name, "sha256": library.sha256,
                   "voltage_v": library.voltage, "temperature_c": library.temperature,
                   "process": library.process, "units": dict(sorted(library.units.items()))}
    conditions = {
        "clock_period_ns": settings.period_ns,
        "vectors": settings.vectors,
        "streams": {name: STREAMS[name] for name in settings.streams},
        "input_driver": driver,
        "output_load": output_load,
        "fpga_designs": "all" if fpga_pipelined else "combinational only",
        "fpga_roles": ("all" if full else {flow: list(roles)
                                           for flow, roles in DEFAULT_FPGA_ROLES.items()}),
        "booth": BOOTH_CONDITION,
        "pipeline_stages": PIPELINE_STAGES,
        "activity_model": ACTIVITY_MODEL,
        "timed_activity_model": TIMED_ACTIVITY_MODEL,
        "timed_vectors": settings.timed_vectors,
    }
    design_entries = {}
    for name in sorted(designs):
        design = designs[name]
        design_entries[name] = {"format": design.format.name, "role": roles[name],
                                "kind": design.kind,
                                "options": dict(sorted(design.options.items())),
                                "stages": design.stages, **results[name]}
    comparisons = []
    for fmt in fmts:
        by_role = {(roles[name], design.stages): name for name, design in designs.items()
                   if design.format == fmt and roles[name] in ROLES}
        for pair in PAIRS:
            if (pair.baseline, pair.stages) not in by_role:       # the full sweep's only
                continue
            subject = by_role[(pair.subject, pair.stages)]
            baseline = by_role[(pair.baseline, pair.stages)]
            synthesis, baseline_results = best_synthesis(results[baseline])
            ratios = {metric: _ratio(results[subject], baseline_results, metric)
                      for metric in METRICS}
            comparisons.append({"format": fmt.name, "pair": pair.name, "subject": subject,
                                "baseline": baseline, "baseline_synthesis": synthesis,
                                "stages": pair.stages, "ratios": ratios})
    adder_designs = [(name, design) for name, design in designs.items()
                     if roles[name] == FPADD_ROLE]
    adders = [{"format": design.format.name, "stages": design.stages, "design": name}
              for name, design in sorted(adder_designs,
                                         key=lambda item: (fmts.index(item[1].format),
                                                           item[1].stages))]
    summary = {"schema": SCHEMA_VERSION, "generator": "lmul report", "tools": tools,
               "liberty": liberty, "conditions": conditions, "notes": list(notes),
               "formats": [fmt.name for fmt in fmts], "roles": dict(ROLES),
               "designs": design_entries, "comparisons": comparisons}
    if adders:
        summary.update(adders=adders, adder_roles=dict(FPADD_ROLES))
    return summary


BOOTH_CONDITION = (
    "each conventional multiplier is synthesised for standard cells twice, with Yosys's default "
    "multiplier architecture and with synth -booth (radix-4 Booth); a comparison uses the one "
    "of smaller area (baseline_synthesis: default or booth), L-Mul having no multiplication")


def best_synthesis(results):
    """``(synthesis, results)``: a design's results with the standard-cell entry of smaller area
    of ``asic`` and ``asic_booth`` (``"default"`` on a tie) as its ``asic``; ``synthesis`` is
    ``"default"`` or ``"booth"``, or ``None`` if the design has no Booth measurement."""
    default, booth = results.get("asic"), results.get("asic_booth")
    if booth is None or default is None:
        return None, results
    if (booth.get("area") or 0) < (default.get("area") or 0):
        return "booth", {**results, "asic": booth}
    return "default", results


def _tile_entry(keys, results, fmt, accumulator, lanes, rows):
    # One tile comparison: its designs, L-Mul over exact, the multipliers' shares.
    names = {role: keys[(fmt, accumulator, role, lanes, rows)] for role in TILE_ROLES}
    ratios = {metric: _ratio(results[names["tile_lmul"]], results[names["tile_exact"]],
                             metric) for metric in TILE_METRICS}
    share = {multiplier: {metric: _ratio(results[names[f"products_{multiplier}"]],
                                         results[names[f"tile_{multiplier}"]], metric)
                          for metric in TILE_METRICS if metric != "critical_path"}
             for multiplier in ("lmul", "exact")}
    return {"format": fmt, "lanes": lanes, "rows": rows, "designs": names, "ratios": ratios,
            "multiplier_share": share}


def _tile_summary(tile_fmts, shapes, keys, results, settings):
    tiles = [_tile_entry(keys, results, fmt.name, "window", lanes, rows)
             for fmt in tile_fmts for lanes, rows in shapes]
    conditions = {"packet_beats": PACKET_BEATS, "beats": settings.tile_beats,
                  "timed_beats": settings.timed_tile_beats, "energy": TILE_ENERGY}
    return {"tile_formats": [fmt.name for fmt in tile_fmts], "tile_roles": dict(TILE_ROLES),
            "tile_conditions": conditions, "tiles": tiles}


def _accumulator_summary(keys, results, configurations, lanes_measured):
    # The accumulator comparison (full sweep): one entry per configuration and N asked for, in
    # the order of ACCUMULATOR_TILES and ACCUMULATOR_LANES (not the default tiles that happen
    # to share a design with it).
    entries = []
    for fmt, accumulator in configurations:
        for lanes in ACCUMULATOR_LANES:
            if lanes not in lanes_measured:
                continue
            entry = _tile_entry(keys, results, fmt, accumulator, lanes, 1)
            ratios = entry["ratios"]
            saving = {stream: (None if ratios[f"energy_{stream}"] is None
                               else round(1 - ratios[f"energy_{stream}"], 4))
                      for stream in ("normal", "uniform")}
            entries.append({"accumulator": accumulator, **entry, "energy_saving": saving})
    if not entries:
        return {}
    return {"accumulator_tiles": entries,
            "accumulator_conditions": {"paper_energy_saving": PAPER_DOT_PRODUCT_SAVING,
                                       "out_fmt": "fp32", "rows": 1,
                                       "fraction_bits": ALIGNED_FRACTION_BITS}}


def _amaranth_version():
    import amaranth

    return amaranth.__version__


def metric_value(results, metric):
    """Value of ``metric`` (a key of :data:`METRICS`) in a design's results, or ``None``."""
    measurement, read, _ = METRICS[metric]
    try:
        value = read(results[measurement])
    except (KeyError, TypeError):
        return None
    return value


def _ratio(subject, baseline, metric):
    top, bottom = metric_value(subject, metric), metric_value(baseline, metric)
    if top is None or bottom in (None, 0):
        return None
    return round(top / bottom, 4)


def write_report(summary, output_dir=DEFAULT_OUTPUT_DIR):
    """Write ``summary.json``, ``summary.md`` and ``ratios.png`` into ``output_dir``.

    Returns
    -------
    list of Path
        The files written.
    """
    from .chart import write_ratio_chart
    from .summary_markdown import summary_markdown

    output_dir = Path(output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    json_path = output_dir / "summary.json"
    json_path.write_text(json.dumps(summary, indent=1, sort_keys=True) + "\n")
    markdown_path = output_dir / "summary.md"
    markdown_path.write_text(summary_markdown(summary, chart_name="ratios.png"))
    chart_path = output_dir / "ratios.png"
    write_ratio_chart(summary, chart_path)
    return [json_path, markdown_path, chart_path]

