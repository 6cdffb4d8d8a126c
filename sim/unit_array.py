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


def unit_array_verilog(unit_name, width, lanes, clocked, array_name=None, checked=False,
                       depth=1, result="p"):
    """Verilog text of a module ``array_name`` (default ``<unit_name>_array``) instantiating
    ``lanes`` copies of module ``unit_name``, connected by port name (the unit's result port is
    named ``result``: ``p`` for the multipliers, ``s`` for the adder).

    Ports: ``a``, ``b``, ``p`` (every lane's result, whatever the unit calls it) of
    ``lanes * lane_stride(width)`` bits, lane ``i`` at bits ``[i*stride +: width]`` (the
    padding bits of ``p`` are 0), and ``clk``, ``rst`` when ``clocked``. When ``checked``, the inputs are instead one port ``stimulus`` of three times
    the width, ``{expected, b, a}``, and an output ``mismatch`` is 1 when ``p`` differs from
    ``expected`` in any bit: a testbench then makes one write and one one-bit read per step,
    and reads ``p`` only when it is wrong (every access through VPI has a fixed cost, and
    reading a wide bus costs far more than writing one).

    A checked top of a combinational unit may take ``depth`` > 1 (a power of two) batches per
    write: ``stimulus`` holds ``depth`` slots of ``{expected, b, a}``, slot ``k`` at
    ``[k*3*W +: 3*W]``; the top gets ``clk`` and ``rst``, applies slot ``k`` in the ``k``-th
    cycle after a reset (modulo ``depth``) and at that cycle's rising edge stores into
    ``mismatch[k]`` whether the products differ from the expected ones. A testbench then writes
    and reads once per ``depth`` cycles, and the clock runs inside the simulator.
    """
    if type(lanes) is not int or lanes < 1:
        raise ValueError(f"lanes must be an integer >= 1, not {lanes!r}")
    if type(depth) is not int or depth < 1 or depth & (depth - 1):
        raise ValueError(f"depth must be a power of two >= 1, not {depth!r}")
    if depth > 1 and (clocked or not checked):
        raise ValueError("depth > 1 needs a checked top of a combinational unit")
    stride = lane_stride(width)
    bits = lanes * stride
    array_name = array_name or f"{unit_name}_array"
    clock_ports = "input wire clk, input wire rst, " if clocked else ""
    clock_connections = ", .clk(clk), .rst(rst)" if clocked else ""
    if depth > 1:
        slot_bits = depth.bit_length() - 1
        inputs = (f"input wire clk, input wire rst, "
                  f"input wire [{depth * 3 * bits - 1}:0] stimulus, ")
        check_ports = f", output reg [{depth - 1}:0] mismatch"
        check_logic = (f"  reg [{slot_bits - 1}:0] slot;\n"
                       # An array read per cycle, not a shift of the whole stimulus.
                       f"  wire [{3 * bits - 1}:0] slots [0:{depth - 1}];\n"
                       f"  genvar k;\n"
                       f"  generate for (k = 0; k < {depth}; k = k + 1) begin : slot_of\n"
                       f"    assign slots[k] = stimulus[k*{3 * bits} +: {3 * bits}];\n"
                       f"  end endgenerate\n"
                       f"  wire [{3 * bits - 1}:0] current = slots[slot];\n"
                       f"  wire [{bits - 1}:0] a = current[0 +: {bits}];\n"
                       f"  wire [{bits - 1}:0] b = current[{bits} +: {bits}];\n"
                       f"  wire [{bits - 1}:0] expected = current[{2 * bits} +: {bits}];\n"
                       f"  always @(posedge clk)\n"
                       f"    if (rst) slot <= 0;\n"
                       f"    else begin mismatch[slot] <= p != expected; slot <= slot + 1; end\n")
    elif checked:
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
        f".{result}(p[i*{stride} +: {width}]){clock_connections});\n"
        f"{padding}"
        f"  end endgenerate\n"
        f"endmodule\n"
    )
