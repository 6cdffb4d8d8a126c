"""Floating-point number formats: widths, bias and special-value rules.

A :class:`Format` is the single description of a binary floating-point format used by the golden
models, the RTL, the command line and the tests. A code is the unsigned integer
``sign << (E + M) | exp << M | man``; the *magnitude* of a code is its low ``E + M`` bits, the
exponent and mantissa fields read together as one integer.
"""

import re
from dataclasses import dataclass

import numpy as np
from amaranth.hdl import C, Cat
from amaranth.lib import data

from .options import Option
from .param_checks import check_choice, check_integer

__all__ = ["Format", "CodeLayout", "CodeView", "SPECIAL_POLICIES", "PRESETS", "FORMAT_OPTION"]


#: Special-value policies. ``ieee``: the all-ones exponent encodes ±inf (mantissa 0) and NaN
#: (mantissa not 0). ``fn`` (finite, OCP FP8 E4M3 style): no infinities; only the all-ones
#: exponent with the all-ones mantissa is NaN, every other code is finite.
SPECIAL_POLICIES = ("ieee", "fn")

_NAME_PATTERN = re.compile(r"e(0|[1-9][0-9]*)m(0|[1-9][0-9]*)(fn)?")

#: Other libraries' names of the presets, for the hint of :meth:`Format.parse` (which takes
#: only this project's names): OCP's FP8 "E4M3" is this project's ``e4m3fn``, not ``e4m3``.
_FOREIGN_NAMES = {
    "E4M3": "e4m3fn", "E5M2": "e5m2",
    "float8_e4m3fn": "e4m3fn", "float8_e5m2": "e5m2", "float8_e4m3": "e4m3",
    "float8_e3m4": "e3m4", "bfloat16": "bf16", "float16": "fp16", "half": "fp16",
    "float32": "fp32", "single": "fp32",
}


