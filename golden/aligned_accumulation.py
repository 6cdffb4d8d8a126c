"""Golden model of the dot-product tile's ``aligned`` accumulator (the tensor-core style): per
beat, the products and the running sum truncated to ``F`` fraction bits below the largest
exponent among them, added exactly as integers and rounded into the output format (the rules of
:class:`lmul.dot_params.DotParams`)."""

import numpy as np

from ..rounded_params import RoundedUnitParams
from .packets import fold_packets
from .rounding import round_magnitude, work_dtype
from .significands import bit_length_function, significand_and_exponent

__all__ = ["aligned_accumulation"]

# Below every exponent a term can have: the exponent of a zero term, which never is the largest.
_NO_EXPONENT = np.iinfo(np.int64).min // 4


def _leading_exponents(significand, exponent, bit_length):
    """``floor(log2(significand * 2**exponent))``, or :data:`_NO_EXPONENT` for a zero."""
    length = bit_length(significand, np.int64)
    return np.where(significand != 0, exponent + length - 1, _NO_EXPONENT)


def _truncated(significand, exponent, unit):
    """``trunc(significand * 2**exponent / 2**unit)`` for terms below ``2**(unit + 63)``."""
    shift = exponent - unit
    left = np.clip(shift, 0, 62)
    right = np.clip(-shift, 0, 63)
    return (significand << left) >> right


def aligned_accumulation(a, b, starts, ends, params):
    """Result codes (packets, rows) of the packets ``[starts[k], ends[k])`` of the beats
    ``a`` (beats, rows, lanes) and ``b`` (beats, lanes)."""
    from .dot_product import INF, NAN, product_terms

    out_fmt, fraction_bits = params.out_fmt, params.fraction_bits
    rounding = RoundedUnitParams(out_fmt)
    kind, sign, significand, exponent = product_terms(a, b[:, None, :], params)
    product_bit_length = bit_length_function(params.significand_bits)
    leading = _leading_exponents(significand, exponent, product_bit_length)
    inf = kind == INF
    flags = np.stack([(kind == NAN).any(axis=2), (inf & (sign == 0)).any(axis=2),
                      (inf & (sign == 1)).any(axis=2)], axis=-1)
    values = np.where(sign == 1, -1, 1)  # the products' signs, applied after truncation

    # Terms of a beat: at most lanes + 1 below 2**(F + 1) each.
    sum_bits = fraction_bits + 1 + (params.lanes + 1).bit_length()
    work = work_dtype(out_fmt, sum_bits)
    sum_bit_length = bit_length_function(sum_bits)
    running_bit_length = bit_length_function(out_fmt.man_bits + 1)

    def step(running, leading, significand, exponent, values, flags):
        # The running sum (rows) as a term: significand * 2**exponent, or NaN or inf.
        running_sig, running_exp = significand_and_exponent(running, rounding, np.int64)
        running_exp = running_exp - out_fmt.bias - out_fmt.man_bits
        mag = running & out_fmt.mag_mask
        running_special = mag >= out_fmt.inf_mag
        running_sig = np.where(running_special, 0, running_sig)
        running_sign = running >> out_fmt.mag_bits
        running_lead = _leading_exponents(running_sig, running_exp, running_bit_length)

        largest = np.maximum(leading.max(axis=-1), running_lead)
        unit = np.where(largest == _NO_EXPONENT, 0, largest - fraction_bits)
        total = (values * _truncated(significand, exponent, unit[..., None])).sum(axis=-1)
        running_term = _truncated(running_sig, running_exp, unit)
        total += np.where(running_sign == 1, -running_term, running_term)

        magnitude = np.abs(total).astype(work)
        length = sum_bit_length(magnitude, work)
        biased = (length.astype(np.int64) - 1 + unit + out_fmt.bias).astype(work)
        rounded, _ = round_magnitude(magnitude, length, biased, rounding, work, sum_bits)
        codes = ((total < 0).astype(np.int64) << out_fmt.mag_bits) | rounded.astype(np.int64)

        nan = flags[..., 0] | (mag > out_fmt.inf_mag)
        pos_inf = flags[..., 1] | (running_special & ~nan & (running_sign == 0))
        neg_inf = flags[..., 2] | (running_special & ~nan & (running_sign == 1))
        codes = np.where(pos_inf, out_fmt.inf_mag, codes)
        codes = np.where(neg_inf, out_fmt.sign_mask | out_fmt.inf_mag, codes)
        return np.where(nan | (pos_inf & neg_inf), out_fmt.nan_code, codes)

    initial = np.zeros((starts.size, params.rows), dtype=np.int64)  # +0
    return fold_packets(step, initial, starts, ends, leading, significand, exponent, values,
                        flags)
