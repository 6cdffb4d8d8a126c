"""A Verilog top that puts many copies of a generated unit side by side, so that a simulator
checks one operand pair per copy at every step."""

__all__ = ["lane_stride", "unit_array_verilog"]


def lane_stride(width):
    """Bits per lane in the array's packed ports: the code width rounded up to 8, 16 or 32, so
    that lanes pack and unpack as NumPy ``uint8``/``uint16``/``uint32`` arrays."""
    for stride in (8, 16, 32):
        if width <= stride:
            return stride
    raise ValueError(f"code width must be at most 32 bits, not {width!r}")


def unit_array_verilog(unit_name, width, lanes, clocked, array_name=None, checked=False):
    """Verilog text of a module ``array_name`` (default ``<unit_name>_array``) instantiating
    ``lanes`` copies of module ``unit_name``, connected by port name.

    Ports: ``a``, ``b``, ``p`` of ``lanes * lane_stride(width)`` bits, lane ``i`` at bits
    ``[i*stride +: width]`` (the padding bits of ``p`` are 0), and ``clk``, ``rst`` when
    ``clocked``. When ``checked``, the inputs are instead one port ``stimulus`` of three times
    the width, ``{expected, b, a}``, and an output ``mismatch`` is 1 when ``p`` differs from
    ``expected`` in any bit: a testbench then makes one write and one one-bit read per step,
    and reads ``p`` only when it is wrong (every access through VPI has a fixed cost, and
    reading a wide bus costs far more than writing one).
    """
    if type(lanes) is not int or lanes < 1:
        raise ValueError(f"lanes must be an integer >= 1, not {lanes!r}")
    stride = lane_stride(width)
    bits = lanes * stride
    array_name = array_name or f"{unit_name}_array"
    clock_ports = "input wire clk, input wire rst, " if clocked else ""
    clock_connections = ", .clk(clk), .rst(rst)" if clocked else ""
    if checked:
        inputs = f"input wire [{3 * bits - 1}:0] stimulus, "
        check_ports = ", output wire mismatch"
        check_logic = (f"  wire [{bits - 1}:0] a = stimulus[0 +: {bits}];\n"
                       f"  wire [{bits - 1}:0] b = stimulus[{bits} +: {bits}];\n"
                       f"  wire [{bits - 1}:0] expected = stimulus[{2 * bits} +: {bits}];\n"
                       f"  assign mismatch = p != expected;\n")
    else:
        inputs = f"input wire [{bits - 1}:0] a, input wire [{bits - 1}:0] b, "
        check_ports = check_logic = ""
    padding = (f"    assign p[i*{stride} + {width} +: {stride - width}] = "
               f"{stride - width}'d0;\n" if stride > width else "")
    return (
        f"module {array_name} ({clock_ports}{inputs}"
        f"output wire [{bits - 1}:0] p{check_ports});\n"
        f"{check_logic}"
        f"  genvar i;\n"
        f"  generate for (i = 0; i < {lanes}; i = i + 1) begin : lane\n"
        f"    {unit_name} unit (.a(a[i*{stride} +: {width}]), .b(b[i*{stride} +: {width}]), "
        f".p(p[i*{stride} +: {width}]){clock_connections});\n"
        f"{padding}"
        f"  end endgenerate\n"
        f"endmodule\n"
    )
