"""Parameters of the dot-product tile, validated once and shared by the golden model, the RTL,
the simulation harness and the command line.

The tile multiplies ``rows`` x ``lanes`` codes ``a`` by ``lanes`` codes ``b`` every beat and sums
each row's products over a packet with one of three accumulators (:data:`ACCUMULATORS`): by
default in a two's-complement fixed-point *window*, an integer of ``msb - lsb + 1`` bits whose
least significant bit weighs ``2**lsb`` and whose sign bit weighs ``-2**msb`` (FloPoCo's MSB/LSB
convention); or in floating point, by a tree of floating-point adders (``"float"``) or by
aligning each beat's products and the running sum to their largest exponent (``"aligned"``, the
tensor-core style). :class:`DotParams` documents exactly what each drops, clips and rounds;
:func:`lmul.golden.dot_product.dot_product` is the executable contract.
"""

import json
import numbers
from dataclasses import dataclass
from typing import ClassVar

from .format import FORMAT_OPTION, Format
from .lmul_params import paper_offset
from .options import Option
from .param_checks import check_choice, check_integer

__all__ = ["DotParams", "MULTIPLIERS", "ACCUMULATORS", "ALIGNED_FRACTION_BITS",
           "MAX_FRACTION_BITS", "GUARD_BITS", "EXACT_WINDOW_LIMIT", "WIDE_WINDOW",
           "MAX_LANES", "MAX_ROWS", "MAX_PRODUCTS_PER_BEAT", "MAX_WINDOW_BITS"]

#: Product kinds. ``lmul``: the L-Mul product with an unbounded exponent. ``exact``: the exact
#: product of the two values.
MULTIPLIERS = ("lmul", "exact")

#: Accumulators. ``window``: an exact fixed-point window, rounded once per packet. ``float``:
#: each product rounded into the output format and summed by floating-point adders. ``aligned``:
#: per beat, the products and the running sum aligned to their largest exponent and truncated.
ACCUMULATORS = ("window", "float", "aligned")

#: Default fraction bits of the ``aligned`` accumulator, kept below the largest exponent: about
#: 14 significant bits, the accumulation precision reported for the fp8 tensor cores of NVIDIA's
#: Hopper GPUs (DeepSeek-V3 technical report, arXiv 2412.19437, section 3.3).
ALIGNED_FRACTION_BITS = 13

