"""Proofs of the generated units against their references, and broken designs that must fail.

Every proof here runs Yosys's SAT solver on a miter of the Verilog ``lmul generate`` writes and
the reference of :mod:`lmul.formal.spec`. A broken design's counterexample is checked three
ways: the reference's output is the golden model's, the design's output is what Amaranth's
simulator gives for the broken design, and the two differ.
"""

import pytest
from amaranth.hdl import C, Cat, Module, Mux
from amaranth.lib import wiring
from amaranth.lib.wiring import In, Out

from lmul.format import PRESETS
from lmul.formal.proof import prove
from lmul.lmul_params import paper_offset
from lmul.sim.amaranth_sim import run_in_amaranth
from lmul.units import UnitConfig

IEEE_PRESETS = [name for name, fmt in PRESETS.items() if fmt.has_inf]
EIGHT_BIT_PRESETS = [name for name, fmt in PRESETS.items() if fmt.width == 8]

#: Every L-Mul mode: the paper's offset, Mitchell's 0, another one and one so large that every
#: product overflows, each saturating and (ieee formats) overflowing to inf.
LMUL_CASES = [(name, {"offset": offset, "overflow": overflow})
              for name, fmt in PRESETS.items()
              for offset in (None, 0, 3)
              for overflow in (("saturate", "inf") if fmt.has_inf else ("saturate",))]
LMUL_CASES += [("e4m3fn", {"offset": 10**30}), ("fp32", {"offset": 1 << 40, "overflow": "inf"})]

#: The conventional multiplier's default mode, the like-for-like one (L-Mul's special-value
#: policy) and truncation in each subnormal mode.
FPMUL_MODES = [
    {},
    {"subnormals": "flush", "overflow": "saturate"},
    {"rounding": "truncate"},
    {"subnormals": "flush", "overflow": "saturate", "rounding": "truncate"},
]


def assert_proved(config):
    # Every proof here takes seconds; a design that defeats the shared-multiplier rewrite
    # would run for hours, so fail it instead.
    result = prove(config, timeout=600)
    assert result.proved and result.counterexample is None, result.counterexample.describe()


@pytest.mark.parametrize("fmt, options", LMUL_CASES)
def test_lmul_equals_its_reference(fmt, options):
    assert_proved(UnitConfig("lmul", fmt, options))


@pytest.mark.parametrize("fmt, stages", [("e4m3fn", 1), ("e4m3fn", 2), ("e5m2", 4),
                                         ("fp32", 2)])
def test_pipelined_lmul_equals_the_delayed_reference(fmt, stages):
    assert_proved(UnitConfig("lmul", fmt, {}, stages))


#: The rounded units' modes proved here: every multiplier mode above; the adder's default,
#: like-for-like and (8-bit) truncating modes (the rest: ``make prove``).
EIGHT_BIT_MODES = [("fpmul", mode) for mode in FPMUL_MODES] \
    + [("fpadd", mode) for mode in FPMUL_MODES[:3]]
SIXTEEN_BIT_MODES = [("fpmul", mode) for mode in FPMUL_MODES] \
    + [("fpadd", mode) for mode in FPMUL_MODES[:2]]


def mode_id(value):
    return value if isinstance(value, str) else "-".join(value.values()) or "ieee"


@pytest.mark.parametrize("kind, mode", EIGHT_BIT_MODES, ids=mode_id)
@pytest.mark.parametrize("fmt", EIGHT_BIT_PRESETS)
def test_8_bit_rounded_unit_equals_its_reference(kind, fmt, mode):
    assert_proved(UnitConfig(kind, fmt, mode))


@pytest.mark.parametrize("kind, mode", SIXTEEN_BIT_MODES, ids=mode_id)
@pytest.mark.parametrize("fmt", ["fp16", "bf16"])
def test_16_bit_rounded_unit_equals_its_reference(kind, fmt, mode):
    assert_proved(UnitConfig(kind, fmt, mode))


@pytest.mark.parametrize("mode", FPMUL_MODES, ids=mode_id)
def test_fpmul_fp32_equals_its_reference(mode):
    assert_proved(UnitConfig("fpmul", "fp32", mode))


def test_pipelined_fpmul_equals_the_delayed_reference():
    assert_proved(UnitConfig("fpmul", "e4m3fn", {"subnormals": "flush", "overflow": "saturate"},
                             2))


@pytest.mark.parametrize("fmt, stages", [("e4m3fn", 2), ("fp16", 1)])
def test_pipelined_fpadd_equals_the_delayed_reference(fmt, stages):
    assert_proved(UnitConfig("fpadd", fmt, {"subnormals": "flush", "overflow": "saturate"},
                             stages))


