"""cocotb testbench: drive an array of units with operand pairs and check every product against
the golden model, bit for bit.

Run by :func:`lmul.sim.runner.simulate_unit`, which passes in the environment:

- ``LMUL_UNIT``: the simulated :class:`~lmul.units.UnitConfig` as JSON;
- ``LMUL_REFERENCE``: the unit whose golden model gives the expected products (normally the
  same);
- ``LMUL_VECTORS``: an ``.npz`` file with operand arrays ``a`` and ``b``;
- ``LMUL_RESULT``: where to write the JSON summary (vectors, mismatches, examples, seconds).

The number of lanes is read back from the DUT's port width. Pipelined units are clocked with a
new batch of operands every cycle, and each batch is expected exactly ``stages`` cycles later.
"""

import json
import os
import time

import cocotb
import numpy as np
from cocotb.clock import Clock
from cocotb.triggers import FallingEdge, ReadOnly, RisingEdge, Timer

from ..units import UnitConfig
from .unit_array import lane_stride

_LANE_DTYPES = {8: np.uint8, 16: np.uint16, 32: np.uint32}


def _pack(codes, dtype):
    return int.from_bytes(codes.astype(dtype).tobytes(), "little")


def _unpack(value, lanes, dtype):
    nbytes = lanes * np.dtype(dtype).itemsize
    return np.frombuffer(value.to_bytes(nbytes, "little"), dtype=dtype)


async def _drive_combinational(dut, batches_a, batches_b, lanes, dtype):
    results = []
    for batch_a, batch_b in zip(batches_a, batches_b):
        dut.a.value = _pack(batch_a, dtype)
        dut.b.value = _pack(batch_b, dtype)
        await Timer(1, unit="ns")
        results.append(_unpack(dut.p.value.to_unsigned(), lanes, dtype))
    return results


async def _drive_pipelined(dut, batches_a, batches_b, lanes, dtype, latency):
    cocotb.start_soon(Clock(dut.clk, 10, unit="ns").start())
    dut.a.value = 0
    dut.b.value = 0
    dut.rst.value = 1
    for _ in range(2):
        await RisingEdge(dut.clk)
    await FallingEdge(dut.clk)
    dut.rst.value = 0
    results = []
    # Batch k is applied before rising edge k and must appear right after edge k + latency - 1.
    for cycle in range(len(batches_a) + latency - 1):
        if cycle < len(batches_a):
            dut.a.value = _pack(batches_a[cycle], dtype)
            dut.b.value = _pack(batches_b[cycle], dtype)
        await RisingEdge(dut.clk)
        await ReadOnly()
        if cycle >= latency - 1:
            results.append(_unpack(dut.p.value.to_unsigned(), lanes, dtype))
        await FallingEdge(dut.clk)
    return results


@cocotb.test()
async def products_match_golden_model(dut):
    config = UnitConfig.from_json(os.environ["LMUL_UNIT"])
    with np.load(os.environ["LMUL_VECTORS"]) as vectors:
        a, b = vectors["a"], vectors["b"]
    fmt = config.format
    stride = lane_stride(fmt.width)
    lanes = len(dut.a) // stride
    dtype = _LANE_DTYPES[stride]

    count = a.size
    padded = -(-count // lanes) * lanes
    batches_a = np.zeros(padded, dtype=dtype)
    batches_b = np.zeros(padded, dtype=dtype)
    batches_a[:count], batches_b[:count] = a, b
    batches_a = batches_a.reshape(-1, lanes)
    batches_b = batches_b.reshape(-1, lanes)

    start = time.perf_counter()
    if config.stages:
        batches_p = await _drive_pipelined(dut, batches_a, batches_b, lanes, dtype,
                                           config.stages)
    else:
        batches_p = await _drive_combinational(dut, batches_a, batches_b, lanes, dtype)
    seconds = time.perf_counter() - start

    got = np.concatenate(batches_p)[:count]
    expected = UnitConfig.from_json(os.environ["LMUL_REFERENCE"]).golden(a, b)
    wrong = np.flatnonzero(got != expected)
    examples = [{"a": int(a[i]), "b": int(b[i]), "got": int(got[i]), "expected": int(expected[i])}
                for i in wrong[:10]]
    summary = {"unit": config.name, "vectors": int(count), "lanes": lanes,
               "mismatches": int(wrong.size), "examples": examples, "seconds": seconds}
    with open(os.environ["LMUL_RESULT"], "w") as file:
        json.dump(summary, file)
    assert wrong.size == 0, (
        f"{wrong.size} of {count} products differ from the golden model; first: " +
        ", ".join(f"a={e['a']:#x} b={e['b']:#x} got {e['got']:#x} expected {e['expected']:#x}"
                  for e in examples))
