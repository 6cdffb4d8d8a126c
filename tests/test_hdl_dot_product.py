# amaranth: UnusedElaboratable=no
"""The dot-product tile's RTL in Amaranth's simulator: bit for bit against the golden model
under random traffic (gaps, stalls, resets inside packets), its latency and throughput, and its
parts (product decoders, rounding, adder tree) on their own."""

import itertools
from fractions import Fraction

import numpy as np
import pytest
from amaranth.hdl import ClockDomain, Module
from amaranth.sim import Simulator

from lmul.dot_params import DotParams
from lmul.format import Format
from lmul.golden.dot_product import FINITE, product_terms, round_window
from lmul.hdl.adder_tree import AdderTree
from lmul.hdl.dot_product import DotProduct, beat_layout, result_layout, tile_latency
from lmul.hdl.fixed_accumulator import WindowAccumulator
from lmul.hdl.product_terms import ProductTerm
from lmul.hdl.round_to_format import RoundToFormat
from lmul.golden.rational import encode_exact
from lmul.sim.dot_runner import DotStimulus, dot_stimulus, pack_beats
from utils import NARROW_CONFIGS

_RESET_CYCLES = 2


def _unpack_result(value, params):
    width = params.out_fmt.width
    return [(value >> (row * width)) & ((1 << width) - 1) for row in range(params.rows)]


def simulate_tile(params, stimulus, *, max_idle=200):
    """Play ``stimulus`` (gaps, ready pattern, resets) into a :class:`DotProduct`.

    Returns
    -------
    segments : list of list
        The results received between resets, each a list of ``rows`` codes.
    dropped : list of int
        Per reset, the results completed before it but never received.
    stats : dict
        ``cycles``, ``stalled`` (a result held), ``refused`` (beat offered, not taken).
    """
    dut = DotProduct(params)
    top = Module()
    top.domains.sync = domain = ClockDomain()
    top.submodules.dut = dut
    payloads = pack_beats(stimulus, params)
    last = stimulus.last.tolist()
    segments, dropped = [[]], []
    stats = {"cycles": 0, "stalled": 0, "refused": 0}

    async def reset(ctx):
        ctx.set(dut.beats.valid, 0)
        ctx.set(domain.rst, 1)
        for _ in range(_RESET_CYCLES):
            # Nothing transfers while reset is asserted.
            assert not ctx.get(dut.beats.ready)
            assert not ctx.get(dut.results.valid)
            await ctx.tick()
        ctx.set(domain.rst, 0)

    async def testbench(ctx):
        await reset(ctx)
        resets = list(stimulus.resets)
        index, gap, completed, idle, cycle = 0, int(stimulus.gaps[0]), 0, 0, 0
        while index < len(payloads) or (completed > len(segments[-1]) and idle < max_idle):
            offer = False
            if index < len(payloads):
                if gap:
                    gap -= 1
                elif resets and resets[0][0] == index:
                    drain = resets[0][1]
                    if not drain or completed == len(segments[-1]):
                        resets.pop(0)
                        dropped.append(completed - len(segments[-1]))
                        segments.append([])
                        completed = 0
                        await reset(ctx)
                        continue
                else:
                    offer = True
                    ctx.set(dut.beats.payload.as_value(), payloads[index])
            ctx.set(dut.beats.valid, offer)
            ready = bool(stimulus.ready[cycle % stimulus.ready.size])
            ctx.set(dut.results.ready, ready)
            taken = offer and ctx.get(dut.beats.ready)
            stats["refused"] += offer and not taken
            result_valid = ctx.get(dut.results.valid)
            stats["stalled"] += result_valid and not ready
            if result_valid and ready:
                segments[-1].append(_unpack_result(ctx.get(dut.results.payload.as_value()),
                                                   params))
            await ctx.tick()
            cycle += 1
            idle = 0 if taken or (result_valid and ready) else idle + 1
            if taken:
                completed += last[index]
                index += 1
                if index < len(payloads):
                    gap = int(stimulus.gaps[index])
        stats["cycles"] = cycle

    sim = Simulator(top)
    sim.add_clock(1e-6)
    sim.add_testbench(testbench)
    sim.run()
    return segments, dropped, stats


