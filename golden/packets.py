"""Running sums over the packets of a beat stream, all packets at once."""

import numpy as np

__all__ = ["fold_packets"]


def fold_packets(step, initial, starts, ends, *per_beat):
    """Fold every packet's beats through ``step``, the packets side by side.

    ``running`` starts as ``initial`` (an array whose first axis is the packets) and, for each
    beat position ``j``, becomes ``step(running[k], *(x[starts[k] + j] for x in per_beat))``
    for the packets ``k`` that have a beat ``j``: one vectorised call per beat position, not
    per beat.

    Parameters
    ----------
    step : callable
        Takes and returns arrays shaped like ``initial[k]`` (stacked over the packets given).
    initial : numpy.ndarray
    starts, ends : numpy.ndarray of int
        Each packet's first beat and one past its last.
    per_beat : numpy.ndarray
        Arrays whose first axis is the beats.

    Returns
    -------
    numpy.ndarray
        The running values after each packet's last beat.
    """
    running = initial.copy()
    lengths = ends - starts
    for position in range(int(lengths.max(initial=0))):
        active = np.flatnonzero(lengths > position)
        beats = starts[active] + position
        running[active] = step(running[active], *(values[beats] for values in per_beat))
    return running
