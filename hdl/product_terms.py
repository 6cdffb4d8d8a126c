"""One lane's product for the dot-product tile: sign, integer significand and exponent."""

from amaranth.hdl import C, Cat, Module, Mux, Signal, signed, unsigned
from amaranth.lib import data, wiring
from amaranth.lib.wiring import In, Out

from ..dot_params import DotParams

__all__ = ["ProductTerm", "product_layout", "exponent_bias", "exponent_range"]


def product_layout(params):
    """:class:`~amaranth.lib.data.StructLayout` of a decoded product: ``significand``
    (:attr:`DotParams.significand_bits`), ``exponent`` (biased, see
    :attr:`ProductTerm.exponent_bias`), ``sign``, ``nan``, ``inf``."""
    return data.StructLayout({
        "significand": params.significand_bits,
        "exponent": _exponent_shape(params),
        "sign": 1,
        "nan": 1,
        "inf": 1,
    })


def exponent_bias(params):
    """What a product's ``exponent`` exceeds the weight of its significand's LSB by:
    ``bias + M`` (``lmul``) or ``2 * (bias + M)`` (``exact``)."""
    fmt = params.fmt
    bias = fmt.bias + fmt.man_bits
    return bias if params.multiplier == "lmul" else 2 * bias


def exponent_range(params):
    """``(low, high)`` of a product's ``exponent`` over the finite non-zero products."""
    q_min, q_max = params.product_exponent_range
    return q_min + exponent_bias(params), q_max + exponent_bias(params)


def _exponent_shape(params):
    fmt = params.fmt
    if params.multiplier == "lmul":
        # floor(T / 2**M) for every T = |a| + |b| + K, specials included.
        low = params.lmul_constant >> fmt.man_bits
        high = (2 * fmt.mag_mask + params.lmul_constant) >> fmt.man_bits
        return signed(max(abs(low).bit_length(), high.bit_length()) + 1)
    return unsigned((2 * fmt.exp_all_ones).bit_length())


class ProductTerm(wiring.Component):
    """Product of two codes as the dot-product tile accumulates it: combinational.

    A finite product is ``(-1)**sign * significand * 2**(exponent - exponent_bias)``, exactly the
    product of :func:`lmul.golden.dot_product.product_terms`; ``significand`` is 0 for a zero
    product. ``nan`` and ``inf`` follow the rules of :class:`lmul.dot_params.DotParams` for the
    multiplier; when either is set, ``significand`` and ``exponent`` carry no meaning.

    ``lmul``: one adder, ``T = |a| + |b| + K``; the exponent is ``T`` without its mantissa
    bits (signed: it may be negative), the significand the mantissa bits of ``T`` under a
    hidden one. ``exact``: an (M+1)x(M+1)-bit significand multiplier (Amaranth ``*``) and an
    exponent adder.

    Parameters
    ----------
    params : DotParams

    Members
    -------
    a, b : In(params.fmt.layout)
        Operand codes.
    product : Out(product_layout(params))
        The decoded product.
    """

    def __init__(self, params):
        if not isinstance(params, DotParams):
            raise TypeError(f"params must be a DotParams, not {params!r}")
        self.params = params
        fmt = params.fmt
        super().__init__({"a": In(fmt.layout), "b": In(fmt.layout),
                          "product": Out(product_layout(params))})

    @property
    def exponent_bias(self):
        """What ``exponent`` exceeds the weight of the significand's LSB by
        (:func:`exponent_bias`)."""
        return exponent_bias(self.params)

    @property
    def exponent_range(self):
        """``(low, high)`` of ``exponent`` over the finite non-zero products
        (:func:`exponent_range`)."""
        return exponent_range(self.params)

    def elaborate(self, platform):
        m = Module()
        params, fmt = self.params, self.params.fmt
        a, b, product = self.a, self.b, self.product
        mag_a = a.as_value()[:fmt.mag_bits]
        mag_b = b.as_value()[:fmt.mag_bits]

        if fmt.has_inf:
            special_a = a.exp == fmt.exp_all_ones
            special_b = b.exp == fmt.exp_all_ones
            nan_a, nan_b = special_a & (a.man != 0), special_b & (b.man != 0)
            inf_a, inf_b = special_a & (a.man == 0), special_b & (b.man == 0)
        else:
            nan_a, nan_b = mag_a == fmt.mag_mask, mag_b == fmt.mag_mask
            inf_a = inf_b = C(0, 1)

        if params.multiplier == "lmul":
            # Denormals are zero.
            zero_a, zero_b = a.exp == 0, b.exp == 0
            constant = params.lmul_constant
            width = max(fmt.mag_bits + 1, abs(constant).bit_length()) + 2
            t = Signal(signed(width))
            m.d.comb += t.eq(mag_a + mag_b + C(constant, signed(width)))
            significand = Cat(t[:fmt.man_bits], C(1, 1))
            exponent = t[fmt.man_bits:].as_signed()
        else:
            zero_a = (a.exp == 0) & (a.man == 0)
            zero_b = (b.exp == 0) & (b.man == 0)
            normal_a, normal_b = a.exp != 0, b.exp != 0
            significand = Cat(a.man, normal_a) * Cat(b.man, normal_b)
            # Subnormals share the exponent of the smallest normal number.
            exponent = (a.exp | ~normal_a) + (b.exp | ~normal_b)

        nan = Signal()
        inf = Signal()
        m.d.comb += [
            nan.eq(nan_a | nan_b | (inf_a & zero_b) | (inf_b & zero_a)),
            inf.eq(inf_a | inf_b),
            product.nan.eq(nan),
            product.inf.eq(inf & ~nan),
            product.sign.eq(a.sign ^ b.sign),
            product.significand.eq(Mux(zero_a | zero_b, 0, significand)),
            product.exponent.eq(exponent),
        ]
        return m
