"""Operand sets for verification: exhaustive, random and boundary-code pairs."""

import numpy as np

from ..param_checks import check_integer

__all__ = ["exhaustive_pairs", "random_pairs", "edge_pairs", "sum_edge_pairs", "boundary_codes",
           "boundary_pairs", "verification_pairs"]


def exhaustive_pairs(fmt):
    """Every pair of codes of ``fmt`` (at most 8 bits wide): ``a`` major, ``b`` minor."""
    if fmt.width > 8:
        raise ValueError(f"format must be at most 8 bits wide for exhaustive pairs, "
                         f"not {fmt.width}")
    codes = fmt.all_codes()
    return np.repeat(codes, codes.size), np.tile(codes, codes.size)


def random_pairs(fmt, count, seed):
    """``count`` uniformly random code pairs from a generator seeded with ``seed``."""
    rng = np.random.default_rng(seed)
    codes = rng.integers(0, 1 << fmt.width, size=(2, count), dtype=np.uint64)
    return codes[0].astype(fmt.code_dtype), codes[1].astype(fmt.code_dtype)


def edge_pairs(fmt, count, seed):
    """``count`` random pairs whose products land near gradual underflow, the smallest normal
    number and overflow, with mantissas biased towards all ones so that many products round up
    (subnormal times normal into the normal range, and up to overflow)."""
    rng = np.random.default_rng(seed)
    exp_a = rng.integers(0, fmt.exp_all_ones + 1, count)
    # The biased exponent of a product is about exp_a + exp_b - bias.
    targets = np.array([fmt.bias - fmt.man_bits - 1, fmt.bias, fmt.bias + 1,
                        fmt.bias + fmt.exp_all_ones - 1])
    exp_b = np.clip(rng.choice(targets, count) - exp_a + rng.integers(-2, 3, count),
                    0, fmt.exp_all_ones)

    def codes(exp):
        uniform = rng.integers(0, fmt.man_mask + 1, count)
        near_all_ones = fmt.man_mask - rng.integers(0, 4, count).clip(0, fmt.man_mask)
        man = np.where(rng.integers(0, 2, count) == 1, uniform, near_all_ones)
        sign = rng.integers(0, 2, count)
        return ((sign << fmt.mag_bits) | (exp << fmt.man_bits) | man).astype(fmt.code_dtype)

    return codes(exp_a), codes(exp_b)


def sum_edge_pairs(fmt, count, seed):
    """``count`` random pairs chosen to exercise an adder: every alignment distance from 0 to
    ``M + 5`` (and a few beyond), cancellation, ties, overflow and underflow.

    The first operand's exponent is near the bottom (0..2), near the top (the last three
    fields, infinities and NaNs included) or anywhere, a third of the time each; the second's is
    the first's minus a distance, clipped to the format, with the operands swapped half of the
    time. Mantissas are uniform, near all ones or near zero. A quarter of the second operands
    copy the first's mantissa within ±3 (cancellation when the signs differ), and a quarter
    have the half of the shifted-out part set and the rest clear, so that the exact sum is a
    tie (or, after a carry or a borrow, next to one). Signs are independent, so half the pairs
    subtract.
    """
    rng = np.random.default_rng(seed)
    top = fmt.exp_all_ones
    where = rng.integers(0, 3, count)
    exp_a = np.select([where == 0, where == 1],
                      [rng.integers(0, 3, count), rng.integers(top - 2, top + 1, count)],
                      rng.integers(0, top + 1, count))
    distance = np.where(rng.integers(0, 8, count) == 0, rng.integers(0, top + 1, count),
                        rng.integers(0, fmt.man_bits + 6, count))
    exp_b = np.clip(exp_a - distance, 0, top)

    def mantissa():
        kind = rng.integers(0, 3, count)
        near = rng.integers(0, 4, count)
        return np.select([kind == 0, kind == 1],
                         [rng.integers(0, fmt.man_mask + 1, count),
                          fmt.man_mask - np.minimum(near, fmt.man_mask)], np.minimum(near,
                                                                                     fmt.man_mask))

    man_a = mantissa()
    kind_b = rng.integers(0, 4, count)
    close = np.clip(man_a + rng.integers(-3, 4, count), 0, fmt.man_mask)
    # A tie: of the d bits shifted out of b's significand, only the top one is set.
    shifted_out = np.clip(exp_a - exp_b, 1, fmt.man_bits)
    tie = (mantissa() >> shifted_out << shifted_out) | (1 << (shifted_out - 1))
    man_b = np.select([kind_b == 0, kind_b == 1], [close, tie], mantissa())

    def codes(exp, man):
        sign = rng.integers(0, 2, count)
        return ((sign << fmt.mag_bits) | (exp << fmt.man_bits) | man).astype(fmt.code_dtype)

    a, b = codes(exp_a, man_a), codes(exp_b, man_b)
    swap = rng.integers(0, 2, count) == 1
    return np.where(swap, b, a), np.where(swap, a, b)


def boundary_codes(fmt):
    """Codes at the edges of the format and of the products' underflow and overflow thresholds.

    Both signs of: zero, the smallest and largest subnormals, the smallest normals, the codes
    around 1.0, the largest finite codes, infinity and NaNs, and the codes around the square
    roots of the smallest normal and of the largest finite number (whose squares cross the
    underflow and overflow thresholds). Sorted and unique.
    """
    man, one = fmt.man_mask, fmt.bias << fmt.man_bits
    mags = [0, 1, 2, man - 1, man, fmt.min_normal_mag, fmt.min_normal_mag + 1,
            fmt.min_normal_mag + 2, fmt.max_finite_mag, fmt.max_finite_mag - 1,
            fmt.max_finite_mag - 2, fmt.nan_code, fmt.mag_mask]
    mags += [one + delta for delta in range(-3, 4)]
    if fmt.has_inf:
        mags += [fmt.inf_mag, fmt.inf_mag + 1]
    # Square roots in the log domain: a code's magnitude is close to a scaled log2 of its value.
    for threshold in (fmt.min_normal_mag, fmt.max_finite_mag):
        root = (threshold + one) // 2
        mags += [root + delta for delta in range(-3, 4)]
    mags = np.array([mag for mag in mags if 0 <= mag <= fmt.mag_mask], dtype=np.int64)
    codes = np.concatenate([mags, mags | fmt.sign_mask])
    return np.unique(codes).astype(fmt.code_dtype)


def boundary_pairs(fmt):
    """Every pair of :func:`boundary_codes`."""
    codes = boundary_codes(fmt)
    return np.repeat(codes, codes.size), np.tile(codes, codes.size)


def verification_pairs(fmt, random_count=1_000_000, seed=2410_00907, kind="lmul"):
    """The standard operand set of a unit of ``kind``: every pair for formats of at most 8 bits;
    otherwise every boundary pair, then ``random_count // 10`` edge pairs (the adder's,
    :func:`sum_edge_pairs`, for ``kind="fpadd"``, else the multipliers', :func:`edge_pairs`)
    and ``random_count`` uniformly random pairs. ``seed`` (an integer >= 0) is checked even
    where no pair is random, so that a bad one is refused for every format."""
    check_integer(seed, "seed", 0)
    if fmt.width <= 8:
        return exhaustive_pairs(fmt)
    a0, b0 = boundary_pairs(fmt)
    a1, b1 = (sum_edge_pairs if kind == "fpadd" else edge_pairs)(fmt, random_count // 10, seed)
    a2, b2 = random_pairs(fmt, random_count, seed + 1)
    return np.concatenate([a0, a1, a2]), np.concatenate([b0, b1, b2])
