"""The README's Python example runs as written: its code is read from the README itself."""

import re
from pathlib import Path

import pytest

README = Path(__file__).resolve().parent.parent / "README.md"


def readme_example():
    """The first ``python`` code block of the README's "Using the library in Python"."""
    text = README.read_text()
    section = text[text.index("## Using the library in Python"):]
    return re.search(r"```python\n(.*?)```", section, re.DOTALL)[1]


def test_readme_example_runs(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    namespace = {}
    exec(compile(readme_example(), str(README), "exec"), namespace)
    # The example's own asserts compared every result with the golden model; check that it
    # compared something, and wrote the module.
    assert len(namespace["expected"]) == 4 and len(namespace["expected_rows"]) == 2
    assert [int(code) for code in namespace["expected"]] == [0x39, 0x45, 0x7E, 0x00]
    assert [int(code) for code in namespace["expected_rows"]] == [0x40E60000, 0x43F00000]
    assert "module lmul_e4m3fn_s2(" in (tmp_path / "lmul_e4m3fn_s2.v").read_text()


def test_readme_example_fails_on_a_wrong_expectation(tmp_path, monkeypatch):
    # The example's checks are live: a wrong golden value makes it fail.
    monkeypatch.chdir(tmp_path)
    code = readme_example().replace("expected = lmul(a, b, fmt)",
                                    "expected = lmul(a, b, fmt, offset=0)")
    with pytest.raises(AssertionError):
        exec(compile(code, str(README), "exec"), {})
