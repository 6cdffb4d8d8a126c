"""The accuracy study: error metrics of L-Mul and the conventional multiplier for every preset,
tuned offsets, the paper's claims, dot products and a sweep over formats.

:func:`run_study` returns plain data (numbers, strings, lists and dicts) ready for JSON; the
``lmul accuracy`` command writes it out with a report and plots.

Which pairs count is defined in :mod:`lmul.accuracy.operand_pairs`. Within those pairs the
conventional multiplier (RNE, gradual underflow, IEEE overflow) can neither underflow nor
overflow: the exact product is at least the smallest normal and at most the largest finite
number, both of which are representable, so rounding stays within them. L-Mul can: its result
may fall below the smallest normal and flush to zero (relative error 1), or exceed the largest
finite number and saturate; both are counted in the metrics like any other result, and how
often they happen is reported (``flushed``, ``saturated``).
"""

import numpy as np

from ..format import PRESETS, Format
from ..lmul_params import LMulParams, paper_offset
from ..param_checks import check_integer
from .dot_products import (DOT_PRODUCT_FORMATS, DOT_PRODUCT_LENGTHS, DOT_PRODUCT_TRIALS,
                           dot_product_errors)
from .error_metrics import error_metrics
from ..golden.fpmul import fpmul
from ..golden.lmul import lmul
from .offset_tuning import TUNING_SAMPLE_SIZE, tune_offset
from .operand_pairs import (DEFAULT_SAMPLE_SIZE, DEFAULT_SEED, EXHAUSTIVE_MAX_WIDTH,
                            native_pairs)
from .paper_claims import PAPER_CLAIMS, claim_experiment

__all__ = ["run_study", "lmul_errors", "conventional_errors", "multiplier_errors",
           "SWEEP_FORMATS", "TUNINGS", "MULTIPLIER_LABELS"]

#: The multipliers of the study, in report order, with their labels.
MULTIPLIER_LABELS = {
    "conventional": "conventional (RNE)",
    "lmul_paper": "L-Mul, paper offset",
    "lmul_o0": "L-Mul, offset 0",
    "lmul_tuned": "L-Mul, tuned offset",
}

#: Formats of the sweep over widths (the error side of the area-error chart).
SWEEP_FORMATS = tuple(Format(exp_bits, man_bits) for exp_bits in (4, 5)
                      for man_bits in range(1, 8))

#: Offset tunings reported for every preset: (distribution, objective).
TUNINGS = (("exhaustive", "mre"), ("exhaustive", "bias"), ("uniform", "mre"),
           ("normal", "mre"))


def lmul_errors(pairs, offset=None):
    """Error metrics of the L-Mul unit (saturating) over ``pairs``, with the counts of flushed
    and saturated results.

    Returns
    -------
    dict
        :meth:`ErrorMetrics.as_dict` plus ``offset`` (in mantissa LSBs), ``flushed`` and
        ``saturated``.
    """
    params = LMulParams(pairs.fmt, offset)
    fmt = params.fmt
    approx = fmt.decode(lmul(pairs.a, pairs.b, fmt, offset=params.offset))
    # The unclamped magnitude sum of the spec, to tell flushed and saturated results apart.
    total = ((pairs.a.astype(np.int64) & fmt.mag_mask) + (pairs.b.astype(np.int64) & fmt.mag_mask)
             + params.constant)
    return {**error_metrics(approx, pairs.exact).as_dict(), "offset": params.offset,
            "flushed": int(np.count_nonzero(total < fmt.min_normal_mag)),
            "saturated": int(np.count_nonzero(total > fmt.max_finite_mag))}


def conventional_errors(pairs):
    """Error metrics of the conventional multiplier (RNE, IEEE subnormals and overflow) over
    ``pairs``."""
    fmt = pairs.fmt
    approx = fmt.decode(fpmul(pairs.a, pairs.b, fmt, subnormals="ieee", overflow="ieee",
                              rounding="rne"))
    return error_metrics(approx, pairs.exact).as_dict()


def _pairs_summary(pairs):
    return {"count": pairs.count, "drawn": pairs.drawn, "description": pairs.description}


def multiplier_errors(pairs, offsets):
    """``conventional`` errors and L-Mul errors for each ``{key: offset}`` of ``offsets``."""
    results = {"conventional": conventional_errors(pairs)}
    for key, offset in offsets.items():
        results[key] = lmul_errors(pairs, offset)
    return results


