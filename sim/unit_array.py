"""Verilog tops around a generated unit: a plain array of copies side by side, and the checked
top that a testbench loads with operand pairs and expected products in bulk."""

__all__ = ["lane_stride", "unit_array_verilog", "checked_top_verilog", "VECTORS_FILE",
           "PRODUCTS_FILE"]

#: Files, relative to the simulator's working directory, through which the checked top reads
#: its vectors and writes the products of a load that had a wrong one.
VECTORS_FILE = "vectors.bin"
PRODUCTS_FILE = "products.hex"

# Verilator's VPI sees only what is public: the checked top marks its ports and nothing else,
# so the units themselves are optimised as if no testbench looked (Icarus ignores the comment).
_PUBLIC = " /*verilator public_flat_rw*/"


def lane_stride(width):
    """Bits per lane in the array's packed ports: the code width rounded up to 8, 16 or 32, so
    that lanes pack and unpack as NumPy ``uint8``/``uint16``/``uint32`` arrays."""
    for stride in (8, 16, 32):
        if width <= stride:
            return stride
    raise ValueError(f"code width must be at most 32 bits, not {width!r}")


def _check_lanes(lanes):
    if type(lanes) is not int or lanes < 1:
        raise ValueError(f"lanes must be an integer >= 1, not {lanes!r}")


def _lane_instances(unit_name, width, lanes, clocked, result):
    """The generate loop of ``lanes`` copies of ``unit_name`` on buses ``a``, ``b``, ``p``
    (lane ``i`` at ``[i*stride +: width]``, the padding bits of ``p`` 0); the unit's result
    port ``result`` drives ``p``."""
    stride = lane_stride(width)
    clock_connections = ", .clk(clk), .rst(rst)" if clocked else ""
    padding = (f"    assign p[i*{stride} + {width} +: {stride - width}] = "
               f"{stride - width}'d0;\n" if stride > width else "")
    return (f"  genvar i;\n"
            f"  generate for (i = 0; i < {lanes}; i = i + 1) begin : lane\n"
            f"    {unit_name} unit (.a(a[i*{stride} +: {width}]), .b(b[i*{stride} +: {width}]), "
            f".{result}(p[i*{stride} +: {width}]){clock_connections});\n"
            f"{padding}"
            f"  end endgenerate\n")


def unit_array_verilog(unit_name, width, lanes, clocked, array_name=None, result="p"):
    """Verilog text of a module ``array_name`` (default ``<unit_name>_array``) instantiating
    ``lanes`` copies of module ``unit_name``, connected by port name (the unit's result port is
    named ``result``: ``p`` for the multipliers, ``s`` for the adder; the array calls it ``p``).

    Ports: ``a``, ``b``, ``p`` of ``lanes * lane_stride(width)`` bits, lane ``i`` at bits
    ``[i*stride +: width]`` (the padding bits of ``p`` are 0), and ``clk``, ``rst`` when
    ``clocked``.
    """
    _check_lanes(lanes)
    bits = lanes * lane_stride(width)
    array_name = array_name or f"{unit_name}_array"
    clock_ports = "input wire clk, input wire rst, " if clocked else ""
    return (f"module {array_name} ({clock_ports}input wire [{bits - 1}:0] a, "
            f"input wire [{bits - 1}:0] b, output wire [{bits - 1}:0] p);\n"
            f"{_lane_instances(unit_name, width, lanes, clocked, result)}"
            f"endmodule\n")


