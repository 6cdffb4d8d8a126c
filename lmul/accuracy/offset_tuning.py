"""Choice of the L-Mul offset that minimises the mean relative error, or the bias, of a pair set.

The paper's offset ``2**-l(M)`` was fitted for operands truncated from higher precision; for
native low-precision operands another constant may be better. The search is over integer
offsets in mantissa LSBs, ``0 .. 2**M`` (an offset of ``2**M`` adds 1 to the mantissa sum).
"""

from dataclasses import dataclass, field

import numpy as np

from ..format import Format
from ..lmul_params import paper_offset
from .error_metrics import exact_mean, relative_errors
from ..golden.lmul import lmul
from .operand_pairs import DEFAULT_SEED, operand_pairs

__all__ = ["OffsetTuning", "tune_offset", "offset_objective", "OFFSET_OBJECTIVES",
           "EXHAUSTIVE_SEARCH_MAX_MAN_BITS", "TUNING_SAMPLE_SIZE"]

#: ``mre``: mean relative error. ``bias``: magnitude of the mean signed relative error.
OFFSET_OBJECTIVES = ("mre", "bias")
#: Widest mantissa for which every candidate offset is evaluated for the ``mre`` objective.
EXHAUSTIVE_SEARCH_MAX_MAN_BITS = 6
#: Pairs drawn for the sampled pair sets: fewer than for the metrics, since the search
#: evaluates the objective up to about a hundred times.
TUNING_SAMPLE_SIZE = 1 << 18
# Points per level of the coarse-to-fine search.
_GRID_INTERVALS = 16


@dataclass(frozen=True)
class OffsetTuning:
    """Result of :func:`tune_offset`.

    Attributes
    ----------
    fmt : Format
    distribution, objective : str
    offset : int
        The best offset found, in mantissa LSBs.
    value : float
        The objective at ``offset``.
    paper_offset : int
        :func:`lmul.lmul_params.paper_offset` of the format.
    paper_value : float
        The objective at the paper's offset.
    pair_count : int
        Pairs the objective averages over.
    pairs_description : str
        Which pairs (see :mod:`lmul.accuracy.operand_pairs`).
    evaluations : tuple of (int, float)
        Every offset evaluated and its objective, by offset.
    """

    fmt: Format
    distribution: str
    objective: str
    offset: int
    value: float
    paper_offset: int
    paper_value: float
    pair_count: int
    pairs_description: str
    evaluations: tuple = field(repr=False)

    def as_dict(self):
        return {
            "format": self.fmt.name, "distribution": self.distribution,
            "objective": self.objective, "offset": self.offset, "value": self.value,
            "paper_offset": self.paper_offset, "paper_value": self.paper_value,
            "pair_count": self.pair_count, "pairs": self.pairs_description,
            "evaluations": [list(item) for item in self.evaluations],
        }


def offset_objective(pairs, offset, objective):
    """The objective of L-Mul with ``offset`` over ``pairs`` (an
    :class:`~lmul.accuracy.operand_pairs.OperandPairs`).

    ``mre``: mean of ``|L-Mul - exact| / |exact|``; ``bias``: ``|mean((L-Mul - exact) / exact)|``.
    Means are :func:`~lmul.accuracy.error_metrics.exact_mean`.

    Raises
    ------
    ValueError
        For an unknown objective or an invalid offset.
    """
    if objective not in OFFSET_OBJECTIVES:
        raise ValueError(f"objective must be one of 'mre', 'bias', not {objective!r}")
    approx = pairs.fmt.decode(lmul(pairs.a, pairs.b, pairs.fmt, offset=offset))
    signed = relative_errors(approx, pairs.exact)
    if objective == "mre":
        return exact_mean(np.abs(signed))
    return abs(exact_mean(signed))


def _signed_mean(pairs, offset):
    approx = pairs.fmt.decode(lmul(pairs.a, pairs.b, pairs.fmt, offset=offset))
    return exact_mean(relative_errors(approx, pairs.exact))


def _best(values):
    # Lowest objective; ties go to the smaller offset.
    return min(values, key=lambda offset: (values[offset], offset))


