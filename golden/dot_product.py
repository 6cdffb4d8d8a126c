"""Bit-exact golden model of the dot-product tile, in exact integer arithmetic.

The products are decoded and aligned with vectorised NumPy integer operations; each beat's sum
of window terms, which can be far wider than 64 bits, is assembled from int64 limbs into a Python
integer, and the packets' running sums are Python integers, so every sum is exact.
"""

import numpy as np

from ..dot_params import DotParams
from .codes import checked_codes

__all__ = ["dot_product", "product_terms", "round_window", "FINITE", "NAN", "INF"]

#: Product kinds returned by :func:`product_terms`.
FINITE, NAN, INF = 0, 1, 2

#: What a row's beat can hold besides its window terms: a NaN product, infinite products,
#: clipped products (finite, ``|p| >= 2**msb``) of either sign.
_FLAGS = ("nan", "pos_inf", "neg_inf", "pos_clip", "neg_clip")

_BLOCK = 1 << 15


def product_terms(a, b, params):
    """Decode the products of code arrays ``a`` and ``b`` (broadcast against each other).

    Returns
    -------
    kind, sign, significand, exponent : numpy.ndarray
        int64 arrays: ``kind`` is :data:`FINITE`, :data:`NAN` or :data:`INF`; a finite product
        is ``(-1)**sign * significand * 2**exponent`` (``significand`` 0 for a zero product);
        an infinite one is ``(-1)**sign`` inf.
    """
    fmt = params.fmt
    a, b = np.broadcast_arrays(np.asarray(a).astype(np.int64), np.asarray(b).astype(np.int64))
    sign = ((a ^ b) >> fmt.mag_bits) & 1
    mag_a, mag_b = a & fmt.mag_mask, b & fmt.mag_mask
    exp_a, exp_b = mag_a >> fmt.man_bits, mag_b >> fmt.man_bits
    nan_a, nan_b = fmt.is_nan(a), fmt.is_nan(b)
    inf_a, inf_b = fmt.is_inf(a), fmt.is_inf(b)

    if params.multiplier == "lmul":
        # Denormals are zero; the magnitude sum keeps its carry into an unbounded exponent.
        zero_a, zero_b = exp_a == 0, exp_b == 0
        t = mag_a + mag_b + params.lmul_constant
        significand = (t & fmt.man_mask) | fmt.min_normal_mag
        exponent = (t >> fmt.man_bits) - (fmt.bias + fmt.man_bits)
    else:
        zero_a, zero_b = mag_a == 0, mag_b == 0
        sig_a = (mag_a & fmt.man_mask) | ((exp_a != 0) << fmt.man_bits)
        sig_b = (mag_b & fmt.man_mask) | ((exp_b != 0) << fmt.man_bits)
        significand = sig_a * sig_b
        exponent = np.maximum(exp_a, 1) + np.maximum(exp_b, 1) - 2 * (fmt.bias + fmt.man_bits)

    nan = nan_a | nan_b | (inf_a & zero_b) | (inf_b & zero_a)
    inf = (inf_a | inf_b) & ~nan
    zero = (zero_a | zero_b) & ~nan & ~inf
    kind = np.where(nan, NAN, np.where(inf, INF, FINITE))
    significand = np.where(zero | nan | inf, 0, significand)
    return kind, sign, significand, exponent


def round_window(value, lsb, out_fmt):
    """Code of ``value * 2**lsb`` (``value`` a Python int) rounded to nearest, ties to even,
    into ``out_fmt``: subnormals as IEEE 754, overflow to ±inf, zero to +0."""
    if value == 0:
        return 0
    sign = int(value < 0)
    magnitude = abs(value)
    man_bits = out_fmt.man_bits
    min_exp = 1 - out_fmt.bias
    # Exponent of the leading one, then of the result's binade (no finer than the subnormals').
    exp = max(magnitude.bit_length() - 1 + lsb, min_exp)
    drop = exp - man_bits - lsb
    if drop <= 0:
        significand = magnitude << -drop
    else:
        significand = magnitude >> drop
        remainder = magnitude - (significand << drop)
        half = 1 << (drop - 1)
        if remainder > half or (remainder == half and significand & 1):
            significand += 1
    # The hidden bit of a normal significand adds one to the exponent field, so a significand
    # that rounds up to 2**(M+1) carries into the exponent, and a subnormal one into the
    # smallest normal number.
    mag = ((exp + out_fmt.bias - 1) << man_bits) + significand
    if mag > out_fmt.max_finite_mag:
        mag = out_fmt.inf_mag
    return (sign << out_fmt.mag_bits) | mag


