"""The one pipeline-register helper."""

from amaranth.hdl import Signal
from amaranth.lib import data

__all__ = ["register"]


def register(m, name, value):
    """``value`` delayed by one register in ``m.d.sync``, named ``name``, of the same shape
    (a :class:`~amaranth.lib.data.View` stays a view of its layout). The register resets to
    its shape's zero (or a signal's ``init``).

    Parameters
    ----------
    m : Module
    name : str
    value : Value or View

    Returns
    -------
    Signal or View
    """
    if isinstance(value, (Signal, data.View)):
        delayed = Signal.like(value, name=name)
    else:
        delayed = Signal(value.shape(), name=name)
    m.d.sync += delayed.eq(value)
    return delayed
