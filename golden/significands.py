"""Operands as integer significands, and the bit length of integer arrays: the unpacking side of
the correctly rounded golden models (:mod:`lmul.golden.fpmul`, :mod:`lmul.golden.fpadd`)."""

import numpy as np

__all__ = ["significand_and_exponent", "bit_length_function"]


def significand_and_exponent(code, params, work):
    """``(sig, exp)`` of the codes ``code`` (an array of dtype ``work``): the significand with its
    hidden bit, and the biased exponent it is scaled by, so that a finite code's magnitude is
    ``sig * 2**(exp - bias - M)``.

    Subnormals share the exponent of the smallest normal (1). With
    ``params.flush_subnormals`` a subnormal (and a zero) has ``sig`` 0 and ``exp`` 0. Infinities
    and NaNs come out as if their exponent field were an ordinary one; callers override them.
    """
    fmt = params.fmt
    exp = (code >> fmt.man_bits) & work(fmt.exp_all_ones)
    man = code & work(fmt.man_mask)
    normal = np.minimum(exp, work(1))
    if params.flush_subnormals:
        return (man | work(fmt.min_normal_mag)) & -normal, exp
    return man | (normal << fmt.man_bits), np.maximum(exp, work(1))


def bit_length_function(bits):
    """A function ``bit_length(values, work)`` giving, as dtype ``work``, the bit length of each
    of the non-negative integers ``values``, all below ``2**bits`` (``bits`` at most 53).

    Up to 16 bits it is a table lookup, several times faster than ``frexp``; above, ``frexp``'s
    exponent, in a float type that holds every such integer exactly (a rounded float could carry
    into the next power of two).
    """
    if bits <= 16:
        table = np.frexp(np.arange(1 << bits, dtype=np.float32))[1].astype(np.int8)
        return lambda values, work: np.take(table, values).astype(work)
    float_type = np.float32 if bits <= 24 else np.float64
    return lambda values, work: np.frexp(values.astype(float_type))[1].astype(work)
