"""Standard-cell area of generated units with exactly the report's ``asic`` flow (OSU018, no STA).

    .venv/bin/python tools/area.py fpmul e4m3fn,e5m2 --modes like,ieee --stages 0,2 [--booth] [-j 2]

Prints one line per design: name, area (um^2), cells, depth. Only the mapping, no energy: for
quick comparisons while leaning a datapath.
"""

import argparse
import sys
import tempfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from lmul.synth.designs import _FPMUL_POLICIES
from lmul.synth.measure import Settings, design_verilog, measure
from lmul.units import UnitConfig

LIBERTY = Path(__file__).resolve().parent.parent / \
    "build/tech/usr/share/qflow/tech/osu018/osu018_stdcells.lib"
MODES = {"like": "fpmul_like", "ieee": "fpmul_ieee", "cheap": "fpmul_cheap"}


def _one(args):
    kind, fmt, mode, stages, measurement = args
    options = {} if kind == "lmul" else dict(_FPMUL_POLICIES[MODES[mode]])
    design = UnitConfig(kind, fmt, options, stages)
    with tempfile.TemporaryDirectory(prefix="area_") as work:
        result = measure(design, design_verilog(design), measurement,
                         Settings(liberty=str(LIBERTY), use_sta=False), Path(work) / "run")
    return design.name, result["area"], result["cells"], result["depth"]


def main(argv):
    parser = argparse.ArgumentParser()
    parser.add_argument("kind", choices=("fpmul", "lmul"))
    parser.add_argument("formats")
    parser.add_argument("--modes", default="like,ieee,cheap")
    parser.add_argument("--stages", default="0,2")
    parser.add_argument("--booth", action="store_true",
                        help="Yosys's Booth multipliers (the report's asic_booth)")
    parser.add_argument("-j", type=int, default=1)
    args = parser.parse_args(argv)
    modes = args.modes.split(",") if args.kind == "fpmul" else [None]
    measurement = "asic_booth" if args.booth else "asic"
    jobs = [(args.kind, fmt, mode, int(stages), measurement) for fmt in args.formats.split(",")
            for mode in modes for stages in args.stages.split(",")]
    with ProcessPoolExecutor(args.j) as pool:
        for name, area, cells, depth in pool.map(_one, jobs):
            print(f"{name:36s} {area:10.0f} {cells:6d} {depth:4d}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