def test_a_split_proof_covers_every_case():
    """Split on the reference's clamped exponent distance, one ``sat`` per value (0..M + 3):
    the same statement, proved case by case."""
    config = UnitConfig("fpadd", "e5m2")
    result = prove(config, split=True, timeout=600)
    assert result.proved


# -- broken designs ----------------------------------------------------------------------------


class Corrupted(wiring.Component):
    """The real unit of ``config`` (combinational), its result (``p``, the adder's ``s``)
    replaced by ``replace(a, b, p)`` wherever ``condition(a, b, p)`` holds (``a``, ``b``, ``p``
    are views of the format's layout)."""

    latency = 0

    def __init__(self, config, condition, replace):
        self.config, self.condition, self.replace = config, condition, replace
        self.RESULT = config.result_port
        layout = config.format.layout
        super().__init__({"a": In(layout), "b": In(layout), self.RESULT: Out(layout)})

    @property
    def result(self):
        return getattr(self, self.RESULT)

    def elaborate(self, platform):
        m = Module()
        m.submodules.unit = unit = self.config.component()
        m.d.comb += [unit.a.eq(self.a), unit.b.eq(self.b)]
        m.d.comb += self.result.eq(Mux(self.condition(self.a, self.b, unit.result),
                                       self.replace(self.a, self.b, unit.result), unit.result))
        return m


def magnitude(view, fmt):
    return view.as_value()[:fmt.mag_bits]


def is_inf(view, fmt):
    return magnitude(view, fmt) == fmt.inf_mag


def inf_times_zero_gives_inf(config):
    """The special case "infinity times zero is NaN" removed: the product is ±inf instead."""
    fmt = config.format

    def condition(a, b, p):
        return (is_inf(a, fmt) & (b.exp == 0)) | (is_inf(b, fmt) & (a.exp == 0))

    return Corrupted(config, condition,
                     lambda a, b, p: Cat(C(fmt.inf_mag, fmt.mag_bits), a.sign ^ b.sign))


def lmul_overflow_bound_off_by_one(config):
    """L-Mul whose overflow test is ``T > max + 1``: a product with ``T = max + 1`` gives the
    sign above ``T`` instead of saturating."""
    fmt = config.format
    max_mag = fmt.max_finite_mag
    constant = config.params.offset - (fmt.bias << fmt.man_bits)

    def t(a, b):
        return magnitude(a, fmt) + magnitude(b, fmt) + constant

    def condition(a, b, p):
        normal = (a.exp != 0) & (b.exp != 0) & (a.exp != fmt.exp_all_ones) \
            & (b.exp != fmt.exp_all_ones)
        return normal & (t(a, b) == max_mag + 1)

    return Corrupted(config, condition,
                     lambda a, b, p: Cat(t(a, b)[:fmt.mag_bits], a.sign ^ b.sign))


def with_offset_bit_flipped(config):
    """L-Mul generated with bit 0 of the paper's offset flipped."""
    offset = paper_offset(config.format.man_bits) ^ 1
    return UnitConfig("lmul", config.fmt, {**config.options, "offset": offset}).component()


def truncating(config):
    """The unit (a multiplier or the adder) generated with rounding toward zero instead."""
    return UnitConfig(config.kind, config.fmt,
                      {**config.options, "rounding": "truncate"}).component()


def inf_minus_inf_gives_inf(config):
    """The adder with the special case "inf - inf is NaN" removed: a's infinity instead."""
    fmt = config.format

    def condition(a, b, s):
        return is_inf(a, fmt) & is_inf(b, fmt) & (a.sign != b.sign)

    return Corrupted(config, condition,
                     lambda a, b, s: Cat(C(fmt.inf_mag, fmt.mag_bits), a.sign))


def fpadd_overflow_bound_off_by_one(config):
    """The adder whose overflow test is ``>= max finite``: a rounded sum of two non-zero
    operands equal to ±max finite becomes ±inf (ieee formats)."""
    fmt = config.format

    def condition(a, b, s):
        return (magnitude(s, fmt) == fmt.max_finite_mag) & (magnitude(a, fmt) != 0) \
            & (magnitude(b, fmt) != 0)

    return Corrupted(config, condition,
                     lambda a, b, s: Cat(C(fmt.inf_mag, fmt.mag_bits), s.sign))


def round_bit_dropped(config):
    """The adder aligned with two bits below the larger significand instead of three (guard,
    round, sticky): its round bit dropped."""
    import lmul.hdl.fpadd
    from lmul.hdl.fpadd import FPAdd

    class Adder(FPAdd):
        def elaborate(self, platform):
            saved, lmul.hdl.fpadd.GUARD_BITS = lmul.hdl.fpadd.GUARD_BITS, 2
            try:
                return super().elaborate(platform)
            finally:
                lmul.hdl.fpadd.GUARD_BITS = saved

    return Adder(config.fmt, **config.options)


