"""The dot-product tile's value-level reference on hand-computed cases: its products, the
window's rules, the one rounding and the packets. (The vectorised golden model is checked
against it in ``test_golden_dot_product.py``.)"""

from collections import Counter
from fractions import Fraction

import numpy as np

from lmul.dot_params import DotParams
from lmul.format import Format
from lmul.golden.dot_product_value import dot_product_value, product_value, row_value
from lmul.golden.rational import encode_exact, mitchell_exp2, mitchell_log2

E4M3FN, E4M3, FP32 = Format.parse("e4m3fn"), Format.parse("e4m3"), Format.parse("fp32")


def _code(value, fmt=E4M3FN):
    fraction = Fraction(value)
    return encode_exact(int(fraction < 0), abs(fraction), fmt)


def test_mitchell_logarithms():
    assert mitchell_log2(Fraction(3)) == Fraction(3, 2)         # 2**1 * (1 + 1/2)
    assert mitchell_log2(Fraction(3, 8)) == Fraction(-3, 2)     # 2**-2 * (1 + 1/2)
    assert mitchell_exp2(Fraction(3, 2)) == 3
    assert mitchell_exp2(Fraction(-1, 4)) == Fraction(7, 8)     # 2**-1 * (1 + 3/4)


def test_products():
    lmul, exact = DotParams(E4M3FN), DotParams(E4M3FN, multiplier="exact")
    one_and_half, subnormal, inf_like = _code(1.5), 1, 0x7F  # e4m3fn: 0x7F is NaN
    # L-Mul: log 0.5 + 0.5 + offset 1/8 = 1.125, so 2 * 1.125 (the unit's 0x3C * 0x3C = 0x41).
    assert product_value(one_and_half, one_and_half, lmul) == ("finite", 0, Fraction(9, 4))
    assert product_value(one_and_half, one_and_half | 0x80, exact) == ("finite", 1,
                                                                        Fraction(9, 4))
    # Subnormals are zero for L-Mul, exact for the exact products.
    assert product_value(subnormal, _code(2), lmul) == ("finite", 0, 0)
    assert product_value(subnormal, _code(2), exact) == ("finite", 0, Fraction(1, 256))
    assert product_value(inf_like, _code(1), exact) == ("nan", 0, None)
    inf, e4m3_subnormal = E4M3.inf_mag, 1
    assert product_value(inf, e4m3_subnormal, DotParams(E4M3)) == ("nan", 0, None)
    assert product_value(inf, e4m3_subnormal | 0x80, DotParams(E4M3, multiplier="exact")) == \
        ("inf", 1, None)


def test_window_rules():
    # The window holds multiples of 2**-2 in [-16, 16 - 1/4].
    params = DotParams(E4M3FN, lanes=2, multiplier="exact", window=(-2, 4))
    one, pos_inf, neg_inf = _code(1), FP32.inf_mag, FP32.sign_mask | FP32.inf_mag
    events = Counter()
    # 1.375 * 1 loses its 1/8; -0.125 becomes 0 (truncation toward zero).
    assert row_value([[(_code(1.375), one), (_code(-0.125), one)]], params, events) == \
        _code(1.25, FP32)
    assert events == Counter(truncated=2, clipped=0, overflow=0)
    events = Counter()
    # 16 does not fit: a clipped product gives inf of its sign; both signs give NaN.
    assert row_value([[(_code(16), one), (one, one)]], params, events) == pos_inf
    assert row_value([[(_code(-16), one), (_code(16), one)]], params) == FP32.nan_code
    assert events["clipped"] == 1
    # 8 + 8 = 16 leaves the window after the beat, for good, with the sign of that excursion.
    events = Counter()
    assert row_value([[(_code(8), one), (_code(8), one)], [(_code(-8), one), (one, one)]],
                     params, events) == pos_inf
    assert events["overflow"] == 1
    assert row_value([[(_code(-8), one), (_code(-8), one)]], params) == _code(-16, FP32)
    assert row_value([[(_code(-8), one), (_code(-9), one)]], params) == neg_inf


def test_packets():
    params = DotParams(E4M3FN, lanes=1, rows=2, multiplier="exact")
    one, two = _code(1), _code(2)
    a = np.array([[[one], [two]], [[two], [two]], [[one], [one]]])
    b = np.array([[one], [one], [two]])
    got = dot_product_value(a, b, [False, True, False], params)
    # One finished packet (the third beat has no last): rows 1 + 2 and 2 + 2.
    assert got.tolist() == [[_code(3, FP32), _code(4, FP32)]]
    assert dot_product_value(a[:1], b[:1], [False], params).shape == (0, 2)
