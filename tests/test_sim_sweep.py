"""Every operand pair through Verilator's C++ model in bulk (lmul.sim.sweep)."""

import numpy as np
import pytest

from lmul.cli import main
from lmul.sim.sweep import build_sweep, sweep_unit
from lmul.units import UnitConfig

# Every unit the sweep runs in ``make verify-exhaustive``, by mode; the 8-bit ones run in full
# here, the 16-bit ones on slices of a (every b each).
LIKE_FOR_LIKE = {"subnormals": "flush", "overflow": "saturate"}


@pytest.fixture(scope="module")
def build_root(tmp_path_factory):
    """Build root of the module's sweeps (``lmul verify --build-dir``); each design is built
    once and reused by every test that sweeps it."""
    return tmp_path_factory.mktemp("sim")


@pytest.fixture(scope="module")
def build_dir(build_root):
    return build_root / "sweep"


@pytest.mark.parametrize("kind, fmt, options, stages", [
    ("lmul", "e4m3fn", {}, 0),
    ("fpmul", "e5m2", LIKE_FOR_LIKE, 2),
    ("fpadd", "e3m4", {}, 1),
])
def test_every_pair_of_an_8_bit_unit(build_dir, kind, fmt, options, stages):
    config = UnitConfig(kind, fmt, options, stages)
    result = sweep_unit(config, build_dir=build_dir, progress=False)
    assert (result.vectors, result.mismatches, result.examples) == (65_536, 0, [])
    assert result.passed and result.lanes == 32


@pytest.mark.parametrize("kind, fmt, options, stages, a_codes", [
    ("lmul", "fp16", {}, 0, (0x3BF0, 0x20)),            # around 1.0
    ("fpmul", "bf16", {}, 0, (0x0000, 0x90)),           # zero, subnormals, smallest normals
    ("fpmul", "fp16", LIKE_FOR_LIKE, 0, (0x7BE0, 0x40)),  # largest finite, inf, NaN
    ("lmul", "bf16", {}, 3, (0xFF70, 0x90)),            # pipelined; negative inf and NaN
    ("fpadd", "fp16", {}, 0, (0x0000, 0x20)),           # zero, subnormals: exact sums
    ("fpadd", "bf16", {}, 0, (0x7F70, 0x20)),           # largest finite: overflow, inf, NaN
])
def test_slices_of_16_bit_units(build_dir, kind, fmt, options, stages, a_codes):
    config = UnitConfig(kind, fmt, options, stages)
    result = sweep_unit(config, build_dir=build_dir, a_codes=a_codes, progress=False)
    assert (result.vectors, result.mismatches) == (a_codes[1] << 16, 0)


def test_mismatch_is_reported_with_its_operand_pair(build_dir):
    # The IEEE unit against the flushing unit's golden model: they differ exactly where
    # subnormals matter, which the models themselves say independently of the simulation.
    config = UnitConfig("fpmul", "bf16")
    wrong_reference = UnitConfig("fpmul", "bf16", {"subnormals": "flush"})
    first, count = 0x0000, 0x10
    result = sweep_unit(config, reference=wrong_reference, build_dir=build_dir,
                        a_codes=(first, count), progress=False, max_examples=5)
    a = np.repeat(np.arange(first, first + count, dtype=np.uint16), 1 << 16)
    b = np.tile(np.arange(1 << 16, dtype=np.uint16), count)
    ieee, flushed = config.golden(a, b), wrong_reference.golden(a, b)
    differ = np.flatnonzero(ieee != flushed)
    assert differ.size > 0
    assert not result.passed and result.mismatches == differ.size
    assert result.examples == [{"a": int(a[i]), "b": int(b[i]), "got": int(ieee[i]),
                                "expected": int(flushed[i])} for i in differ[:5]]
    assert f"a={a[differ[0]]:#x} b={b[differ[0]]:#x}" in result.describe()


def test_build_is_reused_for_the_same_verilog(build_dir):
    config = UnitConfig("lmul", "e4m3fn")
    first = build_sweep(config, build_dir)
    again = build_sweep(config, build_dir)
    assert again.executable == first.executable and again.seconds == 0.0
    other = build_sweep(UnitConfig("fpmul", "e5m2", LIKE_FOR_LIKE, 2), build_dir)
    assert other.executable != first.executable


def test_rejects_formats_wider_than_16_bits_and_bad_ranges(build_dir):
    with pytest.raises(ValueError, match=r"^format must be at most 16 bits wide for every "
                                         r"pair to be simulated, not 32 \(fp32\)$"):
        sweep_unit(UnitConfig("lmul", "fp32"), build_dir=build_dir)
    with pytest.raises(ValueError, match=r"^a codes must be a \(first, count\) range within "
                                         r"0\.\.255, not \(250, 10\)$"):
        sweep_unit(UnitConfig("lmul", "e4m3fn"), build_dir=build_dir, a_codes=(250, 10))
    with pytest.raises(ValueError, match=r"^lanes must be a power of two in 1\.\.256, not 3$"):
        build_sweep(UnitConfig("lmul", "e4m3fn"), build_dir, lanes=3)


def test_command_line(build_root, capsys):
    assert main(["verify", "lmul", "--format", "e4m3fn", "--exhaustive",
                 "--build-dir", str(build_root)]) == 0
    assert capsys.readouterr().out.startswith(
        "lmul_e4m3fn on verilator-sweep: 65,536 vectors, 0 mismatches, ")
    assert main(["verify", "fpmul", "--format", "fp32", "--exhaustive"]) == 2
    assert capsys.readouterr().err == ("lmul verify fpmul: error: format must be at most 16 bits wide "
                                       "for every pair to be simulated, not 32 (fp32)\n")
