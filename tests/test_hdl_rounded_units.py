"""What the two rounded units, FPMul and FPAdd, share as components: ports on the format's
layout, the option checks of their common parameters and Verilog conversion."""

import pytest
from amaranth.back import verilog
from amaranth.lib.wiring import In, Out

from lmul.format import Format
from lmul.hdl.fpadd import FPAdd
from lmul.hdl.fpmul import FPMul
from utils import ROUNDED_MODES, mode_id

UNITS = pytest.mark.parametrize("unit, name", [(FPMul, "fpmul"), (FPAdd, "fpadd")],
                                ids=["fpmul", "fpadd"])


@UNITS
def test_signature_is_the_format_layout(unit, name):
    dut = unit("bf16")
    members = ("a", "b", unit.RESULT)
    assert set(dut.signature.members) == set(members)
    for member in members:
        assert dut.signature.members[member].shape == Format.parse("bf16").layout
    assert [dut.signature.members[member].flow for member in members] == [In, In, Out]


@UNITS
@pytest.mark.parametrize("options, error, message", [
    ({"stages": -1}, ValueError, "pipeline stages must be an integer in 0..64, not -1"),
    ({"stages": 1.0}, TypeError, "pipeline stages must be an integer in 0..64, not 1.0"),
    ({"overflow": "inf"}, ValueError,
     "overflow mode must be one of 'ieee', 'saturate', not 'inf'"),
    ({"subnormals": "daz"}, ValueError,
     "subnormal mode must be one of 'ieee', 'flush', not 'daz'"),
    ({"rounding": "rtz"}, ValueError,
     "rounding mode must be one of 'rne', 'truncate', not 'rtz'"),
])
def test_invalid_options(unit, name, options, error, message):
    with pytest.raises(error) as info:
        unit("e4m3fn", **options)
    assert str(info.value) == message


@UNITS
@pytest.mark.parametrize("mode", [ROUNDED_MODES[0], ROUNDED_MODES[-1]], ids=mode_id)
def test_converts_to_verilog(unit, name, mode):
    text = verilog.convert(unit("e4m3fn", stages=2, **mode), name=f"{name}_e4m3fn_s2",
                           emit_src=False)
    assert f"module {name}_e4m3fn_s2" in text
