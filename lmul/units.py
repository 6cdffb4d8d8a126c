"""The catalogue of generated units: one description ties a unit's RTL, golden model and name.

:class:`UnitConfig` is what the command line, the simulation harness and the synthesis flows pass
around: it builds the Amaranth component, evaluates the golden model and names the Verilog
module, so none of them repeats that knowledge.
"""

import json
from dataclasses import dataclass, field

from .format import Format
from .fpadd_params import FPAddParams
from .fpmul_params import FPMulParams
from .hdl.pipeline import check_stages
from .lmul_params import LMulParams
from .options import Option

__all__ = ["UnitConfig", "UNIT_KINDS", "UNIT_PARAMS", "STAGES_OPTION"]


def _lmul_kind():
    from .golden.lmul import lmul
    from .hdl.lmul import LMul
    return LMul, lmul


def _fpmul_kind():
    from .golden.fpmul import fpmul
    from .hdl.fpmul import FPMul
    return FPMul, fpmul


def _fpadd_kind():
    from .golden.fpadd import fpadd
    from .hdl.fpadd import FPAdd
    return FPAdd, fpadd


#: Unit kind -> loader of (Amaranth component class, golden function), imported on first use.
UNIT_KINDS = {"lmul": _lmul_kind, "fpmul": _fpmul_kind, "fpadd": _fpadd_kind}

#: Unit kind -> parameter class, whose ``OPTIONS`` declare the unit's parameters.
UNIT_PARAMS = {"lmul": LMulParams, "fpmul": FPMulParams, "fpadd": FPAddParams}

#: The ``--stages`` option of every unit, filling :attr:`UnitConfig.stages`.
STAGES_OPTION = Option("stages", type=int, default=0, metavar="N",
                       help="pipeline registers (default 0: combinational)")


@dataclass(frozen=True)
class UnitConfig:
    """One two-operand unit: its kind, format, options and pipeline depth.

    Parameters
    ----------
    kind : str
        ``"lmul"``, ``"fpmul"`` or ``"fpadd"`` (a key of :data:`UNIT_KINDS`).
    fmt : Format or str
        The format, or its name (see :meth:`lmul.format.Format.parse`); held as a
        :class:`~lmul.format.Format`.
    options : dict
        Keyword options of the kind's parameter class (``offset``, ``overflow``, ...).
    stages : int
        Pipeline registers of the component.

    Raises
    ------
    ValueError
        For an unknown kind or invalid options (the parameter class's message), or ``stages``
        out of range (see :func:`lmul.hdl.pipeline.check_stages`).
    TypeError
        If ``stages`` is not an integer.
    """

    kind: str
    fmt: Format
    options: dict = field(default_factory=dict)
    stages: int = 0

    def __post_init__(self):
        if self.kind not in UNIT_KINDS:
            raise ValueError(f"unit kind must be one of {', '.join(map(repr, UNIT_KINDS))}, "
                             f"not {self.kind!r}")
        params = UNIT_PARAMS[self.kind](self.fmt, **self.options)  # validates
        object.__setattr__(self, "fmt", params.fmt)
        object.__setattr__(self, "options", dict(self.options))
        object.__setattr__(self, "stages", check_stages(self.stages))

    @property
    def params(self):
        return UNIT_PARAMS[self.kind](self.fmt, **self.options)

    @property
    def format(self):
        """The format (the same as :attr:`fmt`)."""
        return self.fmt

    @property
    def result_port(self):
        """Name of the result port of the unit's Verilog, the component's
        :attr:`~lmul.hdl.binary_unit.BinaryUnit.RESULT`: ``"p"`` (product) or ``"s"`` (sum)."""
        return UNIT_KINDS[self.kind]()[0].RESULT

    @property
    def booth_baseline(self):
        """Whether this is a conventional multiplier, which the synthesis report also measures
        with Booth multipliers."""
        return self.kind == "fpmul"

    @property
    def name(self):
        """Verilog module name encoding every non-default parameter, e.g. ``lmul_e4m3fn_s2``."""
        return self.params.name + (f"_s{self.stages}" if self.stages else "")

    def component(self):
        """A new Amaranth component for this unit."""
        return UNIT_KINDS[self.kind]()[0](self.fmt, stages=self.stages, **self.options)

    def golden(self, a, b):
        """Golden-model result codes (products, or sums) of the code arrays ``a`` and ``b``."""
        return UNIT_KINDS[self.kind]()[1](a, b, self.fmt, **self.options)

    def to_json(self):
        return json.dumps({"kind": self.kind, "fmt": self.fmt.name, "options": self.options,
                           "stages": self.stages}, sort_keys=True)

    @classmethod
    def from_json(cls, text):
        return cls(**json.loads(text))

    def __hash__(self):
        return hash(self.to_json())
