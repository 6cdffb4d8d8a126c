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


def test_a_bar_follows_the_count_another_process_writes(tmp_path):
    import time

    from lmul.progress import progress_from_file

    def shown(text):
        # The reading thread draws within a few intervals; wait up to 10 s for it.
        deadline = time.monotonic() + 10
        while text not in terminal.getvalue() and time.monotonic() < deadline:
            time.sleep(0.01)
        return text in terminal.getvalue()

    path, terminal = tmp_path / "progress", Terminal()
    with progress_from_file(path, total=10, description="simulating", unit="pair",
                            file=terminal, interval=0.01):
        path.write_text("4")
        assert shown("4/10 [")
        path.write_text("10")
        assert shown("10/10 [")


def test_no_bar_follows_a_file_unless_on_a_terminal(tmp_path):
    from lmul.progress import progress_from_file

    path, file = tmp_path / "progress", io.StringIO()
    with progress_from_file(path, total=10, file=file, interval=0.01):
        path.write_text("10")
    assert file.getvalue() == ""
