"""The Verilog array top: lane strides, ports and connections by name."""

import pytest

from lmul.sim.unit_array import lane_stride, unit_array_verilog


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


def test_checked_array_text():
    text = unit_array_verilog("lmul_e4m3fn", 8, 4, clocked=False, checked=True)
    assert text.startswith("module lmul_e4m3fn_array (input wire [95:0] stimulus, "
                           "output wire [31:0] p, output wire mismatch);")
    assert "wire [31:0] a = stimulus[0 +: 32];" in text
    assert "wire [31:0] b = stimulus[32 +: 32];" in text
    assert "wire [31:0] expected = stimulus[64 +: 32];" in text
    assert "assign mismatch = p != expected;" in text


def test_checked_array_with_several_batches_per_write():
    text = unit_array_verilog("lmul_e4m3fn", 8, 2, clocked=False, checked=True, depth=4)
    assert text.startswith("module lmul_e4m3fn_array (input wire clk, input wire rst, "
                           "input wire [191:0] stimulus, output wire [15:0] p, "
                           "output reg [3:0] mismatch);")
    assert "assign slots[k] = stimulus[k*48 +: 48];" in text
    assert "wire [47:0] current = slots[slot];" in text
    assert "wire [15:0] expected = current[32 +: 16];" in text
    assert "else begin mismatch[slot] <= p != expected; slot <= slot + 1; end" in text


@pytest.mark.parametrize("depth, clocked, checked, message", [
    (3, False, True, "^depth must be a power of two >= 1, not 3$"),
    (2, True, True, "^depth > 1 needs a checked top of a combinational unit$"),
    (2, False, False, "^depth > 1 needs a checked top of a combinational unit$"),
])
def test_depth_is_validated(depth, clocked, checked, message):
    with pytest.raises(ValueError, match=message):
        unit_array_verilog("u", 8, 1, clocked=clocked, checked=checked, depth=depth)


def test_a_unit_with_another_result_port_drives_the_arrays_p():
    text = unit_array_verilog("fpadd_e4m3fn", 8, 2, clocked=False, result="s")
    assert "fpadd_e4m3fn unit (.a(a[i*8 +: 8]), .b(b[i*8 +: 8]), .s(p[i*8 +: 8]));" in text
    assert "output wire [15:0] p)" in text
