"""Tests of the accuracy study: quantisation, pair selection, the experiments and the command."""

import argparse
import json
from fractions import Fraction

import numpy as np
import pytest

from lmul.format import Format, PRESETS
from lmul.accuracy.study import conventional_errors, lmul_errors
from lmul.accuracy.dot_products import dot_product_errors
from lmul.golden.fpmul_value import fpmul_value
from lmul.golden.lmul_value import lmul_value
from lmul.accuracy.operand_pairs import OperandPairs, drawn_pairs, native_pairs
from lmul.accuracy.paper_claims import PAPER_CLAIMS, PaperClaim, claim_experiment
from lmul.accuracy.quantise import quantise
from lmul.golden.rational import decode_exact
from utils import round_rne, synthesis_summary

E4M3FN = PRESETS["e4m3fn"]


def _value(code, fmt):
    sign, magnitude = decode_exact(code, fmt)
    return -magnitude if sign else magnitude


# -- quantise ---------------------------------------------------------------------------------

def test_quantise_hand_computed():
    values = [1 + 1 / 16,            # tie between 1 and 1.125: even, 1.0 (0x38)
              1 + 3 / 16,            # tie between 1.125 and 1.25: even, 1.25 (0x3A)
              1 + 1 / 16 + 2**-40,   # just above the tie: 1.125 (ml_dtypes gives 1.0)
              -0.0, 2**-10,          # half the smallest subnormal: to even, zero
              3 * 2**-11,            # 0.75 of the smallest subnormal: to it
              2**-6 - 2**-11,        # 7.75 subnormal steps: up to the smallest normal
              464.0]                 # tie between 448 and the NaN code's 480: 448
    assert quantise(values, E4M3FN).tolist() == [0x38, 0x3A, 0x39, 0x80, 0, 1, 8, 0x7E]


def test_quantise_truncates_toward_zero():
    # 1.9 * 2**-7 is 7.6 subnormal steps of 2**-9.
    assert quantise([1.9375, -1.9375, 2**-7 * 1.9], E4M3FN, rounding="truncate").tolist() == [
        0x3F, 0xBF, 0x07]


def test_quantise_agrees_with_ml_dtypes_on_fp32_values():
    # ml_dtypes rounds float32 to fp8 once, to nearest even.
    rng = np.random.default_rng(3)
    values = (rng.standard_normal(20000) * 8).astype(np.float32)
    for name in ("e4m3fn", "e5m2", "e3m4", "bf16", "fp16"):
        fmt = PRESETS[name]
        kept = values[np.abs(values) <= fmt.decode(fmt.max_finite_mag)]
        expected = kept.astype(fmt.ml_dtype).view(fmt.code_dtype)
        assert (quantise(kept.astype(np.float64), fmt) == expected).all(), name


def test_quantise_rejects_overflow_and_non_finite_values():
    with pytest.raises(ValueError, match=r"^values must round to at most the largest finite "
                                         r"number of e4m3fn, not np.float64\(470.0\)$"):
        quantise([1.0, 470.0], E4M3FN)
    with pytest.raises(ValueError, match=r"^values must be finite, not np.float64\(nan\)$"):
        quantise([np.nan], E4M3FN)
    with pytest.raises(ValueError, match=r"^rounding must be one of 'rne', 'truncate', "
                                         r"not 'up'$"):
        quantise([1.0], E4M3FN, rounding="up")


# -- operand pairs ----------------------------------------------------------------------------

def test_native_pairs_are_exactly_the_counted_set():
    # Count the positive pairs with exact rationals: magnitudes 8 (2**-6) .. 126 (448).
    low, high = Fraction(1, 64), Fraction(448)
    positive = sum(1 for x in range(8, 127) for y in range(8, 127)
                   if low <= _value(x, E4M3FN) * _value(y, E4M3FN) <= high)
    pairs = native_pairs(E4M3FN)
    assert pairs.count == 4 * positive  # the four sign combinations
    assert pairs.drawn == 65536
    index = np.random.default_rng(0).integers(0, pairs.count, 500)
    for a, b, exact in zip(pairs.a[index], pairs.b[index], pairs.exact[index]):
        assert Fraction(exact) == _value(a, E4M3FN) * _value(b, E4M3FN)


