"""Value-level L-Mul reference, in exact rational arithmetic.

An independent formulation of the spec implemented by :func:`lmul.golden.lmul.lmul`: instead of
adding bit patterns it adds Mitchell's piecewise-linear base-2 logarithms of the operand values
and the offset, and takes the piecewise-linear antilogarithm. One pair at a time; slow, for
checking only.
"""

from fractions import Fraction
import math

from ..lmul_params import LMulParams
from .rational import decode_exact, encode_exact, mitchell_exp2, mitchell_log2

__all__ = ["lmul_value"]


def lmul_value(a, b, fmt, *, offset=None, overflow="saturate"):
    """L-Mul product code of the codes ``a`` and ``b`` (Python ints), from their values."""
    params = LMulParams(fmt, offset, overflow)
    fmt = params.fmt
    sign_a, x = decode_exact(a, fmt)
    sign_b, y = decode_exact(b, fmt)
    sign = sign_a ^ sign_b
    min_normal = Fraction(2) ** (1 - fmt.bias)
    # Denormals are zero.
    x = 0 if x is not None and x < min_normal else x
    y = 0 if y is not None and y < min_normal else y

    if x is None or y is None or {x, y} == {0, math.inf}:
        return fmt.nan_code
    if math.inf in (x, y):
        return encode_exact(sign, math.inf, fmt)
    if x == 0 or y == 0:
        return encode_exact(sign, 0, fmt)

    log = mitchell_log2(x) + mitchell_log2(y) + Fraction(params.offset, 1 << fmt.man_bits)
    product = mitchell_exp2(log)
    if product < min_normal:
        return encode_exact(sign, 0, fmt)
    _, max_finite = decode_exact(fmt.max_finite_mag, fmt)
    if product > max_finite:
        return encode_exact(sign, math.inf if params.overflow == "inf" else max_finite, fmt)
    return encode_exact(sign, product, fmt)
