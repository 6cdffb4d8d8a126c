"""The designs the synthesis report measures for each format, and the pairs it compares.

Every comparison puts the L-Mul unit (its own policy: subnormal inputs read as zero, no
subnormal results, overflow saturates) against one conventional multiplier, combinational against
combinational and pipelined (2 stages) against pipelined, plus the bare adder L-Mul is built
around as a floor. The full sweep also measures the floating-point adder on its own
(:func:`fpadd_designs`), in none of the L-Mul comparisons (its area is shown beside the IEEE
multiplier's).
"""

from dataclasses import dataclass

from ..units import UnitConfig
from .adder_floor import AdderFloorConfig

__all__ = ["Pair", "PAIRS", "ROLES", "PIPELINE_STAGES", "FPADD_ROLE", "FPADD_ROLES",
           "report_designs", "fpadd_designs", "FULL_SWEEP_ONLY"]

#: Pipeline depth of the pipelined comparisons.
PIPELINE_STAGES = 2

_FPMUL_POLICIES = {
    "fpmul_like": {"subnormals": "flush", "overflow": "saturate", "rounding": "rne"},
    "fpmul_ieee": {"subnormals": "ieee", "overflow": "ieee", "rounding": "rne"},
    "fpmul_cheap": {"subnormals": "flush", "overflow": "saturate", "rounding": "truncate"},
}

#: Role of a design in the report -> what it is.
ROLES = {
    "lmul": "L-Mul (flush subnormals, saturate, paper's offset)",
    "fpmul_like": "conventional multiplier with L-Mul's policy (flush, saturate, RNE)",
    "fpmul_ieee": "full IEEE multiplier (subnormals, overflow to inf, RNE)",
    "fpmul_cheap": "cheapest conventional multiplier (flush, saturate, truncate)",
    "adder": "adder floor: the bare (E+M)-bit adder with L-Mul's folded constant",
}

#: Role of the floating-point adder (IEEE 754 addition, the default modes), measured alone.
FPADD_ROLE = "fpadd"

#: The adder's role -> what it is (beside :data:`ROLES`, which the comparisons use).
FPADD_ROLES = {FPADD_ROLE: "floating-point adder (IEEE 754 addition: subnormals, overflow to "
                           "inf, RNE), measured alone"}


@dataclass(frozen=True)
class Pair:
    """One comparison: ``subject`` against ``baseline`` (roles), both at ``stages``."""

    name: str
    subject: str
    baseline: str
    stages: int

    @property
    def is_floor(self):
        return self.baseline == "adder"


def _pairs():
    pairs = []
    for stages, timing in ((0, "combinational"), (PIPELINE_STAGES,
                                                  f"pipelined, {PIPELINE_STAGES} stages")):
        pairs += [
            Pair(f"like for like: L-Mul vs multiplier with the same policy (flush, saturate, "
                 f"RNE), {timing}", "lmul", "fpmul_like", stages),
            Pair(f"L-Mul vs full IEEE multiplier (subnormals, RNE), {timing}",
                 "lmul", "fpmul_ieee", stages),
            Pair(f"L-Mul vs cheapest conventional multiplier (flush, saturate, truncate), "
                 f"{timing}", "lmul", "fpmul_cheap", stages),
        ]
    pairs.append(Pair("floor: L-Mul vs its bare adder with the folded constant, combinational",
                      "lmul", "adder", 0))
    return tuple(pairs)


#: ``(role, stages)`` of the designs only the full sweep measures: the pipelined full-IEEE and
#: cheapest baselines (the pipelined comparison that the summary and the published claims
#: draw on is the like-for-like one; these two cost a sixth of a cold default report).
FULL_SWEEP_ONLY = frozenset({("fpmul_ieee", PIPELINE_STAGES), ("fpmul_cheap", PIPELINE_STAGES)})

#: The comparisons of the report, in table order.
PAIRS = _pairs()


def report_designs(fmt):
    """The designs measured for format ``fmt``.

    Returns
    -------
    dict of (str, int) to design
        ``(role, stages)`` to a :class:`~lmul.units.UnitConfig` or
        :class:`~lmul.synth.adder_floor.AdderFloorConfig`, for every role and depth the
        :data:`PAIRS` use.
    """
    designs = {}
    for pair in PAIRS:
        for role in (pair.subject, pair.baseline):
            key = (role, pair.stages)
            if key in designs:
                continue
            if role == "lmul":
                designs[key] = UnitConfig("lmul", fmt, {}, pair.stages)
            elif role == "adder":
                designs[key] = AdderFloorConfig(fmt, {}, pair.stages)
            else:
                designs[key] = UnitConfig("fpmul", fmt, dict(_FPMUL_POLICIES[role]), pair.stages)
    return designs


def fpadd_designs(fmt):
    """The floating-point adders measured for format ``fmt`` (full sweep only): the default
    (IEEE) modes, combinational and with :data:`PIPELINE_STAGES` stages.

    Returns
    -------
    dict of (str, int) to UnitConfig
        ``(FPADD_ROLE, stages)`` to the adder.
    """
    return {(FPADD_ROLE, stages): UnitConfig("fpadd", fmt, {}, stages)
            for stages in (0, PIPELINE_STAGES)}
