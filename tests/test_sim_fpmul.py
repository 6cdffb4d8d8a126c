"""The generated conventional-multiplier Verilog, simulated with cocotb, equals the golden
model bit for bit: every operand pair of the 8-bit formats in the IEEE and the
flush/saturate modes (and truncation for e4m3fn), and boundary, edge and a million random pairs
of the wide ones."""

import pytest

from utils import EIGHT_BIT_ROUNDED_CASES, assert_verifies


@pytest.mark.parametrize("fmt, options, stages", EIGHT_BIT_ROUNDED_CASES)
def test_every_pair_on_icarus(fmt, options, stages):
    assert_verifies("fpmul", fmt, options, stages)


@pytest.mark.parametrize("fmt", ["fp16", "bf16", "fp32"])
def test_wide_formats_on_icarus(fmt):
    assert_verifies("fpmul", fmt)


def test_every_pair_on_verilator():
    assert_verifies("fpmul", "e5m2", simulator="verilator")