def _report(progress, message):
    if progress is not None:
        progress(message)


def run_study(*, sample_size=DEFAULT_SAMPLE_SIZE, tuning_sample_size=TUNING_SAMPLE_SIZE,
              dot_product_trials=DOT_PRODUCT_TRIALS, seed=DEFAULT_SEED, progress=None):
    """Run the whole study.

    Parameters
    ----------
    sample_size : int
        Pairs drawn for formats wider than
        :data:`~lmul.accuracy.operand_pairs.EXHAUSTIVE_MAX_WIDTH` bits, and for the claims.
    tuning_sample_size : int
        Pairs drawn for offset tuning on sampled pair sets, and for the wide sweep formats.
    dot_product_trials : int
        Vector pairs per format and length.
    seed : int
        Seed of every draw.
    progress : callable, optional
        Called with a one-line message as each part starts.

    Returns
    -------
    dict
        ``settings``, ``formats`` (per preset: ``pairs``, ``offsets`` and ``multipliers``,
        whose keys are ``conventional``, ``lmul_paper``, ``lmul_o0`` and ``lmul_tuned``),
        ``offset_tuning`` (per preset, per ``{distribution}_{objective}`` of
        :data:`TUNINGS`), ``paper_claims``, ``dot_products`` (per format, per length) and
        ``sweep`` (per format of :data:`SWEEP_FORMATS`).

    Raises
    ------
    TypeError, ValueError
        If a size or the seed is not an integer of its range (checked before anything runs).
    """
    check_integer(sample_size, "sample size", 2)  # the claims' confidence intervals need 2
    check_integer(tuning_sample_size, "tuning sample size", 1)
    check_integer(dot_product_trials, "dot-product trial count", 1)
    check_integer(seed, "seed", 0)
    settings = {"seed": seed, "sample_size": sample_size,
                "tuning_sample_size": tuning_sample_size,
                "dot_product_trials": dot_product_trials,
                "exhaustive_max_width": EXHAUSTIVE_MAX_WIDTH}
    study = {"settings": settings, "formats": {}, "offset_tuning": {}}

    for name, fmt in PRESETS.items():
        _report(progress, f"tuning the offset of {name}")
        tunings = {}
        for distribution, objective in TUNINGS:
            tuning = tune_offset(fmt, distribution=distribution, objective=objective,
                                 sample_size=tuning_sample_size, seed=seed)
            tunings[f"{distribution}_{objective}"] = tuning.as_dict()
        study["offset_tuning"][name] = tunings
        tuned = tunings["exhaustive_mre"]["offset"]

        _report(progress, f"measuring the multipliers of {name}")
        pairs = native_pairs(fmt, sample_size=sample_size, seed=seed)
        offsets = {"lmul_paper": paper_offset(fmt.man_bits), "lmul_o0": 0, "lmul_tuned": tuned}
        study["formats"][name] = {
            "pairs": _pairs_summary(pairs),
            "offsets": {"paper": offsets["lmul_paper"], "tuned": tuned},
            "multipliers": multiplier_errors(pairs, offsets),
        }

    _report(progress, "re-running the paper's precision claims")
    study["paper_claims"] = [
        claim_experiment(claim, distribution, sample_size=sample_size, seed=seed)
        for claim in PAPER_CLAIMS for distribution in ("uniform", "normal")]

    _report(progress, "measuring dot products")
    study["dot_products"] = {}
    for name in DOT_PRODUCT_FORMATS:
        tuned = study["offset_tuning"][name]["exhaustive_mre"]["offset"]
        offsets = (None, tuned) if tuned != paper_offset(PRESETS[name].man_bits) else (None,)
        study["dot_products"][name] = {
            str(length): dot_product_errors(name, length, offsets=offsets,
                                            trials=dot_product_trials, seed=seed)
            for length in DOT_PRODUCT_LENGTHS}

    _report(progress, "sweeping formats")
    study["sweep"] = {}
    for fmt in SWEEP_FORMATS:
        pairs = native_pairs(fmt, sample_size=tuning_sample_size, seed=seed)
        study["sweep"][fmt.name] = {
            "exp_bits": fmt.exp_bits, "man_bits": fmt.man_bits,
            "pairs": _pairs_summary(pairs),
            "multipliers": multiplier_errors(
                pairs, {"lmul_paper": paper_offset(fmt.man_bits), "lmul_o0": 0}),
        }
    return study