def _search_mre(pairs, evaluate):
    top = 1 << pairs.fmt.man_bits
    if pairs.fmt.man_bits <= EXHAUSTIVE_SEARCH_MAX_MAN_BITS:
        return _best({offset: evaluate(offset) for offset in range(top + 1)})
    low, high = 0, top
    while high - low > 2 * _GRID_INTERVALS:
        step = (high - low) // _GRID_INTERVALS
        grid = {offset: evaluate(offset) for offset in range(low, high + 1, step)}
        best = _best(grid)
        low, high = max(best - step, 0), min(best + step, top)
    return _best({offset: evaluate(offset) for offset in range(low, high + 1)})


def _search_bias(pairs, evaluate):
    # Every L-Mul result is non-decreasing in the offset (the magnitude sum grows; flushing
    # and saturation are monotone too), so the signed mean is: bisect for its sign change.
    top = 1 << pairs.fmt.man_bits
    signed = {}

    def signed_mean(offset):
        if offset not in signed:
            signed[offset] = _signed_mean(pairs, offset)
            evaluate.record(offset, abs(signed[offset]))
        return signed[offset]

    if signed_mean(0) >= 0:
        return 0
    if signed_mean(top) < 0:
        return top
    low, high = 0, top  # signed_mean(low) < 0 <= signed_mean(high)
    while high - low > 1:
        middle = (low + high) // 2
        if signed_mean(middle) < 0:
            low = middle
        else:
            high = middle
    return low if abs(signed_mean(low)) <= abs(signed_mean(high)) else high


class _Evaluations:
    def __init__(self, pairs, objective):
        self.pairs, self.objective, self.values = pairs, objective, {}

    def __call__(self, offset):
        if offset not in self.values:
            self.values[offset] = offset_objective(self.pairs, offset, self.objective)
        return self.values[offset]

    def record(self, offset, value):
        self.values[offset] = value


def tune_offset(fmt, *, distribution="exhaustive", objective="mre",
                sample_size=TUNING_SAMPLE_SIZE, seed=DEFAULT_SEED, pairs=None):
    """The L-Mul offset minimising ``objective`` over the pairs of ``distribution``.

    Parameters
    ----------
    fmt : Format or str
    distribution : str
        ``"exhaustive"`` (native operands), ``"uniform"`` or ``"normal"`` (fp32 draws truncated
        to the format, judged by the exact product of the draws); see
        :func:`lmul.accuracy.operand_pairs.operand_pairs`.
    objective : str
        ``"mre"`` or ``"bias"`` (see :func:`offset_objective`).
    sample_size, seed : int
        For the sampled pair sets.
    pairs : OperandPairs, optional
        Use these pairs instead of drawing them (``distribution`` is then only a label).

    Returns
    -------
    OffsetTuning

    Raises
    ------
    ValueError
        For an invalid format, distribution, objective, sample size or seed.

    Notes
    -----
    Candidates are the integers ``0 .. 2**M``. ``bias``: bisection, exact because the signed
    mean is non-decreasing in the offset; of the two offsets around its sign change, the one
    with the smaller magnitude wins. ``mre``: every candidate for ``M <=``
    :data:`EXHAUSTIVE_SEARCH_MAX_MAN_BITS`; otherwise a coarse-to-fine grid (17 points, then
    17 points around the best, ... down to a step of one), which finds the minimum when the
    objective is unimodal in the offset, as it is on every pair set studied here. Ties go to
    the smaller offset.
    """
    fmt = Format.parse(fmt)
    if objective not in OFFSET_OBJECTIVES:
        raise ValueError(f"objective must be one of 'mre', 'bias', not {objective!r}")
    if pairs is None:
        pairs = operand_pairs(fmt, distribution, sample_size=sample_size, seed=seed)
    evaluate = _Evaluations(pairs, objective)
    best = (_search_mre if objective == "mre" else _search_bias)(pairs, evaluate)
    paper = paper_offset(fmt.man_bits)
    return OffsetTuning(
        fmt=fmt, distribution=distribution, objective=objective, offset=best,
        value=evaluate(best), paper_offset=paper, paper_value=evaluate(paper),
        pair_count=pairs.count, pairs_description=pairs.description,
        evaluations=tuple(sorted(evaluate.values.items())))
