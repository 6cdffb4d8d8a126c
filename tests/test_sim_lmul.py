"""The generated L-Mul Verilog, simulated with cocotb, equals the golden model bit for bit:
every operand pair of the 8-bit formats, and boundary, edge and a million random pairs of the
wide ones."""

import pytest

from utils import assert_verifies

EIGHT_BIT = [
    ("e4m3fn", {}, 0), ("e4m3fn", {"offset": 0}, 0), ("e4m3fn", {}, 1),
    ("e5m2", {}, 0), ("e5m2", {"offset": 0}, 0), ("e5m2", {"overflow": "inf"}, 0),
    ("e5m2", {}, 2),
    ("e4m3", {}, 0), ("e4m3", {"offset": 0}, 0), ("e4m3", {"overflow": "inf"}, 0),
    ("e4m3", {}, 3),
    ("e3m4", {}, 0), ("e3m4", {"offset": 0}, 0), ("e3m4", {"overflow": "inf"}, 0),
    ("e3m4", {}, 2),
]


@pytest.mark.parametrize("fmt, options, stages", EIGHT_BIT)
def test_every_pair_on_icarus(fmt, options, stages):
    assert_verifies("lmul", fmt, options, stages)


@pytest.mark.parametrize("fmt", ["fp16", "bf16", "fp32"])
def test_wide_formats_on_icarus(fmt):
    assert_verifies("lmul", fmt)


def test_every_pair_on_verilator():
    assert_verifies("lmul", "e4m3fn", simulator="verilator")
