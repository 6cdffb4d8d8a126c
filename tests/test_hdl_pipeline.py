# amaranth: UnusedElaboratable=no
"""Pipeline stage validation and register names."""

import re

import numpy as np
import pytest
from amaranth.back import verilog

from lmul.hdl.lmul import LMul
from lmul.hdl.pipeline import MAX_STAGES, Pipeline, check_stages


@pytest.mark.parametrize("stages", [0, 1, MAX_STAGES, np.int64(7), np.uint8(2)])
def test_integers_in_range_are_accepted(stages):
    assert check_stages(stages) == int(stages) and type(check_stages(stages)) is int
    assert Pipeline(stages).latency == int(stages)


@pytest.mark.parametrize("stages, error, message", [
    (-1, ValueError, "pipeline stages must be an integer in 0..64, not -1"),
    (MAX_STAGES + 1, ValueError, "pipeline stages must be an integer in 0..64, not 65"),
    ("2", TypeError, "pipeline stages must be an integer in 0..64, not '2'"),
    (2.0, TypeError, "pipeline stages must be an integer in 0..64, not 2.0"),
    (None, TypeError, "pipeline stages must be an integer in 0..64, not None"),
    (False, TypeError, "pipeline stages must be an integer in 0..64, not False"),
])
def test_bad_stages(stages, error, message):
    with pytest.raises(error) as info:
        check_stages(stages)
    assert str(info.value) == message


def test_registers_are_named_by_stage():
    text = verilog.convert(LMul("e4m3fn", stages=6), name="lmul_e4m3fn_s6", emit_src=False)
    names = set(re.findall(r"\breg .*?(\w+) = ", text))
    # The last register drives the output p directly.
    assert {f"out{index}_code" for index in range(4)} <= names
    assert {"mid0_sign", "mid0_mantissa", "mid0_exponent"} <= names
    assert not any(re.search(r"(mid|out)\d+_(mid|out)\d+", name) for name in names)


def test_the_deepest_pipeline_stays_small():
    text = verilog.convert(LMul("e4m3fn", stages=MAX_STAGES), name="deep", emit_src=False)
    assert len(text) < 100_000
    assert max(len(word) for word in re.findall(r"\w+", text)) < 30
