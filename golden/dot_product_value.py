"""Value-level reference of the dot-product tile, in exact rational arithmetic.

An independent formulation of the spec implemented by :func:`lmul.golden.dot_product.dot_product`
(and documented by :class:`~lmul.dot_params.DotParams`): instead of aligning integer product
terms into limbs it decodes every operand to its exact value, forms each product as a Fraction
(the exact product, or Mitchell's logarithms of the values plus the offset for L-Mul, with an
unbounded exponent), applies the window's rules to one product at a time and rounds the exact
running sum once. One product at a time; slow, for checking only.
"""

import math
from fractions import Fraction

import numpy as np

from ..rounded_params import RoundedUnitParams
from .accumulator_value import aligned_row_value, float_row_value
from .rational import decode_exact, mitchell_exp2, mitchell_log2, round_in_mode

__all__ = ["product_value", "row_value", "dot_product_value"]


def product_value(a, b, params):
    """The tile's product of the codes ``a`` and ``b`` (Python ints) under ``params``
    (a :class:`~lmul.dot_params.DotParams`).

    Returns
    -------
    tuple
        ``("nan", 0, None)``, ``("inf", sign, None)`` or ``("finite", sign, magnitude)`` with
        ``magnitude`` a :class:`~fractions.Fraction`.
    """
    fmt = params.fmt
    sign_a, x = decode_exact(a, fmt)
    sign_b, y = decode_exact(b, fmt)
    sign = sign_a ^ sign_b
    if params.multiplier == "lmul":
        # Denormals are zero.
        min_normal = Fraction(2) ** (1 - fmt.bias)
        x = 0 if x is not None and x < min_normal else x
        y = 0 if y is not None and y < min_normal else y
    if x is None or y is None or {x, y} == {0, math.inf}:
        return "nan", 0, None
    if math.inf in (x, y):
        return "inf", sign, None
    if x == 0 or y == 0:
        return "finite", sign, Fraction(0)
    if params.multiplier == "exact":
        return "finite", sign, x * y
    offset = Fraction(params.offset, 1 << fmt.man_bits)
    return "finite", sign, mitchell_exp2(mitchell_log2(x) + mitchell_log2(y) + offset)


def row_value(beats, params, events=None):
    """Result code (in ``params.out_fmt``) of one row of one packet, under the accumulator of
    ``params`` (``float`` and ``aligned``: :mod:`lmul.golden.accumulator_value`).

    Parameters
    ----------
    beats : list of list of (int, int)
        The packet's beats, each the row's ``(a, b)`` code pairs, one per lane.
    params : DotParams
    events : collections.Counter, optional
        Counts what the window did: ``truncated`` products (bits below the LSB dropped),
        rows with ``clipped`` products (``|p| >= 2**msb``) and rows whose running sum
        ``overflow``-ed the window (``window`` accumulator only).
    """
    if params.accumulator == "float":
        return float_row_value(beats, params)
    if params.accumulator == "aligned":
        return aligned_row_value(beats, params)
    out_fmt = params.out_fmt
    unit, top = Fraction(2) ** params.lsb, Fraction(2) ** params.msb
    nan = pos_inf = neg_inf = pos_clip = neg_clip = False
    running = Fraction(0)
    overflow_sign = None
    for pairs in beats:
        for a, b in pairs:
            kind, sign, magnitude = product_value(a, b, params)
            nan |= kind == "nan"
            pos_inf |= kind == "inf" and sign == 0
            neg_inf |= kind == "inf" and sign == 1
            if kind != "finite":
                continue
            if magnitude >= top:
                pos_clip |= sign == 0
                neg_clip |= sign == 1
                continue
            kept = math.floor(magnitude / unit) * unit
            if events is not None and kept != magnitude:
                events["truncated"] += 1
            running += -kept if sign else kept
        # The window is checked after each beat: the first excursion decides the sign.
        if overflow_sign is None and not -top <= running <= top - unit:
            overflow_sign = int(running < 0)
    if events is not None:
        events["clipped"] += pos_clip or neg_clip
        events["overflow"] += overflow_sign is not None
    negative_inf = out_fmt.sign_mask | out_fmt.inf_mag
    if nan or (pos_inf and neg_inf):
        return out_fmt.nan_code
    if pos_inf or neg_inf:
        return negative_inf if neg_inf else out_fmt.inf_mag
    if pos_clip and neg_clip:
        return out_fmt.nan_code
    if pos_clip or neg_clip:
        return negative_inf if neg_clip else out_fmt.inf_mag
    if overflow_sign is not None:
        return negative_inf if overflow_sign else out_fmt.inf_mag
    # Rounded once, to nearest even with gradual underflow (the modes' defaults).
    return round_in_mode(int(running < 0), abs(running), RoundedUnitParams(out_fmt))


def dot_product_value(a, b, last, params, events=None):
    """Result codes of the packets of a beat stream, as :func:`lmul.golden.dot_product.
    dot_product` takes and returns them: ``a`` of shape (beats, rows, lanes), ``b`` of shape
    (beats, lanes), ``last`` (beats,) marking each packet's final beat; returns an int64 array
    of shape (finished packets, rows). ``events`` as for :func:`row_value`."""
    a, b, last = np.asarray(a), np.asarray(b), np.asarray(last)
    results, packet = [], []
    for beat in range(last.size):
        packet.append(beat)
        if last[beat]:
            results.append([
                row_value([list(zip(a[k, row].tolist(), b[k].tolist())) for k in packet],
                          params, events)
                for row in range(params.rows)])
            packet = []
    return np.array(results, dtype=np.int64).reshape(-1, params.rows)