def test_native_sample_of_a_wide_format():
    fp16 = PRESETS["fp16"]
    pairs = native_pairs(fp16, sample_size=5000, seed=11)
    mags = [codes.astype(np.int64) & fp16.mag_mask for codes in (pairs.a, pairs.b)]
    assert all(((mag >= fp16.min_normal_mag) & (mag <= fp16.max_finite_mag)).all()
               for mag in mags)
    assert ((np.abs(pairs.exact) >= 2.0**-14) & (np.abs(pairs.exact) <= 65504.0)).all()
    assert 3000 < pairs.count < 5000 and pairs.drawn == 5000
    again = native_pairs(fp16, sample_size=5000, seed=11)
    assert (again.a == pairs.a).all() and (again.b == pairs.b).all()


def test_drawn_pairs_truncate_and_keep_the_product_of_the_draws():
    pairs = drawn_pairs("e3m4", "normal", sample_size=3000, seed=5)
    x = pairs.fmt.decode(pairs.a)
    y = pairs.fmt.decode(pairs.b)
    # Truncated values are no larger in magnitude, and within one LSB below.
    product = np.abs(x * y)
    assert (product <= np.abs(pairs.exact)).all()
    assert (np.abs(pairs.exact) < product * (1 + 2**-4) ** 2).all()
    assert pairs.count < 3000


def test_invalid_sample_arguments():
    with pytest.raises(ValueError, match=r"^sample size must be an integer >= 1, not 0$"):
        native_pairs("fp16", sample_size=0)
    with pytest.raises(ValueError, match=r"^seed must be an integer >= 0, not -1$"):
        native_pairs("fp16", seed=-1)
    with pytest.raises(ValueError, match=r"^distribution must be one of 'uniform', 'normal', "
                                         r"not 'cauchy'$"):
        drawn_pairs("e4m3fn", "cauchy")


# -- multipliers over pairs -------------------------------------------------------------------

def _pairs(fmt, codes):
    fmt = Format.parse(fmt)
    a = np.array([pair[0] for pair in codes], dtype=fmt.code_dtype)
    b = np.array([pair[1] for pair in codes], dtype=fmt.code_dtype)
    return OperandPairs(fmt, a, b, fmt.decode(a) * fmt.decode(b), len(codes), "test")


def test_lmul_errors_count_flushed_and_saturated_results():
    # 1.375 * 2**-3 (0x23) times 1.5 * 2**-4 (0x1C) = 2.0625 * 2**-7, above the smallest normal
    # 2**-6; L-Mul's sum 0x23 + 0x1C - 56 + c is 7 + c: flushed at offset 0 (error -1), the
    # smallest normal at offset 1 (error -1/33). 448 (0x7E) times 1 (0x38) is exact at offset
    # 0 and saturates to 448 at offset 1.
    pairs = _pairs(E4M3FN, [(0x23, 0x1C), (0x7E, 0x38)])
    assert lmul_errors(pairs, 0) == {
        "count": 2, "mean_relative_error": 0.5, "mean_absolute_error": 2.0625 * 2**-8,
        "max_relative_error": 1.0, "mean_signed_relative_error": -0.5,
        "error_probability": 0.5, "offset": 0, "flushed": 1, "saturated": 0}
    assert lmul_errors(pairs) == {
        "count": 2, "mean_relative_error": 1 / 33 / 2, "mean_absolute_error": 2**-12,
        "max_relative_error": 1 / 33, "mean_signed_relative_error": -1 / 33 / 2,
        "error_probability": 0.5, "offset": 1, "flushed": 0, "saturated": 1}


