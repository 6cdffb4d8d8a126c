"""Checking the code arrays a golden model is given.

A code of a format is an integer in ``0 .. 2**width - 1``; anything else (a negative number, a
code of a wider format, a float) would be silently wrapped or truncated by the models' integer
arithmetic, so the models refuse it. An array whose unsigned integer dtype cannot hold a value
outside the range (``uint8`` codes of an 8-bit format) is not scanned, so the common case costs
nothing.
"""

import numpy as np

__all__ = ["checked_codes"]


def checked_codes(values, fmt, what):
    """``values`` as a NumPy array, if every element is a code of ``fmt``.

    Parameters
    ----------
    values : array_like of int
    fmt : Format
    what : str
        The argument's name, for the message (``"a"``).

    Raises
    ------
    TypeError
        If the array is not of integers (floats, booleans, strings), even when empty.
    ValueError
        If an element is negative or above ``2**fmt.width - 1``.
    """
    array = np.asarray(values)
    rule = f"{what} codes must be integers in 0..{(1 << fmt.width) - 1} for {fmt.name}"
    if array.dtype.kind not in "iu":
        if array.size == 0 and array.dtype == np.float64:
            return array.astype(fmt.code_dtype)  # np.asarray([]): an empty list
        if array.dtype.kind == "O" and all(type(item) is int for item in array.flat):
            # Python integers too wide for int64: out of range, whatever the format.
            raise ValueError(f"{rule}, not {max(array.flat, key=abs)!r}")
        raise TypeError(f"{rule}, not {_first_non_code(array)}")
    if array.dtype.kind == "u" and np.iinfo(array.dtype).bits <= fmt.width:
        return array
    if array.size:
        low, high = array.min(), array.max()
        if low < 0 or high >> fmt.width:
            bad = low if low < 0 else high
            raise ValueError(f"{rule}, not {bad.item()!r}")
    return array


def _first_non_code(array):
    # The element to show for an array that is not of integers: the first non-integer one.
    if array.size == 0:
        return f"an empty {array.dtype} array"
    if array.dtype.kind == "O":
        return repr(next(item for item in array.flat if type(item) is not int))
    if array.dtype.kind == "f":
        fractional = array[array != np.round(array)]
        return repr((fractional if fractional.size else array).flat[0].item())
    return repr(array.flat[0].item())
