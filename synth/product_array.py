"""The multipliers of a dot-product tile on their own, to measure what share of the tile they are.

:class:`ProductArray` holds exactly the tile's first pipeline step
(:func:`lmul.hdl.dot_product.product_stage`): one :class:`lmul.hdl.product_terms.ProductTerm` per
``(row, lane)`` and the register after it, fed with the same ``a`` and ``b`` codes. The synthesis
report measures it beside the whole tile; the ratio of the two is the multipliers' share of the
tile's area and energy.
"""

import numpy as np
from amaranth.hdl import Module, Shape
from amaranth.lib import data, wiring
from amaranth.lib.wiring import In, Out

from ..dot_params import DotParams
from ..golden.dot_product import INF, NAN, product_terms
from ..hdl.dot_product import product_stage
from ..hdl.product_terms import exponent_bias, product_layout

__all__ = ["ProductArray", "product_array_layout", "check_products"]


def product_array_layout(params):
    """Layout of the registered products: ``rows`` arrays of ``lanes`` products
    (:func:`lmul.hdl.product_terms.product_layout`), ``[r][i]``."""
    return data.ArrayLayout(data.ArrayLayout(product_layout(params), params.lanes), params.rows)


class ProductArray(wiring.Component):
    """``rows`` x ``lanes`` products of the tile ``params``, registered: latency 1 cycle, one
    set of operands per cycle.

    Parameters
    ----------
    params : DotParams

    Members
    -------
    a : In(ArrayLayout(ArrayLayout(fmt.layout, lanes), rows))
        Codes ``a[r][i]``.
    b : In(ArrayLayout(fmt.layout, lanes))
        Codes ``b[i]``, shared by the rows.
    products : Out(product_array_layout(params))
        ``products[r][i]``: the decoded product of ``a[r][i]`` and ``b[i]`` one cycle earlier.
    """

    latency = 1

    def __init__(self, params):
        if not isinstance(params, DotParams):
            raise TypeError(f"params must be a DotParams, not {params!r}")
        self.params = params
        fmt = params.fmt
        super().__init__({
            "a": In(data.ArrayLayout(data.ArrayLayout(fmt.layout, params.lanes), params.rows)),
            "b": In(data.ArrayLayout(fmt.layout, params.lanes)),
            "products": Out(product_array_layout(params)),
        })

    def elaborate(self, platform):
        m = Module()
        products = product_stage(m, self.params, self.a, self.b)
        for row, registers in enumerate(products):
            for lane, register in enumerate(registers):
                m.d.comb += self.products[row][lane].eq(register)
        return m


def check_products(params, a, b, bits):
    """Where the products in ``bits`` differ from the golden model's.

    Parameters
    ----------
    params : DotParams
    a : numpy.ndarray, shape (cycles, rows, lanes)
    b : numpy.ndarray, shape (cycles, lanes)
        The operand codes of each cycle.
    bits : numpy.ndarray of bool, shape (cycles, width)
        The ``products`` port in the same cycles (already aligned for the latency).

    Returns
    -------
    numpy.ndarray of bool, shape (cycles,)
        True where a cycle's products differ: a flag, a sign, or for a finite product its
        significand, and for a finite non-zero one its exponent (``nan``/``inf`` products carry
        no significand or exponent, a zero one no exponent).
    """
    layout = product_layout(params)
    weights = np.uint64(1) << np.arange(64, dtype=np.uint64)
    kind, sign, significand, exponent = product_terms(a, b[:, None, :], params)
    bias = exponent_bias(params)
    size = layout.size
    wrong = np.zeros(bits.shape[0], dtype=bool)
    for index in range(params.rows * params.lanes):
        row, lane = divmod(index, params.lanes)
        lane_bits = bits[:, index * size:(index + 1) * size]

        def field(name):
            offset, shape = layout[name].offset, Shape.cast(layout[name].shape)
            raw = (lane_bits[:, offset:offset + shape.width] * weights[:shape.width]).sum(
                axis=1, dtype=np.uint64).astype(np.int64)
            if shape.signed:
                raw = np.where(raw >> (shape.width - 1) & 1, raw - (1 << shape.width), raw)
            return raw

        k, s = kind[:, row, lane], sign[:, row, lane]
        finite = k != NAN
        finite &= k != INF
        nonzero = finite & (significand[:, row, lane] != 0)
        wrong |= (field("nan") != (k == NAN)) | (field("inf") != (k == INF))
        wrong |= field("sign") != s
        wrong |= finite & (field("significand") != significand[:, row, lane])
        wrong |= nonzero & (field("exponent") - bias != exponent[:, row, lane])
    return wrong
