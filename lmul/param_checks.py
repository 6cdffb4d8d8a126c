"""Validation of parameter values, shared by :class:`~lmul.format.Format` and the parameter
classes so that every rule reads and fails the same way.

A value of the wrong type raises :class:`TypeError`, a value of the right type outside the rule
:class:`ValueError`; both say ``"<what> must be <rule>, not <value!r>"``. Integers are Python
``int`` or NumPy integers (returned as ``int``); ``bool`` is refused.
"""

import numbers

__all__ = ["check_integer", "check_choice"]


def check_integer(value, what, minimum, maximum=None):
    """Return ``value`` as an ``int`` if it is an integer in ``minimum..maximum``
    (``maximum=None``: no upper bound).

    Raises
    ------
    TypeError
        If ``value`` is not an integer (``1.0``, ``'1'``, ``True``).
    ValueError
        If it is outside the range.
    """
    rule = f"an integer >= {minimum}" if maximum is None else f"an integer in {minimum}..{maximum}"
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{what} must be {rule}, not {value!r}")
    if value < minimum or (maximum is not None and value > maximum):
        raise ValueError(f"{what} must be {rule}, not {value!r}")
    return int(value)


def check_choice(value, what, choices):
    """Return ``value`` if it is one of the strings ``choices``.

    Raises
    ------
    TypeError
        If ``value`` is not a string.
    ValueError
        If it is another string.
    """
    rule = f"one of {', '.join(map(repr, choices))}"
    if not isinstance(value, str):
        raise TypeError(f"{what} must be {rule}, not {value!r}")
    if value not in choices:
        raise ValueError(f"{what} must be {rule}, not {value!r}")
    return value