@dataclass(frozen=True)
class Format:
    """A binary floating-point format with a sign bit, ``exp_bits`` exponent bits and
    ``man_bits`` mantissa bits.

    Parameters
    ----------
    exp_bits : int
        Exponent width E, 2..8. The bias is ``2**(E-1) - 1``.
    man_bits : int
        Mantissa (fraction) width M, 1..23.
    special : str
        Special-value policy, ``"ieee"`` or ``"fn"`` (see :data:`SPECIAL_POLICIES`).

    Raises
    ------
    TypeError
        If a width is not an integer (NumPy integers are accepted) or the policy not a string.
    ValueError
        If a width is out of range or the policy is unknown.

    Notes
    -----
    Exponent field 0 encodes ±0 (mantissa 0) and subnormals (mantissa not 0). A normal code with
    exponent field e and mantissa m has the value ``(-1)**s * 2**(e - bias) * (1 + m / 2**M)``.
    """

    exp_bits: int
    man_bits: int
    special: str = "ieee"

    def __post_init__(self):
        object.__setattr__(self, "exp_bits", check_integer(self.exp_bits, "exponent bits", 2, 8))
        object.__setattr__(self, "man_bits",
                           check_integer(self.man_bits, "mantissa bits", 1, 23))
        check_choice(self.special, "special-value policy", SPECIAL_POLICIES)

    # -- construction -------------------------------------------------------------------------

    @classmethod
    def parse(cls, spec):
        """Return the format named by ``spec``.

        ``spec`` is a :class:`Format` (returned unchanged), a preset name (``e4m3fn``,
        ``e5m2``, ``e4m3``, ``e3m4``, ``fp16``, ``bf16``, ``fp32``) or a string ``eXmY``
        (``ieee`` policy) or ``eXmYfn`` (``fn`` policy), X and Y in ASCII decimal digits.
        Names are exact: no other case, no spaces, no other library's names (OCP's "E4M3" is
        ``e4m3fn`` here, and ``e4m3`` is the IEEE-style format), so that one name means one
        format; the error suggests the name meant where it can tell.

        Raises
        ------
        TypeError
            If ``spec`` is neither a :class:`Format` nor a string.
        ValueError
            If ``spec`` names no format or names one with invalid widths.
        """
        if isinstance(spec, Format):
            return spec
        if not isinstance(spec, str):
            raise TypeError(f"format must be a Format or a string, not {spec!r}")
        if spec in PRESETS:
            return PRESETS[spec]
        match = _NAME_PATTERN.fullmatch(spec)
        if match is None:
            raise ValueError(f"format must be a preset ({', '.join(PRESETS)}) or of the form "
                             f"eXmY or eXmYfn, not {spec!r}{_suggestion(spec)}")
        return cls(int(match[1]), int(match[2]), "fn" if match[3] else "ieee")

    # -- naming -------------------------------------------------------------------------------

    @property
    def name(self):
        """Preset name if this format is a preset, otherwise ``eXmY`` or ``eXmYfn``."""
        for name, fmt in PRESETS.items():
            if fmt == self:
                return name
        return f"e{self.exp_bits}m{self.man_bits}{'fn' if self.special == 'fn' else ''}"

    def __str__(self):
        return self.name

    # -- widths and constants -----------------------------------------------------------------

    @property
    def width(self):
        """Bits in a code, ``1 + E + M``."""
        return 1 + self.exp_bits + self.man_bits

    @property
    def mag_bits(self):
        """Bits in a magnitude, ``E + M``."""
        return self.exp_bits + self.man_bits

    @property
    def bias(self):
        return (1 << (self.exp_bits - 1)) - 1

    @property
    def sign_mask(self):
        return 1 << self.mag_bits

    @property
    def mag_mask(self):
        return (1 << self.mag_bits) - 1

    @property
    def man_mask(self):
        return (1 << self.man_bits) - 1

    @property
    def exp_all_ones(self):
        return (1 << self.exp_bits) - 1

    @property
    def has_inf(self):
        return self.special == "ieee"

    @property
    def min_normal_mag(self):
        """Magnitude of the smallest normal number (exponent field 1, mantissa 0)."""
        return 1 << self.man_bits

    @property
    def max_finite_mag(self):
        """Magnitude of the largest finite number."""
        if self.special == "ieee":
            return ((self.exp_all_ones - 1) << self.man_bits) | self.man_mask
        return (self.exp_all_ones << self.man_bits) | (self.man_mask - 1)

    @property
    def inf_mag(self):
        """Magnitude of infinity; ``None`` for ``fn`` formats, which have none."""
        return self.exp_all_ones << self.man_bits if self.has_inf else None

    @property
    def nan_code(self):
        """The canonical NaN: sign 0, exponent all ones, mantissa all ones (``fn``) or only its
        top bit set (``ieee``)."""
        if self.special == "fn":
            return self.mag_mask
        return (self.exp_all_ones << self.man_bits) | (1 << (self.man_bits - 1))

    @property
    def layout(self):
        """:class:`CodeLayout` of a code: ``man``, ``exp``, ``sign`` from the least significant
        bit up. Its views (:class:`CodeView`) classify the code."""
        return CodeLayout(self)

    @property
    def code_dtype(self):
        """Smallest NumPy unsigned integer type that holds a code."""
        return np.uint8 if self.width <= 8 else np.uint16 if self.width <= 16 else np.uint32

    @property
    def ml_dtype(self):
        """The equivalent ``ml_dtypes``/NumPy scalar type for presets, ``None`` otherwise."""
        import ml_dtypes

        table = {
            "e4m3fn": ml_dtypes.float8_e4m3fn, "e5m2": ml_dtypes.float8_e5m2,
            "e4m3": ml_dtypes.float8_e4m3, "e3m4": ml_dtypes.float8_e3m4,
            "fp16": np.float16, "bf16": ml_dtypes.bfloat16, "fp32": np.float32,
        }
        return table.get(self.name)

    # -- classification of code arrays --------------------------------------------------------

    def fields(self, codes):
        """Split ``codes`` (an integer array) into ``(sign, exp, man)`` arrays."""
        codes = np.asarray(codes).astype(np.int64)
        return (codes >> self.mag_bits) & 1, (codes >> self.man_bits) & self.exp_all_ones, \
            codes & self.man_mask

    def is_nan(self, codes):
        mag = np.asarray(codes).astype(np.int64) & self.mag_mask
        if self.special == "fn":
            return mag == self.mag_mask
        return mag > self.inf_mag

    def is_inf(self, codes):
        mag = np.asarray(codes).astype(np.int64) & self.mag_mask
        if not self.has_inf:
            return np.zeros(mag.shape, dtype=bool)
        return mag == self.inf_mag

    def is_subnormal(self, codes):
        _, exp, man = self.fields(codes)
        return (exp == 0) & (man != 0)

    def all_codes(self):
        """Every code of the format, ascending. Only for formats of at most 16 bits."""
        if self.width > 16:
            raise ValueError(f"format must be at most 16 bits wide to list every code, "
                             f"not {self.width}")
        return np.arange(1 << self.width, dtype=self.code_dtype)

    def decode(self, codes):
        """Values of ``codes`` as float64 (exact: every format here fits in float64)."""
        sign, exp, man = self.fields(codes)
        man_f = man.astype(np.float64)
        scale = np.ldexp(1.0, -self.man_bits)
        normal = np.ldexp(1.0 + man_f * scale, (exp - self.bias).astype(np.int32))
        subnormal = np.ldexp(man_f * scale, 1 - self.bias)
        value = np.where(exp == 0, subnormal, normal)
        special = exp == self.exp_all_ones
        if self.has_inf:
            value = np.where(special, np.where(man == 0, np.inf, np.nan), value)
        else:
            value = np.where(special & (man == self.man_mask), np.nan, value)
        return np.where(sign == 1, -value, value)


