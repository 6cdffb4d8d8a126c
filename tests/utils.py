"""Helpers shared by the test modules (a test module never imports another): a unit's standard
verification, the rounded units' modes and 8-bit cases, result comparison with examples, the
tile configurations with narrow windows, a synthesis summary for the accuracy study, and the
values of a combinational block on a list of inputs, and a plain Verilog testbench run on
Icarus."""

import itertools
import subprocess

import numpy as np
from amaranth.sim import Simulator

from lmul.golden.rational import round_in_mode
from lmul.rounded_params import RoundedUnitParams
from lmul.sim.runner import simulate_unit
from lmul.sim.vectors import verification_pairs
from lmul.units import UnitConfig


#: Every combination of the correctly rounded units' modes (FPMul, FPAdd), as keyword options.
ROUNDED_MODES = [dict(zip(("subnormals", "overflow", "rounding"), combination))
                 for combination in itertools.product(("ieee", "flush"), ("ieee", "saturate"),
                                                      ("rne", "truncate"))]

#: The like-for-like modes of a correctly rounded unit: L-Mul's policy (with RNE).
FLUSH_SATURATE = {"subnormals": "flush", "overflow": "saturate"}

#: ``(format, options, stages)`` of a correctly rounded unit simulated on every 8-bit pair: the
#: default and like-for-like modes of each 8-bit preset, truncation, and pipelined variants.
EIGHT_BIT_ROUNDED_CASES = [
    *[(fmt, {}, 0) for fmt in ("e4m3fn", "e5m2", "e4m3", "e3m4")],
    *[(fmt, FLUSH_SATURATE, 0) for fmt in ("e4m3fn", "e5m2", "e4m3", "e3m4")],
    ("e4m3fn", {"rounding": "truncate"}, 0),
    ("e4m3fn", {**FLUSH_SATURATE, "rounding": "truncate"}, 0),
    ("e4m3fn", {}, 2),
    ("e5m2", FLUSH_SATURATE, 1),
]


def mode_id(mode):
    """A test id of a mode dict: its values joined by ``-``."""
    return "-".join(mode.values())


def assert_equal_codes(a, b, got, expected):
    """Require the result codes ``got`` of the operands ``a``, ``b`` to equal ``expected``; the
    message lists the first ten differing pairs as hex ``(a, b, got, expected)``."""
    mismatches = np.flatnonzero(got != expected)
    assert mismatches.size == 0, [(hex(a[i]), hex(b[i]), hex(got[i]), hex(expected[i]))
                                  for i in mismatches[:10]]


def assert_verifies(kind, fmt, options=None, stages=0, simulator="icarus", random_count=1_000_000):
    """Simulate the unit on every pair (8-bit formats) or the boundary, edge and random pairs
    (wider formats) and require every result to equal the golden model's."""
    config = UnitConfig(kind, fmt, options or {}, stages)
    a, b = verification_pairs(config.format, random_count, kind=kind)
    result = simulate_unit(config, a, b, simulator=simulator)
    assert result.vectors == a.size
    assert result.passed, result.describe()
    return result


def round_rne(value, fmt):
    """Code of the signed Fraction ``value`` rounded to nearest even into ``fmt`` with gradual
    underflow and overflow to inf (the default modes of :func:`round_in_mode`)."""
    return round_in_mode(int(value < 0), abs(value), RoundedUnitParams(fmt))


def assert_equal_results(got, expected):
    """Require two code arrays of one shape to be equal; the message lists the first ten
    differing positions with both codes in hex."""
    assert got.shape == expected.shape
    wrong = np.argwhere(got.astype(np.int64) != expected)
    assert wrong.size == 0, [(tuple(index), hex(got[tuple(index)]), hex(expected[tuple(index)]))
                             for index in wrong[:10]]


def assert_equal_to_native(a, b, got, native, fmt):
    """Require the codes ``got`` of the operand codes ``a``, ``b`` to equal a native reference's
    ``(codes, is_nan)``: the same NaN positions, every NaN of ``got`` the canonical one (native
    NaNs carry a sign and payload), every other code equal; the message lists the first ten
    differing pairs in hex."""
    expected, expected_nan = native
    got_nan = fmt.is_nan(got)
    assert got.dtype == fmt.code_dtype
    assert np.array_equal(got_nan, expected_nan)
    assert np.all(got[got_nan] == fmt.nan_code)
    mismatches = np.flatnonzero(~got_nan & (got != expected))
    assert mismatches.size == 0, [(hex(a[i]), hex(b[i]), hex(got[i]), hex(expected[i]))
                                  for i in mismatches[:10]]


#: Narrow windows and output formats, with exponent spreads (see ``dot_stimulus``) that make
#: truncation, clipped products, window overflow and output overflow common without drowning
#: the finite results.
NARROW_CONFIGS = [
    (dict(fmt="e5m2", lanes=4, rows=1, out_fmt="fp16", window=(-20, 10)), (None, 3, 6)),
    (dict(fmt="e5m2", lanes=2, rows=2, multiplier="exact", out_fmt="e3m4", window=(-9, 5)),
     (None, 1, 3)),
    (dict(fmt="e4m3fn", lanes=5, rows=1, multiplier="exact", out_fmt="bf16", window=(-6, 9),
          tree_levels_per_register=2), (None, 2, 4)),
    (dict(fmt="e3m4", lanes=2, rows=1, out_fmt="e5m2", window=(-4, 3),
          tree_levels_per_register=0), (None, 0, 1)),
    (dict(fmt="e4m3fn", lanes=2, rows=1, out_fmt="e3m4"), (None, 1, 3)),
]


def synthesis_summary(units):
    """A synthesis summary shaped like the one ``lmul report`` writes, from ``(kind, format,
    options, stages, area)`` tuples (``area`` ``None``: no standard-cell result)."""
    designs = {}
    for index, (kind, fmt, options, stages, area) in enumerate(units):
        designs[f"design{index}"] = {"kind": kind, "format": fmt, "options": options,
                                     "stages": stages, "asic": {} if area is None else
                                     {"area": area}}
    return {"designs": designs}


def evaluate_combinational(m, inputs, cases, outputs):
    """The values of ``outputs`` (Values of the combinational module ``m``) for each case of
    ``cases``, a list of tuples of the values of ``inputs`` (Signals, in the same order): a
    list of tuples, one value per output."""
    got = []

    async def testbench(ctx):
        for case in cases:
            for signal, value in zip(inputs, case, strict=True):
                ctx.set(signal, value)
            got.append(tuple(ctx.get(output) for output in outputs))

    sim = Simulator(m)
    sim.add_testbench(testbench)
    sim.run()
    return got


def run_icarus(directory, sources):
    """Compile the Verilog files ``sources`` (in ``directory``) with Icarus and run the result
    there; return what it printed."""
    subprocess.run(["iverilog", "-g2012", "-o", "tb.vvp", *sources], cwd=directory, check=True,
                   capture_output=True)
    return subprocess.run(["vvp", "-n", "tb.vvp"], cwd=directory, check=True,
                          capture_output=True, text=True).stdout