def _assert_matches_golden(params, stimulus):
    segments, dropped, stats = simulate_tile(params, stimulus)
    expected = stimulus.expected(params)
    assert len(segments) == len(expected) == len(stimulus.resets) + 1
    latency = tile_latency(params)
    for index, (got, want) in enumerate(zip(segments, expected)):
        want = want.tolist()
        if index < len(dropped):
            # Draining resets lose nothing; the others lose only results still in flight.
            assert dropped[index] == len(want) - len(got)
            if stimulus.resets[index][1]:
                assert dropped[index] == 0
            assert 0 <= dropped[index] <= latency + 1
            want = want[:len(got)]
        assert got == want, next((k, [hex(c) for c in g], [hex(c) for c in w])
                                 for k, (g, w) in enumerate(zip(got, want)) if g != w)
    return stats


TRAFFIC_CONFIGS = [
    dict(fmt="e4m3fn", lanes=4, rows=2),
    dict(fmt="e4m3fn", lanes=4, rows=2, multiplier="exact"),
    dict(fmt="e5m2", lanes=3, rows=1),
    dict(fmt="e5m2", lanes=1, rows=2, multiplier="exact"),
    dict(fmt="bf16", lanes=2, rows=1),
    dict(fmt="bf16", lanes=2, rows=1, multiplier="exact"),
]


@pytest.mark.parametrize("config", TRAFFIC_CONFIGS, ids=lambda config: DotParams(**config).name)
def test_random_traffic_matches_golden(config):
    params = DotParams(**config)
    stats = _assert_matches_golden(params, dot_stimulus(params, 60, seed=5, resets=2))
    assert stats["stalled"] > 0 and stats["refused"] > 0


@pytest.mark.parametrize("config, spreads", NARROW_CONFIGS,
                         ids=[DotParams(**config).name for config, _ in NARROW_CONFIGS])
def test_narrow_windows_match_golden(config, spreads):
    """Truncation, clipped products, window and output overflow (see the golden tests)."""
    params = DotParams(**config)
    _assert_matches_golden(params, dot_stimulus(params, 60, seed=5, resets=2, spreads=spreads))


ACCUMULATOR_CONFIGS = [
    dict(fmt="e4m3fn", lanes=4, rows=2, accumulator="aligned"),
    dict(fmt="e4m3fn", lanes=3, rows=1, multiplier="exact", accumulator="aligned",
         fraction_bits=2),
    dict(fmt="e5m2", lanes=1, rows=1, multiplier="exact", accumulator="aligned",
         out_fmt="fp16"),
    dict(fmt="bf16", lanes=2, rows=1, multiplier="exact", accumulator="aligned",
         fraction_bits=30),
    dict(fmt="e4m3fn", lanes=4, rows=1, accumulator="float"),
    dict(fmt="e5m2", lanes=3, rows=1, multiplier="exact", accumulator="float",
         out_fmt="fp16", tree_levels_per_register=2),
    dict(fmt="bf16", lanes=2, rows=1, multiplier="exact", accumulator="float"),
    dict(fmt="fp32", lanes=2, rows=1, accumulator="float", tree_levels_per_register=0),
    dict(fmt="fp32", lanes=1, rows=1, multiplier="exact", accumulator="float"),
]


@pytest.mark.parametrize("config", ACCUMULATOR_CONFIGS,
                         ids=lambda config: DotParams(**config).name)
def test_accumulators_match_golden(config):
    params = DotParams(**config)
    spreads = (None, 2, 4) if params.out_fmt.name == "fp16" else (None, 12, 40)
    stats = _assert_matches_golden(params, dot_stimulus(params, 40, seed=5, resets=2,
                                                        spreads=spreads))
    assert stats["stalled"] > 0 and stats["refused"] > 0


def test_sixteen_lanes_four_rows():
    params = DotParams("e4m3fn", lanes=16, rows=4)
    _assert_matches_golden(params, dot_stimulus(params, 25, seed=6, resets=1))


