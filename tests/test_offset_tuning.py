import numpy as np
import pytest

from lmul.format import Format, PRESETS
from lmul.accuracy.offset_tuning import offset_objective, tune_offset
from lmul.accuracy.operand_pairs import OperandPairs, native_pairs
from lmul.accuracy.quantise import quantise


def _pairs(fmt, values):
    # Pairs of exactly representable values, judged by their exact product.
    fmt = Format.parse(fmt)
    x = np.array([pair[0] for pair in values])
    y = np.array([pair[1] for pair in values])
    return OperandPairs(fmt, quantise(x, fmt), quantise(y, fmt), x * y, len(values), "test")


def test_objectives_hand_computed():
    # e4m3fn, offset c LSBs: 1.5 * 1.5 gives 2 * (1 + c/8) against 2.25, relative error
    # (c - 1) / 9; 1 * 1 gives 1 + c/8, relative error c / 8.
    pairs = _pairs("e4m3fn", [(1.5, 1.5), (1.0, 1.0)])
    assert offset_objective(pairs, 0, "mre") == (1 / 9) / 2
    assert offset_objective(pairs, 1, "mre") == (1 / 8) / 2
    assert offset_objective(pairs, 0, "bias") == (1 / 9) / 2
    assert offset_objective(pairs, 1, "bias") == (1 / 8) / 2
    assert offset_objective(pairs, 2, "bias") == (1 / 9 + 1 / 4) / 2


def test_mre_and_bias_optima_hand_computed():
    # e4m3fn, offsets 0, 1: 1.375 * 1.375 = 1.890625 gets 1.75 + c/8, relative errors -9/121
    # and -1/121; 1 * 1 gets errors 0 and 1/8. Seven of the first and four of the second:
    # summed |errors| 63/121 = 0.52 at 0 against 4/8 + 7/121 = 0.56 at 1, so the MRE picks 0;
    # summed signed errors -0.52 at 0 and 0.44 at 1, so the bias picks 1.
    pairs = _pairs("e4m3fn", [(1.375, 1.375)] * 7 + [(1.0, 1.0)] * 4)
    assert tune_offset("e4m3fn", pairs=pairs, objective="mre").offset == 0
    assert tune_offset("e4m3fn", pairs=pairs, objective="bias").offset == 1


def test_bias_search_finds_an_exact_zero():
    # 1.5 * 1.5: signed error (c - 1) / 9, zero at the paper's offset.
    tuning = tune_offset("e4m3fn", pairs=_pairs("e4m3fn", [(1.5, 1.5)]), objective="bias")
    assert (tuning.offset, tuning.value, tuning.paper_value) == (1, 0.0, 0.0)


def test_wide_search_finds_the_known_optimum():
    # fp32: 1.5 * 1.5 gives 2 * (1 + c * 2**-23) against 2.25, exact at c = 2**20; the MRE is
    # V-shaped around it, so the coarse-to-fine grid must land on it exactly.
    pairs = _pairs("fp32", [(1.5, 1.5), (-1.5, 1.5)])
    mre = tune_offset("fp32", pairs=pairs, objective="mre")
    assert (mre.offset, mre.value) == (1 << 20, 0.0)
    assert len(mre.evaluations) < 200
    bias = tune_offset("fp32", pairs=pairs, objective="bias")
    assert (bias.offset, bias.value) == (1 << 20, 0.0)


def test_wide_search_agrees_with_brute_force_on_fp16():
    pairs = native_pairs("fp16", sample_size=2048, seed=7)
    brute = [offset_objective(pairs, offset, "mre") for offset in range(1025)]
    best = min(range(1025), key=lambda offset: (brute[offset], offset))
    tuning = tune_offset("fp16", pairs=pairs)
    assert (tuning.offset, tuning.value) == (best, brute[best])


def test_bisection_agrees_with_brute_force_on_e3m4():
    pairs = native_pairs("e3m4")
    brute = [offset_objective(pairs, offset, "bias") for offset in range(17)]
    best = min(range(17), key=lambda offset: (brute[offset], offset))
    tuning = tune_offset("e3m4", objective="bias")
    assert (tuning.offset, tuning.value) == (best, brute[best])


def test_native_e3m4_prefers_half_the_paper_offset():
    tuning = tune_offset("e3m4")
    assert (tuning.paper_offset, tuning.offset) == (2, 1)
    assert [offset for offset, _ in tuning.evaluations] == list(range(17))
    assert tuning.pair_count == native_pairs("e3m4").count


def test_truncated_draws_favour_the_paper_offset_for_e4m3fn():
    # The paper's setting: operands truncated from fp32, judged by the fp32 product.
    tuning = tune_offset("e4m3fn", distribution="uniform", sample_size=20000)
    assert tuning.offset == tuning.paper_offset == 1


def test_as_dict():
    tuning = tune_offset("e4m3fn", pairs=_pairs("e4m3fn", [(1.5, 1.5)]))
    record = tuning.as_dict()
    assert (record["format"], record["offset"], record["paper_offset"]) == ("e4m3fn", 1, 1)
    assert record["evaluations"][:2] == [[0, 1 / 9], [1, 0.0]]


@pytest.mark.parametrize("keywords, message", [
    ({"objective": "rms"}, "objective must be one of 'mre', 'bias', not 'rms'"),
    ({"distribution": "cauchy"},
     "distribution must be one of 'exhaustive', 'uniform', 'normal', not 'cauchy'"),
    ({"distribution": "uniform", "sample_size": 0},
     "sample size must be an integer >= 1, not 0"),
])
def test_invalid_arguments(keywords, message):
    with pytest.raises(ValueError) as info:
        tune_offset(PRESETS["e4m3fn"], **keywords)
    assert str(info.value) == message


def test_tune_offset_command_prints_the_offset(capsys):
    import argparse

    from lmul.commands import tune_offset as command

    parser = argparse.ArgumentParser()
    command.register(parser.add_subparsers())
    args = parser.parse_args(["tune-offset", "--format", "e3m4", "--objective", "mre"])
    args.run(args)
    assert capsys.readouterr().out == "1\n"
