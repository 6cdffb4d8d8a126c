# amaranth: UnusedElaboratable=no
"""The conventional multiplier's RTL in Amaranth's simulator, bit for bit against the golden
model."""

import numpy as np
import pytest

from lmul.format import Format
from lmul.golden.fpmul import fpmul
from lmul.hdl.fpmul import FPMul
from lmul.sim.amaranth_sim import run_in_amaranth
from lmul.sim.vectors import boundary_pairs, edge_pairs, random_pairs
from utils import ROUNDED_MODES, assert_equal_codes, mode_id


def _vectors(fmt, count, seed=1):
    """Every pair of boundary codes, then random pairs: half uniform, half near gradual
    underflow, the smallest normal and overflow, many of them rounding up."""
    parts = [boundary_pairs(fmt), random_pairs(fmt, count // 2, seed),
             edge_pairs(fmt, count // 2, seed + 1)]
    return (np.concatenate([part[0] for part in parts]).astype(np.int64),
            np.concatenate([part[1] for part in parts]).astype(np.int64))


def _check_combinational(fmt, mode, count):
    fmt = Format.parse(fmt)
    a, b = _vectors(fmt, count)
    dut = FPMul(fmt, **mode)
    got = run_in_amaranth(dut, a, b)
    assert_equal_codes(a, b, got, fpmul(a, b, fmt, **mode).astype(np.int64))


@pytest.mark.parametrize("mode", ROUNDED_MODES, ids=mode_id)
@pytest.mark.parametrize("fmt", ["e4m3fn", "e5m2", "e3m4"])
def test_fp8_every_mode_matches_golden(fmt, mode):
    _check_combinational(fmt, mode, 3000)


@pytest.mark.parametrize("mode", [ROUNDED_MODES[0], ROUNDED_MODES[-1]], ids=mode_id)
@pytest.mark.parametrize("fmt", ["e4m3", "fp16", "bf16", "fp32", "e2m1", "e8m1fn"])
def test_other_formats_match_golden(fmt, mode):
    _check_combinational(fmt, mode, 3000)


@pytest.mark.parametrize("fmt, stages, mode", [
    ("e4m3fn", 1, ROUNDED_MODES[0]),
    ("e4m3fn", 2, ROUNDED_MODES[0]),
    ("e5m2", 2, ROUNDED_MODES[-1]),
    ("fp16", 3, ROUNDED_MODES[0]),
    ("fp32", 4, {"subnormals": "flush", "overflow": "saturate", "rounding": "rne"}),
])
def test_pipelined_latency_and_results(fmt, stages, mode):
    """A new pair every cycle; each product appears exactly ``stages`` cycles later."""
    fmt = Format.parse(fmt)
    a, b = _vectors(fmt, 1500)
    expected = fpmul(a, b, fmt, **mode).astype(np.int64)
    dut = FPMul(fmt, stages=stages, **mode)
    assert dut.latency == stages
    assert dut.throughput == 1
    got = run_in_amaranth(dut, a, b)
    assert_equal_codes(a, b, got, expected)


def test_properties():
    dut = FPMul("e5m2", subnormals="flush", overflow="saturate", rounding="truncate", stages=3)
    assert dut.fmt == Format(5, 2)
    assert dut.params.name == "fpmul_e5m2_flush_sat_trunc"
    assert (dut.stages, dut.latency, dut.throughput) == (3, 3, 1)
    assert FPMul("fp16").latency == 0


