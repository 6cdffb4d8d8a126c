"""Cache keys of the report's results: each keyed by exactly what it depends on.

A design's Verilog is keyed by its description, the Amaranth version and the RTL generators'
source (:func:`verilog_cache_key`). A measurement is keyed by (:func:`cache_key`):

- the Verilog text and top module (so a change of one design's RTL re-measures that design
  only, whichever module the change was in);
- the rendered flow scripts of that measurement;
- the source of the measuring code that measurement runs (:data:`MEASUREMENT_CODE`, plus
  :data:`KIND_CODE` for the design kind's stimulus), and nothing else, so that editing the FPGA
  flow does not re-run the standard-cell flow;
- the tool versions it calls (Yosys always; OpenSTA and NumPy for ``asic``, ``asic_booth``);
- for ``asic`` and ``asic_booth``: the liberty file's hash and the settings that measurement
  reads (clock period, vectors or tile beats, streams, whether OpenSTA runs, the length of the
  timed simulation, the Icarus version that runs it and the hash of the cell models it
  simulates).

Every module of ``lmul.synth`` is either measuring code of some measurement or listed in
:data:`NOT_MEASURING`; a test checks that, so a new module has to be classified.
"""

import functools
import hashlib
import inspect
import json
import os
from importlib import import_module, resources

__all__ = ["MEASUREMENT_CODE", "KIND_CODE", "NOT_MEASURING", "code_source", "code_digest",
           "verilog_cache_key", "cache_key"]

_FLOW_CODE = ("lmul.synth.yosys_flow", "lmul.synth.measure:_run_flow")

#: Measurement -> the code (module ``lmul.x.y``, or function ``module:name``) deciding its
#: numbers, beside its flow scripts.
MEASUREMENT_CODE = {
    "generic": (*_FLOW_CODE, "lmul.synth.measure:_measure_generic"),
    "ice40": (*_FLOW_CODE, "lmul.synth.measure:_measure_fpga"),
    "xilinx": (*_FLOW_CODE, "lmul.synth.measure:_measure_fpga"),
    "asic": (*_FLOW_CODE, "lmul.synth.measure:_measure_asic",
             "lmul.synth.measure:_energy_stimulus", "lmul.synth.measure:_check_equivalence",
             "lmul.synth.measure:input_driver_and_load", "lmul.synth.measure:_delay_ps",
             "lmul.synth.liberty", "lmul.synth.boolean_function", "lmul.synth.gate_sim",
             "lmul.synth.sta", "lmul.synth.energy", "lmul.synth.streams",
             "lmul.accuracy.quantise", "lmul.format", "lmul.synth.measure:timed_length",
             "lmul.synth.measure:_measure_timed", "lmul.synth.timed_activity"),
}
MEASUREMENT_CODE["asic_booth"] = MEASUREMENT_CODE["asic_timed"] = MEASUREMENT_CODE["asic"]

#: Design kind -> the code building its energy stimulus and checking its netlist (``asic``).
KIND_CODE = {
    "lmul": (), "fpmul": (), "fpadd": (), "adder": (),
    "dot": ("lmul.synth.tile_designs", "lmul.sim.dot_runner:beat_bits"),
    "products": ("lmul.synth.tile_designs", "lmul.synth.product_array",
                 "lmul.sim.dot_runner:beat_bits"),
}

#: Modules of ``lmul.synth`` that decide no measured number (reporting, caching, the design
#: catalogue, and RTL, whose effect is in the Verilog text).
NOT_MEASURING = ("__init__", "adder_floor", "cache", "cache_keys", "chart", "designs", "report",
                 "summary_markdown")


@functools.cache
def code_source(name):
    """Source text of ``name``: a module ``lmul.x.y`` or a function ``lmul.x.y:function``."""
    module_name, _, function = name.partition(":")
    module = import_module(module_name)
    if function:
        return inspect.getsource(getattr(module, function))
    with open(module.__file__, encoding="utf-8") as file:
        return file.read()


