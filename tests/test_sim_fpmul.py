"""The generated conventional-multiplier Verilog, simulated with cocotb, equals the golden
model bit for bit: every operand pair of the 8-bit formats in the IEEE and the
flush/saturate modes (and truncation for e4m3fn), and boundary, edge and a million random pairs
of the wide ones."""

import pytest

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
    assert_verifies("fpmul", fmt, options, stages)


@pytest.mark.parametrize("fmt", ["fp16", "bf16", "fp32"])
def test_wide_formats_on_icarus(fmt):
    assert_verifies("fpmul", fmt)


def test_every_pair_on_verilator():
    assert_verifies("fpmul", "e5m2", simulator="verilator")
