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
    (["fpadd", "--format", "bf16"], "fpadd_bf16"),
    (["fpadd", "--format", "e5m2", "--subnormals", "flush", "--overflow", "saturate",
      "--stages", "2"], "fpadd_e5m2_flush_sat_s2"),
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
     "pipeline stages must be an integer in 0..64, not -2"),
    (["lmul", "--format", "e4m3", "--name", "9lives"],
     "module name must be a Verilog identifier (an ASCII letter or _, then letters, digits, _ "
     "or $), not '9lives'"),
    (["fpmul", "--format", "e10m3"], "exponent bits must be an integer in 2..8, not 10"),
    (["fpadd", "--format", "e4m3fn", "--rounding", "rtz"],
     "argument --rounding: invalid choice: 'rtz' (choose from 'rne', 'truncate')"),
    (["fpadd", "--format", "e4m3", "--stages", "65"],
     "pipeline stages must be an integer in 0..64, not 65"),
])
def test_bad_arguments_print_one_line_and_fail(args, message):
    run = lmul("generate", *args, "-o", "-")
    assert run.returncode == 2
    assert run.stderr.count("\n") == 1 and message in run.stderr
    assert run.stderr.startswith(f"lmul generate {args[0]}: error: ")
    assert "Traceback" not in run.stderr and run.stdout == ""


def test_unwritable_path_is_one_line(tmp_path):
    run = lmul("generate", "lmul", "--format", "e4m3", "-o", str(tmp_path / "no" / "x.v"))
    assert run.returncode == 1
    assert run.stderr == f"lmul generate lmul: error: No such file or directory: " \
                         f"{tmp_path / 'no' / 'x.v'}\n"


def test_argparse_errors_are_one_line_with_the_same_prefix():
    run = lmul("generate", "lmul", "--format", "e4m3", "--offset", "many", "-o", "-")
    assert run.returncode == 2 and run.stdout == ""
    assert run.stderr == ("lmul generate lmul: error: argument --offset: invalid int value: "
                          "'many' (see 'lmul generate lmul --help')\n")


def test_verify_reports_a_bit_exact_unit(tmp_path):
    run = lmul("verify", "lmul", "--format", "e2m1", "--build-dir", str(tmp_path))
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("lmul_e2m1 on icarus: 256 vectors, 0 mismatches, ")


def test_verify_the_adder(tmp_path):
    run = lmul("verify", "fpadd", "--format", "e3m2", "--subnormals", "flush", "--build-dir",
               str(tmp_path))
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("fpadd_e3m2_flush on icarus: 4,096 vectors, 0 mismatches, ")


def test_generate_the_adder_names_its_sum_s(tmp_path):
    path = tmp_path / "adder.v"
    run = lmul("generate", "fpadd", "--format", "e4m3fn", "-o", str(path))
    assert run.returncode == 0 and run.stdout == f"wrote fpadd_e4m3fn to {path}\n"
    text = path.read_text()
    assert all(f"input [7:0] {port};" in text for port in ("a", "b"))
    assert "output [7:0] s;" in text


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


@pytest.mark.parametrize("name, message", [
    ("module", "module name must not be a Verilog or SystemVerilog keyword, not 'module'"),
    ("logic", "module name must not be a Verilog or SystemVerilog keyword, not 'logic'"),
    ("", "module name must be a Verilog identifier (an ASCII letter or _, then letters, "
         "digits, _ or $), not ''"),
    ("mul\u00e9", "module name must be a Verilog identifier (an ASCII letter or _, then "
                  "letters, digits, _ or $), not 'mul\u00e9'"),
])
def test_module_names_must_be_plain_identifiers(name, message):
    run = lmul("generate", "lmul", "--format", "e2m1", "--name", name, "-o", "-")
    assert (run.returncode, run.stdout) == (2, "")
    assert run.stderr == f"lmul generate lmul: error: {message}\n"


def test_a_plain_identifier_is_the_module_name(tmp_path):
    path = tmp_path / "unit.v"
    run = lmul("generate", "fpmul", "--format", "e2m1", "--name", "Wire_2", "-o", str(path))
    assert run.returncode == 0, run.stderr
    assert "module Wire_2(" in path.read_text()


