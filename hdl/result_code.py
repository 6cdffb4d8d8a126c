"""The last step every multiplier shares: a result code from a computed magnitude, its range
and the operands' special cases, built bit by bit as AND/OR masks."""

from amaranth.hdl import C, Cat, Signal

__all__ = ["result_code", "masked_result"]


def result_code(m, fmt, *, mantissa, exponent, bias, sign, zero, special, nan,
                flush_tiny, overflow_mag, lean_fn=False):
    """The code of a product given as a mantissa and an exponent sum, with every special case
    of the units' contract.

    The candidate magnitude is ``T = (exponent - bias) << M | mantissa``. The result is:

    - the canonical NaN if ``nan``, or if ``overflow_mag`` is ``None`` and ``T`` exceeds the
      largest finite magnitude (and no operand is zero or special);
    - (``ieee`` formats) ``sign`` inf if ``special`` (an operand is inf, and none NaN);
    - ``sign`` 0 if ``zero``, or if ``flush_tiny`` and ``exponent <= bias`` (``T`` below the
      smallest normal number);
    - ``sign`` ``overflow_mag`` if ``T`` exceeds the largest finite magnitude;
    - otherwise ``sign`` ``T``.

    The range tests compare ``exponent`` (the exponent sum before the bias is taken off) with
    constants; only in ``fn`` formats, whose largest finite mantissa is all ones but the LSB,
    does the exponent of max finite also need a test of the mantissa, and that test touches only
    the bit it changes (bit 0). Each magnitude bit is "keep T" AND its bit, OR-ed with the
    conditions whose constant has that bit set: no multiplexer of whole words.

    Parameters
    ----------
    m : Module
    fmt : Format
    mantissa : Value
        ``M`` bits.
    exponent : Value
        Unsigned (or signed) exponent sum; its low ``E`` bits minus ``bias`` are the result's
        exponent field when in range.
    bias : int
        What ``exponent`` exceeds the result's exponent field by (may be negative).
    sign : Value
        Sign of every result but NaN.
    zero, special, nan : Value
        One-bit operand cases: an operand is zero (for the unit's subnormal policy); an
        operand is NaN or inf (``ieee``) or NaN (``fn``); the result is NaN. ``nan`` implies
        ``special``.
    flush_tiny : bool
        Whether exponent fields ``<= 0`` give zero (no subnormal results).
    lean_fn : bool
        ``fn`` formats: test the max-finite boundary on the bits set in its exponent sum, and
        let an overflow's constant go unmasked by NaN operands (whose code covers it). The same
        function written with fewer terms; ABC maps it smaller for L-Mul and larger for
        FPMul, so each unit says which it takes.
    overflow_mag : int or None
        Magnitude of an overflowing product; ``None`` gives the canonical NaN.

    Returns
    -------
    Signal
        ``fmt.width`` bits, assigned in ``m.d.comb``.
    """
    man_bits, exp_bits = fmt.man_bits, fmt.exp_bits
    max_exp = fmt.max_finite_mag >> man_bits
    t = Signal(fmt.mag_bits)
    m.d.comb += t.eq(Cat(mantissa, (exponent - bias)[:exp_bits]))
    underflow = exponent <= bias if flush_tiny and bias >= 0 else C(0, 1)
    overflow = exponent > max_exp + bias
    # fn formats: the one T above max finite with exponent emax is the all-ones magnitude.
    has_boundary = fmt.max_finite_mag & fmt.man_mask != fmt.man_mask
    assert not has_boundary or fmt.max_finite_mag == fmt.mag_mask - 1

    regular = ~zero & ~special
    # fn formats: ``special`` is ``nan``, whose code sets every bit that an overflow's does, so
    # an overflow need not exclude it.
    nan_covers = lean_fn and not fmt.has_inf and not (overflow_mag or 0) & ~fmt.nan_code
    large = ~zero if nan_covers else regular
    keep = Signal()
    saturate = Signal()
    result_nan = Signal()
    keep_bits = [keep] * fmt.mag_bits
    cases = []
    if overflow_mag is None:
        # Overflow is NaN (fn formats): the boundary too, since its code needs the sign cleared.
        too_large = overflow
        if has_boundary:
            too_large = too_large | ((exponent == max_exp + bias) & (mantissa == fmt.man_mask))
        m.d.comb += [
            keep.eq(regular & ~underflow & ~too_large),
            result_nan.eq(nan | (large & too_large)),
        ]
    else:
        m.d.comb += [
            keep.eq(regular & ~underflow & ~overflow),
            saturate.eq(large & overflow),
            result_nan.eq(nan),
        ]
        cases.append((saturate, overflow_mag))
        if has_boundary:
            if lean_fn:
                # Within "keep" the exponent sum is at most that of max finite, so the bits set
                # in that sum are all set only there.
                top = max_exp + bias
                at_max = ((exponent & top) == top) & (mantissa == fmt.man_mask)
            else:
                # Within "keep" the exponent bits of T do not wrap: T itself is the test.
                at_max = t == fmt.mag_mask
            keep_bits[0] = keep & ~at_max
    # ieee: NaN and inf share the all-ones exponent, which ``special`` sets; NaN adds its
    # mantissa bit.
    nan_mag = fmt.nan_code & fmt.mag_mask
    if fmt.has_inf:
        cases.append((special, fmt.inf_mag))
        nan_mag &= ~fmt.inf_mag
    cases.append((result_nan, nan_mag))
    mag = masked_result(m, t, keep_bits, cases)
    code = Signal(fmt.width)
    m.d.comb += code.eq(Cat(mag, sign & ~result_nan))
    return code


def masked_result(m, value, keep_bits, cases):
    """A signal whose bit ``i`` is ``keep_bits[i] & value[i]``, OR-ed with every case
    condition whose constant has bit ``i`` set.

    One AND/OR per bit instead of a priority multiplexer of whole words: where one case holds
    (and no ``keep`` bit) the result is that case's constant, where several hold it is the OR of
    their constants, where nothing holds it is 0. The caller makes the special cases exclusive
    of ``keep``, and lets them overlap only where the OR is meant.

    Parameters
    ----------
    m : Module
    value : Value
        The computed word, ``len(keep_bits)`` bits.
    keep_bits : list of Value
        For each bit of ``value``, the one-bit condition under which it passes through.
    cases : list of (Value, int)
        ``(condition, constant)``: one-bit conditions and non-negative constants.

    Returns
    -------
    Signal
        ``len(keep_bits)`` bits, assigned in ``m.d.comb``.
    """
    bits = []
    for index, keep in enumerate(keep_bits):
        bit = keep & value[index]
        for condition, constant in cases:
            if constant >> index & 1:
                bit = bit | condition
        bits.append(bit)
    result = Signal(len(keep_bits))
    m.d.comb += result.eq(Cat(*bits))
    return result
