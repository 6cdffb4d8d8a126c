# amaranth: UnusedElaboratable=no
"""The L-Mul unit in Amaranth's simulator, bit for bit against the golden model."""

import numpy as np
import pytest
from amaranth.back import verilog
from amaranth.lib.wiring import In, Out

from lmul.format import Format
from lmul.golden.lmul import lmul
from lmul.hdl.lmul import LMul
from lmul.sim.amaranth_sim import run_in_amaranth
from lmul.sim.vectors import boundary_pairs, random_pairs


def _vectors(fmt, count, seed=5):
    a0, b0 = boundary_pairs(fmt)
    a1, b1 = random_pairs(fmt, count, seed)
    return np.concatenate([a0, a1]), np.concatenate([b0, b1])


def _assert_matches_golden(unit, a, b, **options):
    got = run_in_amaranth(unit, a, b)
    expected = lmul(a, b, unit.fmt, **options).astype(np.int64)
    wrong = np.flatnonzero(got != expected)
    assert wrong.size == 0, [(hex(a[i]), hex(b[i]), hex(got[i]), hex(expected[i]))
                             for i in wrong[:10]]


@pytest.mark.parametrize("fmt, options", [
    ("e4m3fn", {}), ("e4m3fn", {"offset": 0}), ("e5m2", {"overflow": "inf"}), ("e4m3", {}),
    ("e3m4", {"offset": 7}), ("fp16", {}), ("bf16", {"overflow": "inf"}), ("fp32", {}),
    ("e2m1", {}), ("e8m1fn", {}), ("e4m3fn", {"offset": 10**9}),
])
def test_combinational_matches_golden(fmt, options):
    fmt = Format.parse(fmt)
    a, b = _vectors(fmt, 1500)
    _assert_matches_golden(LMul(fmt, **options), a, b, **options)


@pytest.mark.parametrize("fmt, stages", [("e4m3fn", 1), ("e5m2", 2), ("bf16", 3), ("fp32", 2)])
def test_pipelined_results_appear_exactly_stages_cycles_later(fmt, stages):
    fmt = Format.parse(fmt)
    a, b = _vectors(fmt, 1000)
    unit = LMul(fmt, stages=stages)
    assert (unit.latency, unit.throughput) == (stages, 1)
    _assert_matches_golden(unit, a, b)


def test_signature_is_the_format_layout():
    unit = LMul("e5m2")
    members = unit.signature.members
    assert [members[name].flow for name in ("a", "b", "p")] == [In, In, Out]
    assert all(members[name].shape == Format(5, 2).layout for name in ("a", "b", "p"))


def test_properties():
    unit = LMul("e4m3fn", offset=0, stages=2)
    assert unit.params.name == "lmul_e4m3fn_o0" and unit.fmt == Format(4, 3, "fn")
    assert (unit.stages, unit.latency, unit.throughput) == (2, 2, 1)


@pytest.mark.parametrize("options, error, message", [
    ({"stages": -1}, ValueError, "pipeline stages must be an integer in 0..64, not -1"),
    ({"stages": 65}, ValueError, "pipeline stages must be an integer in 0..64, not 65"),
    ({"stages": "2"}, TypeError, "pipeline stages must be an integer in 0..64, not '2'"),
    ({"stages": True}, TypeError, "pipeline stages must be an integer in 0..64, not True"),
    ({"offset": -3}, ValueError, "offset must be an integer >= 0, not -3"),
    ({"overflow": "inf"}, ValueError,
     "overflow mode 'inf' needs a format with infinities, not 'e4m3fn'"),
])
def test_invalid_options(options, error, message):
    with pytest.raises(error) as info:
        LMul("e4m3fn", **options)
    assert str(info.value) == message


def test_numpy_integer_stages_are_accepted():
    unit = LMul("e4m3fn", stages=np.int64(3))
    assert type(unit.stages) is int and unit.latency == 3


def test_datapath_has_no_multiplier():
    text = verilog.convert(LMul("fp32", stages=2), name="lmul_fp32_s2", emit_src=False)
    assert "module lmul_fp32_s2(" in text
    assert " * " not in text
    combinational = verilog.convert(LMul("e4m3fn"), name="lmul_e4m3fn", emit_src=False)
    assert "clk" not in combinational and "rst" not in combinational
