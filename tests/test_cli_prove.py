"""``lmul prove`` as a user runs it: a proof, a counterexample's exit status, one-line errors."""

import subprocess
import sys

import pytest

from lmul.cli import main
from lmul.formal.counterexample import Counterexample
from lmul.formal.proof import ProofResult
from lmul.units import UnitConfig


def lmul(*args):
    return subprocess.run([sys.executable, "-m", "lmul.cli", *args], capture_output=True,
                          text=True)


def test_prove_prints_proved_and_the_time(tmp_path):
    run = lmul("prove", "lmul", "--format", "e5m2", "--overflow", "inf", "--stages", "1",
               "--workdir", str(tmp_path))
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("lmul_e5m2_inf_s1: proved equal to its reference on every "
                                 "input in ")
    assert run.stdout.endswith(" s\n")
    assert (tmp_path / "prove.log").exists()


def test_prove_takes_a_verilog_file(tmp_path):
    path = tmp_path / "unit.v"
    assert lmul("generate", "fpmul", "--format", "e5m2", "--name", "mine", "-o",
                str(path)).returncode == 0
    run = lmul("prove", "fpmul", "--format", "e5m2", "--verilog", str(path), "--module", "mine")
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("mine (as fpmul_e5m2): proved")
    # The same file is not the flush/saturate unit: a counterexample, exit status 1.
    run = lmul("prove", "fpmul", "--format", "e5m2", "--subnormals", "flush", "--verilog",
               str(path), "--module", "mine")
    assert run.returncode == 1 and run.stdout.startswith(
        "mine (as fpmul_e5m2_flush): counterexample: a = ")


def test_prove_fpadd_takes_a_verilog_file_and_splits(tmp_path):
    path = tmp_path / "adder.v"
    assert lmul("generate", "fpadd", "--format", "e4m3fn", "-o", str(path)).returncode == 0
    run = lmul("prove", "fpadd", "--format", "e4m3fn", "--verilog", str(path), "--split")
    assert run.returncode == 0 and run.stdout.startswith("fpadd_e4m3fn: proved"), run.stderr
    # The rounding adder is not the truncating one: a counterexample (case by case too).
    run = lmul("prove", "fpadd", "--format", "e4m3fn", "--rounding", "truncate", "--verilog",
               str(path), "--module", "fpadd_e4m3fn", "--split")
    assert run.returncode == 1
    assert run.stdout.startswith("fpadd_e4m3fn (as fpadd_e4m3fn_trunc): counterexample: a = ")


def test_a_counterexample_is_printed_with_exit_status_1(monkeypatch, capsys):
    config = UnitConfig("lmul", "e4m3fn")
    cex = Counterexample(config, 0x73, 0x40, 0x7E, 0x7C, ((0x73, 0x40),))
    monkeypatch.setattr("lmul.formal.proof.prove",
                        lambda config, **options: ProofResult(config, False, 0.1, cex))
    assert main(["prove", "lmul", "--format", "e4m3fn"]) == 1
    assert capsys.readouterr().out == f"lmul_e4m3fn: counterexample: {cex.describe()}\n"


@pytest.mark.parametrize("args, status, message", [
    (["lmul", "--format", "e9m2"], 2, "exponent bits must be an integer in 2..8, not 9"),
    (["lmul", "--format", "e4m3fn", "--overflow", "inf"], 2,
     "overflow mode 'inf' needs a format with infinities, not 'e4m3fn'"),
    (["fpmul", "--format", "fp16", "--stages", "-1"], 2,
     "pipeline stages must be an integer in 0..64, not -1"),
    (["lmul", "--format", "e5m2", "--timeout", "0"], 2,
     "timeout must be a number of seconds > 0, not 0.0"),
    (["lmul", "--format", "e5m2", "--module", "m"], 2,
     "--module names a module of --verilog, which is missing"),
    (["lmul", "--format", "e5m2", "--verilog", "/nonexistent/unit.v"], 2,
     "--verilog must be an existing file, not '/nonexistent/unit.v'"),
    (["fpadd", "--format", "e5m2", "--stages", "2", "--split"], 2,
     "--split needs a combinational unit, not one with 2 stages"),
])
def test_bad_arguments_print_one_line_and_fail(args, status, message):
    run = lmul("prove", *args)
    assert run.returncode == status
    assert run.stderr == f"lmul prove {args[0]}: error: {message}\n"


def test_a_proof_past_its_timeout_is_one_line_with_status_1():
    run = lmul("prove", "fpmul", "--format", "fp32", "--timeout", "0.01")
    assert run.returncode == 1
    assert run.stderr.startswith("lmul prove fpmul: error: Yosys ran longer than 0.01 s on prove.ys")
    assert run.stderr.endswith(" (a temporary log; --workdir DIR keeps it)\n")
    assert run.stderr.count("\n") == 1
