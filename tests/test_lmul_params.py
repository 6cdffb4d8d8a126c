"""L-Mul parameters: the paper's offset, the folded constant, names and validation."""

import numpy as np
import pytest

from lmul.format import Format
from lmul.lmul_params import LMulParams, paper_offset


@pytest.mark.parametrize("man_bits, offset", [
    (1, 1), (2, 1), (3, 1), (4, 2), (5, 2), (7, 8), (10, 64), (23, 1 << 19)])
def test_paper_offset_is_2_to_the_minus_l_in_mantissa_lsbs(man_bits, offset):
    assert paper_offset(man_bits) == offset


def test_folded_constant_of_the_papers_fp32_kernel():
    assert LMulParams("fp32").constant == -0x3F780000


def test_folded_constant_of_e4m3fn():
    assert LMulParams("e4m3fn").constant == -55
    assert LMulParams("e4m3fn", offset=0).constant == -56


def test_defaults_and_overflow_magnitudes():
    params = LMulParams("e5m2")
    assert params.fmt == Format(5, 2) and params.offset == 1 and params.overflow == "saturate"
    assert params.overflow_mag == 0x7B
    assert LMulParams("e5m2", overflow="inf").overflow_mag == 0x7C


@pytest.mark.parametrize("kwargs, name", [
    ({}, "lmul_e4m3fn"), ({"offset": 0}, "lmul_e4m3fn_o0"), ({"offset": 1}, "lmul_e4m3fn"),
    ({"fmt": "e5m2", "overflow": "inf"}, "lmul_e5m2_inf"),
    ({"fmt": "e6m9", "offset": 3}, "lmul_e6m9_o3"),
])
def test_names_encode_non_default_parameters(kwargs, name):
    kwargs = {"fmt": "e4m3fn", **kwargs}
    assert LMulParams(**kwargs).name == name


@pytest.mark.parametrize("kwargs, message", [
    ({"offset": -1}, "offset must be an integer >= 0, not -1"),
    ({"overflow": "wrap"}, "overflow mode must be one of 'saturate', 'inf', not 'wrap'"),
    ({"overflow": "inf"}, "overflow mode 'inf' needs a format with infinities, not 'e4m3fn'"),
])
def test_invalid_parameters_name_the_rule_and_value(kwargs, message):
    with pytest.raises(ValueError) as info:
        LMulParams("e4m3fn", **kwargs)
    assert str(info.value) == message


@pytest.mark.parametrize("kwargs, message", [
    ({"offset": 1.5}, "offset must be an integer >= 0, not 1.5"),
    ({"offset": "1"}, "offset must be an integer >= 0, not '1'"),
    ({"offset": True}, "offset must be an integer >= 0, not True"),
    ({"overflow": None}, "overflow mode must be one of 'saturate', 'inf', not None"),
])
def test_wrong_types_raise_type_error(kwargs, message):
    with pytest.raises(TypeError) as info:
        LMulParams("e4m3fn", **kwargs)
    assert str(info.value) == message


def test_numpy_integers_are_integers():
    params = LMulParams("e4m3fn", offset=np.int64(1))
    assert params == LMulParams("e4m3fn", offset=1) and type(params.offset) is int
    assert LMulParams("e4m3fn", offset=np.uint8(0)).name == "lmul_e4m3fn_o0"