#: Largest fraction-bit count of the ``aligned`` accumulator (its golden model sums the aligned
#: terms of a beat in int64 and finds their bit length exactly through float64).
MAX_FRACTION_BITS = 40

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
        ``None`` selects the default (see :attr:`default_window`). Only for
        ``accumulator="window"``: it must be ``None`` (and stays ``None``) for the others.
    tree_levels_per_register : int
        Adder-tree levels between pipeline registers, ``>= 0``; 0 puts no register in the
        tree. See :attr:`tree_registers`. With ``accumulator="aligned"`` the beat's adder tree
        sits inside the accumulator loop, which cannot be pipelined: it must be 1 (the
        default) and puts no register in the tree.
    accumulator : str
        ``"window"`` (the default), ``"float"`` or ``"aligned"`` (:data:`ACCUMULATORS`); the
        rules of each are below.
    fraction_bits : int or None
        ``aligned`` only: F, the fraction bits kept below the largest exponent of a beat,
        0..:data:`MAX_FRACTION_BITS` (40); ``None`` selects :data:`ALIGNED_FRACTION_BITS` (13,
        about 14 significant bits, reported for Hopper's fp8 tensor cores in the DeepSeek-V3
        technical report, section 3.3). It must be ``None`` for the other accumulators.

    Raises
    ------
    TypeError
        If ``lanes``, ``rows``, the offset, a window bound, ``tree_levels_per_register`` or
        ``fraction_bits`` is not an integer (NumPy integers are accepted), the window is not a
        pair, or the multiplier or accumulator is not a string.
    ValueError
        If a format is invalid, ``out_fmt`` has no infinities, ``lanes``, ``rows`` or their
        product is out of its range, the multiplier or accumulator is unknown, the offset is
        negative (or not ``None``, for ``exact``), the window has ``lsb >= msb`` or is too wide
        (or is given for another accumulator than ``window``), ``tree_levels_per_register`` is
        negative (or not 1 for ``aligned``), or ``fraction_bits`` is out of range (or given
        for another accumulator than ``aligned``).

    Notes
    -----
    **Products.** Every accumulator sees the products of the multiplier described above, with
    their specials: a NaN product, ``±inf`` products, finite products (zeros included).

    **The window accumulator** (``accumulator="window"``). The result of a row, for the
    products ``p`` of its packet (all beats up to and including the one flagged ``last``), is
    decided in this order:

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

    **The float accumulator** (``accumulator="float"``), the non-fused engine of the L-Mul
    paper's accounting; with one lane it is the scalar MAC ``acc <- acc + a*b``. Every addition
    is the IEEE 754 addition of ``out_fmt`` (:func:`lmul.golden.fpadd.fpadd` in its default
    modes: round to nearest even, gradual underflow, overflow to ±inf, inf - inf = NaN, the
    canonical NaN, +0 for an exact zero sum unless both addends are -0).

    1. Each product becomes an ``out_fmt`` code. If ``out_fmt`` is ``fmt``, it is the unit's
       own result in that format: :class:`~lmul.hdl.fpmul.FPMul`'s (default modes: the exact
       product rounded to nearest even) for ``exact``, and the :class:`~lmul.hdl.lmul.LMul`
       unit's with ``overflow="inf"`` for ``lmul`` (underflow to ±0, products above the
       largest finite number ±inf, the unit's special rules). Otherwise the product as the
       multiplier defines it above (exact, or L-Mul with an unbounded exponent) is rounded to
       nearest even into ``out_fmt``: exactly where it fits (every 8-bit format and fp16 into
       fp32), gradual underflow, overflow to ±inf; NaN and ±inf products stay NaN and ±inf.
    2. A row's products of one beat are summed by a balanced tree of adders in lane order:
       level 1 adds lanes ``(0, 1)``, ``(2, 3)``, ...; level ``k`` adds pairs of level
       ``k - 1``'s sums in the same order, the left one as the first addend; an odd one out
       passes unchanged to the next level. ``ceil(log2(lanes))`` levels.
    3. The running sum, +0 at the start of each packet, becomes ``running + beat_sum`` after
       each beat; the packet's result is the running sum after its last beat.

    **The aligned accumulator** (``accumulator="aligned"``), the tensor-core style. For each
    beat and row, the terms are the running sum (an ``out_fmt`` value, +0 at the start of each
    packet) and the beat's ``lanes`` products (exact values, as the multiplier defines them;
    never rounded before they are aligned). The new running sum is:

    1. NaN (the canonical NaN) if a term is NaN or the terms include +inf and -inf; else ±inf
       if a term is ±inf. (So NaN and infinities are sticky for the rest of the packet.)
    2. Otherwise let ``e`` be the largest exponent ``floor(log2(|t|))`` over the non-zero
       terms ``t``. Each term is truncated toward zero to a multiple of ``2**(e - F)``
       (``F = fraction_bits``; bits of its magnitude below that weight are dropped, the
       running sum's included), and the truncated terms are added exactly, as integers.
    3. That exact sum is rounded to nearest, ties to even, into ``out_fmt``: subnormal
       results as IEEE 754, magnitudes that round above the largest finite number become ±inf.
       A zero sum (every term zero, or cancelling) is +0; a non-zero sum that rounds to zero
       keeps its sign.

    The packet's result is the running sum after its last beat. The running sum is truncated
    like the products: with ``F`` below ``out_fmt``'s mantissa width, a running sum that is the
    largest term loses its low bits at every beat, as in the hardware's shifters.

    **Latency** (see :func:`lmul.hdl.dot_product.tile_latency`), from a packet's last beat to
    its result, at one beat per cycle: ``window`` ``5 + tree_registers`` cycles; ``float``
    ``2 + tree_registers`` (the products into ``out_fmt``, the adder tree, the running sum);
    ``aligned`` 3 (the products, their alignment to the beat's largest product exponent, the
    running sum). The loop of the float and aligned accumulators (one adder, or the alignment,
    the beat's adder tree and the rounding) is one cycle long.
    """

    fmt: Format
    lanes: int = 1
    rows: int = 1
    multiplier: str = "lmul"
    offset: int | None = None
    out_fmt: Format = "fp32"
    window: tuple | None = None
    tree_levels_per_register: int = 1
    accumulator: str = "window"
    fraction_bits: int | None = None

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
               help=f"window accumulator only: weight exponents of its LSB and sign bit, at "
                    f"most {MAX_WINDOW_BITS} bits (default: exact for 2**16 products where that is "
                    f"at most 128 bits, else -64 63)"),
        Option("tree_levels_per_register", type=int, default=1, metavar="K",
               help="adder-tree levels between pipeline registers; 0 for none (default 1; "
                    "must be 1 for the aligned accumulator)"),
        Option("accumulator", choices=ACCUMULATORS, default="window",
               help="exact fixed-point window rounded once, floating-point adders, or "
                    "tensor-core style alignment to the largest exponent (default: window)"),
        Option("fraction_bits", type=int, metavar="F",
               help=f"aligned accumulator only: fraction bits kept below the largest exponent, "
                    f"0..{MAX_FRACTION_BITS} (default {ALIGNED_FRACTION_BITS})"),
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
        check_choice(self.accumulator, "accumulator", ACCUMULATORS)
        accumulator = self.accumulator
        if accumulator == "window":
            object.__setattr__(self, "window", self._checked_window())
        elif self.window is not None:
            raise ValueError(f"window must be None for the {accumulator} accumulator (it has "
                             f"no window), not {self.window!r}")
        levels = check_integer(self.tree_levels_per_register, "tree levels per register", 0)
        if accumulator == "aligned" and levels != 1:
            raise ValueError(f"tree levels per register must be 1 for the aligned accumulator "
                             f"(its adder tree is inside the accumulator loop), not {levels!r}")
        object.__setattr__(self, "tree_levels_per_register", levels)
        if accumulator == "aligned":
            fraction_bits = (ALIGNED_FRACTION_BITS if self.fraction_bits is None
                             else check_integer(self.fraction_bits, "fraction bits", 0,
                                                MAX_FRACTION_BITS))
            object.__setattr__(self, "fraction_bits", fraction_bits)
        elif self.fraction_bits is not None:
            raise ValueError(f"fraction bits must be None for the {accumulator} accumulator "
                             f"(only the aligned one has them), not {self.fraction_bits!r}")

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

    def _window_only(self, what):
        if self.accumulator != "window":
            raise AttributeError(f"{what} is a property of the window accumulator, not of "
                                 f"the {self.accumulator} accumulator")

    @property
    def lsb(self):
        self._window_only("lsb")
        return self.window[0]

    @property
    def msb(self):
        self._window_only("msb")
        return self.window[1]

    @property
    def window_bits(self):
        """Width W of the accumulator, ``msb - lsb + 1``."""
        return self.msb - self.lsb + 1

    # -- pipeline -----------------------------------------------------------------------------

    @property
    def tree_levels(self):
        """Levels of the adder tree summing a row's products: ``ceil(log2(lanes))``."""
        from .hdl.balanced_tree import tree_levels  # the tree itself (hdl imports this module)
        return tree_levels(self.lanes)

    @property
    def tree_registers(self):
        """Pipeline registers in the adder tree: one after every
        ``tree_levels_per_register`` levels and after the last, ``ceil(levels / k)``; none if
        ``k`` is 0, the tree has no level or the accumulator is ``aligned`` (whose tree is
        inside its loop)."""
        if self.accumulator == "aligned":
            return 0
        from .hdl.balanced_tree import tree_registers
        return tree_registers(self.tree_levels, self.tree_levels_per_register)

    # -- naming and catalogue -----------------------------------------------------------------

    kind = "dot"

    @property
    def format(self):
        return self.fmt

    @property
    def name(self):
        """Verilog module name encoding every parameter that is not the default, e.g.
        ``dot_e4m3fn_lmul_n16_r4``, ``dot_e5m2_exact_n4_r1_outfp16_wm8_20_t2``,
        ``dot_fp32_exact_n4_r1_float``, ``dot_e4m3fn_lmul_n4_r1_aligned_f20``."""
        parts = ["dot", self.fmt.name, self.multiplier, f"n{self.lanes}", f"r{self.rows}"]
        if self.multiplier == "lmul" and self.offset != paper_offset(self.fmt.man_bits):
            parts.append(f"o{self.offset}")
        if self.out_fmt.name != "fp32":
            parts.append(f"out{self.out_fmt.name}")
        if self.accumulator == "window" and self.window != self.default_window:
            parts.append(f"w{_signed_name(self.lsb)}_{_signed_name(self.msb)}")
        if self.tree_levels_per_register != 1:
            parts.append(f"t{self.tree_levels_per_register}")
        if self.accumulator != "window":
            parts.append(self.accumulator)
        if self.accumulator == "aligned" and self.fraction_bits != ALIGNED_FRACTION_BITS:
            parts.append(f"f{self.fraction_bits}")
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
        """The parameters as JSON. A window tile's text has no accumulator fields, so that it
        is the same as before there were other accumulators (it keys the synthesis cache)."""
        fields = {
            "fmt": self.fmt.name, "lanes": self.lanes, "rows": self.rows,
            "multiplier": self.multiplier, "offset": self.offset, "out_fmt": self.out_fmt.name,
            "tree_levels_per_register": self.tree_levels_per_register,
        }
        if self.accumulator == "window":
            fields["window"] = list(self.window)
        else:
            fields["accumulator"] = self.accumulator
            fields["fraction_bits"] = self.fraction_bits
        return json.dumps(fields, sort_keys=True)

    @classmethod
    def from_json(cls, text):
        fields = json.loads(text)
        if "window" in fields:
            fields["window"] = tuple(fields["window"])
        return cls(**fields)