@pytest.mark.parametrize("args, message", [
    (["--formats", ""], "formats must be a comma-separated list of format names, not ''"),
    (["--formats", "e2m1,,e3m2"],
     "formats must be a comma-separated list of format names, not 'e2m1,,e3m2'"),
    (["--formats", "e2m1,fp8"], "format must be a preset"),
    (["--formats", "e2m1", "--random", "-1"],
     "random pair count must be an integer >= 0, not -1"),
    (["--formats", "e2m1", "--jobs", "0"], "jobs must be an integer >= 1, not 0"),
])
def test_run_validates_everything_before_writing(tmp_path, args, message):
    output_dir = tmp_path / "verilog"
    run = lmul("run", *args, "--output-dir", str(output_dir))
    assert run.returncode == 2 and run.stdout == ""
    assert run.stderr.startswith("lmul run: error: ") and run.stderr.count("\n") == 1
    assert message in run.stderr
    assert not output_dir.exists()


@pytest.mark.parametrize("args, module", [
    (["--accumulator", "aligned"], "dot_e4m3fn_lmul_n4_r1_aligned"),
    (["--accumulator", "aligned", "--fraction-bits", "20"], "dot_e4m3fn_lmul_n4_r1_aligned_f20"),
    (["--accumulator", "float", "--multiplier", "exact"], "dot_e4m3fn_exact_n4_r1_float"),
])
def test_generate_dot_with_another_accumulator(args, module, tmp_path):
    path = tmp_path / "tile.v"
    run = lmul("generate", "dot", "--format", "e4m3fn", "--lanes", "4", *args, "-o", str(path))
    assert run.returncode == 0, run.stderr
    assert f"module {module}(" in path.read_text()


def test_generate_dot_has_one_lane_by_default():
    run = lmul("generate", "dot", "--format", "e2m1", "-o", "-")
    assert run.returncode == 0, run.stderr
    assert "module dot_e2m1_lmul_n1_r1(" in run.stdout


def _limit_address_space():
    import resource
    resource.setrlimit(resource.RLIMIT_AS, (4_000_000_000, 4_000_000_000))


def test_a_tool_failure_is_one_line(tmp_path):
    # The WebAssembly Yosys reserves more than 4 GB of address space: under this limit every
    # conversion fails, as it did for a user with `ulimit -v 4000000`.
    run = subprocess.run([sys.executable, "-m", "lmul.cli", "generate", "lmul", "--format",
                          "e2m1", "-o", str(tmp_path / "unit.v")], capture_output=True,
                         text=True, preexec_fn=_limit_address_space)
    assert run.returncode == 1 and run.stdout == ""
    assert run.stderr.startswith("lmul generate lmul: error: Yosys (Amaranth's Verilog back "
                                 "end) failed: WasmtimeError: ")
    assert run.stderr.count("\n") == 1 and "Traceback" not in run.stderr


def test_an_unexpected_error_is_one_line(monkeypatch, capsys):
    from lmul import cli
    from lmul.commands import generate

    def broken(args):
        raise RuntimeError("first line\nsecond line")

    monkeypatch.setattr(generate, "design_from_args", broken)
    assert cli.main(["generate", "lmul", "--format", "e2m1", "-o", "-"]) == 1
    assert capsys.readouterr().err == ("lmul generate lmul: error: unexpected RuntimeError: "
                                       "first line; second line (LMUL_TRACEBACK=1 shows where)\n")


@pytest.mark.parametrize("args, message", [
    (["--lanes", "900"], "lanes must be an integer in 1..256, not 900"),
    (["--rows", "1000"], "rows must be an integer in 1..64, not 1000"),
    (["--window", "-100000", "100000"],
     "window must be at most 256 bits wide (msb - lsb + 1), not 200001 for (-100000, 100000)"),
    (["--output-format", "E4M3"],
     "format must be a preset (e4m3fn, e5m2, e4m3, e3m4, fp16, bf16, fp32) or of the form eXmY "
     "or eXmYfn, not 'E4M3'; did you mean 'e4m3fn'?"),
    (["--accumulator", "float", "--window", "-8", "20"],
     "window must be None for the float accumulator (it has no window), not (-8, 20)"),
    (["--fraction-bits", "9"], "fraction bits must be None for the window accumulator (only the "
                               "aligned one has them), not 9"),
    (["--accumulator", "aligned", "--fraction-bits", "41"],
     "fraction bits must be an integer in 0..40, not 41"),
    (["--accumulator", "aligned", "--tree-levels-per-register", "2"],
     "tree levels per register must be 1 for the aligned accumulator (its adder tree is inside "
     "the accumulator loop), not 2"),
])
def test_generate_dot_bounds_are_one_line(args, message):
    run = lmul("generate", "dot", "--format", "e4m3fn", *args, "-o", "-")
    assert (run.returncode, run.stdout) == (2, "")
    assert run.stderr == f"lmul generate dot: error: {message}\n"


