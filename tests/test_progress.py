"""The progress bar: drawn with a time estimate on a terminal, nothing otherwise."""

import io
import re

from lmul.progress import progress


class Terminal(io.StringIO):
    def isatty(self):
        return True


def run(file, **options):
    with progress(total=4, description="measuring", unit="run", file=file, **options) as bar:
        for _ in range(4):
            bar.update(1)
    return file.getvalue()


def test_terminal_gets_a_bar_with_a_time_estimate():
    text = run(Terminal())
    assert "measuring" in text and "/4 [" in text
    assert re.search(r"\[\d\d:\d\d<", text)     # elapsed < estimated time left


def test_silent_when_not_a_terminal_or_quiet():
    assert run(io.StringIO()) == ""
    assert run(Terminal(), quiet=True) == ""


def test_iterates():
    assert list(progress(range(3), file=io.StringIO())) == [0, 1, 2]
