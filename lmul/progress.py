"""Progress bars with a time estimate for the long commands, through ``tqdm``.

One helper, so that every command draws the same bar: on a terminal it shows the count, the
rate and the estimated time left; when the output is not a terminal (a log file, a pipe, CI) it
draws nothing.
"""

import os
import sys
import threading
from contextlib import contextmanager
from pathlib import Path

from tqdm import tqdm

__all__ = ["progress", "progress_from_file"]


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


@contextmanager
def progress_from_file(path, *, total, description=None, unit="step", file=None, quiet=False,
                       interval=0.25):
    """Context in which a bar follows the count another process writes to ``path``.

    A simulator subprocess cannot call back into this process, so it writes how many of
    ``total`` steps it has done (a decimal integer, the whole file) and a thread here reads it
    every ``interval`` seconds. The bar draws on a duplicate of ``file``'s descriptor (default:
    standard error) taken on entry, so it keeps drawing while the simulation redirects file
    descriptors 1 and 2 to its log. Nothing is drawn, and no thread runs, unless ``file`` is a
    terminal.
    """
    file = sys.stderr if file is None else file
    path = Path(path)
    path.unlink(missing_ok=True)
    is_terminal = bool(getattr(file, "isatty", lambda: False)())
    if quiet or not is_terminal:
        yield
        return
    try:
        output = os.fdopen(os.dup(file.fileno()), "w")
    except (AttributeError, OSError, ValueError):  # a terminal-like object without a descriptor
        output = file
    stop = threading.Event()

    def follow(bar):
        while not stop.wait(interval):
            try:
                done = int(path.read_text())
            except (OSError, ValueError):  # not written yet, or caught mid-write
                continue
            bar.update(max(0, min(done, total) - bar.n))

    with progress(total=total, description=description, unit=unit, file=output) as bar:
        thread = threading.Thread(target=follow, args=(bar,), daemon=True)
        thread.start()
        try:
            yield
        finally:
            stop.set()
            thread.join()
    if output is not file:
        output.close()