def _suggestion(spec):
    # The name of this project that ``spec`` most likely means, as the end of an error message.
    meant = _FOREIGN_NAMES.get(spec.strip())
    if meant is None:
        folded = spec.strip().lower()
        if folded in PRESETS or _NAME_PATTERN.fullmatch(folded):
            meant = folded
    return f"; did you mean {meant!r}?" if meant else ""


class CodeLayout(data.StructLayout):
    """The :class:`~amaranth.lib.data.StructLayout` of a code of ``fmt`` (fields ``man``,
    ``exp``, ``sign`` from the least significant bit up), whose views are :class:`CodeView`.

    It equals the plain ``StructLayout`` of the same fields, so signatures that use either
    connect.

    Parameters
    ----------
    fmt : Format
    """

    def __init__(self, fmt):
        if not isinstance(fmt, Format):
            raise TypeError(f"format must be a Format, not {fmt!r}")
        self.fmt = fmt
        super().__init__({"man": fmt.man_bits, "exp": fmt.exp_bits, "sign": 1})

    def __call__(self, target):
        return CodeView(self, target)


class CodeView(data.View):
    """A code of a format seen as a value: its fields (``man``, ``exp``, ``sign``) and the
    one-bit tests every unit decodes its operands with. Created by :class:`CodeLayout`
    (``Signal(fmt.layout)``, or ``fmt.layout(value)``).

    The tests follow :class:`Format`'s special-value policy: ``ieee`` codes with the all-ones
    exponent are ±inf (mantissa 0) or NaN; in ``fn`` formats only the all-ones magnitude is NaN
    and there is no infinity.
    """

    @property
    def fmt(self):
        return self.shape().fmt

    @property
    def magnitude(self):
        """The exponent and mantissa fields read together as one ``E + M``-bit integer."""
        return self.as_value()[:self.fmt.mag_bits]

    def is_nan(self):
        if self.fmt.has_inf:
            return self.exp_is_all_ones() & (self.man != 0)
        return self.magnitude == self.fmt.mag_mask

    def is_inf(self):
        if self.fmt.has_inf:
            return self.exp_is_all_ones() & (self.man == 0)
        return C(0, 1)

    def is_inf_or_nan(self):
        """NaN or infinite: in ``ieee`` formats the all-ones exponent, in ``fn`` formats NaN."""
        return self.exp_is_all_ones() if self.fmt.has_inf else self.is_nan()

    def exp_is_all_ones(self):
        return self.exp == self.fmt.exp_all_ones

    def is_subnormal(self):
        return (self.exp == 0) & (self.man != 0)

    def is_zero(self, *, daz=False):
        """±0; with ``daz`` (denormals are zero) also every subnormal: the exponent field 0."""
        if daz:
            return self.exp == 0
        return (self.exp == 0) & (self.man == 0)

    def significand(self, *, daz=False):
        """The ``M + 1``-bit significand: the mantissa under its hidden bit, which is 0 for
        zeros and subnormals. With ``daz`` the hidden bit is always 1: the caller treats
        exponent field 0 as zero."""
        return Cat(self.man, C(1, 1) if daz else self.exp != 0)

    def exponent(self, *, daz=False):
        """The biased exponent the significand is scaled by: the exponent field, and 1 for
        subnormals (which share the smallest normal exponent) unless ``daz``."""
        if daz:
            return self.exp
        return self.exp | (self.exp == 0)


PRESETS = {
    "e4m3fn": Format(4, 3, "fn"),
    "e5m2": Format(5, 2),
    "e4m3": Format(4, 3),
    "e3m4": Format(3, 4),
    "fp16": Format(5, 10),
    "bf16": Format(8, 7),
    "fp32": Format(8, 23),
}

#: The ``--format`` option of every design, filling its ``fmt`` parameter.
FORMAT_OPTION = Option("fmt", flag="--format", required=True, metavar="FORMAT",
                       help=f"operand format: {', '.join(PRESETS)}, or eXmY[fn]")
