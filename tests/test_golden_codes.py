"""The golden models refuse what is not a code of their format, and take every code."""

import numpy as np
import pytest

from lmul.dot_params import DotParams
from lmul.format import PRESETS
from lmul.golden.codes import checked_codes
from lmul.golden.dot_product import dot_product
from lmul.golden.fpmul import fpmul
from lmul.golden.lmul import lmul

E4M3FN = PRESETS["e4m3fn"]
RULE = "a codes must be integers in 0..255 for e4m3fn, not "


@pytest.mark.parametrize("values, message", [
    ([256], "256"), ([-1], "-1"), ([0x38, 300], "300"), (np.array([300], np.uint16), "300"),
    (np.array([-5, 0], np.int8), "-5"), ([2 ** 70], "1180591620717411303424"),
])
def test_values_outside_the_format_are_refused(values, message):
    with pytest.raises(ValueError) as info:
        checked_codes(values, E4M3FN, "a")
    assert str(info.value) == RULE + message


@pytest.mark.parametrize("values, message", [
    ([1.5], "1.5"), ([2.0, 3.25], "3.25"), ([3.0], "3.0"), ([True], "True"), (["7"], "'7'"),
    ([np.nan], "nan"), (np.zeros(0, bool), "an empty bool array"),
    (np.array([1, None], object), "None"),
])
def test_non_integer_arrays_are_refused(values, message):
    with pytest.raises(TypeError) as info:
        checked_codes(values, E4M3FN, "a")
    assert str(info.value) == RULE + message


def test_every_code_and_an_empty_list_are_accepted():
    codes = E4M3FN.all_codes()
    for values in (codes, codes.astype(np.int64), codes.astype(np.uint64), codes.tolist()):
        assert np.array_equal(checked_codes(values, E4M3FN, "a"), codes)
    assert checked_codes([], E4M3FN, "a").size == 0
    fp16 = PRESETS["fp16"]
    assert checked_codes(np.array([0, 0xFFFF], np.int32), fp16, "b").max() == 0xFFFF
    with pytest.raises(ValueError, match=r"^b codes must be integers in 0..65535 for fp16, "
                                         r"not 65536$"):
        checked_codes([65536], fp16, "b")


def test_the_models_check_both_operands():
    with pytest.raises(ValueError, match=r"^a codes must be integers in 0..255 for e4m3fn, "
                                         r"not 256$"):
        lmul([256], [0x38], "e4m3fn")
    with pytest.raises(ValueError, match=r"^b codes must be integers in 0..255 for e4m3fn, "
                                         r"not -1$"):
        lmul([0x38], [-1], "e4m3fn")
    with pytest.raises(ValueError, match=r"^a codes must be integers in 0..255 for e4m3fn, "
                                         r"not 300$"):
        fpmul([300], [0x38], "e4m3fn")
    with pytest.raises(TypeError, match=r"^b codes must be integers in 0..255 for e4m3fn, "
                                        r"not 1.5$"):
        fpmul([0x38], [1.5], "e4m3fn")
    params = DotParams("e4m3fn", lanes=2)
    with pytest.raises(ValueError, match=r"^a codes must be integers in 0..255 for e4m3fn, "
                                         r"not 256$"):
        dot_product([[[0x38, 256]]], [[0x38, 0x38]], [True], params)
    with pytest.raises(TypeError, match=r"^b codes must be integers in 0..255 for e4m3fn, "
                                        r"not 0.5$"):
        dot_product([[[0x38, 0x38]]], [[0x38, 0.5]], [True], params)
