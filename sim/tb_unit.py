"""cocotb testbench: drive an array of units with operand pairs and check every product against
the golden model, bit for bit.

Run by :func:`lmul.sim.runner.simulate_unit`, which passes in the environment:

- ``LMUL_UNIT``: the simulated :class:`~lmul.units.UnitConfig` as JSON;
- ``LMUL_REFERENCE``: the unit whose golden model gives the expected products (normally the
  same);
- ``LMUL_VECTORS``: an ``.npz`` file with operand arrays ``a`` and ``b``;
- ``LMUL_RESULT``: where to write the JSON summary (vectors, mismatches, examples, seconds).

The number of lanes is read back from the DUT's port width. The DUT is the checked array top
(:func:`~lmul.sim.unit_array.unit_array_verilog` with ``checked=True``): each step writes a
batch of operands and the golden model's products for it, and reads back the one-bit
``mismatch``; the products themselves are read only for a batch that has a wrong one, since
reading a wide bus through VPI costs about 60 ns a bit on Verilator against about 1 us for a
whole write. On Verilator a combinational unit's top takes many batches per write (``depth``
slots, cycled through by a clock that runs inside the simulator) and returns one mismatch bit
per slot; a frame with a wrong product is replayed one cycle at a time to read the products.
Pipelined units are clocked with a new batch of operands every cycle, and each
batch is expected exactly ``stages`` cycles later.
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


def _stimulus(batch_a, batch_b, batch_expected):
    """The checked top's ``stimulus``, ``{expected, b, a}``, as one integer."""
    return int.from_bytes(np.concatenate([batch_a, batch_b, batch_expected]).tobytes(),
                          "little")


def _unpack(value, lanes, dtype):
    nbytes = lanes * np.dtype(dtype).itemsize
    return np.frombuffer(value.to_bytes(nbytes, "little"), dtype=dtype)


async def _drive_combinational(dut, stimuli):
    wrong = {}
    for index, stimulus in enumerate(stimuli):
        dut.stimulus.value = stimulus
        await Timer(1, unit="ns")
        if dut.mismatch.value:
            wrong[index] = dut.p.value.to_unsigned()
    return wrong


async def _drive_frames(dut, stimuli, depth):
    """Combinational unit, ``depth`` batches per write (the deep checked top): returns the
    products of every batch of a frame whose ``mismatch`` bits are not all 0, read back by
    replaying that frame one cycle at a time."""
    cocotb.start_soon(Clock(dut.clk, 10, unit="ns").start())
    dut.stimulus.value = 0
    dut.rst.value = 1
    for _ in range(2):
        await RisingEdge(dut.clk)
    await FallingEdge(dut.clk)
    dut.rst.value = 0
    # Each frame starts at a falling edge with slot 0 and lasts depth cycles.
    frame_time = Timer(10 * depth, unit="ns")
    wrong_frames = []
    for index, stimulus in enumerate(stimuli):
        dut.stimulus.value = stimulus
        await frame_time
        if dut.mismatch.value.to_unsigned():
            wrong_frames.append(index)
    wrong = {}
    for index in wrong_frames:
        dut.stimulus.value = stimuli[index]
        await Timer(1, unit="ns")
        for slot in range(depth):
            if slot:
                await FallingEdge(dut.clk)
            wrong[index * depth + slot] = dut.p.value.to_unsigned()
        await FallingEdge(dut.clk)
    return wrong


async def _drive_pipelined(dut, batches_a, batches_b, batches_expected, latency):
    cocotb.start_soon(Clock(dut.clk, 10, unit="ns").start())
    dut.stimulus.value = 0
    dut.rst.value = 1
    for _ in range(2):
        await RisingEdge(dut.clk)
    await FallingEdge(dut.clk)
    dut.rst.value = 0
    wrong = {}
    # Batch k is applied before rising edge k and must appear right after edge k + latency - 1.
    # The products of batch k - latency + 1 are checked against its expected ones.
    idle = np.zeros_like(batches_a[0])
    for cycle in range(len(batches_a) + latency - 1):
        done = cycle - latency + 1
        dut.stimulus.value = _stimulus(
            batches_a[cycle] if cycle < len(batches_a) else idle,
            batches_b[cycle] if cycle < len(batches_a) else idle,
            batches_expected[done] if done >= 0 else idle)
        await RisingEdge(dut.clk)
        await ReadOnly()
        if done >= 0 and dut.mismatch.value:
            wrong[done] = dut.p.value.to_unsigned()
        await FallingEdge(dut.clk)
    return wrong


@cocotb.test()
async def products_match_golden_model(dut):
    config = UnitConfig.from_json(os.environ["LMUL_UNIT"])
    with np.load(os.environ["LMUL_VECTORS"]) as vectors:
        a, b = vectors["a"], vectors["b"]
    fmt = config.format
    stride = lane_stride(fmt.width)
    lanes = len(dut.p) // stride
    depth = len(dut.mismatch)
    dtype = _LANE_DTYPES[stride]

    count = a.size
    padded = -(-count // (lanes * depth)) * lanes * depth
    expected = UnitConfig.from_json(os.environ["LMUL_REFERENCE"]).golden(a, b)
    # The last batch is padded with copies of the last pair, whose lanes are not counted.
    batches = np.stack([a, b, expected]).astype(dtype)
    batches = np.pad(batches, ((0, 0), (0, padded - count)), mode="edge")
    batches_a, batches_b, batches_expected = batches.reshape(3, -1, lanes)

    start = time.perf_counter()
    if config.stages:
        wrong_batches = await _drive_pipelined(dut, batches_a, batches_b, batches_expected,
                                               config.stages)
    elif depth > 1:
        frames = np.stack([batches_a, batches_b, batches_expected], axis=1)  # batch, {a,b,e}
        wrong_batches = await _drive_frames(
            dut, [int.from_bytes(frame.tobytes(), "little")
                  for frame in frames.reshape(-1, depth * 3 * lanes)], depth)
    else:
        wrong_batches = await _drive_combinational(
            dut, [_stimulus(*batch) for batch in zip(batches_a, batches_b, batches_expected)])
    seconds = time.perf_counter() - start

    wrong, got = [], []
    for index, value in sorted(wrong_batches.items()):
        batch_got = _unpack(value, lanes, dtype)
        lanes_wrong = np.flatnonzero(batch_got != batches_expected[index])
        wrong += [index * lanes + lane for lane in lanes_wrong]
        got += [int(batch_got[lane]) for lane in lanes_wrong]
    wrong = np.array(wrong, dtype=np.int64)
    got = [value for index, value in zip(wrong, got) if index < count]
    wrong = wrong[wrong < count]
    examples = [{"a": int(a[i]), "b": int(b[i]), "got": value, "expected": int(expected[i])}
                for i, value in zip(wrong[:10], got)]
    summary = {"unit": config.name, "vectors": int(count), "lanes": lanes,
               "mismatches": int(wrong.size), "examples": examples, "seconds": seconds}
    with open(os.environ["LMUL_RESULT"], "w") as file:
        json.dump(summary, file)
    assert wrong.size == 0, (
        f"{wrong.size} of {count} products differ from the golden model; first: " +
        ", ".join(f"a={e['a']:#x} b={e['b']:#x} got {e['got']:#x} expected {e['expected']:#x}"
                  for e in examples))
