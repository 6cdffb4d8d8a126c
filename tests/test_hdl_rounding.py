# amaranth: UnusedElaboratable=no
"""The one rounder, on every raw magnitude of a small width."""

import itertools

import pytest
from amaranth.hdl import Module, Signal

from lmul.hdl.rounding import round_magnitude

from utils import evaluate_combinational


def _model(raw, round_bit, sticky, rounding):
    # Round to nearest, ties to even (the raw value's LSB), or toward zero.
    if rounding == "truncate":
        return raw
    return raw + (round_bit and (sticky or raw & 1))


@pytest.mark.parametrize("rounding", ["rne", "truncate"])
def test_rounds_every_raw_magnitude(rounding):
    man_bits, exp_bits = 3, 3
    m = Module()
    exponent, mantissa = Signal(exp_bits), Signal(man_bits)
    round_bit, sticky, hidden = Signal(), Signal(), Signal()
    rounded = round_magnitude(m, exponent, mantissa, round_bit, sticky, rounding, hidden=hidden)
    plain = round_magnitude(m, exponent, mantissa, round_bit, sticky, rounding)
    assert len(rounded) == man_bits + exp_bits + 1
    cases = list(itertools.product(range(1 << exp_bits), range(1 << man_bits), (0, 1), (0, 1),
                                   (0, 1)))
    results = evaluate_combinational(m, (exponent, mantissa, round_bit, sticky, hidden), cases,
                                     (rounded, plain))
    got, got_plain = [r for r, _ in results], [p for _, p in results]
    assert got == [_model((exp + h) << man_bits | man, r, s, rounding)
                   for exp, man, r, s, h in cases]
    assert got_plain == [_model(exp << man_bits | man, r, s, rounding)
                         for exp, man, r, s, h in cases]
    # The carry out of an all-ones mantissa moves into the exponent (and past it).
    if rounding == "rne":
        assert got[cases.index((7, 7, 1, 0, 0))] == 8 << man_bits
        assert got[cases.index((7, 7, 1, 0, 1))] == 9 << man_bits


@pytest.mark.parametrize("rounding", ["rne", "truncate"])
def test_adds_an_exponent_carry_that_never_meets_the_mantissa_carry(rounding):
    # ``carry`` adds one to the exponent; the caller never sets it where the mantissa rounds up
    # past all ones (there the sum would need two increments), so those cases are left out.
    man_bits, exp_bits = 3, 3
    m = Module()
    exponent, mantissa = Signal(exp_bits), Signal(man_bits)
    round_bit, sticky, carry = Signal(), Signal(), Signal()
    rounded = round_magnitude(m, exponent, mantissa, round_bit, sticky, rounding, carry=carry)
    assert len(rounded) == man_bits + exp_bits + 1
    cases = [(exp, man, r, s, c) for exp, man, r, s, c in itertools.product(
                 range(1 << exp_bits), range(1 << man_bits), (0, 1), (0, 1), (0, 1))
             if not (c and _model(man, r, s, rounding) >> man_bits)]
    got = [r for (r,) in evaluate_combinational(
        m, (exponent, mantissa, round_bit, sticky, carry), cases, (rounded,))]
    assert got == [_model((exp + c) << man_bits | man, r, s, rounding)
                   for exp, man, r, s, c in cases]
    assert got[cases.index((7, 3, 0, 0, 1))] == 8 << man_bits | 3
    if rounding == "rne":
        assert got[cases.index((7, 7, 1, 1, 0))] == 8 << man_bits


def test_rejects_a_carry_with_a_hidden_bit():
    with pytest.raises(ValueError,
                       match="round_magnitude takes a hidden bit or an exponent carry, not both"):
        round_magnitude(Module(), Signal(2), Signal(2), Signal(), Signal(), "rne",
                        hidden=Signal(), carry=Signal())


def test_rejects_an_unknown_mode():
    with pytest.raises(ValueError,
                       match="rounding mode must be one of 'rne', 'truncate', not 'up'"):
        round_magnitude(Module(), Signal(2), Signal(2), Signal(), Signal(), "up")
