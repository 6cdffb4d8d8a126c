"""The generated floating-point adder's Verilog, simulated with cocotb, equals the golden model
bit for bit: every operand pair of the 8-bit formats in the IEEE and the like-for-like (flush,
saturate, RNE) modes (and truncation for e4m3fn), pipelined too; boundary, edge and a million
random pairs of the wide ones, on Verilator."""

import numpy as np
import pytest

from lmul.format import Format
from lmul.sim.runner import simulate_unit
from lmul.sim.vectors import exhaustive_pairs
from lmul.units import UnitConfig
from utils import assert_verifies

FLUSH_SATURATE = {"subnormals": "flush", "overflow": "saturate"}

EIGHT_BIT = [
    *[(fmt, {}, 0) for fmt in ("e4m3fn", "e5m2", "e4m3", "e3m4")],
    *[(fmt, FLUSH_SATURATE, 0) for fmt in ("e4m3fn", "e5m2", "e4m3", "e3m4")],
    ("e4m3fn", {"rounding": "truncate"}, 0),
    ("e4m3fn", {**FLUSH_SATURATE, "rounding": "truncate"}, 0),
    ("e4m3fn", {}, 2),
    ("e5m2", FLUSH_SATURATE, 1),
]


@pytest.mark.parametrize("fmt, options, stages", EIGHT_BIT)
def test_every_pair_on_icarus(fmt, options, stages):
    assert_verifies("fpadd", fmt, options, stages)


@pytest.mark.parametrize("fmt", ["fp16", "bf16", "fp32"])
def test_wide_formats_on_verilator(fmt):
    result = assert_verifies("fpadd", fmt, simulator="verilator")
    assert result.vectors > 1_100_000


def test_a_wrong_reference_is_caught(tmp_path):
    # The RNE adder checked against the truncating adder's golden model: the harness reports
    # exactly the pairs where the two models differ (ties and round-ups).
    config = UnitConfig("fpadd", "e4m3fn")
    reference = UnitConfig("fpadd", "e4m3fn", {"rounding": "truncate"})
    a, b = exhaustive_pairs(Format.parse("e4m3fn"))
    result = simulate_unit(config, a, b, build_dir=tmp_path, reference=reference)
    differ = np.count_nonzero(config.golden(a, b) != reference.golden(a, b))
    assert differ > 0 and result.mismatches == differ and not result.passed
