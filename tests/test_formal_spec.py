"""Which reference and parameters :func:`lmul.formal.spec.spec_for` gives each unit."""

import pytest

from lmul.formal.spec import spec_for
from lmul.units import UnitConfig

from utils import run_icarus


@pytest.mark.parametrize("config, parameters", [
    (UnitConfig("lmul", "e4m3fn"),
     {"E": 4, "M": 3, "FN": 1, "PAPER_OFFSET": 1, "OFFSET": 0, "OVERFLOW_INF": 0}),
    (UnitConfig("lmul", "fp32", {"offset": 0, "overflow": "inf"}),
     {"E": 8, "M": 23, "FN": 0, "PAPER_OFFSET": 0, "OFFSET": 0, "OVERFLOW_INF": 1}),
    (UnitConfig("lmul", "e5m2", {"offset": 7}),
     {"E": 5, "M": 2, "FN": 0, "PAPER_OFFSET": 0, "OFFSET": 7, "OVERFLOW_INF": 0}),
    (UnitConfig("fpmul", "fp16"),
     {"E": 5, "M": 10, "FN": 0, "FLUSH": 0, "SATURATE": 0, "TRUNCATE": 0}),
    (UnitConfig("fpmul", "e4m3fn", {"subnormals": "flush", "overflow": "saturate",
                                    "rounding": "truncate"}),
     {"E": 4, "M": 3, "FN": 1, "FLUSH": 1, "SATURATE": 1, "TRUNCATE": 1}),
    (UnitConfig("fpadd", "bf16", {"subnormals": "flush", "overflow": "saturate"}),
     {"E": 8, "M": 7, "FN": 0, "FLUSH": 1, "SATURATE": 1, "TRUNCATE": 0}),
])
def test_parameters_carry_only_the_format_and_the_options(config, parameters):
    spec = spec_for(config)
    assert spec.module == f"{config.kind}_spec"
    assert spec.parameters == parameters
    assert f"module {spec.module} #(" in spec.source
    assert f"output reg [E+M:0] {config.result_port}" in spec.source


def test_only_the_adder_splits_on_its_clamped_exponent_distance():
    spec = spec_for(UnitConfig("fpadd", "fp16"))
    assert spec.output == "s" and spec.split == ("shift", range(14))
    assert "(* keep *) wire [E-1:0] shift = distance > M + 3 ? M + 3 : distance;" in spec.source
    assert spec_for(UnitConfig("fpmul", "fp16")).split is None


def test_a_unit_without_a_reference_is_refused():
    class Tile:
        kind, options, result_port = "dot", {}, "p"
        format = UnitConfig("lmul", "e5m2").format

    with pytest.raises(ValueError, match="^unit kind must be 'lmul', 'fpmul' or 'fpadd' to have "
                                         "a reference, not 'dot'$"):
        spec_for(Tile())


def simulate_reference(config, a, b, directory):
    """Outputs of ``config``'s reference for the code arrays ``a``, ``b``, simulated on Icarus
    Verilog (the reference alone: no design involved)."""
    import numpy as np

    spec = spec_for(config)
    width = config.format.width
    parameters = ", ".join(f".{name}(64'd{value})" for name, value in spec.parameters.items())
    (directory / "spec.v").write_text(spec.source)
    (directory / "tb.v").write_text(f"""
module tb;
    reg [{width - 1}:0] a, b;
    wire [{width - 1}:0] p;
    reg [{2 * width - 1}:0] pairs [0:{len(a) - 1}];
    integer i, out;
    {spec.module} #({parameters}) reference (.a(a), .b(b), .{spec.output}(p));
    initial begin
        $readmemh("pairs.hex", pairs);
        out = $fopen("products.hex", "w");
        for (i = 0; i < {len(a)}; i = i + 1) begin
            {{a, b}} = pairs[i];
            #1 $fwrite(out, "%h\\n", p);
        end
        $fclose(out);
        $finish;
    end
endmodule
""")
    digits = (width + 3) // 4
    (directory / "pairs.hex").write_text("".join(
        f"{x:0{digits}x}{y:0{digits}x}\n" for x, y in zip(a.tolist(), b.tolist())))
    run_icarus(directory, ["tb.v", "spec.v"])
    return np.array([int(line, 16) for line in
                     (directory / "products.hex").read_text().split()], dtype=np.int64)


@pytest.mark.parametrize("config", [
    UnitConfig("lmul", "e4m3fn"), UnitConfig("lmul", "e5m2", {"offset": 0, "overflow": "inf"}),
    UnitConfig("lmul", "fp16"), UnitConfig("lmul", "fp32", {"offset": 5}),
    UnitConfig("fpmul", "e4m3fn"),
    UnitConfig("fpmul", "e5m2", {"subnormals": "flush", "overflow": "saturate"}),
    UnitConfig("fpmul", "bf16"), UnitConfig("fpmul", "fp32"),
    UnitConfig("fpmul", "fp16", {"subnormals": "flush", "overflow": "saturate",
                                 "rounding": "truncate"}),
    UnitConfig("fpadd", "e4m3fn"), UnitConfig("fpadd", "e5m2", {"subnormals": "flush"}),
    UnitConfig("fpadd", "e4m3", {"overflow": "saturate"}),
    UnitConfig("fpadd", "e3m4", {"rounding": "truncate"}),
    UnitConfig("fpadd", "e4m3fn", {"subnormals": "flush", "overflow": "saturate"}),
    UnitConfig("fpadd", "fp16"), UnitConfig("fpadd", "bf16", {"subnormals": "flush",
                                                             "overflow": "saturate"}),
    UnitConfig("fpadd", "fp32"), UnitConfig("fpadd", "fp32", {"rounding": "truncate"}),
], ids=lambda config: config.name)
def test_the_reference_alone_agrees_with_the_golden_model(config, tmp_path):
    """A second route from the reference to the golden model, not through the design: every
    pair of the 8-bit formats, boundary and random pairs of the others (and the adder's edge
    pairs: every alignment distance, cancellations, ties)."""
    import numpy as np

    from lmul.sim.vectors import boundary_pairs, exhaustive_pairs, random_pairs, sum_edge_pairs

    fmt = config.format
    if fmt.width <= 8:
        a, b = exhaustive_pairs(fmt)
    else:
        sets = [boundary_pairs(fmt), random_pairs(fmt, 20_000, seed=13)]
        if config.kind == "fpadd":
            sets.append(sum_edge_pairs(fmt, 20_000, seed=14))
        a, b = (np.concatenate(arrays) for arrays in zip(*sets))
    got = simulate_reference(config, a, b, tmp_path)
    want = config.golden(a, b).astype(np.int64)
    assert np.array_equal(got, want), np.flatnonzero(got != want)[:5]
