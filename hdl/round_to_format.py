"""Rounding of a fixed-point window value into a floating-point format."""

from amaranth.hdl import Cat, Const, Module, Mux, Signal, signed
from amaranth.lib import wiring
from amaranth.lib.wiring import In, Out

from ..format import Format
from .leading_zeros import leading_zeros
from .register import register
from .rounding import round_magnitude

__all__ = ["RoundToFormat"]


class RoundToFormat(wiring.Component):
    """Round ``value * 2**lsb`` (``value`` a signed ``width``-bit integer) to nearest, ties to
    even, into ``out_fmt``; or give NaN or an infinity.

    ``code`` is the canonical NaN of ``out_fmt`` if ``nan``; else inf with the sign
    ``negative`` if ``inf``; else +0 for a zero ``value``; else the rounded value: subnormal
    results as IEEE 754, magnitudes that round above the largest finite number become ±inf.
    Bit-exact with :func:`lmul.golden.dot_product.round_window`.

    The datapath: absolute value, leading-zero count (a tree), a left shift limited so the
    exponent stays at or above the smallest normal one, then the rounding increment, which
    carries into the exponent, and the result selection. A register follows the shift and
    another holds ``code``: :attr:`latency` 2 cycles, throughput 1, ``sync`` domain.

    Parameters
    ----------
    width : int
        Bits of ``value``, ``>= 2``.
    lsb : int
        Weight exponent of ``value``'s LSB.
    out_fmt : Format or str
        Result format; it must have infinities.

    Members
    -------
    value : In(signed(width))
    nan, inf, negative : In(1)
    code : Out(out_fmt.layout)

    Raises
    ------
    ValueError
        If ``width`` is not an integer ``>= 2``, ``lsb`` not an integer, or ``out_fmt`` has no
        infinities.
    """

    def __init__(self, width, lsb, out_fmt):
        if type(width) is not int or width < 2:
            raise ValueError(f"width must be an integer >= 2, not {width!r}")
        if type(lsb) is not int:
            raise ValueError(f"lsb must be an integer, not {lsb!r}")
        out_fmt = Format.parse(out_fmt)
        if not out_fmt.has_inf:
            raise ValueError(f"output format must have infinities, not {out_fmt.name!r}")
        self.width, self.lsb, self.out_fmt = width, lsb, out_fmt
        super().__init__({
            "value": In(signed(width)),
            "nan": In(1),
            "inf": In(1),
            "negative": In(1),
            "code": Out(out_fmt.layout),
        })

    @property
    def latency(self):
        return 2

    @property
    def throughput(self):
        return 1

    def elaborate(self, platform):
        m = Module()
        fmt, lsb = self.out_fmt, self.lsb
        man_bits = fmt.man_bits
        min_exp = 1 - fmt.bias

        # -- normalisation -------------------------------------------------------------------
        sign = self.value[-1]
        magnitude = Signal(self.width)
        m.d.comb += magnitude.eq(Mux(sign, -self.value, self.value))
        # Zero bits on top put the top bit at or above the smallest normal exponent, so that
        # the shift below is a left shift for every value.
        extension = max(0, min_exp - (self.width - 1 + lsb))
        extended = Cat(magnitude, Const(0, extension))
        width = len(extended)
        top_exp = width - 1 + lsb  # exponent of the top bit of ``extended``
        limit = top_exp - min_exp  # largest shift keeping the exponent >= min_exp
        zeros = leading_zeros(m, extended)
        shift = Signal(range(width + 1))
        if limit < width - 1:
            m.d.comb += shift.eq(Mux(zeros > limit, limit, zeros))
        else:
            m.d.comb += shift.eq(zeros)
        normalised = Signal(max(width, man_bits + 2))
        # At least M + 2 bits: the significand, its hidden bit and the round bit.
        m.d.comb += normalised.eq(Cat(Const(0, max(0, man_bits + 2 - width)),
                                      (extended << shift)[:width]))
        # Exponent field minus one of a result whose hidden bit is the top bit: the hidden bit
        # adds the one (a subnormal result has no hidden bit and exponent field 0).
        exp_base_value = top_exp + fmt.bias - 1
        exp_base = Signal(signed(max(abs(exp_base_value), width).bit_length() + 2))
        m.d.comb += exp_base.eq(exp_base_value - shift)

        stage = {name: register(m, f"normalised_{name}", value) for name, value in (
            ("significand", normalised[-(man_bits + 1):]),
            ("round_bit", normalised[-(man_bits + 2)]),
            ("sticky", normalised[:-(man_bits + 2)] != 0), ("exp_base", exp_base),
            ("sign", sign), ("zero", magnitude == 0), ("nan", self.nan), ("inf", self.inf),
            ("negative", self.negative))}

        # -- rounding and selection ----------------------------------------------------------
        # exp_base is >= 0 for every non-zero value (a zero is selected by its flag).
        significand = stage["significand"]
        mag = round_magnitude(m, stage["exp_base"].as_unsigned(), significand[:man_bits],
                              stage["round_bit"], stage["sticky"], "rne",
                              hidden=significand[man_bits])

        result = Signal(fmt.width)
        with m.If(stage["nan"]):
            m.d.comb += result.eq(fmt.nan_code)
        with m.Elif(stage["inf"]):
            m.d.comb += result.eq(Cat(Const(fmt.inf_mag, fmt.mag_bits), stage["negative"]))
        with m.Elif(stage["zero"]):
            m.d.comb += result.eq(0)
        with m.Elif(mag > fmt.max_finite_mag):
            m.d.comb += result.eq(Cat(Const(fmt.inf_mag, fmt.mag_bits), stage["sign"]))
        with m.Else():
            m.d.comb += result.eq(Cat(mag[:fmt.mag_bits], stage["sign"]))
        m.d.sync += self.code.eq(result)
        return m