def code_digest(names):
    """Hash of the source of every name in ``names`` (see :func:`code_source`)."""
    digest = hashlib.sha256()
    for name in sorted(set(names)):
        digest.update(name.encode() + b"\0" + code_source(name).encode() + b"\0")
    return digest.hexdigest()


def verilog_cache_key(design):
    """Key of a design's Verilog: a hash of its description, the Amaranth version and the
    source of the RTL generators (``lmul.hdl``, the format and parameter modules, the adder
    floor and the product array)."""
    import amaranth

    digest = hashlib.sha256()
    digest.update(design.to_json().encode())
    digest.update(amaranth.__version__.encode())
    sources = [(resources.files("lmul.hdl"), None),
               (resources.files("lmul"), ("format.py", "lmul_params.py", "rounded_params.py",
                                          "fpmul_params.py", "fpadd_params.py", "units.py",
                                          "dot_params.py")),
               (resources.files("lmul.synth"), ("adder_floor.py", "product_array.py"))]
    for directory, names in sources:
        for entry in sorted(directory.iterdir(), key=lambda entry: entry.name):
            if entry.name.endswith(".py") and (names is None or entry.name in names):
                digest.update(entry.name.encode())
                digest.update(entry.read_bytes())
    return digest.hexdigest()


def _file_sha256(path):
    status = os.stat(path)
    return _file_sha256_of(os.path.realpath(path), status.st_size, status.st_mtime_ns)


@functools.cache
def _file_sha256_of(path, size, mtime):
    with open(path, "rb") as file:
        return hashlib.sha256(file.read()).hexdigest()


@functools.cache
def iverilog_version():
    """The first line of ``iverilog -V`` (the timed simulation's simulator), or ``""``."""
    import subprocess

    try:
        completed = subprocess.run(["iverilog", "-V"], capture_output=True, text=True,
                                   stdin=subprocess.DEVNULL, timeout=60)
    except OSError:
        return ""
    return completed.stdout.splitlines()[0] if completed.stdout else ""


def key_parts(design, verilog, measurement, settings):
    """What :func:`cache_key` hashes, as a JSON-ready dict (for tests and for debugging)."""
    from .measure import (ASIC_MEASUREMENTS, FLOWS, TILE_KINDS, TILE_TIMED, flow_scripts,
                          timed_length)
    from .timed_activity import cell_models_path
    from .sta import find_sta, sta_version
    from .yosys_flow import yosys_version

    if measurement not in FLOWS:
        raise ValueError(f"measurement must be one of {', '.join(map(repr, FLOWS))}, "
                         f"not {measurement!r}")
    code = MEASUREMENT_CODE[measurement]
    parts = {
        "measurement": measurement,
        "verilog": verilog,
        "top": design.name,
        "stages": design.stages,
        "scripts": flow_scripts(design, measurement, settings),
        "yosys": yosys_version(),
    }
    if measurement in ASIC_MEASUREMENTS or measurement == TILE_TIMED:
        import numpy

        uses_sta = settings.use_sta and find_sta() is not None
        code = code + KIND_CODE[design.kind]
        # The driver and load follow from the liberty file, whose hash is part of the key.
        parts["liberty"] = _file_sha256(settings.liberty)
        parts["sta"] = sta_version() if uses_sta else None
        if uses_sta:
            parts["numpy"] = numpy.__version__
            parts["golden"] = design.to_json()
            parts["period_ns"] = settings.period_ns
            if design.kind in TILE_KINDS:
                parts["tile_beats"] = settings.tile_beats
            else:
                parts["vectors"] = settings.vectors
            parts["streams"] = list(settings.streams)
            timed = timed_length(design, settings, measurement)
            models = cell_models_path(settings.liberty) if timed else None
            parts["timed"] = ([timed, iverilog_version(), _file_sha256(models) if models else None]
                              if timed else None)
    parts["code"] = code_digest(code)
    return parts


def cache_key(design, verilog, measurement, settings):
    """Key of one measurement of one design (see the module docstring)."""
    parts = key_parts(design, verilog, measurement, settings)
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()
