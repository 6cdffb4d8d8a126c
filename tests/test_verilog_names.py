"""Module names: plain Verilog identifiers that are no keyword."""

import pytest

from lmul.verilog_names import MAX_NAME_LENGTH, VERILOG_KEYWORDS, check_module_name


@pytest.mark.parametrize("name", ["a", "_", "lmul_e4m3fn", "Module", "x$y", "z" * 1024])
def test_plain_identifiers_are_accepted(name):
    assert check_module_name(name) == name


@pytest.mark.parametrize("name", ["", "9lives", "$x", "a-b", "a b", "caf\u00e9", "x\n",
                                  "\\module"])
def test_other_spellings_are_refused(name):
    with pytest.raises(ValueError, match=r"^module name must be a Verilog identifier \(an "
                                         r"ASCII letter or _, then letters, digits, _ or "
                                         r"\$\), not "):
        check_module_name(name)


@pytest.mark.parametrize("name", ["module", "wire", "endmodule", "uwire", "logic",
                                  "always_ff", "interface", "unique0"])
def test_keywords_are_refused(name):
    with pytest.raises(ValueError, match=f"^module name must not be a Verilog or "
                                         f"SystemVerilog keyword, not '{name}'$"):
        check_module_name(name)


def test_keyword_set_sizes():
    # Annex B of IEEE 1800-2017 lists 248 reserved words, those of Verilog-2005 among them.
    assert len(VERILOG_KEYWORDS) == 248


def test_length_and_type():
    with pytest.raises(ValueError, match=f"^module name must be at most {MAX_NAME_LENGTH} "
                                         f"characters, not 1025$"):
        check_module_name("z" * 1025)
    with pytest.raises(TypeError, match="^module name must be a string, not 3$"):
        check_module_name(3)