@pytest.mark.parametrize("args, message", [
    (["--sample-size", "1"], "sample size must be an integer >= 2, not 1"),
    (["--tuning-sample-size", "0"], "tuning sample size must be an integer >= 1, not 0"),
    (["--dot-product-trials", "0"], "dot-product trial count must be an integer >= 1, not 0"),
    (["--seed", "-1"], "seed must be an integer >= 0, not -1"),
])
def test_accuracy_validates_before_running(tmp_path, args, message):
    output_dir = tmp_path / "reports"
    run = lmul("accuracy", *args, "-q", "--output-dir", str(output_dir))
    assert (run.returncode, run.stdout) == (2, "")
    assert run.stderr == f"lmul accuracy: error: {message}\n"
    assert not output_dir.exists()


@pytest.mark.parametrize("design, text", [
    ("lmul", "Ports: a, b, p (and clk, rst when pipelined)"),
    ("fpmul", "e.g. fpmul_e4m3fn_flush_sat_s1"),
    ("fpadd", "Ports: a, b, s (and clk, rst when pipelined)"),
    ("dot", "Ports: beats__payload (a, b, last from the LSB up)"),
])
def test_generate_help_describes_each_design(design, text):
    run = lmul("generate", design, "--help")
    assert run.returncode == 0
    assert text in " ".join(run.stdout.split())


def test_each_option_is_declared_once():
    # The units' and the tile's options come from their parameter classes' declarations.
    from lmul.commands.design_arguments import design_options
    from lmul.format import FORMAT_OPTION

    for kind in ("lmul", "fpmul", "fpadd", "dot"):
        options = design_options(kind)
        assert options[0] is FORMAT_OPTION
        assert len({option.spelling for option in options}) == len(options)


def test_a_tool_failure_inside_verify_is_one_line(tmp_path):
    # verify converts through the simulation harness, not through `generate`'s writer.
    run = subprocess.run([sys.executable, "-m", "lmul.cli", "verify", "lmul", "--format",
                          "e2m1", "--build-dir", str(tmp_path)], capture_output=True,
                         text=True, preexec_fn=_limit_address_space)
    assert run.returncode == 1 and run.stdout == ""
    assert run.stderr.startswith("lmul verify lmul: error: Yosys (Amaranth's Verilog back "
                                 "end) failed: WasmtimeError: ")
    assert run.stderr.count("\n") == 1


def test_one_line_keeps_the_context_and_the_final_exception():
    from lmul.commands import one_line

    note = ("lmul_e2m1: could not be generated (YosysError: Traceback (most recent call last):\n"
            '  File "x.py", line 1, in <module>\n    f()\n'
            "wasmtime._error.WasmtimeError: mmap failed\n\nCaused by:\n    no memory).")
    assert one_line(note) == ("lmul_e2m1: could not be generated (YosysError: WasmtimeError: "
                              "mmap failed; Caused by: no memory).")
    assert one_line("plain\n  message ") == "plain; message"
    assert one_line("") == "no message"


def test_report_tool_failures_are_one_line_each_and_fail(tmp_path):
    run = subprocess.run([sys.executable, "-m", "lmul.cli", "report", "--formats", "e2m1",
                          "--measurements", "generic", "--tiles", "none", "--jobs", "1",
                          "--build-dir", str(tmp_path / "build"),
                          "--output-dir", str(tmp_path / "reports")],
                         capture_output=True, text=True, preexec_fn=_limit_address_space)
    assert run.returncode == 1 and "Traceback" not in run.stdout + run.stderr
    notes = [line for line in run.stdout.splitlines() if line.startswith("lmul report: note:")]
    # The tool's own words (the reservation's size) vary with its version; ours do not. One
    # note for each of the default report's 7 designs of a format.
    assert len(notes) == 7 and all(
        ": could not be generated (YosysError: WasmtimeError: mmap failed" in note
        and note.endswith("Cannot allocate memory (os error 12)).") for note in notes)


