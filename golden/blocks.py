"""Shared machinery of the vectorised golden models: blocked evaluation and branch-free
selection."""

import numpy as np

__all__ = ["map_pairs_in_blocks", "ones_where", "select"]

# Small enough that a block's temporaries stay in cache: fresh large arrays cost page faults
# that would dominate the arithmetic.
_BLOCK = 1 << 14


def map_pairs_in_blocks(block_function, a, b, out_dtype):
    """Apply ``block_function(a_block, b_block)`` to ``a`` and ``b`` (broadcast together,
    flattened) in blocks; return the results in the broadcast shape, as ``out_dtype``."""
    a, b = np.broadcast_arrays(np.asarray(a), np.asarray(b))
    out = np.empty(a.shape, dtype=out_dtype)
    flat_a, flat_b, flat_out = a.reshape(-1), b.reshape(-1), out.reshape(-1)
    for start in range(0, flat_out.size, _BLOCK):
        block = slice(start, start + _BLOCK)
        flat_out[block] = block_function(flat_a[block], flat_b[block])
    return out


def ones_where(condition, work):
    """All-ones (of integer type ``work``) where ``condition`` holds, else 0. Masking with it
    avoids boolean-indexed assignment and ``np.where``, which are many times slower on
    unpredictable masks."""
    return -condition.view(np.int8).astype(work)


def select(condition, value, otherwise, work):
    """``value`` where ``condition`` holds, else ``otherwise``, without branches."""
    ones = ones_where(condition, work)
    return (otherwise & ~ones) | (value & ones)
