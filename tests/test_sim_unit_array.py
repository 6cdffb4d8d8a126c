"""The Verilog array top: lane strides, ports and connections by name."""

import pytest

from lmul.sim.unit_array import (PRODUCTS_FILE, VECTORS_FILE, checked_top_verilog, lane_stride,
                                 unit_array_verilog)

from utils import run_icarus


@pytest.mark.parametrize("width, stride", [(4, 8), (8, 8), (9, 16), (16, 16), (17, 32),
                                           (32, 32)])
def test_lane_stride(width, stride):
    assert lane_stride(width) == stride


def test_lane_stride_refuses_wider_codes():
    with pytest.raises(ValueError, match="^code width must be at most 32 bits, not 33$"):
        lane_stride(33)


def test_combinational_array_text():
    text = unit_array_verilog("lmul_e4m3fn", 8, 4, clocked=False)
    assert text.startswith("module lmul_e4m3fn_array (input wire [31:0] a, "
                           "input wire [31:0] b, output wire [31:0] p);")
    assert "lmul_e4m3fn unit (.a(a[i*8 +: 8]), .b(b[i*8 +: 8]), .p(p[i*8 +: 8]));" in text
    assert "clk" not in text and "assign" not in text


def test_clocked_padded_array_text():
    text = unit_array_verilog("lmul_e6m3_s2", 10, 2, clocked=True, array_name="top")
    assert text.startswith("module top (input wire clk, input wire rst, input wire [31:0] a")
    assert ".p(p[i*16 +: 10]), .clk(clk), .rst(rst));" in text
    assert "assign p[i*16 + 10 +: 6] = 6'd0;" in text


def test_lanes_must_be_positive():
    with pytest.raises(ValueError, match="^lanes must be an integer >= 1, not 0$"):
        unit_array_verilog("u", 8, 0, clocked=False)


def test_checked_top_text():
    text = checked_top_verilog("lmul_e4m3fn", 8, 4, 0, 16, "top")
    assert text.startswith("module top (input wire [31:0] go /*verilator public_flat_rw*/, "
                           "input wire [31:0] count /*verilator public_flat_rw*/, "
                           "output reg done /*verilator public_flat_rw*/, "
                           "output reg mismatch /*verilator public_flat_rw*/, "
                           "output reg [31:0] loaded /*verilator public_flat_rw*/);")
    assert "reg [95:0] vectors [0:15];" in text and "reg [31:0] products [0:15];" in text
    assert "wire [31:0] a = applied[0 +: 32], b = applied[32 +: 32];" in text
    assert "wire [31:0] expected = checked[64 +: 32];" in text
    assert 'loaded = $fread(vectors, file);' in text and f'"{VECTORS_FILE}"' in text
    assert "mismatch = loaded != count * 12;" in text
    assert f'if (mismatch) $writememh("{PRODUCTS_FILE}", products, 0, count - 1);' in text
    assert "applied = vectors[r]; checked = applied;" in text
    assert "clk" not in text
    assert "lmul_e4m3fn unit (.a(a[i*8 +: 8]), .b(b[i*8 +: 8]), .p(p[i*8 +: 8]));" in text


def test_checked_top_of_a_pipelined_unit():
    text = checked_top_verilog("lmul_e6m3_s2", 10, 2, 2, 8, "top")
    assert "rst = 1; #1 clk = 1; #1 clk = 0; rst = 0;" in text
    assert "for (r = 0; r < count + 1; r = r + 1) begin" in text
    assert "checked = vectors[r - 1];" in text
    assert "if (p !== checked[64 +: 32]) mismatch = 1;" in text
    assert ".p(p[i*16 +: 10]), .clk(clk), .rst(rst));" in text
    assert "assign p[i*16 + 10 +: 6] = 6'd0;" in text


@pytest.mark.parametrize("lanes, stages, depth, message", [
    (0, 0, 1, "^lanes must be an integer >= 1, not 0$"),
    (1, -1, 1, "^stages must be an integer >= 0, not -1$"),
    (1, 0, 0, "^depth must be an integer >= 1, not 0$"),
])
def test_checked_top_arguments_are_validated(lanes, stages, depth, message):
    with pytest.raises(ValueError, match=message):
        checked_top_verilog("u", 8, lanes, stages, depth, "top")


def test_a_unit_with_another_result_port_drives_the_arrays_p():
    text = unit_array_verilog("fpadd_e4m3fn", 8, 2, clocked=False, result="s")
    assert "fpadd_e4m3fn unit (.a(a[i*8 +: 8]), .b(b[i*8 +: 8]), .s(p[i*8 +: 8]));" in text
    assert "output wire [15:0] p)" in text
    checked = checked_top_verilog("fpadd_e4m3fn", 8, 2, 0, 16, "top", result="s")
    assert "fpadd_e4m3fn unit (.a(a[i*8 +: 8]), .b(b[i*8 +: 8]), .s(p[i*8 +: 8]));" in checked


# A stand-in unit (p = a ^ b) in the checked top, driven by a plain Verilog testbench on Icarus:
# what the top reports for a good load, a wrong product and a file of too few rows.
_XOR_UNIT = "module xor_unit (input wire [7:0] a, input wire [7:0] b, output wire [7:0] p);\n" \
            "  assign p = a ^ b;\nendmodule\n"


def _run_checked_top(directory, rows, count):
    """Load ``rows`` of (a, b, expected) into a 2-lane checked top of :data:`_XOR_UNIT`, with
    ``count`` rows announced; return its (mismatch, loaded) after the load."""
    (directory / "top.v").write_text(checked_top_verilog("xor_unit", 8, 2, 0, 4, "top"))
    (directory / "unit.v").write_text(_XOR_UNIT)
    (directory / "tb.v").write_text(f"""
module tb;
  reg [31:0] go = 0, count = {count};
  wire done, mismatch;
  wire [31:0] loaded;
  top dut (.go(go), .count(count), .done(done), .mismatch(mismatch), .loaded(loaded));
  initial begin
    #1 go = 1;
    @(done) $display("%0d %0d", mismatch, loaded);
    $finish;
  end
endmodule
""")
    # A row as the top reads it: {expected, b, a}, lane 0 lowest, big-endian.
    (directory / VECTORS_FILE).write_bytes(b"".join(
        bytes([*reversed(expected), *reversed(b), *reversed(a)]) for a, b, expected in rows))
    mismatch, loaded = run_icarus(directory, ["tb.v", "top.v", "unit.v"]).split()[:2]
    return int(mismatch), int(loaded)


_GOOD_ROWS = [((1, 2), (3, 4), (1 ^ 3, 2 ^ 4)), ((0xF0, 0x0F), (0xFF, 0xFF), (0x0F, 0xF0))]


def test_the_checked_top_passes_a_good_load(icarus, tmp_path):
    assert _run_checked_top(tmp_path, _GOOD_ROWS, 2) == (0, 12)


def test_the_checked_top_flags_a_wrong_product(icarus, tmp_path):
    rows = [_GOOD_ROWS[0], ((0xF0, 0x0F), (0xFF, 0xFF), (0x0F, 0xF1))]
    assert _run_checked_top(tmp_path, rows, 2) == (1, 12)


def test_the_checked_top_flags_a_file_of_too_few_rows(icarus, tmp_path):
    # Every row present is right: only the byte count shows that one is missing.
    assert _run_checked_top(tmp_path, _GOOD_ROWS[:1], 2) == (1, 6)
