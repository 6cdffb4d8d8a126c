"""Value-level references of the dot-product tile's ``float`` and ``aligned`` accumulators, in
exact rational arithmetic.

Independent formulations of :mod:`lmul.golden.float_accumulation` and
:mod:`lmul.golden.aligned_accumulation` (the rules of :class:`~lmul.dot_params.DotParams`): the
products are the exact :class:`~fractions.Fraction` values of
:func:`lmul.golden.dot_product_value.product_value` (or the units' value-level references), the
roundings are :func:`lmul.golden.rational.round_in_mode` and the additions
:func:`lmul.golden.fpadd_value.fpadd_value`. One product at a time; slow, for checking only.
"""

import math
from fractions import Fraction

from ..rounded_params import RoundedUnitParams
from .fpadd_value import fpadd_value
from .fpmul_value import fpmul_value
from .lmul_value import lmul_value
from .rational import decode_exact, encode_exact, floor_log2, round_in_mode

__all__ = ["product_code_value", "float_row_value", "aligned_row_value"]


def product_code_value(a, b, params):
    """The ``float`` accumulator's ``out_fmt`` code of the product of the codes ``a``, ``b``."""
    from .dot_product_value import product_value

    fmt, out_fmt = params.fmt, params.out_fmt
    if out_fmt == fmt:
        if params.multiplier == "exact":
            return fpmul_value(a, b, fmt)
        return lmul_value(a, b, fmt, offset=params.offset, overflow="inf")
    kind, sign, magnitude = product_value(a, b, params)
    if kind == "nan":
        return out_fmt.nan_code
    if kind == "inf":
        return encode_exact(sign, math.inf, out_fmt)
    return round_in_mode(sign, magnitude, RoundedUnitParams(out_fmt))


def float_row_value(beats, params):
    """Result code of one row of one packet (``beats``: each beat's ``(a, b)`` pairs, one per
    lane) under the ``float`` accumulator."""
    out_fmt = params.out_fmt
    running = 0  # +0
    for pairs in beats:
        level = [product_code_value(a, b, params) for a, b in pairs]
        while len(level) > 1:
            level = [fpadd_value(level[i], level[i + 1], out_fmt) if i + 1 < len(level)
                     else level[i] for i in range(0, len(level), 2)]
        running = fpadd_value(running, level[0], out_fmt)
    return running


def aligned_row_value(beats, params):
    """Result code of one row of one packet under the ``aligned`` accumulator."""
    from .dot_product_value import product_value

    out_fmt = params.out_fmt
    running = 0  # +0
    for pairs in beats:
        sign, magnitude = decode_exact(running, out_fmt)
        terms = [("nan", 0, None) if magnitude is None
                 else ("inf", sign, None) if magnitude == math.inf
                 else ("finite", sign, magnitude)]
        terms += [product_value(a, b, params) for a, b in pairs]
        infinite_signs = {sign for kind, sign, _ in terms if kind == "inf"}
        if any(kind == "nan" for kind, _, _ in terms) or len(infinite_signs) == 2:
            running = out_fmt.nan_code
            continue
        if infinite_signs:
            running = encode_exact(infinite_signs.pop(), math.inf, out_fmt)
            continue
        nonzero = [magnitude for _, _, magnitude in terms if magnitude != 0]
        if not nonzero:
            running = 0
            continue
        unit = Fraction(2) ** (max(map(floor_log2, nonzero)) - params.fraction_bits)
        total = sum((-1 if sign else 1) * math.floor(magnitude / unit) * unit
                    for _, sign, magnitude in terms)
        running = (0 if total == 0 else
                   round_in_mode(int(total < 0), abs(total), RoundedUnitParams(out_fmt)))
    return running
