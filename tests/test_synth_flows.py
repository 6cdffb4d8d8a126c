"""The Yosys, OpenSTA and simulation flows on small designs. Needs the OSU018 liberty and OpenSTA
(tools/setup-synth.sh): skipped without them, except in CI, where their absence fails."""

import dataclasses
from types import SimpleNamespace

import numpy as np
import pytest

from lmul.synth.adder_floor import AdderFloorConfig, adder_floor
from lmul.synth.measure import EquivalenceError, Settings, design_verilog, measure
from lmul.synth.yosys_flow import YosysError, render_flow, run_yosys_script
from lmul.units import UnitConfig


@pytest.fixture(scope="module")
def settings(osu018, opensta):
    return Settings(str(osu018.path), period_ns=10.0, vectors=2048)


def verilog_design(name, text):
    return SimpleNamespace(name=name, stages=0), text


NAND = "module nand2(input a, input b, output y); assign y = ~(a & b); endmodule\n"
REGISTER = ("module register4(input clk, input [3:0] d, output reg [3:0] q);\n"
            "  always @(posedge clk) q <= d;\nendmodule\n")


def test_transistor_estimate_of_a_nand(tmp_path):
    design, text = verilog_design("nand2", NAND)
    result = measure(design, text, "generic", None, tmp_path)
    assert result == {"gates": 1, "flip_flops": 0, "gates_by_type": {"NAND": 1},
                      "transistors": 4}


def test_transistor_estimate_of_a_register(tmp_path):
    # `stat -tech cmos` counts 16 transistors per D flip-flop.
    design, text = verilog_design("register4", REGISTER)
    result = measure(design, text, "generic", None, tmp_path)
    assert result["flip_flops"] == 4
    assert result["gates"] == 0
    assert result["transistors"] == 64


def test_ice40_counts(tmp_path):
    design, text = verilog_design("nand2", NAND)
    result = measure(design, text, "ice40", None, tmp_path)
    assert (result["luts"], result["carries"], result["flip_flops"]) == (1, 0, 0)


def test_flow_scripts_are_plain_yosys_with_placeholders():
    script = render_flow("liberty", verilog="x.v", top="x", out="o_", liberty="cells.lib",
                         driver="INVX1", load="0.0373", delay=10000, synthoptions="-booth")
    assert "@" not in script
    assert "synth -flatten -booth -top x" in script
    assert "abc -D 10000 -constr o_abc.constr -liberty cells.lib" in script
    assert "set_driving_cell INVX1\nset_load 0.0373\n" in script
    assert "tee -q -o o_liberty_stat.json stat -json -liberty cells.lib" in script
    with pytest.raises(ValueError) as error:
        render_flow("liberty", verilog="x.v", top="x", out="")
    assert str(error.value) == "flow 'liberty' needs a value for @LIBERTY@"


def test_yosys_error_is_one_line(tmp_path):
    (tmp_path / "bad.ys").write_text("read_verilog missing.v\n")
    with pytest.raises(YosysError) as error:
        run_yosys_script("bad.ys", "bad.log", cwd=tmp_path)
    assert "\n" not in str(error.value)
    assert "missing.v" in str(error.value)
    assert (tmp_path / "bad.log").exists()


def test_lmul_standard_cells_timing_energy(tmp_path, osu018, settings):
    config = UnitConfig("lmul", "e4m3fn")
    result = measure(config, design_verilog(config), "asic", settings, tmp_path)
    # the area is the cells' areas summed
    assert result["area"] == sum(osu018.cells[name].area * count
                                 for name, count in result["cells_by_type"].items())
    assert result["cells"] == sum(result["cells_by_type"].values())
    assert result["sequential_area"] == 0
    assert 3 <= result["depth"] <= 30
    assert 0.1 < result["critical_path_ns"] < 10
    for stream in ("uniform", "normal"):
        energy = result["energy"][stream]
        assert energy["clock_pj"] == 0
        assert 0.5 < energy["dynamic_pj"] < 50
        assert 0 < energy["leakage_pj"] < 0.01 * energy["dynamic_pj"]
        assert 0.05 < energy["mean_toggle_rate"] < 0.7
    # normal operands have few distinct exponents: fewer toggles than uniform codes
    assert result["energy"]["normal"]["dynamic_pj"] < result["energy"]["uniform"]["dynamic_pj"]
    assert (tmp_path / "critical_path.txt").read_text().startswith("Startpoint")
    assert (tmp_path / "abc.constr").read_text() == "set_driving_cell INVX1\nset_load 0.03729824\n"


def test_pipelined_lmul_pays_for_its_clock(tmp_path, settings):
    config = UnitConfig("lmul", "e4m3fn", stages=2)
    result = measure(config, design_verilog(config), "asic", settings, tmp_path)
    assert result["sequential_area"] > 0
    energy = result["energy"]["uniform"]
    assert 0 < energy["clock_pj"] < energy["dynamic_pj"]


