"""Value-level reference of the conventional floating-point multiplier, in exact rational
arithmetic.

An independent formulation of the spec implemented by :func:`lmul.golden.fpmul.fpmul`: instead
of shifting an integer significand product it multiplies the operand values exactly, divides by
the quantum (the value of one unit in the last place) of the result's binade and rounds that
quotient as a rational number (:func:`lmul.golden.rational.round_in_mode`). One pair at a time;
slow, for checking only.
"""

from fractions import Fraction
import math

from ..fpmul_params import FPMulParams
from .rational import decode_exact, encode_exact, round_in_mode

__all__ = ["fpmul_value"]


def fpmul_value(a, b, fmt, *, subnormals="ieee", overflow="ieee", rounding="rne"):
    """Correctly rounded product code of the codes ``a`` and ``b`` (Python ints), from their
    values.

    Parameters and results as for :func:`lmul.golden.fpmul.fpmul`, for one pair.
    """
    params = FPMulParams(fmt, subnormals, overflow, rounding)
    fmt = params.fmt
    sign_a, x = decode_exact(a, fmt)
    sign_b, y = decode_exact(b, fmt)
    sign = sign_a ^ sign_b
    min_normal = Fraction(2) ** (1 - fmt.bias)
    if params.flush_subnormals:
        x = 0 if x is not None and x < min_normal else x
        y = 0 if y is not None and y < min_normal else y

    if x is None or y is None or {x, y} == {0, math.inf}:
        return fmt.nan_code
    if math.inf in (x, y):
        return encode_exact(sign, math.inf, fmt)
    product = x * y
    if product == 0:
        return encode_exact(sign, 0, fmt)
    return round_in_mode(sign, product, params)
