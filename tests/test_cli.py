"""The ``lmul`` command line as a user runs it: files written, names, and one-line errors."""

import subprocess
import sys

import pytest


def lmul(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "lmul.cli", *args], capture_output=True,
                          text=True, cwd=cwd)


def test_generate_lmul_writes_the_module(tmp_path):
    path = tmp_path / "unit.v"
    run = lmul("generate", "lmul", "--format", "e4m3fn", "-o", str(path))
    assert run.returncode == 0 and run.stdout == f"wrote lmul_e4m3fn to {path}\n"
    text = path.read_text()
    assert "module lmul_e4m3fn(" in text
    assert all(f"input [7:0] {port};" in text for port in ("a", "b"))
    assert "output [7:0] p;" in text


@pytest.mark.parametrize("args, module", [
    (["lmul", "--format", "e4m3fn", "--offset", "0", "--stages", "2"], "lmul_e4m3fn_o0_s2"),
    (["lmul", "--format", "e5m2", "--overflow", "inf"], "lmul_e5m2_inf"),
    (["lmul", "--format", "bf16", "--name", "my_mul"], "my_mul"),
    (["fpmul", "--format", "fp16"], "fpmul_fp16"),
    (["fpmul", "--format", "e4m3fn", "--subnormals", "flush", "--overflow", "saturate",
      "--rounding", "truncate", "--stages", "1"], "fpmul_e4m3fn_flush_sat_trunc_s1"),
])
def test_generated_module_names(args, module):
    run = lmul("generate", *args, "-o", "-")
    assert run.returncode == 0, run.stderr
    assert f"module {module}(" in run.stdout
    assert ("clk" in run.stdout) == ("--stages" in args)


@pytest.mark.parametrize("args, message", [
    (["lmul", "--format", "fp8"], "format must be a preset"),
    (["lmul", "--format", "e4m3", "--offset", "-1"], "offset must be an integer >= 0, not -1"),
    (["lmul", "--format", "e4m3fn", "--overflow", "inf"],
     "overflow mode 'inf' needs a format with infinities, not 'e4m3fn'"),
    (["lmul", "--format", "e4m3", "--stages", "-2"],
     "pipeline stages must be in 0..64, not -2"),
    (["lmul", "--format", "e4m3", "--name", "9lives"],
     "module name must be a Verilog identifier, not '9lives'"),
    (["fpmul", "--format", "e10m3"], "exponent bits must be an integer in 2..8, not 10"),
])
def test_bad_arguments_print_one_line_and_fail(args, message):
    run = lmul("generate", *args, "-o", "-")
    assert run.returncode == 2
    assert run.stderr.count("\n") == 1 and message in run.stderr
    assert run.stderr.startswith("lmul generate: error: ")
    assert "Traceback" not in run.stderr and run.stdout == ""


def test_unwritable_path_is_one_line(tmp_path):
    run = lmul("generate", "lmul", "--format", "e4m3", "-o", str(tmp_path / "no" / "x.v"))
    assert run.returncode == 1
    assert run.stderr == f"lmul generate: error: No such file or directory: " \
                         f"{tmp_path / 'no' / 'x.v'}\n"


def test_argparse_errors_are_one_usage_message():
    run = lmul("generate", "lmul", "--format", "e4m3", "--offset", "many", "-o", "-")
    assert run.returncode == 2 and "Traceback" not in run.stderr
    assert "invalid int value: 'many'" in run.stderr


def test_verify_reports_a_bit_exact_unit(tmp_path):
    run = lmul("verify", "lmul", "--format", "e2m1", "--build-dir", str(tmp_path))
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("lmul_e2m1 on icarus: 256 vectors, 0 mismatches, ")


def test_generate_dot_writes_the_tile(tmp_path):
    path = tmp_path / "tile.v"
    run = lmul("generate", "dot", "--format", "e4m3fn", "--lanes", "4", "--rows", "2",
               "-o", str(path))
    assert run.returncode == 0, run.stderr
    assert "module dot_e4m3fn_lmul_n4_r2(" in path.read_text()


def test_generate_dot_refuses_an_offset_for_exact_products():
    run = lmul("generate", "dot", "--format", "e4m3fn", "--lanes", "4", "--multiplier", "exact",
               "--offset", "1", "-o", "-")
    assert run.returncode == 2 and run.stderr.count("\n") == 1
    assert "offset must be None for the exact multiplier, not 1" in run.stderr