@pytest.mark.parametrize("config, broken", [
    (UnitConfig("lmul", "e4m3fn"), with_offset_bit_flipped),
    (UnitConfig("lmul", "fp32"), with_offset_bit_flipped),
    (UnitConfig("lmul", "e5m2", {"overflow": "inf"}), inf_times_zero_gives_inf),
    (UnitConfig("lmul", "e4m3fn"), lmul_overflow_bound_off_by_one),
    (UnitConfig("lmul", "bf16"), lmul_overflow_bound_off_by_one),
    (UnitConfig("fpmul", "e5m2"), inf_times_zero_gives_inf),
    (UnitConfig("fpmul", "fp16"), inf_times_zero_gives_inf),
    (UnitConfig("fpmul", "bf16", {"subnormals": "flush", "overflow": "saturate"}), truncating),
    (UnitConfig("fpadd", "e4m3fn"), round_bit_dropped),
    (UnitConfig("fpadd", "fp16"), round_bit_dropped),
    (UnitConfig("fpadd", "e5m2"), inf_minus_inf_gives_inf),
    (UnitConfig("fpadd", "bf16"), inf_minus_inf_gives_inf),
    (UnitConfig("fpadd", "e5m2"), fpadd_overflow_bound_off_by_one),
    (UnitConfig("fpadd", "fp16"), fpadd_overflow_bound_off_by_one),
    (UnitConfig("fpadd", "bf16", {"subnormals": "flush", "overflow": "saturate"}), truncating),
], ids=lambda value: getattr(value, "name", getattr(value, "__name__", None)))
def test_a_broken_design_gives_a_true_counterexample(config, broken):
    result = prove(config, design=broken(config))
    assert not result.proved
    cex = result.counterexample
    assert cex.reference == cex.golden
    assert cex.design != cex.reference
    assert run_in_amaranth(broken(config), [cex.a], [cex.b]).tolist() == [cex.design]
    assert cex.sequence == ((cex.a, cex.b),)


def test_a_split_proof_of_a_broken_design_gives_a_true_counterexample():
    config = UnitConfig("fpadd", "e5m2")
    result = prove(config, design=round_bit_dropped(config), split=True)
    assert not result.proved
    cex = result.counterexample
    assert cex.reference == cex.golden != cex.design
    assert run_in_amaranth(round_bit_dropped(config), [cex.a], [cex.b]).tolist() == [cex.design]


def test_a_split_is_refused_where_it_does_not_apply():
    with pytest.raises(ValueError, match="^split must be asked only of a unit whose reference "
                                         "has a split wire, not of 'fpmul_spec'$"):
        prove(UnitConfig("fpmul", "e5m2"), split=True)
    with pytest.raises(ValueError, match="^split must be asked only of a combinational unit, "
                                         "not of one with 2 stages$"):
        prove(UnitConfig("fpadd", "e5m2", {}, 2), split=True)


def test_a_pipeline_one_cycle_short_gives_a_true_counterexample():
    config = UnitConfig("lmul", "e4m3fn", {}, 2)
    result = prove(config, design=UnitConfig("lmul", "e4m3fn", {}, 1).component())
    assert not result.proved
    cex = result.counterexample
    assert len(cex.sequence) == 3 and cex.sequence[0] == (cex.a, cex.b)
    assert cex.reference == cex.golden
    # A one-stage unit shows in the third cycle the product of the second cycle's operands.
    late = run_in_amaranth(UnitConfig("lmul", "e4m3fn", {}, 1).component(),
                           *zip(*cex.sequence)).tolist()
    assert late[1] == cex.design != cex.reference


@pytest.mark.parametrize("kind, fmt", [("fpmul", "fp16"), ("fpmul", "fp32"), ("fpadd", "fp16")])
def test_a_reference_rounding_ties_away_is_refuted(kind, fmt, monkeypatch):
    """The shared multiplier leaves the rounding to be proved: a reference that rounds every
    tie up differs from the design, and the counterexample shows the golden model agreeing with
    the design (the adder's reference too)."""
    import dataclasses

    import lmul.formal.proof
    from lmul.formal.spec import spec_for

    def ties_away(config):
        spec = spec_for(config)
        source = spec.source.replace("round_bit && (sticky || kept[0])", "round_bit")
        assert source != spec.source
        return dataclasses.replace(spec, source=source)

    monkeypatch.setattr(lmul.formal.proof, "spec_for", ties_away)
    cex = prove(UnitConfig(kind, fmt)).counterexample
    assert cex.design == cex.golden == cex.reference - 1
