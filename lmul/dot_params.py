"""Parameters of the dot-product tile, validated once and shared by the golden model, the RTL,
the simulation harness and the command line.

The tile multiplies ``rows`` x ``lanes`` codes ``a`` by ``lanes`` codes ``b`` every beat and sums
each row's products over a packet in a two's-complement fixed-point *window*: an integer of
``msb - lsb + 1`` bits whose least significant bit weighs ``2**lsb`` and whose sign bit weighs
``-2**msb`` (FloPoCo's MSB/LSB convention). :class:`DotParams` documents exactly what the window
drops and clips; :func:`lmul.golden.dot_product.dot_product` is the executable contract.
"""

import json
import math
import numbers
from dataclasses import dataclass
from typing import ClassVar

from .format import FORMAT_OPTION, Format
from .lmul_params import paper_offset
from .options import Option
from .param_checks import check_choice, check_integer

__all__ = ["DotParams", "MULTIPLIERS", "GUARD_BITS", "EXACT_WINDOW_LIMIT", "WIDE_WINDOW",
           "MAX_LANES", "MAX_ROWS", "MAX_PRODUCTS_PER_BEAT", "MAX_WINDOW_BITS"]

#: Product kinds. ``lmul``: the L-Mul product with an unbounded exponent. ``exact``: the exact
#: product of the two values.
MULTIPLIERS = ("lmul", "exact")

#: Bits above the largest product in the default window: sums of up to ``2**GUARD_BITS``
#: products never overflow it.
GUARD_BITS = 16

#: Widest default window that is exact for every product (bits). Formats whose exact window
#: would be wider get :data:`WIDE_WINDOW`.
EXACT_WINDOW_LIMIT = 128

#: ``(lsb, msb)`` of the default window of wide-exponent formats (bf16, fp32-like): 128 bits
#: weighing ``2**-64`` up to the sign bit ``-2**63``.
WIDE_WINDOW = (-64, 63)

#: Upper bounds that keep a tile's elaboration and Verilog bounded (the largest e4m3fn tile,
#: 256 lanes x 4 rows, took 165 s and 0.8 GB to generate on this project's shared machine):
#: lanes, rows, products per beat (lanes x rows) and accumulator window bits.
MAX_LANES = 256
MAX_ROWS = 64
MAX_PRODUCTS_PER_BEAT = 1024
MAX_WINDOW_BITS = 256


def _signed_name(value):
    return f"m{-value}" if value < 0 else str(value)


