"""Progress bars with a time estimate for the long commands, through ``tqdm``.

One helper, so that every command draws the same bar: on a terminal it shows the count, the
rate and the estimated time left; when the output is not a terminal (a log file, a pipe, CI) it
draws nothing.
"""

import sys

from tqdm import tqdm

__all__ = ["progress"]


def progress(iterable=None, *, total=None, description=None, unit="step", file=None,
             quiet=False):
    """A progress bar over ``iterable`` (or one updated by hand with ``.update(n)``).

    Parameters
    ----------
    iterable : iterable or None
    total : int or None
        Number of steps (default: ``len(iterable)`` where it has one).
    description : str or None
        Shown before the bar.
    unit : str
        What one step is.
    file : file or None
        Where the bar goes (default: standard error). Nothing is drawn unless it is a terminal.
    quiet : bool
        Draw nothing in any case.

    Returns
    -------
    tqdm
        Iterate over it, or use it as a context manager and call ``update``.
    """
    file = sys.stderr if file is None else file
    is_terminal = bool(getattr(file, "isatty", lambda: False)())
    return tqdm(iterable, total=total, desc=description, unit=unit, file=file,
                disable=quiet or not is_terminal, dynamic_ncols=True, leave=False)
