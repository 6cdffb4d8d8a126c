"""The paper's two precision claims, re-run on the golden models.

The paper: "L-Mul with a 4-bit mantissa is as precise as float8_e4m3 multiplication, and with a
3-bit mantissa more precise than float8_e5m2". Its "L-Mul with k-bit mantissa" takes operands
truncated to k mantissa bits, keeping the exponent of the carrier format (fp32), with the
offset ``2**-l(k)``.

The experiment, for a distribution of :func:`~lmul.accuracy.operand_pairs.draw_values`:

1. Draw fp32 pairs ``x``, ``y``; the reference is their exact product.
2. L-Mul: truncate both to ``e8mk`` (fp32's exponent, k mantissa bits) and take the golden L-Mul
   product with the paper's offset.
3. Conventional: round both to nearest even into the fp8 format and take the golden correctly
   rounded (RNE) product in that format.
4. Keep the pairs where both draws and their exact product lie in the normal range of the fp8
   format (``e8mk``'s range contains it): the claims are about precision, and outside that
   range the fp8 format loses to ``e8mk`` on its exponent range, not its mantissa.
5. Compare the mean relative errors against the reference, each with a 95 % confidence
   interval, and the mean of the paired differences (L-Mul minus conventional) with its own.

Verdicts: a claim "more precise than" holds when the difference's interval lies below zero;
"as precise as" holds when it does not lie above zero (L-Mul is not significantly worse).
"""

from dataclasses import dataclass

import numpy as np

from ..format import Format
from .error_metrics import confidence_interval, relative_errors
from ..golden.fpmul import fpmul
from ..golden.lmul import lmul
from .operand_pairs import DEFAULT_SAMPLE_SIZE, DEFAULT_SEED, draw_values, normal_range
from .quantise import quantise

__all__ = ["PaperClaim", "PAPER_CLAIMS", "claim_experiment", "CLAIM_RELATIONS"]

#: How the L-Mul error must compare with the conventional one for a claim to hold.
CLAIM_RELATIONS = ("as precise as", "more precise than")


@dataclass(frozen=True)
class PaperClaim:
    """One precision claim: L-Mul on ``lmul_man_bits``-bit operands against the conventional
    multiplier of ``conventional_format``."""

    lmul_man_bits: int
    relation: str
    conventional_format: str

    def __post_init__(self):
        if self.relation not in CLAIM_RELATIONS:
            raise ValueError(f"relation must be one of 'as precise as', 'more precise than', "
                             f"not {self.relation!r}")

    @property
    def statement(self):
        return (f"L-Mul with a {self.lmul_man_bits}-bit mantissa is {self.relation} "
                f"{self.conventional_format} multiplication")

    @property
    def lmul_format(self):
        return Format(8, self.lmul_man_bits)


PAPER_CLAIMS = (
    PaperClaim(4, "as precise as", "e4m3fn"),
    PaperClaim(3, "more precise than", "e5m2"),
)


def _interval(samples):
    mean, low, high = confidence_interval(samples)
    return {"mean": mean, "low": low, "high": high}


def claim_experiment(claim, distribution, *, sample_size=DEFAULT_SAMPLE_SIZE,
                     seed=DEFAULT_SEED):
    """Run the experiment of the module docstring for one claim and distribution.

    Returns
    -------
    dict
        ``statement``, ``distribution``, ``drawn`` and ``counted`` pairs, ``lmul_format``,
        ``conventional_format``, ``lmul_mre`` and ``conventional_mre`` and ``difference``
        (each ``{"mean", "low", "high"}``, 95 % intervals), ``ratio`` (of the two MREs) and
        ``holds`` (bool).

    Raises
    ------
    ValueError
        For an unknown distribution, or a sample size below 2 or a seed below 0.
    """
    if type(sample_size) is not int or sample_size < 2:
        raise ValueError(f"sample size must be an integer >= 2, not {sample_size!r}")
    if type(seed) is not int or seed < 0:
        raise ValueError(f"seed must be an integer >= 0, not {seed!r}")
    rng = np.random.default_rng(seed)
    x = draw_values(distribution, sample_size, rng)
    y = draw_values(distribution, sample_size, rng)
    exact = x * y
    conventional = Format.parse(claim.conventional_format)
    low, high = normal_range(conventional)
    keep = np.ones(sample_size, dtype=bool)
    for values in (x, y, exact):
        keep &= (np.abs(values) >= low) & (np.abs(values) <= high)
    x, y, exact = x[keep], y[keep], exact[keep]

    lmul_format = claim.lmul_format
    lmul_product = lmul(quantise(x, lmul_format, rounding="truncate"),
                        quantise(y, lmul_format, rounding="truncate"), lmul_format)
    lmul_error = np.abs(relative_errors(lmul_format.decode(lmul_product), exact))
    conventional_product = fpmul(quantise(x, conventional), quantise(y, conventional),
                                 conventional)
    conventional_error = np.abs(relative_errors(conventional.decode(conventional_product),
                                                exact))

    difference = _interval(lmul_error - conventional_error)
    if claim.relation == "more precise than":
        holds = difference["high"] < 0
    else:
        holds = not difference["low"] > 0
    lmul_mre, conventional_mre = _interval(lmul_error), _interval(conventional_error)
    return {
        "statement": claim.statement, "distribution": distribution,
        "drawn": sample_size, "counted": int(keep.sum()), "seed": seed,
        "lmul_format": lmul_format.name, "conventional_format": conventional.name,
        "lmul_mre": lmul_mre, "conventional_mre": conventional_mre, "difference": difference,
        "ratio": lmul_mre["mean"] / conventional_mre["mean"], "holds": bool(holds),
    }