def test_conventional_errors_hand_computed():
    # 1.125 * 1.125 = 1.265625 rounds to 1.25 (error -1/81); 1.5 * 1.5 = 2.25 is exact.
    pairs = _pairs(E4M3FN, [(0x39, 0x39), (0x3C, 0x3C)])
    metrics = conventional_errors(pairs)
    assert (metrics["mean_relative_error"], metrics["max_relative_error"],
            metrics["error_probability"]) == (1 / 81 / 2, 1 / 81, 0.5)


# -- the paper's claims -----------------------------------------------------------------------

def _mean(values):
    return sum(values, Fraction(0)) / len(values)


@pytest.mark.parametrize("claim", PAPER_CLAIMS)
def test_claim_experiment_matches_the_rational_models(claim):
    # Re-do the experiment for a few draws with the value-level models and exact fractions.
    result = claim_experiment(claim, "normal", sample_size=40, seed=9)
    rng = np.random.default_rng(9)
    x = rng.standard_normal(40).astype(np.float32)
    y = rng.standard_normal(40).astype(np.float32)
    conventional = Format.parse(claim.conventional_format)
    lmul_format = Format(8, claim.lmul_man_bits)
    low = Fraction(float(conventional.decode(conventional.min_normal_mag)))
    high = Fraction(float(conventional.decode(conventional.max_finite_mag)))
    lmul_errors, conventional_errors = [], []
    for xi, yi in zip(x.tolist(), y.tolist()):
        exact = Fraction(xi) * Fraction(yi)
        if not all(low <= abs(value) <= high for value in (Fraction(xi), Fraction(yi), exact)):
            continue
        a, b = (int(quantise([v], lmul_format, rounding="truncate")[0]) for v in (xi, yi))
        approx = _value(lmul_value(a, b, lmul_format), lmul_format)
        lmul_errors.append(abs(approx - exact) / abs(exact))
        a, b = (int(quantise([v], conventional)[0]) for v in (xi, yi))
        approx = _value(fpmul_value(a, b, conventional), conventional)
        conventional_errors.append(abs(approx - exact) / abs(exact))
    assert result["counted"] == len(lmul_errors)
    # The study's means: each relative error rounded once, summed exactly, divided once; so
    # within a few float64 ulps of the exact mean.
    for key, errors in (("lmul_mre", lmul_errors), ("conventional_mre", conventional_errors)):
        assert abs(Fraction(result[key]["mean"]) - _mean(errors)) <= _mean(errors) * 2**-50
    assert result["holds"] == (result["difference"]["high"] < 0
                               if claim.relation == "more precise than"
                               else result["difference"]["low"] <= 0)


def test_claim_statement_and_validation():
    assert PAPER_CLAIMS[0].statement == ("L-Mul with a 4-bit mantissa is as precise as e4m3fn "
                                         "multiplication")
    with pytest.raises(ValueError, match=r"^relation must be one of 'as precise as', "
                                         r"'more precise than', not 'better'$"):
        PaperClaim(4, "better", "e4m3fn")


# -- dot products -----------------------------------------------------------------------------