def checked_top_verilog(unit_name, width, lanes, stages, depth, top_name, result="p"):
    """Verilog text of a module ``top_name`` that checks ``lanes`` copies of ``unit_name``
    against expected products it reads in bulk, ``depth`` batches (rows) per load.

    A load holds up to ``depth`` rows, read with ``$fread`` from :data:`VECTORS_FILE`: row
    ``{expected, b, a}`` of ``3 * lanes * lane_stride(width)`` bits (lane ``i`` of each at
    ``[i*stride +: stride]``), big-endian, rows one after the other. Ports, all driven or read
    by the testbench: ``go`` (32 bits; every change starts a load), ``count`` (32 bits: rows in
    this load), ``done`` (toggles when the load is checked), ``mismatch`` (1 when a product of
    the load differed from the expected one in any bit, or when the load's file did not hold
    exactly ``count`` rows) and ``loaded`` (32 bits: the bytes ``$fread`` read, so that a short
    or unreadable file is told apart from a wrong product).

    A load applies row ``r`` to the lanes at step ``r`` (1 time unit a step) and compares the
    products with row ``r``'s expected ones. A pipelined unit (``stages`` > 0, ports ``clk`` and
    ``rst`` driven by the top) is reset by one clock cycle first and then clocked once a row,
    row ``r``'s products compared right after rising edge ``r + stages - 1``. When any product
    was wrong, the top writes every product of the load (a row of ``lanes`` codes a line, lane
    0 lowest) with ``$writememh`` to :data:`PRODUCTS_FILE` before toggling ``done``, so that a
    testbench reads details only for a failing load. A load of ``depth * lanes`` pairs thus
    costs one file write, two port writes and one one-bit read through VPI; the rows run inside
    the simulator (on Verilator through its ``--timing`` scheduler).
    """
    _check_lanes(lanes)
    if type(depth) is not int or depth < 1:
        raise ValueError(f"depth must be an integer >= 1, not {depth!r}")
    if type(stages) is not int or stages < 0:
        raise ValueError(f"stages must be an integer >= 0, not {stages!r}")
    bits = lanes * lane_stride(width)
    clocked = stages > 0
    ports = (f"input wire [31:0] go{_PUBLIC}, input wire [31:0] count{_PUBLIC}, "
             f"output reg done{_PUBLIC}, output reg mismatch{_PUBLIC}, "
             f"output reg [31:0] loaded{_PUBLIC}")
    declarations = (
        f"  reg [{3 * bits - 1}:0] vectors [0:{depth - 1}];\n"
        f"  reg [{bits - 1}:0] products [0:{depth - 1}];\n"
        # The row on the lanes' inputs, and the row whose products are checked: registers
        # written by the process below, so that every simulator propagates each new row.
        f"  reg [{3 * bits - 1}:0] applied, checked;\n"
        f"  wire [{bits - 1}:0] a = applied[0 +: {bits}], b = applied[{bits} +: {bits}];\n"
        f"  wire [{bits - 1}:0] expected = checked[{2 * bits} +: {bits}];\n"
        f"  wire [{bits - 1}:0] p;\n"
        f"  integer r, file;\n"
        f"  initial begin done = 0; mismatch = 0; loaded = 0; applied = 0; end\n")
    if clocked:
        declarations += "  reg clk, rst;\n  initial begin clk = 0; rst = 0; end\n"
        steps = (f"    rst = 1; #1 clk = 1; #1 clk = 0; rst = 0;\n"
                 f"    for (r = 0; r < count + {stages - 1}; r = r + 1) begin\n"
                 f"      applied = vectors[r < count ? r : count - 1];\n"
                 f"      #1 clk = 1;\n"
                 f"      #1 clk = 0;\n"
                 f"      if (r >= {stages - 1}) begin\n"
                 f"        checked = vectors[r - {stages - 1}];\n"
                 f"        products[r - {stages - 1}] = p;\n"
                 # The register itself, not the wire ``expected``: a continuous assignment
                 # need not have followed ``checked`` within this time step.
                 f"        if (p !== checked[{2 * bits} +: {bits}]) mismatch = 1;\n"
                 f"      end\n"
                 f"    end\n")
    else:
        steps = ("    for (r = 0; r < count; r = r + 1) begin\n"
                 "      applied = vectors[r]; checked = applied;\n"
                 "      #1 products[r] = p;\n"
                 "      if (p !== expected) mismatch = 1;\n"
                 "    end\n")
    # Icarus wakes the process when the undriven ports first settle: only go >= 1 is a load.
    check = (f"  always @(go) if (go != 0) begin\n"
             f'    file = $fopen("{VECTORS_FILE}", "rb");\n'
             f"    loaded = $fread(vectors, file);\n"
             f"    $fclose(file);\n"
             # A row is 3 * bits / 8 bytes: a file of fewer rows leaves old ones in place.
             f"    mismatch = loaded != count * {3 * bits // 8};\n"
             f"{steps}"
             f'    if (mismatch) $writememh("{PRODUCTS_FILE}", products, 0, count - 1);\n'
             f"    done = !done;\n"
             f"  end\n")
    return (f"module {top_name} ({ports});\n{declarations}{check}"
            f"{_lane_instances(unit_name, width, lanes, clocked, result)}endmodule\n")
