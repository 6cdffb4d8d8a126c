"""One lane's product as an output-format code, for the dot-product tile's ``float``
accumulator."""

from amaranth.hdl import Cat, Const, Module, Signal, signed
from amaranth.lib import wiring
from amaranth.lib.wiring import In, Out

from ..dot_params import DotParams
from .product_terms import ProductTerm, exponent_bias
from .round_scaled import round_scaled

__all__ = ["ProductCode"]


class ProductCode(wiring.Component):
    """Product of two ``fmt`` codes as an ``out_fmt`` code, under the ``float`` rules of
    :class:`lmul.dot_params.DotParams`: combinational.

    If ``out_fmt`` is ``fmt``, the unit itself: :class:`~lmul.hdl.fpmul.FPMul` (default modes)
    for ``exact``, :class:`~lmul.hdl.lmul.LMul` with ``overflow="inf"`` for ``lmul``. Otherwise
    the tile's :class:`~lmul.hdl.product_terms.ProductTerm` rounded to nearest even into
    ``out_fmt`` (:func:`~lmul.hdl.round_scaled.round_scaled`); NaN products give the canonical
    NaN, infinite ones ±inf. Bit-exact with :func:`lmul.golden.float_accumulation.product_codes`.

    Parameters
    ----------
    params : DotParams

    Members
    -------
    a, b : In(params.fmt.layout)
    code : Out(params.out_fmt.layout)
    """

    def __init__(self, params):
        if not isinstance(params, DotParams):
            raise TypeError(f"params must be a DotParams, not {params!r}")
        self.params = params
        super().__init__({"a": In(params.fmt.layout), "b": In(params.fmt.layout),
                          "code": Out(params.out_fmt.layout)})

    def elaborate(self, platform):
        m = Module()
        params, out_fmt = self.params, self.params.out_fmt
        if out_fmt == params.fmt:
            if params.multiplier == "exact":
                from .fpmul import FPMul
                unit = FPMul(params.fmt)
            else:
                from .lmul import LMul
                unit = LMul(params.fmt, offset=params.offset, overflow="inf")
            m.submodules.unit = unit
            m.d.comb += [unit.a.eq(self.a), unit.b.eq(self.b), self.code.eq(unit.p)]
            return m

        m.submodules.term = term = ProductTerm(params)
        m.d.comb += [term.a.eq(self.a), term.b.eq(self.b)]
        product = term.product
        exponent = Signal(signed(len(product.exponent) + 2 + exponent_bias(params).bit_length()))
        m.d.comb += exponent.eq(product.exponent - exponent_bias(params))
        rounded = round_scaled(m, product.significand, product.sign, exponent, out_fmt)
        with m.If(product.nan):
            m.d.comb += self.code.eq(out_fmt.nan_code)
        with m.Elif(product.inf):
            m.d.comb += self.code.eq(Cat(Const(out_fmt.inf_mag, out_fmt.mag_bits),
                                         product.sign))
        with m.Else():
            m.d.comb += self.code.eq(rounded)
        return m
