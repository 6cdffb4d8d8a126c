"""One lane's product for the dot-product tile: sign, integer significand and exponent."""

from amaranth.hdl import C, Cat, Module, Mux, Signal, unsigned
from amaranth.lib import data, wiring
from amaranth.lib.wiring import In, Out

from ..dot_params import DotParams
from .lmul_adder import lmul_sum

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
    ``2 * bias + M - (offset >> M)`` (``lmul``: the exponent is the sum of the exponent fields
    and the mantissa carry, the whole exponent steps of the offset not added) or
    ``2 * (bias + M)`` (``exact``)."""
    fmt = params.fmt
    if params.multiplier == "lmul":
        return 2 * fmt.bias + fmt.man_bits - (params.offset >> fmt.man_bits)
    return 2 * (fmt.bias + fmt.man_bits)


def exponent_range(params):
    """``(low, high)`` of a product's ``exponent`` over the finite non-zero products."""
    q_min, q_max = params.product_exponent_range
    return q_min + exponent_bias(params), q_max + exponent_bias(params)


def _exponent_shape(params):
    fmt = params.fmt
    if params.multiplier == "lmul":
        # The exponent of :func:`lmul.hdl.lmul_adder.lmul_sum`.
        return unsigned(fmt.exp_bits + (1 if params.offset & fmt.man_mask <= 1 else 2))
    return unsigned((2 * fmt.exp_all_ones).bit_length())


class ProductTerm(wiring.Component):
    """Product of two codes as the dot-product tile accumulates it: combinational.

    A finite product is ``(-1)**sign * significand * 2**(exponent - exponent_bias)``, exactly the
    product of :func:`lmul.golden.dot_product.product_terms`; ``significand`` is 0 for a zero
    product. ``nan`` and ``inf`` follow the rules of :class:`lmul.dot_params.DotParams` for the
    multiplier; when either is set, ``significand`` and ``exponent`` carry no meaning.

    ``lmul``: the L-Mul adder (:func:`lmul.hdl.lmul_adder.lmul_sum`) of ``|a| + |b| +
    offset``; the exponent is the sum of the exponent fields and the mantissa carry (unsigned;
    the bias and the offset's whole exponent steps are in :attr:`exponent_bias`), the
    significand the mantissa sum under a hidden one. ``exact``: an (M+1)x(M+1)-bit significand
    multiplier (Amaranth ``*``) and an exponent adder.

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

        if params.multiplier == "lmul":
            daz = True
            mantissa, exponent, _ = lmul_sum(m, fmt, a, b, params.offset)
            significand = Cat(mantissa, C(1, 1))
        else:
            daz = False
            significand = a.significand() * b.significand()
            exponent = a.exponent() + b.exponent()

        zero = Signal()
        inf = Signal()
        m.d.comb += [
            zero.eq(a.is_zero(daz=daz) | b.is_zero(daz=daz)),
            inf.eq(a.is_inf() | b.is_inf()),
            product.nan.eq(a.is_nan() | b.is_nan() | (inf & zero)),
            product.inf.eq(inf & ~product.nan),
            product.sign.eq(a.sign ^ b.sign),
            product.significand.eq(Mux(zero, 0, significand)),
            product.exponent.eq(exponent),
        ]
        return m
