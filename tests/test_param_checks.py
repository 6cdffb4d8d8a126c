"""The shared parameter checks: TypeError for a wrong type, ValueError for a wrong value."""

import numpy as np
import pytest

from lmul.param_checks import check_choice, check_integer


def test_integers_in_range_come_back_as_int():
    for value in (3, np.int8(3), np.uint64(3)):
        result = check_integer(value, "width", 1, 8)
        assert result == 3 and type(result) is int
    assert check_integer(10 ** 30, "offset", 0) == 10 ** 30


@pytest.mark.parametrize("value, error, message", [
    (0, ValueError, "width must be an integer in 1..8, not 0"),
    (9, ValueError, "width must be an integer in 1..8, not 9"),
    (np.int64(9), ValueError, "width must be an integer in 1..8, not np.int64(9)"),
    (3.0, TypeError, "width must be an integer in 1..8, not 3.0"),
    ("3", TypeError, "width must be an integer in 1..8, not '3'"),
    (False, TypeError, "width must be an integer in 1..8, not False"),
    (None, TypeError, "width must be an integer in 1..8, not None"),
])
def test_integer_errors(value, error, message):
    with pytest.raises(error) as info:
        check_integer(value, "width", 1, 8)
    assert str(info.value) == message


def test_integer_without_upper_bound():
    with pytest.raises(ValueError, match=r"^offset must be an integer >= 0, not -1$"):
        check_integer(-1, "offset", 0)


def test_choices():
    assert check_choice("rne", "rounding mode", ("rne", "truncate")) == "rne"
    with pytest.raises(ValueError, match=r"^rounding mode must be one of 'rne', 'truncate', "
                                         r"not 'RNE'$"):
        check_choice("RNE", "rounding mode", ("rne", "truncate"))
    with pytest.raises(TypeError, match=r"^rounding mode must be one of 'rne', 'truncate', "
                                        r"not 0$"):
        check_choice(0, "rounding mode", ("rne", "truncate"))
