"""The modes of a correctly rounded floating-point unit (the conventional multiplier, the adder),
declared and validated once for every such unit."""

from dataclasses import dataclass
from typing import ClassVar

from .format import FORMAT_OPTION, Format
from .options import Option
from .param_checks import check_choice

__all__ = ["RoundedUnitParams", "SUBNORMAL_MODES", "OVERFLOW_MODES", "ROUNDING_MODES"]

#: How subnormal numbers are treated. ``ieee``: subnormal inputs keep their value and tiny
#: results underflow gradually to subnormals. ``flush``: subnormal inputs read as zero and results
#: below the smallest normal number become zero.
SUBNORMAL_MODES = ("ieee", "flush")

#: What a finite result too large for the format becomes when rounding to nearest. ``ieee``:
#: ±inf, or the canonical NaN in ``fn`` formats, which have no infinity. ``saturate``: ±max
#: finite.
OVERFLOW_MODES = ("ieee", "saturate")

#: Rounding of the exact result. ``rne``: to nearest, ties to even. ``truncate``: toward zero.
ROUNDING_MODES = ("rne", "truncate")


@dataclass(frozen=True)
class RoundedUnitParams:
    """Validated modes of a unit that rounds its exact result into its operands' format.

    A subclass names the unit in :attr:`KIND` and documents what its result is; the fields, their
    checks, their command-line options and the derived properties are the same for every such
    unit.

    Parameters
    ----------
    fmt : Format or str
        Operand and result format.
    subnormals : str
        ``"ieee"`` (gradual underflow, the default) or ``"flush"`` (see
        :data:`SUBNORMAL_MODES`).
    overflow : str
        ``"ieee"`` (the default) or ``"saturate"`` (see :data:`OVERFLOW_MODES`).
    rounding : str
        ``"rne"`` (the default) or ``"truncate"`` (see :data:`ROUNDING_MODES`).

    Raises
    ------
    TypeError
        If a mode is not a string.
    ValueError
        If the format is invalid or a mode is unknown.

    Notes
    -----
    With ``rounding="truncate"`` an overflowing result is ±max finite whatever ``overflow``
    says, as IEEE 754 prescribes for rounding toward zero; the two overflow modes then describe
    the same unit (but keep their distinct :attr:`name`).
    """

    fmt: Format
    subnormals: str = "ieee"
    overflow: str = "ieee"
    rounding: str = "rne"

    #: The unit's name, the first word of :attr:`name` (``"fpmul"``); set by each subclass.
    KIND: ClassVar[str] = ""

    #: The parameters as command-line options.
    OPTIONS: ClassVar[tuple] = (
        FORMAT_OPTION,
        Option("subnormals", choices=SUBNORMAL_MODES, default="ieee",
               help="gradual underflow, or flush subnormal inputs and results to zero "
                    "(default: ieee)"),
        Option("overflow", choices=OVERFLOW_MODES, default="ieee",
               help="overflow to inf (NaN in fn formats), or to max finite (default: ieee)"),
        Option("rounding", choices=ROUNDING_MODES, default="rne",
               help="round to nearest even, or toward zero (default: rne)"),
    )

    def __post_init__(self):
        object.__setattr__(self, "fmt", Format.parse(self.fmt))
        check_choice(self.subnormals, "subnormal mode", SUBNORMAL_MODES)
        check_choice(self.overflow, "overflow mode", OVERFLOW_MODES)
        check_choice(self.rounding, "rounding mode", ROUNDING_MODES)

    @property
    def flush_subnormals(self):
        return self.subnormals == "flush"

    @property
    def truncate(self):
        return self.rounding == "truncate"

    @property
    def saturates(self):
        """Whether an overflowing finite result becomes ±max finite: with
        ``overflow="saturate"``, and always with ``rounding="truncate"``."""
        return self.overflow == "saturate" or self.truncate

    @property
    def overflow_mag(self):
        """Magnitude of an overflowing finite result: max finite, infinity, or ``None`` when it
        becomes the canonical NaN (an ``fn`` format that does not saturate)."""
        return self.fmt.max_finite_mag if self.saturates else self.fmt.inf_mag

    @property
    def name(self):
        """Identifier encoding the non-default parameters, in the order subnormals, overflow,
        rounding: ``fpmul_e4m3fn``, ``fpmul_e4m3fn_flush``, ``fpadd_e4m3fn_flush_sat_trunc``."""
        parts = [self.KIND, self.fmt.name]
        if self.flush_subnormals:
            parts.append("flush")
        if self.overflow == "saturate":
            parts.append("sat")
        if self.truncate:
            parts.append("trunc")
        return "_".join(parts)