def _value_code(value, fmt):
    """Code of an exactly representable value (``"-0"`` for negative zero)."""
    if value == "-0":
        return fmt.sign_mask
    fraction = Fraction(value)
    return encode_exact(int(fraction < 0), abs(fraction), fmt)


@pytest.mark.parametrize("out_fmt", ["bf16", "e5m2", "e3m4"])
def test_directed_rounding_cases(out_fmt):
    """Ties to even, subnormal results, underflow keeping the sign, overflow, ±0: one-beat
    packets of two exact e4m3fn products each, against the golden model."""
    params = DotParams("e4m3fn", lanes=2, multiplier="exact", out_fmt=out_fmt)
    fmt = params.fmt
    tiny = Fraction(1, 2**9)  # e4m3fn's smallest subnormal
    packets = [((16, 16), (1, 1)), ((16, 16), (1, 3)), ((16, 16), (-1, 1)),
               ((16, 16), (-16, 16)), (("-0", 1), (1, "-0")), ((-tiny, tiny), (0, 0)),
               ((3 * tiny, tiny), (0, 0)), ((2 * tiny, tiny), (0, 0)), ((6 * tiny, tiny), (0, 0)),
               ((448, 448), (0, 0)), ((-448, 448), (0, 0)), ((240, 256), (0, 0)),
               ((224, 256), (0, 0)), ((Fraction(15, 8), 1), (Fraction(1, 64), 1)),
               ((Fraction(1, 4), Fraction(1, 8)), (Fraction(-1, 64), Fraction(1, 2))),
               ((Fraction(9, 8), Fraction(1, 2**6)), (tiny, Fraction(1, 2**5)))]
    a = np.array([[[_value_code(x, fmt) for x, _ in pairs]] for pairs in packets])
    b = np.array([[_value_code(y, fmt) for _, y in pairs] for pairs in packets])
    count = len(packets)
    stimulus = DotStimulus(a, b, np.ones(count, dtype=bool), np.zeros(count, dtype=np.int64),
                           np.ones(1, dtype=bool), ())
    segments, _, _ = simulate_tile(params, stimulus)
    expected = params.golden(a, b, stimulus.last).tolist()
    assert segments == [expected]
    # The cases do reach subnormal and infinite results of the output format.
    codes = [row[0] for row in expected]
    out = params.out_fmt
    assert any(0 < code & out.mag_mask < out.min_normal_mag for code in codes) \
        or out_fmt == "bf16"
    assert any(code & out.mag_mask == out.inf_mag for code in codes) or out_fmt == "bf16"


# -- timing -----------------------------------------------------------------------------------


@pytest.mark.parametrize("lanes, levels_per_register, latency, accumulator", [
    (1, 1, 5, "window"), (2, 1, 6, "window"), (4, 1, 7, "window"), (16, 1, 9, "window"),
    (16, 2, 7, "window"), (16, 0, 5, "window"), (5, 3, 6, "window"),
    (1, 1, 3, "aligned"), (16, 1, 3, "aligned"),
    (1, 1, 2, "float"), (4, 1, 4, "float"), (5, 2, 4, "float"), (4, 0, 2, "float"),
])
def test_latency_and_full_throughput(lanes, levels_per_register, latency, accumulator):
    """One-beat packets every cycle with the output always ready: every beat is taken at once
    and each result is valid exactly ``latency`` cycles after its beat."""
    params = DotParams("e5m2", lanes=lanes, multiplier="exact",
                       tree_levels_per_register=levels_per_register, accumulator=accumulator)
    dut = DotProduct(params)
    assert dut.latency == tile_latency(params) == latency
    assert dut.throughput == 1
    rng = np.random.default_rng(1)
    count = 40
    a = rng.integers(0, 0x7C, (count, 1, lanes))
    b = rng.integers(0, 0x7C, (count, lanes))
    last = np.ones(count, dtype=bool)
    expected = params.golden(a, b, last)[:, 0].tolist()
    words = []
    for beat in range(count):
        word = 0
        for lane in range(lanes):
            word |= int(a[beat, 0, lane]) << (8 * lane)
            word |= int(b[beat, lane]) << (8 * (lanes + lane))
        words.append(word | 1 << (16 * lanes))
    arrivals = {}

    async def testbench(ctx):
        ctx.set(dut.results.ready, 1)
        for cycle in range(count + latency + 2):
            if cycle < count:
                ctx.set(dut.beats.valid, 1)
                ctx.set(dut.beats.payload.as_value(), words[cycle])
                assert ctx.get(dut.beats.ready)
            else:
                ctx.set(dut.beats.valid, 0)
            if ctx.get(dut.results.valid):
                arrivals[cycle] = ctx.get(dut.results.payload.as_value())
            await ctx.tick()

    sim = Simulator(dut)
    sim.add_clock(1e-6)
    sim.add_testbench(testbench)
    sim.run()
    assert arrivals == {beat + latency: code for beat, code in enumerate(expected)}


