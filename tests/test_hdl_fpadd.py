# amaranth: UnusedElaboratable=no
"""The floating-point adder's RTL in Amaranth's simulator, bit for bit against the golden
model."""

import numpy as np
import pytest

from lmul.format import Format
from lmul.golden.fpadd import fpadd
from lmul.hdl.fpadd import FPAdd
from lmul.sim.amaranth_sim import run_in_amaranth
from lmul.sim.vectors import boundary_pairs, random_pairs, sum_edge_pairs
from utils import ROUNDED_MODES, assert_equal_codes, mode_id


def _vectors(fmt, count, seed=1):
    """Every pair of boundary codes, then random pairs: a quarter uniform, the rest at every
    alignment distance, with cancellation, ties, overflow and underflow."""
    parts = [boundary_pairs(fmt), random_pairs(fmt, count // 4, seed),
             sum_edge_pairs(fmt, count - count // 4, seed + 1)]
    return (np.concatenate([part[0] for part in parts]).astype(np.int64),
            np.concatenate([part[1] for part in parts]).astype(np.int64))


def _check(fmt, mode, count, stages=0):
    fmt = Format.parse(fmt)
    a, b = _vectors(fmt, count)
    dut = FPAdd(fmt, stages=stages, **mode)
    got = run_in_amaranth(dut, a, b)
    assert_equal_codes(a, b, got, fpadd(a, b, fmt, **mode).astype(np.int64))


@pytest.mark.parametrize("mode", ROUNDED_MODES, ids=mode_id)
@pytest.mark.parametrize("fmt", ["e4m3fn", "e5m2", "e3m4"])
def test_fp8_every_mode_matches_golden(fmt, mode):
    _check(fmt, mode, 3000)


@pytest.mark.parametrize("mode", [ROUNDED_MODES[0], ROUNDED_MODES[-1]], ids=mode_id)
@pytest.mark.parametrize("fmt", ["e4m3", "fp16", "bf16", "fp32", "e2m1", "e8m1fn", "e2m1fn"])
def test_other_formats_match_golden(fmt, mode):
    _check(fmt, mode, 3000)


@pytest.mark.parametrize("fmt, stages, mode", [
    ("e4m3fn", 1, ROUNDED_MODES[0]),
    ("e4m3fn", 2, ROUNDED_MODES[0]),
    ("e5m2", 2, ROUNDED_MODES[-1]),
    ("fp16", 3, ROUNDED_MODES[0]),
    ("fp32", 4, {"subnormals": "flush", "overflow": "saturate", "rounding": "rne"}),
])
def test_pipelined_latency_and_results(fmt, stages, mode):
    """A new pair every cycle; each sum appears exactly ``stages`` cycles later."""
    dut = FPAdd(fmt, stages=stages, **mode)
    assert (dut.latency, dut.throughput) == (stages, 1)
    _check(fmt, mode, 1500, stages)


def test_a_wrong_golden_model_is_caught():
    """The comparison fails on a design that is not the golden model's: the adder against the
    same adder's golden model with truncation (ties and round-ups differ)."""
    fmt = Format.parse("e5m2")
    a, b = _vectors(fmt, 500)
    got = run_in_amaranth(FPAdd(fmt), a, b)
    with pytest.raises(AssertionError):
        assert_equal_codes(a, b, got, fpadd(a, b, fmt, rounding="truncate").astype(np.int64))


@pytest.mark.parametrize("fmt, a, b, s", [
    ("e4m3fn", 0x38, 0xb8, 0x00),  # 1 + -1 = +0
    ("e4m3fn", 0x80, 0x80, 0x80),  # -0 + -0 = -0
    ("e4m3fn", 0x80, 0x00, 0x00),  # -0 + +0 = +0
    ("e4m3fn", 0xb8, 0x80, 0xb8),  # -1 + -0 = -1
    ("e4m3fn", 0x7e, 0x58, 0x7e),  # 448 + 16: the tie goes to the even max finite
    ("e4m3fn", 0x7e, 0x5c, 0x7f),  # 448 + 24 rounds to 480: overflow is NaN
    ("e4m3fn", 0x01, 0x01, 0x02),  # smallest subnormal twice: exact
    ("e5m2", 0x7c, 0xfc, 0x7e),  # inf - inf = NaN
    ("e5m2", 0xfc, 0x7b, 0xfc),  # -inf + max finite = -inf
    ("e5m2", 0x7b, 0x6c, 0x7c),  # 57344 + 4096 ties to the even 2**16: inf
])
def test_spec_examples(fmt, a, b, s):
    assert run_in_amaranth(FPAdd(fmt), [a], [b]).tolist() == [s]
    assert run_in_amaranth(FPAdd(fmt), [b], [a]).tolist() == [s]


def test_flushed_sums_keep_the_exact_sign():
    """Flushing: 1.5 * 2**-6 - 2**-6 is +0 in e4m3fn, 2**-6 - 1.5 * 2**-6 is -0, and a
    subnormal minus a subnormal is +0."""
    got = run_in_amaranth(FPAdd("e4m3fn", subnormals="flush"), [0x0c, 0x08, 0x85], [0x88, 0x8c,
                                                                                        0x03])
    assert got.tolist() == [0x00, 0x80, 0x00]


def test_properties():
    dut = FPAdd("e5m2", subnormals="flush", overflow="saturate", rounding="truncate", stages=3)
    assert dut.fmt == Format(5, 2)
    assert dut.params.name == "fpadd_e5m2_flush_sat_trunc"
    assert (dut.stages, dut.latency, dut.throughput) == (3, 3, 1)
    assert FPAdd("fp16").latency == 0
    assert dut.RESULT == "s" and dut.result is dut.s