def _beat_terms(a, b, params):
    """Each beat's sum of window terms per row (object array of Python integers) and its
    flags (:data:`_FLAGS`, bool array with a last axis of flags)."""
    kind, sign, significand, exponent = product_terms(a, b[:, None, :], params)
    finite = kind == FINITE
    # Weight of the significand's LSB relative to the window's LSB.
    shift = exponent - params.lsb
    # A finite product is clipped if |p| >= 2**msb: its leading one is at or above the msb.
    top = np.frexp(significand.astype(np.float64))[1] + exponent  # 0 for a zero product
    clipped = finite & (significand != 0) & (top > params.msb)
    kept = finite & ~clipped
    # Truncation toward zero: the magnitude loses the bits below the LSB, then takes its sign.
    magnitude = np.where(kept, significand, 0) >> np.clip(-shift, 0, 63)
    values = np.where(sign == 1, -magnitude, magnitude)
    sums = _lane_sums(values, np.where(kept, np.maximum(shift, 0), 0))

    positive, negative = sign == 0, sign == 1
    inf = kind == INF
    flags = np.stack([(kind == NAN).any(axis=2),
                      (inf & positive).any(axis=2), (inf & negative).any(axis=2),
                      (clipped & positive).any(axis=2), (clipped & negative).any(axis=2)],
                     axis=-1)
    return sums, flags


def _lane_sums(values, shifts):
    """Exact ``sum(values << shifts)`` over the last axis, as Python integers (object array).

    ``values`` (int64) are split by their shifts into limbs of ``k`` bits, so that every partial
    sum stays exact in int64; only the per-beat sums become Python integers.
    """
    lanes = values.shape[-1]
    value_bits = int(np.abs(values).max(initial=0)).bit_length()
    limb_bits = 62 - value_bits - lanes.bit_length()
    if limb_bits < 1:
        half = lanes // 2
        return (_lane_sums(values[..., :half], shifts[..., :half])
                + _lane_sums(values[..., half:], shifts[..., half:]))
    limb, offset = np.divmod(shifts, limb_bits)
    shifted = values << offset
    total = np.zeros(values.shape[:-1], dtype=object)
    for index in range(int(limb.max(initial=0)) + 1):
        partial = np.where(limb == index, shifted, 0).sum(axis=-1)
        total = total + (partial.astype(object) << (index * limb_bits))
    return total


def _first_true(flags, starts, ends):
    """Index of the first True in each segment ``[starts[k], ends[k])`` of a 2-D ``flags``
    (segments along axis 0), or ``ends[k]`` where there is none."""
    index = np.where(flags, np.arange(flags.shape[0])[:, None], flags.shape[0])
    first = np.minimum.reduceat(index, starts, axis=0)
    return np.minimum(first, ends[:, None])