def test_backpressure_holds_the_result_and_refuses_beats():
    """With ready low, a finished result stays valid and unchanged and the tile stops taking
    beats; when ready rises the results come out in order, none lost or repeated."""
    params = DotParams("e4m3fn", lanes=2, rows=1, multiplier="exact")
    dut = DotProduct(params)
    one, two = 0x38, 0x40
    words = [(one | one << 8 | one << 16 | two << 24) | 1 << 32,  # 1 + 2 = 3, last
             (two | two << 8 | one << 16 | one << 24) | 1 << 32]  # 2 + 2 = 4, last
    got = []

    async def testbench(ctx):
        ctx.set(dut.results.ready, 0)
        taken = 0
        held_cycles = 0
        for _ in range(40):
            ctx.set(dut.beats.valid, 1)
            ctx.set(dut.beats.payload.as_value(), words[taken % 2])
            ready_in = ctx.get(dut.beats.ready)
            if ctx.get(dut.results.valid):
                held_cycles += 1
                assert ctx.get(dut.results.payload.as_value()) == 0x40400000  # 3.0
            await ctx.tick()
            taken += ready_in
        # The pipeline holds its registers: taken beats are bounded by its depth.
        assert held_cycles > 20
        assert taken <= dut.latency + 1
        ctx.set(dut.beats.valid, 0)
        ctx.set(dut.results.ready, 1)
        for _ in range(3 * dut.latency):
            if ctx.get(dut.results.valid):
                got.append(ctx.get(dut.results.payload.as_value()))
            await ctx.tick()
        assert len(got) == taken
        assert got == [0x40400000, 0x40800000] * (taken // 2) + [0x40400000] * (taken % 2)

    sim = Simulator(dut)
    sim.add_clock(1e-6)
    sim.add_testbench(testbench)
    sim.run()
    assert got


def test_layouts():
    params = DotParams("e5m2", lanes=3, rows=2)
    assert beat_layout(params).size == 2 * 3 * 8 + 3 * 8 + 1
    assert result_layout(params).size == 2 * 32
    dut = DotProduct(params)
    assert dut.beats.payload.shape() == beat_layout(params)
    assert dut.results.payload.shape() == result_layout(params)
    assert DotProduct(fmt="e5m2", lanes=3, rows=2).params == params
    assert DotProduct("e5m2", lanes=3, rows=2).params == params


# -- parts ------------------------------------------------------------------------------------


def _pairs(fmt, every):
    """Every pair of codes, or every pair of boundary codes (zeros, subnormals, normals at the
    exponent extremes, specials) plus every code against a random few."""
    codes = np.arange(1 << fmt.width)
    if every:
        return np.repeat(codes, codes.size), np.tile(codes, codes.size)
    magnitudes = [0, 1, fmt.man_mask, fmt.min_normal_mag, fmt.min_normal_mag + 1,
                  fmt.bias << fmt.man_bits, fmt.max_finite_mag, fmt.max_finite_mag - 1,
                  fmt.mag_mask, fmt.mag_mask - 1]
    boundary = np.array([sign | mag for sign in (0, fmt.sign_mask) for mag in magnitudes])
    few = np.random.default_rng(fmt.width).choice(codes, 12, replace=False)
    a = np.concatenate([np.repeat(boundary, boundary.size), np.repeat(codes, few.size)])
    b = np.concatenate([np.tile(boundary, boundary.size), np.tile(few, codes.size)])
    return a, b


PRODUCT_CASES = [pytest.param(fmt, multiplier, every, id=f"{fmt}-{multiplier}-{scope}",
                              marks=[pytest.mark.slow] if every else [])
                 for fmt, multiplier in itertools.product(["e4m3fn", "e5m2"], ["lmul", "exact"])
                 for every, scope in ((False, "boundary"), (True, "every-pair"))]
PRODUCT_CASES += [pytest.param(fmt, multiplier, False, id=f"{fmt}-{multiplier}-boundary")
                  for fmt, multiplier in itertools.product(["bf16", "e3m4"], ["lmul", "exact"])]


@pytest.mark.parametrize("fmt, multiplier, every", PRODUCT_CASES)
def test_product_terms(fmt, multiplier, every):
    params = DotParams(fmt, multiplier=multiplier)
    dut = ProductTerm(params)
    a, b = _pairs(params.fmt, every) if params.fmt.width <= 8 else _wide_pairs(params.fmt)
    kind, sign, significand, exponent = product_terms(a, b, params)
    got = []

    async def testbench(ctx):
        for x, y in zip(a.tolist(), b.tolist()):
            ctx.set(dut.a.as_value(), x)
            ctx.set(dut.b.as_value(), y)
            got.append((ctx.get(dut.product.nan), ctx.get(dut.product.inf),
                        ctx.get(dut.product.sign), ctx.get(dut.product.significand),
                        ctx.get(dut.product.exponent)))

    sim = Simulator(dut)
    sim.add_testbench(testbench)
    sim.run()
    nan, inf, got_sign, got_significand, got_exponent = (np.array(column)
                                                         for column in zip(*got))
    np.testing.assert_array_equal(nan, kind == 1)
    np.testing.assert_array_equal(inf, kind == 2)
    np.testing.assert_array_equal(got_sign, sign)
    finite = kind == FINITE
    np.testing.assert_array_equal(got_significand[finite], significand[finite])
    nonzero = finite & (significand != 0)
    np.testing.assert_array_equal(got_exponent[nonzero] - dut.exponent_bias, exponent[nonzero])
    low, high = dut.exponent_range
    assert low <= got_exponent[nonzero].min() and got_exponent[nonzero].max() <= high
    if every:
        assert got_exponent[nonzero].min() == low and got_exponent[nonzero].max() == high


def _wide_pairs(fmt):
    rng = np.random.default_rng(fmt.width)
    magnitudes = [0, 1, fmt.man_mask, fmt.min_normal_mag, fmt.bias << fmt.man_bits,
                  fmt.max_finite_mag, fmt.mag_mask]
    boundary = np.array([sign | mag for sign in (0, fmt.sign_mask) for mag in magnitudes])
    a = np.concatenate([np.repeat(boundary, boundary.size), rng.integers(0, 1 << fmt.width,
                                                                         3000)])
    b = np.concatenate([np.tile(boundary, boundary.size), rng.integers(0, 1 << fmt.width,
                                                                       3000)])
    return a, b


@pytest.mark.parametrize("width, lsb, out_fmt", [
    (50, -15, "fp32"), (81, -32, "fp32"), (128, -64, "fp32"), (30, -20, "fp16"),
    (40, -24, "e5m2"), (16, -6, "bf16"), (8, -4, "e5m2"), (12, 3, "e4m3"), (6, -30, "e5m2"),
])
def test_round_to_format(width, lsb, out_fmt):
    """Random window values plus the extremes, ties and values near the subnormal and overflow
    boundaries, bit for bit against the golden rounding; two cycles of latency."""
    fmt = Format.parse(out_fmt)
    rng = np.random.default_rng(width)
    top = 1 << (width - 1)
    values = [0, 1, -1, top - 1, -top, -top + 1, 2, 3, -3]
    values += [int(v) for v in rng.integers(-top, top, 300, dtype=np.int64)] \
        if width <= 63 else [int.from_bytes(rng.bytes(16), "little") % (2 * top) - top
                             for _ in range(300)]
    # Values whose magnitude has few significant bits above a random position: many ties.
    for _ in range(200):
        position = int(rng.integers(0, width - 1))
        values.append((1 << position) * int(rng.integers(-8, 9)) + int(rng.integers(-1, 2)))
    values = [max(-top, min(top - 1, v)) for v in values]
    specials = [(1, 0, 0), (0, 1, 0), (0, 1, 1), (1, 1, 1)]
    dut = RoundToFormat(width, lsb, fmt)
    assert dut.latency == 2
    inputs = [(v, 0, 0, 0) for v in values] + [(5, *s) for s in specials]
    expected = [round_window(v, lsb, fmt) for v in values]
    expected += [fmt.nan_code, fmt.inf_mag, fmt.sign_mask | fmt.inf_mag, fmt.nan_code]
    got = []

    async def testbench(ctx):
        for cycle in range(len(inputs) + 2):
            if cycle < len(inputs):
                value, nan, inf, negative = inputs[cycle]
                ctx.set(dut.value, value)
                ctx.set(dut.nan, nan)
                ctx.set(dut.inf, inf)
                ctx.set(dut.negative, negative)
            await ctx.tick()
            if cycle >= 1:
                got.append(ctx.get(dut.code.as_value()))

    sim = Simulator(dut)
    sim.add_clock(1e-6)
    sim.add_testbench(testbench)
    sim.run()
    got = got[:len(inputs)]
    mismatches = [(inputs[k], hex(g), hex(e)) for k, (g, e) in enumerate(zip(got, expected))
                  if g != e]
    assert not mismatches, mismatches[:10]


@pytest.mark.parametrize("count, levels_per_register", [(1, 1), (2, 1), (3, 1), (7, 2),
                                                        (16, 1), (16, 0), (9, 3)])
def test_adder_tree_sums_exactly(count, levels_per_register):
    width = 6
    tree = AdderTree(width, count, levels_per_register=levels_per_register)
    assert len(tree.total) == width + (count - 1).bit_length()
    rng = np.random.default_rng(count)
    rows = [rng.integers(-(1 << (width - 1)), 1 << (width - 1), count).tolist()
            for _ in range(30)]
    rows += [[-(1 << (width - 1))] * count, [(1 << (width - 1)) - 1] * count]
    got = []

    async def testbench(ctx):
        for cycle in range(len(rows) + tree.latency):
            if cycle < len(rows):
                for index, term in enumerate(rows[cycle]):
                    ctx.set(tree.terms[index], term)
            if cycle >= tree.latency:
                got.append(ctx.get(tree.total))
            await ctx.tick()

    top = Module()
    top.domains.sync = ClockDomain()  # a combinational tree has none of its own
    top.submodules.tree = tree
    sim = Simulator(top)
    sim.add_clock(1e-6)
    sim.add_testbench(testbench)
    sim.run()
    assert got == [sum(row) for row in rows]


@pytest.mark.parametrize("arguments, message", [
    ((0, 4), "width must be an integer >= 1, not 0"),
    ((4, 0), "count must be an integer >= 1, not 0"),
    ((4, 2, -1), "levels per register must be an integer >= 0, not -1"),
])
def test_adder_tree_validation(arguments, message):
    width, count, *levels = arguments
    with pytest.raises(ValueError) as error:
        AdderTree(width, count, levels_per_register=levels[0] if levels else 1)
    assert str(error.value) == message


@pytest.mark.parametrize("arguments, message", [
    ((1, 0, "fp32"), "width must be an integer >= 2, not 1"),
    ((8, 0.5, "fp32"), "lsb must be an integer, not 0.5"),
    ((8, 0, "e4m3fn"), "output format must have infinities, not 'e4m3fn'"),
])
def test_round_to_format_validation(arguments, message):
    with pytest.raises(ValueError) as error:
        RoundToFormat(*arguments)
    assert str(error.value) == message


@pytest.mark.parametrize("arguments, message", [
    ((1, 3), "window width must be an integer >= 2, not 1"),
    ((8, 0), "beat sum width must be an integer >= 1, not 0"),
])
def test_window_accumulator_validation(arguments, message):
    with pytest.raises(ValueError) as error:
        WindowAccumulator(*arguments)
    assert str(error.value) == message
