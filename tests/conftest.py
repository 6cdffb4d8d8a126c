"""Fixtures shared by the synthesis tests: the OSU 0.18 um library and OpenSTA, which
tools/setup-synth.sh installs (a test needing them is skipped without them, and fails in CI,
where the set-up must have run), and a tiny hand-written liberty."""

import os
import shutil

import pytest

from lmul.synth.liberty import Liberty, default_liberty_path
from lmul.synth.sta import find_sta


def _require(condition, what):
    if not condition:
        if os.environ.get("CI"):
            pytest.fail(f"{what} missing: tools/setup-synth.sh must run before the tests")
        pytest.skip(f"{what} not installed (run tools/setup-synth.sh)")


@pytest.fixture(scope="session")
def osu018():
    """The OSU 0.18 um :class:`~lmul.synth.liberty.Liberty`."""
    path = default_liberty_path()
    _require(path is not None, "OSU018 liberty")
    return Liberty(path)


@pytest.fixture(scope="session")
def opensta():
    """Requires OpenSTA (``sta``) on the PATH."""
    _require(find_sta() is not None, "OpenSTA (sta)")


@pytest.fixture(scope="session")
def icarus():
    """Requires Icarus Verilog (``iverilog``, ``vvp``) on the PATH."""
    _require(shutil.which("iverilog") is not None and shutil.which("vvp") is not None,
             "Icarus Verilog")


TINY_LIBERTY = r"""
/* a hand-written library: enough cells for ABC and the simulation */
library (tiny) {
  time_unit : "1ns";
  capacitive_load_unit (1, pf);
  nom_voltage : 1.2;
  operating_conditions (typ) { voltage : 1.1; temperature : 85; process : 1; }
  default_operating_conditions : typ;
  cell (BUF) { area : 2; pin (A) { direction : input; capacitance : 0.002; }
               pin (Y) { direction : output; function : "A"; } }
  cell (INV) { area : 1; pin (A) { direction : input; capacitance : 0.001; }
               pin (Y) { direction : output; function : "A'"; } }
  cell (NAND2) { area : 2;
    pin (A) { direction : input; capacitance : 0.001; }
    pin (B) { direction : input; capacitance : 0.001; }
    pin (Y) { direction : output; function : "!(A & B)"; } }
  cell (XOR2) { area : 3;
    pin (A) { direction : input; capacitance : 0.001; }
    pin (B) { direction : input; capacitance : 0.001; }
    pin (Y) { direction : output; function : "A^B"; } }
  cell (DFF) { area : 6;
    ff (IQ, IQN) { next_state : "D"; clocked_on : "CK"; }
    pin (CK) { direction : input; clock : true; capacitance : 0.002; }
    pin (D) { direction : input; capacitance : 0.001; }
    pin (Q) { direction : output; function : "IQ"; }
    pin (QN) { direction : output; function : "IQN"; } }
}
"""


@pytest.fixture
def tiny(tmp_path):
    """:data:`TINY_LIBERTY` as a :class:`~lmul.synth.liberty.Liberty`."""
    path = tmp_path / "tiny.lib"
    path.write_text(TINY_LIBERTY)
    return Liberty(path)
