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


def unit_array_verilog(unit_name, width, lanes, clocked, array_name=None):
    """Verilog text of a module ``array_name`` (default ``<unit_name>_array``) instantiating
    ``lanes`` copies of module ``unit_name``, connected by port name.

    Ports: ``a``, ``b``, ``p`` of ``lanes * lane_stride(width)`` bits, lane ``i`` at bits
    ``[i*stride +: width]`` (the padding bits of ``p`` are 0), and ``clk``, ``rst`` when
    ``clocked``.
    """
    if type(lanes) is not int or lanes < 1:
        raise ValueError(f"lanes must be an integer >= 1, not {lanes!r}")
    stride = lane_stride(width)
    bits = lanes * stride
    array_name = array_name or f"{unit_name}_array"
    clock_ports = "input wire clk, input wire rst, " if clocked else ""
    clock_connections = ", .clk(clk), .rst(rst)" if clocked else ""
    padding = (f"    assign p[i*{stride} + {width} +: {stride - width}] = "
               f"{stride - width}'d0;\n" if stride > width else "")
    return (
        f"module {array_name} ({clock_ports}input wire [{bits - 1}:0] a, "
        f"input wire [{bits - 1}:0] b, output wire [{bits - 1}:0] p);\n"
        f"  genvar i;\n"
        f"  generate for (i = 0; i < {lanes}; i = i + 1) begin : lane\n"
        f"    {unit_name} unit (.a(a[i*{stride} +: {width}]), .b(b[i*{stride} +: {width}]), "
        f".p(p[i*{stride} +: {width}]){clock_connections});\n"
        f"{padding}"
        f"  end endgenerate\n"
        f"endmodule\n"
    )