def dot_product(a, b, last, params):
    """Results of the packets of a beat stream, as the tile produces them.

    Parameters
    ----------
    a : array_like of int, shape (beats, rows, lanes)
        Codes ``a[beat][r][i]`` of :attr:`DotParams.fmt`.
    b : array_like of int, shape (beats, lanes)
        Codes ``b[beat][i]``, shared by the rows.
    last : array_like of bool, shape (beats,)
        Marks the last beat of each packet. Beats after the final ``last`` form an unfinished
        packet, which has no result (as in the tile, when a reset interrupts it).
    params : DotParams

    Returns
    -------
    numpy.ndarray, shape (packets, rows)
        Result codes of :attr:`DotParams.out_fmt` (dtype :attr:`Format.code_dtype`): row ``r``
        of packet ``k`` is the sum of ``prod(a[beat][r][i], b[beat][i])`` over the packet's
        beats and lanes, under the rules of :class:`DotParams` for its accumulator (window: NaN
        and infinities, clipped products, window truncation and overflow, one rounding; float:
        :mod:`lmul.golden.float_accumulation`; aligned:
        :mod:`lmul.golden.aligned_accumulation`).

    Raises
    ------
    TypeError, ValueError
        If ``params`` is not a :class:`DotParams`, the codes are not integers in
        ``0 .. 2**width - 1`` (see :func:`lmul.golden.codes.checked_codes`), or the arrays'
        shapes do not match ``params``.
    """
    if not isinstance(params, DotParams):
        raise TypeError(f"params must be a DotParams, not {params!r}")
    rows, lanes = params.rows, params.lanes
    a = np.asarray(a)
    b = np.asarray(b)
    last = np.asarray(last).astype(bool)
    if last.ndim != 1:
        raise ValueError(f"last must be a 1-D array, not of shape {last.shape}")
    beats = last.size
    if a.shape != (beats, rows, lanes):
        raise ValueError(f"a must have shape (beats, rows, lanes) = {(beats, rows, lanes)}, "
                         f"not {a.shape}")
    if b.shape != (beats, lanes):
        raise ValueError(f"b must have shape (beats, lanes) = {(beats, lanes)}, not {b.shape}")
    a, b = checked_codes(a, params.fmt, "a"), checked_codes(b, params.fmt, "b")
    out_fmt = params.out_fmt
    ends = np.flatnonzero(last) + 1
    if ends.size == 0:
        return np.zeros((0, rows), dtype=out_fmt.code_dtype)
    beats = ends[-1]
    starts = np.concatenate([[0], ends[:-1]])
    a, b = a[:beats], b[:beats]
    if params.accumulator == "float":
        from .float_accumulation import float_accumulation
        return float_accumulation(a, b, starts, ends, params).astype(out_fmt.code_dtype)
    if params.accumulator == "aligned":
        from .aligned_accumulation import aligned_accumulation
        return aligned_accumulation(a, b, starts, ends, params).astype(out_fmt.code_dtype)

    beat_sums = np.empty((beats, rows), dtype=object)
    beat_flags = np.empty((beats, rows, len(_FLAGS)), dtype=bool)
    # Blocks of beats small enough that the temporaries stay in cache.
    step = max(1, _BLOCK // (rows * lanes))
    for first_beat in range(0, beats, step):
        block = slice(first_beat, first_beat + step)
        beat_sums[block], beat_flags[block] = _beat_terms(a[block], b[block], params)
    flags = np.logical_or.reduceat(beat_flags, starts, axis=0)
    flags = {name: flags[..., index] for index, name in enumerate(_FLAGS)}

    # Running sums of each packet, after every beat (exact Python integers).
    running = np.cumsum(beat_sums, axis=0)
    before = np.zeros((starts.size, rows), dtype=object)
    before[1:] = running[starts[1:] - 1]
    packet_index = np.repeat(np.arange(starts.size), ends - starts)
    running = running - before[packet_index]
    limit = 1 << (params.window_bits - 1)
    outside = (running >= limit) | (running < -limit)
    first = _first_true(outside, starts, ends)
    overflow = first < ends[:, None]
    overflow_negative = np.zeros(overflow.shape, dtype=bool)
    rows_index = np.broadcast_to(np.arange(rows), overflow.shape)
    overflow_negative[overflow] = running[first[overflow], rows_index[overflow]] < 0
    totals = running[ends - 1]

    nan_code = out_fmt.nan_code
    pos_inf, neg_inf = out_fmt.inf_mag, out_fmt.sign_mask | out_fmt.inf_mag
    out = np.empty((starts.size, rows), dtype=out_fmt.code_dtype)
    for packet in range(starts.size):
        for row in range(rows):
            flag = {name: bool(value[packet, row]) for name, value in flags.items()}
            if flag["nan"] or (flag["pos_inf"] and flag["neg_inf"]):
                code = nan_code
            elif flag["pos_inf"] or flag["neg_inf"]:
                code = neg_inf if flag["neg_inf"] else pos_inf
            elif flag["pos_clip"] and flag["neg_clip"]:
                code = nan_code
            elif flag["pos_clip"] or flag["neg_clip"]:
                code = neg_inf if flag["neg_clip"] else pos_inf
            elif overflow[packet, row]:
                code = neg_inf if overflow_negative[packet, row] else pos_inf
            else:
                code = round_window(int(totals[packet, row]), params.lsb, out_fmt)
            out[packet, row] = code
    return out
