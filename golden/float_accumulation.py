"""Golden model of the dot-product tile's ``float`` accumulator: each product rounded into the
output format, a balanced tree of floating-point adders per beat, a running floating-point sum
per packet (the rules of :class:`lmul.dot_params.DotParams`)."""

import numpy as np

from ..rounded_params import RoundedUnitParams
from .fpadd import fpadd
from .fpmul import fpmul
from .lmul import lmul
from .packets import fold_packets
from .rounding import round_magnitude, work_dtype
from .significands import bit_length_function

__all__ = ["product_codes", "lane_tree_sum", "float_accumulation"]


def product_codes(a, b, params):
    """``out_fmt`` codes of the products of the code arrays ``a`` and ``b`` (broadcast): the
    units' own results when ``out_fmt`` is ``fmt`` (:func:`~lmul.golden.fpmul.fpmul`, or
    :func:`~lmul.golden.lmul.lmul` with ``overflow="inf"``), else the tile's products
    (:func:`lmul.golden.dot_product.product_terms`) rounded to nearest even into ``out_fmt``."""
    from .dot_product import FINITE, NAN, product_terms

    fmt, out_fmt = params.fmt, params.out_fmt
    if out_fmt == fmt:
        if params.multiplier == "exact":
            return fpmul(a, b, fmt).astype(np.int64)
        return lmul(a, b, fmt, offset=params.offset, overflow="inf").astype(np.int64)
    kind, sign, significand, exponent = product_terms(a, b, params)
    sig_bits = params.significand_bits
    work = work_dtype(out_fmt, sig_bits)
    length = bit_length_function(sig_bits)(significand, np.int64)
    # Biased exponent of the leading one.
    leading = exponent + length - 1 + out_fmt.bias
    mag, _ = round_magnitude(significand.astype(work), length.astype(work),
                             leading.astype(work), RoundedUnitParams(out_fmt), work, sig_bits)
    codes = (sign << out_fmt.mag_bits) | mag.astype(np.int64)
    codes = np.where(kind == FINITE, codes, (sign << out_fmt.mag_bits) | out_fmt.inf_mag)
    return np.where(kind == NAN, out_fmt.nan_code, codes)


def lane_tree_sum(codes, out_fmt):
    """Sum of ``codes`` over their last axis by the balanced adder tree of the ``float``
    accumulator: pairs ``(0, 1), (2, 3), ...`` at each level, the left one first, an odd one out
    passed on."""
    sums = [codes[..., lane] for lane in range(codes.shape[-1])]
    while len(sums) > 1:
        sums = [fpadd(sums[index], sums[index + 1], out_fmt).astype(np.int64)
                if index + 1 < len(sums) else sums[index] for index in range(0, len(sums), 2)]
    return sums[0]


def float_accumulation(a, b, starts, ends, params):
    """Result codes (packets, rows) of the packets ``[starts[k], ends[k])`` of the beats
    ``a`` (beats, rows, lanes) and ``b`` (beats, lanes)."""
    out_fmt = params.out_fmt
    beat_sums = lane_tree_sum(product_codes(a, b[:, None, :], params), out_fmt)
    initial = np.zeros((starts.size, params.rows), dtype=np.int64)  # +0
    return fold_packets(lambda running, beat: fpadd(running, beat, out_fmt).astype(np.int64),
                        initial, starts, ends, beat_sums)