def test_booth_synthesis_maps_the_multiplier_differently(tmp_path, settings):
    # fp16's 11 x 11 significand product: Booth changes the netlist (smaller, issue 10), and
    # the netlist still equals the golden model (the energy measurement checks it).
    config = UnitConfig("fpmul", "fp16", {"subnormals": "flush", "overflow": "saturate"})
    quick = Settings(settings.liberty, vectors=256, streams=("uniform",))
    default = measure(config, design_verilog(config), "asic", quick, tmp_path / "default")
    booth = measure(config, design_verilog(config), "asic_booth", quick, tmp_path / "booth")
    assert "synth -flatten -booth " in (tmp_path / "booth" / "liberty.ys").read_text()
    assert booth["area"] < default["area"]
    assert booth["energy"]["uniform"]["dynamic_pj"] > 0


def test_adder_floor_matches_its_golden_model(tmp_path, settings):
    config = AdderFloorConfig("e4m3fn")
    result = measure(config, design_verilog(config), "asic", settings, tmp_path)
    assert result["energy"]["uniform"]["dynamic_pj"] > 0      # the equivalence check passed


def test_floating_point_adder_netlist_equals_its_golden_model(tmp_path, settings):
    # Its result port is s: the energy measurement reads it and checks every sum.
    config = UnitConfig("fpadd", "e5m2", {}, 2)
    quick = Settings(settings.liberty, vectors=512, streams=("uniform",))
    result = measure(config, design_verilog(config), "asic", quick, tmp_path)
    assert result["sequential_area"] > 0 and result["energy"]["uniform"]["dynamic_pj"] > 0


def test_adder_floor_is_the_papers_fp32_kernel():
    x = np.array([0x3F800000, 0x40400000, 0xC0000000], dtype=np.uint32)   # 1, 3, -2
    y = np.array([0x3F800000, 0x3FC00000, 0x40A00000], dtype=np.uint32)   # 1, 1.5, 5
    kernel = (((x & 0x7FFFFFFF).astype(np.int64) + (y & 0x7FFFFFFF) - 0x3F780000)
              & 0x7FFFFFFF) | ((x ^ y) & 0x80000000)
    assert list(adder_floor(x, y, "fp32")) == list(kernel.astype(np.uint32))


def test_netlist_that_disagrees_with_the_golden_model_fails_loudly(tmp_path, settings):
    @dataclasses.dataclass(frozen=True)
    class WrongGolden:
        unit: UnitConfig
        name = property(lambda self: self.unit.name)
        kind = property(lambda self: self.unit.kind)
        stages = property(lambda self: self.unit.stages)
        format = property(lambda self: self.unit.format)
        result_port = property(lambda self: self.unit.result_port)

        def golden(self, a, b):
            return self.unit.golden(a, b) ^ 1

    design = WrongGolden(UnitConfig("lmul", "e4m3fn"))
    with pytest.raises(EquivalenceError) as error:
        measure(design, design_verilog(design.unit), "asic", settings, tmp_path)
    assert str(error.value).startswith("lmul_e4m3fn: the synthesised netlist differs from the "
                                       "golden model on 2048 of 2048 operand pairs")


INVERTERS = """module inverters(a, y);
  input [1:0] a;
  output [1:0] y;
  INVX1 u0 (.A(a[0]), .Y(y[0]));
  INVX1 u1 (.A(a[1]), .Y(y[1]));
endmodule
"""


def test_energy_model_agrees_with_openstas_own_propagation(tmp_path, osu018, settings):
    # Through inverters OpenSTA propagates input-port activities exactly; its report must then
    # equal the per-cell weighting of lmul.synth.energy with the same toggle rates.
    import subprocess

    from lmul.synth.energy import energy_per_operation
    from lmul.synth.sta import run_sta

    (tmp_path / "inverters.v").write_text(INVERTERS)
    common = dict(clock_port=None, period=10.0, driver_cell="INVX1", driver_pin="Y",
                  load=0.0373, workdir=tmp_path)
    sta = run_sta("inverters.v", osu018, "inverters", **common)
    rates = {"a[0]": 0.25, "a[1]": 0.75}
    cells = {"u0": ("INVX1", [10], [2], False), "u1": ("INVX1", [11], [3], False)}
    ours = energy_per_operation(sta.cell_power, cells, {10: 0.25, 11: 0.75}, 10.0)

    script = (tmp_path / "sta.tcl").read_text().split("report_worst_slack")[0]
    script += "".join(f"set_power_activity -input_ports [get_ports {{{port}}}] -activity {rate}\n"
                      for port, rate in rates.items())
    script += "report_power -digits 9\n"
    (tmp_path / "reference.tcl").write_text(script)
    output = subprocess.run(["sta", "-no_init", "-no_splash", "-exit", "reference.tcl"],
                            cwd=tmp_path, capture_output=True, text=True, check=True).stdout
    internal, switching, leakage = (float(value) for value in
                                    next(line for line in output.splitlines()
                                         if line.startswith("Total")).split()[1:4])
    assert ours.dynamic_pj == pytest.approx((internal + switching) * 10e-9 * 1e12, rel=1e-5)
    assert ours.leakage_pj == pytest.approx(leakage * 10e-9 * 1e12, rel=1e-5)