def _tile_lmul_value(a, b, fmt, offset):
    """The dot-product tile's L-Mul product of two codes, from its specification: subnormals
    read as zero, T = |a| + |b| + offset - (bias << M) with an unbounded exponent."""
    mag_a, mag_b = a & fmt.mag_mask, b & fmt.mag_mask
    if mag_a >> fmt.man_bits == 0 or mag_b >> fmt.man_bits == 0:
        return Fraction(0)
    t = mag_a + mag_b + offset - (fmt.bias << fmt.man_bits)
    value = ((1 << fmt.man_bits) + t % (1 << fmt.man_bits)) * Fraction(2) ** (
        t // (1 << fmt.man_bits) - fmt.bias - fmt.man_bits)
    return -value if (a ^ b) >> fmt.mag_bits else value


def test_dot_product_errors_match_exact_fractions():
    result = dot_product_errors("e5m2", 8, offsets=(None, 0), trials=3, seed=4)
    rng = np.random.default_rng([4, 8])
    x, y = (rng.standard_normal((3, 8)).astype(np.float32) for _ in range(2))
    fmt = PRESETS["e5m2"]
    errors = {key: [] for key in result}
    for row_x, row_y in zip(x.tolist(), y.tolist()):
        reference = sum((Fraction(p) * Fraction(q) for p, q in zip(row_x, row_y)), Fraction(0))
        a = [int(code) for code in quantise(row_x, fmt)]
        b = [int(code) for code in quantise(row_y, fmt)]
        sums = {
            "exact": sum((_value(p, fmt) * _value(q, fmt) for p, q in zip(a, b)), Fraction(0)),
            "conventional": sum((_value(fpmul_value(p, q, fmt), fmt) for p, q in zip(a, b)),
                                Fraction(0)),
            "lmul_paper": sum((_tile_lmul_value(p, q, fmt, 1) for p, q in zip(a, b)),
                              Fraction(0)),
            "lmul_o0": sum((_tile_lmul_value(p, q, fmt, 0) for p, q in zip(a, b)), Fraction(0)),
        }
        for key, total in sums.items():
            if key != "conventional":       # the tile's result: the sum rounded once to fp32
                total = _value(round_rne(total, PRESETS["fp32"]), PRESETS["fp32"])
            errors[key].append(abs(total - reference) / abs(reference))
    for key, values in errors.items():
        median = sorted(values)[1]
        # The tile's fp32 result is exact in float64; a sum of RNE products S and the reference
        # R are each correctly rounded to float64 (error 2**-53 relative), then subtracted and
        # divided (one rounding each): the relative error e is off by at most
        # 2**-53 * (|S| + |R|) / |R| + 2**-52 * e <= 2**-53 * (2 + 4 e) <= 2**-51 * (1 + e).
        tolerance = Fraction(2) ** -51 * (1 + median)
        assert abs(Fraction(result[key]["median_relative_error"]) - median) <= tolerance


def test_dot_product_validation():
    with pytest.raises(ValueError, match=r"^vector length must be an integer >= 1, not 0$"):
        dot_product_errors("e4m3fn", 0)


# -- the command ------------------------------------------------------------------------------

def test_accuracy_command_writes_report_json_and_plots(tmp_path):
    from lmul.commands import accuracy

    (tmp_path / "summary.json").write_text(json.dumps(synthesis_summary([
        ("lmul", "e4m3fn", {}, 0, 120.0), ("fpmul", "e4m3fn", {}, 0, 310.0),
        ("lmul", "e4m3", {}, 0, 125.0)])))
    parser = argparse.ArgumentParser()
    accuracy.register(parser.add_subparsers())
    args = parser.parse_args(["accuracy", "-o", str(tmp_path), "--sample-size", "2000",
                              "--tuning-sample-size", "1000", "--dot-product-trials", "3",
                              "-q"])
    args.run(args)
    names = sorted(path.name for path in tmp_path.iterdir())
    assert names == ["accuracy.json", "accuracy.md", "accuracy_claims.png",
                     "accuracy_dot_products.png", "accuracy_mre.png", "accuracy_offsets.png",
                     "accuracy_pareto.png", "accuracy_sweep.png", "summary.json"]
    study = json.loads((tmp_path / "accuracy.json").read_text())
    e4m3fn = study["formats"]["e4m3fn"]
    assert e4m3fn["pairs"]["count"] == native_pairs(E4M3FN).count
    assert e4m3fn["offsets"] == {"paper": 1, "tuned": 0}
    # Sorted by kind and format: fpmul e4m3fn, lmul e4m3 (larger and less precise than lmul
    # e4m3fn), lmul e4m3fn.
    assert [point["pareto_optimal"] for point in study["area"]["points"]] == [True, False, True]
    report = (tmp_path / "accuracy.md").read_text()
    for heading in ("## Which pairs count", "## Error metrics of every preset",
                    "## Tuned offsets", "## The paper's precision claims", "## Dot products",
                    "## Error against mantissa width", "## Error against area"):
        assert heading in report
    assert "![Area against MRE](accuracy_pareto.png)" in report
