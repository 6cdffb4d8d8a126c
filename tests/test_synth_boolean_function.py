import itertools

import numpy as np
import pytest

from lmul.synth.boolean_function import BooleanFunction, BooleanFunctionError


def truth_table(function):
    rows = list(itertools.product([False, True], repeat=len(function.inputs)))
    columns = {name: np.array([row[i] for row in rows]) for i, name in
               enumerate(function.inputs)}
    return [bool(value) for value in np.broadcast_to(function.evaluate(columns), (len(rows),))]


@pytest.mark.parametrize("text, expected", [
    ("(A B)", [False, False, False, True]),             # juxtaposition is AND
    ("(!(A B))", [True, True, True, False]),
    ("(A+B)", [False, True, True, True]),
    ("A|B", [False, True, True, True]),
    ("A&B", [False, False, False, True]),
    ("A*B'", [False, False, True, False]),              # postfix not
    ("(A^B)", [False, True, True, False]),
    ("(!(A^B))", [True, False, False, True]),
])
def test_two_input_functions(text, expected):
    assert truth_table(BooleanFunction(text)) == expected


def test_osu018_cells():
    aoi = BooleanFunction("(!((A B)+C))")
    assert aoi.inputs == ("A", "B", "C")
    mux = BooleanFunction("(!((S A) + (!S B)))")
    values = {"S": np.array([True, False]), "A": np.array([True, True]),
              "B": np.array([False, False])}
    assert list(mux.evaluate(values)) == [False, True]
    carry = BooleanFunction("(((A B)+(B C))+(C A))")
    assert truth_table(carry) == [False, False, False, True, False, True, True, True]


def test_precedence():
    # xor binds tighter than and, and tighter than or
    function = BooleanFunction("A + B C ^ D")
    assert function.inputs == ("A", "B", "C", "D")
    assert truth_table(function) == [a or (b and c != d) for a, b, c, d in
                                     itertools.product([False, True], repeat=4)]


def test_constants():
    assert BooleanFunction("1").evaluate({}) == np.bool_(True)
    # Constants are folded: "A 0" reads no pin.
    assert BooleanFunction("A 0").inputs == ()
    assert BooleanFunction("A 0").evaluate({}) == np.bool_(False)
    assert truth_table(BooleanFunction("A + 0")) == [False, True]


@pytest.mark.parametrize("text, message", [
    ("(A B", "boolean function is malformed at column 4: '(A B'"),
    ("A +", "boolean function is malformed at column 3: 'A +'"),
    ("A # B", "boolean function is malformed at column 3: 'A # B'"),
    ("", "boolean function must not be empty, not ''"),
    (" ", "boolean function must not be empty, not ' '"),
    (7, "boolean function must be a string, not 7"),
])
def test_malformed(text, message):
    with pytest.raises(BooleanFunctionError) as error:
        BooleanFunction(text)
    assert str(error.value) == message
