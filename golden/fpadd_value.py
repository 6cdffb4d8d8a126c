"""Value-level reference of the floating-point adder, in exact rational arithmetic.

An independent formulation of the spec implemented by :func:`lmul.golden.fpadd.fpadd`: instead
of aligning integer significands with guard and sticky bits it adds the operand values exactly
as :class:`~fractions.Fraction` s and rounds the sum with
:func:`lmul.golden.rational.round_in_mode`. One pair at a time; slow, for checking only.
"""

import math
from fractions import Fraction

from ..fpadd_params import FPAddParams
from .rational import decode_exact, encode_exact, round_in_mode

__all__ = ["fpadd_value"]


def fpadd_value(a, b, fmt, *, subnormals="ieee", overflow="ieee", rounding="rne"):
    """Correctly rounded sum code of the codes ``a`` and ``b`` (Python ints), from their values.

    Parameters and results as for :func:`lmul.golden.fpadd.fpadd`, for one pair.
    """
    params = FPAddParams(fmt, subnormals, overflow, rounding)
    fmt = params.fmt
    sign_a, x = decode_exact(a, fmt)
    sign_b, y = decode_exact(b, fmt)
    if params.flush_subnormals:
        min_normal = Fraction(2) ** (1 - fmt.bias)
        x = 0 if x is not None and x < min_normal else x
        y = 0 if y is not None and y < min_normal else y

    if x is None or y is None or (x == y == math.inf and sign_a != sign_b):
        return fmt.nan_code
    if x == math.inf:
        return encode_exact(sign_a, math.inf, fmt)
    if y == math.inf:
        return encode_exact(sign_b, math.inf, fmt)
    total = (-x if sign_a else x) + (-y if sign_b else y)
    if total == 0:
        # -0 + -0 is -0; every other exact zero (+0 + -0, x - x) is +0.
        return encode_exact(sign_a & sign_b, 0, fmt)
    return round_in_mode(int(total < 0), abs(total), params)