@dataclass(frozen=True)
class DotParams:
    """Validated parameters of a dot-product tile.

    Parameters
    ----------
    fmt : Format or str
        Format of the operand codes ``a`` and ``b``.
    lanes : int
        N, products per row per beat, 1..:data:`MAX_LANES` (256).
    rows : int
        R, rows sharing the ``b`` codes, 1..:data:`MAX_ROWS` (64); ``N * R`` at most
        :data:`MAX_PRODUCTS_PER_BEAT` (1024).
    multiplier : str
        ``"lmul"`` or ``"exact"`` (see :attr:`significand_bits` for the products' shape).

        ``lmul``: for normal operands, ``T = |a| + |b| + offset - (bias << M)`` read with an
        unbounded exponent: the product is ``(2**M + (T mod 2**M)) * 2**q`` with
        ``q = floor(T / 2**M) - bias - M``, never flushed or saturated. Subnormal operands read
        as zero. NaN if an operand is NaN or one is infinite and the other zero or subnormal;
        ``(sa ^ sb)`` inf if one is infinite; ``(sa ^ sb)`` 0 if one is zero or subnormal (the
        L-Mul unit's special rules).

        ``exact``: the exact product of the two values, subnormals included. NaN if an operand
        is NaN or one is infinite and the other zero; ``(sa ^ sb)`` inf if one is infinite.
    offset : int or None
        L-Mul offset in mantissa-LSB units (``None``: the paper's, see
        :func:`lmul.lmul_params.paper_offset`). Must be ``None`` for ``multiplier="exact"``.
    out_fmt : Format or str
        Result format (default fp32); it must have infinities.
    window : tuple of (int, int) or None
        ``(lsb, msb)``, ``lsb < msb``: the accumulator is a ``msb - lsb + 1``-bit two's
        complement integer scaled by ``2**lsb``, holding ``[-2**msb, 2**msb - 2**lsb]``; at
        most :data:`MAX_WINDOW_BITS` (256) bits wide.
        ``None`` selects the default (see :attr:`default_window`).
    tree_levels_per_register : int
        Adder-tree levels between pipeline registers, ``>= 0``; 0 puts no register in the
        tree. See :attr:`tree_registers`.

    Raises
    ------
    TypeError
        If ``lanes``, ``rows``, the offset, a window bound or ``tree_levels_per_register`` is
        not an integer (NumPy integers are accepted), the window is not a pair, or the
        multiplier is not a string.
    ValueError
        If a format is invalid, ``out_fmt`` has no infinities, ``lanes``, ``rows`` or their
        product is out of its range, the multiplier is unknown, the offset is negative (or not
        ``None``, for ``exact``), the window has ``lsb >= msb`` or is too wide, or
        ``tree_levels_per_register`` is negative.

    Notes
    -----
    The result of a row, for the products ``p`` of its packet (all beats up to and including
    the one flagged ``last``), is decided in this order:

    1. NaN (the canonical :attr:`Format.nan_code` of ``out_fmt``) if a product is NaN, or the
       products include both +inf and -inf.
    2. ±inf if a product is ±inf.
    3. *Clipped products*: a finite product with ``|p| >= 2**msb`` does not fit the window.
       NaN if the packet has clipped products of both signs, else ±inf by their sign.
    4. *Window overflow*: every other product enters the window truncated toward zero to a
       multiple of ``2**lsb`` (``trunc(p / 2**lsb)``; bits below the LSB are dropped from the
       magnitude). After each beat the running sum of these is checked: if it leaves
       ``[-2**msb, 2**msb - 2**lsb]``, the row is ±inf by the sign of the first running sum that
       does (later beats of the packet cannot undo it).
    5. Otherwise the window sum is rounded once, to nearest with ties to even, into
       ``out_fmt``: subnormal results as IEEE 754, magnitudes that round above the largest
       finite number become ±inf. A zero sum is +0 (an IEEE sum starting from +0); a non-zero
       sum that rounds to zero keeps its sign.

    With the default window of a format of at most :data:`EXACT_WINDOW_LIMIT` bits (every
    8-bit format, fp16) steps 3 and 4 never drop, clip or overflow anything for packets of up to
    ``2**GUARD_BITS`` products per row: the result is the exact sum rounded once.
    """

    fmt: Format
    lanes: int = 1
    rows: int = 1
    multiplier: str = "lmul"
    offset: int | None = None
    out_fmt: Format = "fp32"
    window: tuple | None = None
    tree_levels_per_register: int = 1

    #: The parameters as command-line options.
    OPTIONS: ClassVar[tuple] = (
        FORMAT_OPTION,
        Option("lanes", type=int, default=1, metavar="N",
               help=f"products per row per beat, 1..{MAX_LANES} (default 1)"),
        Option("rows", type=int, default=1, metavar="R",
               help=f"rows sharing the b codes, 1..{MAX_ROWS}, with lanes x rows at most "
                    f"{MAX_PRODUCTS_PER_BEAT} (default 1)"),
        Option("multiplier", choices=MULTIPLIERS, default="lmul",
               help="L-Mul products with an unbounded exponent, or exact products "
                    "(default: lmul)"),
        Option("offset", type=int, metavar="N",
               help="L-Mul offset in mantissa LSBs (default: the paper's)"),
        Option("out_fmt", flag="--output-format", default="fp32", metavar="FORMAT",
               help="result format, with infinities (default fp32)"),
        Option("window", type=int, count=2, metavar=("LSB", "MSB"),
               help=f"accumulator window: weight exponents of its LSB and sign bit, at most "
                    f"{MAX_WINDOW_BITS} bits (default: exact for 2**16 products where that is "
                    f"at most 128 bits, else -64 63)"),
        Option("tree_levels_per_register", type=int, default=1, metavar="K",
               help="adder-tree levels between pipeline registers; 0 for none (default 1)"),
    )

    def __post_init__(self):
        fmt = Format.parse(self.fmt)
        object.__setattr__(self, "fmt", fmt)
        out_fmt = Format.parse(self.out_fmt)
        if not out_fmt.has_inf:
            raise ValueError(f"output format must have infinities, not {out_fmt.name!r}")
        object.__setattr__(self, "out_fmt", out_fmt)
        lanes = check_integer(self.lanes, "lanes", 1, MAX_LANES)
        rows = check_integer(self.rows, "rows", 1, MAX_ROWS)
        if lanes * rows > MAX_PRODUCTS_PER_BEAT:
            raise ValueError(f"lanes x rows must be at most {MAX_PRODUCTS_PER_BEAT}, "
                             f"not {lanes * rows} ({lanes} x {rows})")
        object.__setattr__(self, "lanes", lanes)
        object.__setattr__(self, "rows", rows)
        check_choice(self.multiplier, "multiplier", MULTIPLIERS)
        if self.multiplier == "exact":
            if self.offset is not None:
                raise ValueError(f"offset must be None for the exact multiplier, "
                                 f"not {self.offset!r}")
        else:
            offset = (paper_offset(fmt.man_bits) if self.offset is None
                      else check_integer(self.offset, "offset", 0))
            object.__setattr__(self, "offset", offset)
        object.__setattr__(self, "window", self._checked_window())
        object.__setattr__(self, "tree_levels_per_register",
                           check_integer(self.tree_levels_per_register,
                                         "tree levels per register", 0))

    def _checked_window(self):
        window = self.window
        if window is None:
            return self.default_window
        rule = "None or a pair of integers (lsb, msb) with lsb < msb"
        if (not isinstance(window, (tuple, list)) or len(window) != 2
                or any(isinstance(bound, bool) or not isinstance(bound, numbers.Integral)
                       for bound in window)):
            raise TypeError(f"window must be {rule}, not {window!r}")
        lsb, msb = map(int, window)
        if lsb >= msb:
            raise ValueError(f"window must be {rule}, not {window!r}")
        if msb - lsb + 1 > MAX_WINDOW_BITS:
            raise ValueError(f"window must be at most {MAX_WINDOW_BITS} bits wide "
                             f"(msb - lsb + 1), not {msb - lsb + 1} for {window!r}")
        return lsb, msb

    # -- products -----------------------------------------------------------------------------

    @property
    def significand_bits(self):
        """Bits of a product's integer significand: ``M + 1`` (``lmul``) or ``2M + 2``
        (``exact``, the product of two significands with their hidden bits)."""
        man_bits = self.fmt.man_bits
        return man_bits + 1 if self.multiplier == "lmul" else 2 * man_bits + 2

    @property
    def lmul_constant(self):
        """The folded constant ``offset - (bias << M)`` of ``T`` (``lmul`` only).

        Not clamped like :attr:`LMulParams.constant <lmul.lmul_params.LMulParams.constant>`:
        the tile's products have an unbounded exponent, so a larger offset moves every product
        up (into a window placed that high, or clipped by a lower one) instead of overflowing
        the operand format; the window's width, not the offset, bounds the hardware."""
        return self.offset - (self.fmt.bias << self.fmt.man_bits)

    @property
    def product_exponent_range(self):
        """``(q_min, q_max)``: the weights ``2**q`` of the least significant significand bit
        over every finite non-zero product."""
        fmt = self.fmt
        max_exp = fmt.max_finite_mag >> fmt.man_bits
        if self.multiplier == "lmul":
            low = 2 * fmt.min_normal_mag + self.lmul_constant
            high = 2 * fmt.max_finite_mag + self.lmul_constant
            shift = fmt.bias + fmt.man_bits
            return (low >> fmt.man_bits) - shift, (high >> fmt.man_bits) - shift
        shift = 2 * (fmt.bias + fmt.man_bits)
        return 2 - shift, 2 * max_exp - shift

    @property
    def product_top(self):
        """The smallest ``e`` with every finite product magnitude below ``2**e``."""
        fmt = self.fmt
        q_max = self.product_exponent_range[1]
        if self.multiplier == "lmul":
            return fmt.man_bits + 1 + q_max
        largest = (fmt.max_finite_mag & fmt.man_mask) | fmt.min_normal_mag
        return (largest * largest).bit_length() + q_max

    # -- window -------------------------------------------------------------------------------

    @property
    def exact_window(self):
        """``(lsb, msb)`` exact for sums of up to ``2**GUARD_BITS`` products: the LSB weighs the
        smallest product ulp, the sign bit ``GUARD_BITS`` above :attr:`product_top`."""
        return self.product_exponent_range[0], self.product_top + GUARD_BITS

    @property
    def default_window(self):
        """:attr:`exact_window` if it is at most :data:`EXACT_WINDOW_LIMIT` bits wide (every
        8-bit format and fp16), else :data:`WIDE_WINDOW`."""
        lsb, msb = self.exact_window
        return (lsb, msb) if msb - lsb + 1 <= EXACT_WINDOW_LIMIT else WIDE_WINDOW

    @property
    def lsb(self):
        return self.window[0]

    @property
    def msb(self):
        return self.window[1]

    @property
    def window_bits(self):
        """Width W of the accumulator, ``msb - lsb + 1``."""
        return self.msb - self.lsb + 1

    # -- pipeline -----------------------------------------------------------------------------

    @property
    def tree_levels(self):
        """Levels of the adder tree summing a row's products: ``ceil(log2(lanes))``."""
        return (self.lanes - 1).bit_length()

    @property
    def tree_registers(self):
        """Pipeline registers in the adder tree: one after every
        ``tree_levels_per_register`` levels and after the last, ``ceil(levels / k)``; none if
        ``k`` is 0 or the tree has no level."""
        k = self.tree_levels_per_register
        return 0 if k == 0 else math.ceil(self.tree_levels / k)

    # -- naming and catalogue -----------------------------------------------------------------

    kind = "dot"

    @property
    def format(self):
        return self.fmt

    @property
    def name(self):
        """Verilog module name encoding every parameter that is not the default, e.g.
        ``dot_e4m3fn_lmul_n16_r4``, ``dot_e5m2_exact_n4_r1_outfp16_wm8_20_t2``."""
        parts = ["dot", self.fmt.name, self.multiplier, f"n{self.lanes}", f"r{self.rows}"]
        if self.multiplier == "lmul" and self.offset != paper_offset(self.fmt.man_bits):
            parts.append(f"o{self.offset}")
        if self.out_fmt.name != "fp32":
            parts.append(f"out{self.out_fmt.name}")
        if self.window != self.default_window:
            parts.append(f"w{_signed_name(self.lsb)}_{_signed_name(self.msb)}")
        if self.tree_levels_per_register != 1:
            parts.append(f"t{self.tree_levels_per_register}")
        return "_".join(parts)

    def component(self):
        """A new :class:`lmul.hdl.dot_product.DotProduct` with these parameters."""
        from .hdl.dot_product import DotProduct
        return DotProduct(self)

    def golden(self, a, b, last):
        """Golden-model results of a beat stream (see
        :func:`lmul.golden.dot_product.dot_product`)."""
        from .golden.dot_product import dot_product
        return dot_product(a, b, last, self)

    def to_json(self):
        return json.dumps({
            "fmt": self.fmt.name, "lanes": self.lanes, "rows": self.rows,
            "multiplier": self.multiplier, "offset": self.offset, "out_fmt": self.out_fmt.name,
            "window": list(self.window),
            "tree_levels_per_register": self.tree_levels_per_register,
        }, sort_keys=True)

    @classmethod
    def from_json(cls, text):
        fields = json.loads(text)
        fields["window"] = tuple(fields["window"])
        return cls(**fields)
