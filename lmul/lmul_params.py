"""Parameters of the L-Mul unit, validated once and shared by the golden model and the RTL."""

from dataclasses import dataclass
from typing import ClassVar

from .format import FORMAT_OPTION, Format
from .options import Option
from .param_checks import check_choice, check_integer

__all__ = ["LMulParams", "paper_offset", "LMUL_OVERFLOW_MODES"]

#: What an overflowing L-Mul product becomes: ``saturate`` gives ±max finite, ``inf`` gives ±inf.
LMUL_OVERFLOW_MODES = ("saturate", "inf")


def paper_offset(man_bits):
    """The paper's offset ``2**(M - l(M))`` in mantissa-LSB units, with ``l(M) = M`` for
    ``M <= 3``, ``3`` for ``M = 4`` and ``4`` for ``M > 4`` (it adds ``2**-l(M)`` to the mantissa
    sum)."""
    l = man_bits if man_bits <= 3 else 3 if man_bits == 4 else 4
    return 1 << (man_bits - l)


@dataclass(frozen=True)
class LMulParams:
    """Validated parameters of an L-Mul unit.

    Parameters
    ----------
    fmt : Format or str
        Operand and result format.
    offset : int or None
        Constant added to the magnitude sum, in mantissa-LSB units, ``>= 0``. ``None`` selects
        :func:`paper_offset`; 0 is Mitchell's logarithmic multiplication.
    overflow : str
        ``"saturate"`` (±max finite) or ``"inf"`` (±inf; ``ieee`` formats only).

    Raises
    ------
    TypeError
        If the offset is not an integer (NumPy integers are accepted) or the overflow mode not
        a string.
    ValueError
        If the format is invalid, the offset is negative, the overflow mode is unknown, or
        ``overflow="inf"`` is asked of an ``fn`` format.
    """

    fmt: Format
    offset: int | None = None
    overflow: str = "saturate"

    #: The parameters as command-line options.
    OPTIONS: ClassVar[tuple] = (
        FORMAT_OPTION,
        Option("offset", type=int, metavar="N",
               help="constant added to the magnitude sum, in mantissa LSBs (default: the "
                    "paper's 2**(M-l(M)); 0 is Mitchell's)"),
        Option("overflow", choices=LMUL_OVERFLOW_MODES, default="saturate",
               help="overflowing products become max finite or inf (default: saturate)"),
    )

    def __post_init__(self):
        fmt = Format.parse(self.fmt)
        object.__setattr__(self, "fmt", fmt)
        offset = (paper_offset(fmt.man_bits) if self.offset is None
                  else check_integer(self.offset, "offset", 0))
        object.__setattr__(self, "offset", offset)
        check_choice(self.overflow, "overflow mode", LMUL_OVERFLOW_MODES)
        if self.overflow == "inf" and not fmt.has_inf:
            raise ValueError(f"overflow mode 'inf' needs a format with infinities, "
                             f"not {fmt.name!r}")

    @property
    def constant(self):
        """The folded constant K of ``T = |a| + |b| + K``: ``offset - (bias << M)``.

        For fp32 with the paper's offset this is ``-0x3F780000``; for e4m3fn, ``-55``. An offset
        so large that every product of normal numbers overflows is clamped to an offset at
        which every product overflows (the results are the same), so that K stays within two
        magnitudes' width."""
        fmt = self.fmt
        every_product_overflows = fmt.max_finite_mag + (fmt.bias << fmt.man_bits)
        return min(self.offset, every_product_overflows) - (fmt.bias << fmt.man_bits)

    @property
    def overflow_mag(self):
        """Magnitude an overflowing product gets: max finite, or infinity."""
        return self.fmt.inf_mag if self.overflow == "inf" else self.fmt.max_finite_mag

    @property
    def name(self):
        """Identifier encoding the non-default parameters, e.g. ``lmul_e4m3fn_o0_inf``."""
        parts = ["lmul", self.fmt.name]
        if self.offset != paper_offset(self.fmt.man_bits):
            parts.append(f"o{self.offset}")
        if self.overflow != "saturate":
            parts.append(self.overflow)
        return "_".join(parts)
