"""cocotb testbench: load a checked top with operand pairs and the golden model's products, and
report every pair whose product differs, bit for bit.

Run by :func:`lmul.sim.runner.simulate_unit`, which passes in the environment:

- ``LMUL_UNIT``: the simulated :class:`~lmul.units.UnitConfig` as JSON;
- ``LMUL_REFERENCE``: the unit whose golden model gives the expected products (normally the
  same);
- ``LMUL_VECTORS``: an ``.npz`` file with operand arrays ``a`` and ``b``;
- ``LMUL_LANES``, ``LMUL_DEPTH``: the top's lanes and rows per load;
- ``LMUL_RESULT``: where to write the JSON summary (vectors, mismatches, examples, seconds);
- ``LMUL_PROGRESS`` (optional): a file to which the count of pairs checked so far is written
  after each load, for the caller's progress bar.

The DUT is :func:`~lmul.sim.unit_array.checked_top_verilog`: the testbench writes a load of
``depth`` rows of ``lanes`` pairs with their expected products to a file, starts the load with one
port write and waits for ``done``; the top applies the rows inside the simulator and compares the
products itself. Only when its ``mismatch`` bit is set does the testbench read the bytes the top
loaded (a short load is an error, not a mismatch) and the load's products (from the file the top
wrote) to find the wrong lanes. Every access through VPI has a fixed cost of microseconds, and a
wide bus costs tens of nanoseconds a bit, so a load of tens of thousands of pairs costs the
simulator about what one batch did when each batch was written through a port.
"""

import json
import os
import time
from pathlib import Path

import cocotb
import numpy as np
from cocotb.triggers import Timer

from ..units import UnitConfig
from .unit_array import PRODUCTS_FILE, VECTORS_FILE, lane_stride

_LANE_DTYPES = {8: np.uint8, 16: np.uint16, 32: np.uint32}


def _read_products(rows, lanes, dtype):
    """The products the top wrote for a failing load: ``rows`` x ``lanes`` codes."""
    # Icarus writes an address comment every 16 lines.
    lines = [line for line in map(str.strip, Path(PRODUCTS_FILE).read_text().splitlines())
             if line and not line.startswith(("//", "@"))]
    nbytes = lanes * np.dtype(dtype).itemsize
    packed = b"".join(int(line, 16).to_bytes(nbytes, "little") for line in lines[:rows])
    return np.frombuffer(packed, dtype=dtype).reshape(rows, lanes)


async def _check_loads(dut, batches, depth, progress_file=None):
    """Run ``batches`` (rows x {a, b, expected} x lanes codes) through the top, ``depth`` rows a
    load; return the products of every row of every load that had a wrong one, by row index.
    After each load the number of pairs run so far goes to ``progress_file``, if given."""
    # A row as the top reads it: {expected, b, a}, each lane little-endian, as one big-endian
    # number.
    rows_as_read = np.ascontiguousarray(batches).view(np.uint8).reshape(len(batches), -1)[:, ::-1]
    await Timer(1, unit="ns")  # the top's initial values settle before its first load
    wrong = {}
    for load, start in enumerate(range(0, len(batches), depth)):
        rows = rows_as_read[start:start + depth]
        Path(VECTORS_FILE).write_bytes(rows.tobytes())
        dut.count.value = len(rows)
        dut.go.value = load + 1  # every change starts a load; the first is from 0 or x
        await dut.done.value_change
        if dut.mismatch.value:
            loaded = int(dut.loaded.value)
            if loaded != rows.nbytes:
                raise RuntimeError(f"the checked top read {loaded:,} bytes of load {load}'s "
                                   f"{rows.nbytes:,} from {VECTORS_FILE}")
            products = _read_products(len(rows), batches.shape[2], batches.dtype)
            wrong.update(enumerate(products, start))
        if progress_file:
            Path(progress_file).write_text(str((start + len(rows)) * batches.shape[2]))
    return wrong


@cocotb.test()
async def products_match_golden_model(dut):
    config = UnitConfig.from_json(os.environ["LMUL_UNIT"])
    with np.load(os.environ["LMUL_VECTORS"]) as vectors:
        a, b = vectors["a"], vectors["b"]
    lanes, depth = int(os.environ["LMUL_LANES"]), int(os.environ["LMUL_DEPTH"])
    dtype = _LANE_DTYPES[lane_stride(config.format.width)]

    count = a.size
    padded = -(-count // lanes) * lanes
    expected = UnitConfig.from_json(os.environ["LMUL_REFERENCE"]).golden(a, b)
    # The last row is padded with copies of the last pair, whose lanes are not counted.
    batches = np.stack([a, b, expected]).astype(dtype)
    batches = np.pad(batches, ((0, 0), (0, padded - count)), mode="edge")
    batches = np.ascontiguousarray(batches.reshape(3, -1, lanes).transpose(1, 0, 2))

    start = time.perf_counter()
    cpu_start = time.process_time()
    wrong_rows = await _check_loads(dut, batches, depth, os.environ.get("LMUL_PROGRESS"))
    seconds = time.perf_counter() - start
    cpu_seconds = time.process_time() - cpu_start

    wrong, got = [], []
    for index, products in sorted(wrong_rows.items()):
        lanes_wrong = np.flatnonzero(products != batches[index, 2])
        wrong += [index * lanes + lane for lane in lanes_wrong]
        got += [int(products[lane]) for lane in lanes_wrong]
    wrong = np.array(wrong, dtype=np.int64)
    got = [value for index, value in zip(wrong, got) if index < count]
    wrong = wrong[wrong < count]
    examples = [{"a": int(a[i]), "b": int(b[i]), "got": value, "expected": int(expected[i])}
                for i, value in zip(wrong[:10], got)]
    summary = {"unit": config.name, "vectors": int(count), "lanes": lanes,
               "mismatches": int(wrong.size), "examples": examples, "seconds": seconds,
               "cpu_seconds": cpu_seconds}
    with open(os.environ["LMUL_RESULT"], "w") as file:
        json.dump(summary, file)
    assert wrong.size == 0, (
        f"{wrong.size} of {count} products differ from the golden model; first: " +
        ", ".join(f"a={e['a']:#x} b={e['b']:#x} got {e['got']:#x} expected {e['expected']:#x}"
                  for e in examples))