@pytest.mark.parametrize("args, prog, unknown", [
    (["generate", "lmul", "--format", "e4m3fn", "-o", "-", "--frob"], "lmul generate lmul",
     "--frob"),
    (["generate", "fpmul", "--format", "e4m3fn", "--offset", "1", "-o", "-"],
     "lmul generate fpmul", "--offset 1"),
    (["run", "--frob"], "lmul run", "--frob"),
])
def test_an_unknown_argument_is_named_by_its_command(args, prog, unknown):
    run = lmul(*args)
    assert (run.returncode, run.stdout) == (2, "")
    assert run.stderr == (f"{prog}: error: unrecognized arguments: {unknown} "
                          f"(see '{prog} --help')\n")


def test_version():
    import tomllib
    from pathlib import Path

    pyproject = Path(__file__).parents[1] / "pyproject.toml"
    version = tomllib.loads(pyproject.read_text())["project"]["version"]
    run = lmul("--version")
    assert (run.returncode, run.stdout, run.stderr) == (0, f"lmul {version}\n", "")


def test_verify_refuses_a_negative_seed_for_every_format(tmp_path):
    for fmt in ("e4m3fn", "fp16"):
        run = lmul("verify", "lmul", "--format", fmt, "--seed", "-1", "--random", "10",
                   "--build-dir", str(tmp_path))
        assert (run.returncode, run.stdout) == (2, "")
        assert run.stderr == "lmul verify lmul: error: seed must be an integer >= 0, not -1\n"


@pytest.mark.parametrize("command, work", [
    (["report", "--formats", "e2m2", "--tiles", "none", "--measurements", "asic"],
     "lmul.synth.report.build_report"),
    (["accuracy", "-q"], "lmul.accuracy.study.run_study"),
])
def test_an_unwritable_output_directory_fails_before_any_work(command, work, tmp_path,
                                                              monkeypatch, capsys):
    from lmul.cli import main

    def refuse(*args, **kwargs):
        raise AssertionError("the work started before the output directory was checked")

    monkeypatch.setattr(work, refuse)
    (tmp_path / "file").write_text("")
    output_dir = tmp_path / "file" / "reports"
    assert main([*command, "--output-dir", str(output_dir)]) == 1
    assert capsys.readouterr() == ("", f"lmul {command[0]}: error: Not a directory: "
                                       f"{output_dir}\n")


def test_checking_a_directory_leaves_nothing_behind(tmp_path):
    from lmul.commands import check_writable_directory

    check_writable_directory(tmp_path / "a" / "b")
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(OSError):
        check_writable_directory("/proc/no/such/directory")


def test_the_printed_tables_leave_out_what_no_row_holds():
    from lmul.commands.report import _informative_columns

    table = ["| format | comparison | area | LUTs | note |", "|---|---|---|---|---|",
             "| e4m3fn | like for like | −50 % | – | a |", "| fp32 | like for like | −91 % | – | b |"]
    assert _informative_columns(table, said="comparison") == [
        "| format | area | note |", "|---|---|---|", "| e4m3fn | −50 % | a |",
        "| fp32 | −91 % | b |"]
    # A column is kept when one row holds a value, or (``said``) when the rows differ.
    table[3] = "| fp32 | cheapest | −91 % | 12 | b |"
    assert _informative_columns(table, said="comparison") == table
    assert _informative_columns(table[:2]) == table[:2]


@pytest.mark.parametrize("option", ["--tile-accumulators", "--accumulator-lanes",
                                    "--accumulator-formats"])
def test_the_accumulator_options_need_the_full_sweep(option, tmp_path):
    run = lmul("report", option, "4", "--output-dir", str(tmp_path / "reports"),
               "--build-dir", str(tmp_path / "build"))
    assert (run.returncode, run.stdout) == (2, "")
    assert run.stderr == (f"lmul report: error: {option} selects from the accumulator "
                          f"comparison, which only --full measures\n")
    assert list(tmp_path.iterdir()) == []
