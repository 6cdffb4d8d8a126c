"""The multipliers of a dot-product tile on their own, to measure what share of the tile they are.

:class:`ProductArray` holds exactly the tile's first pipeline step, fed with the same ``a`` and
``b`` codes: for the ``window`` and ``aligned`` accumulators
(:func:`lmul.hdl.dot_product.product_stage`) one :class:`lmul.hdl.product_terms.ProductTerm` per
``(row, lane)`` and the register after it; for the ``float`` accumulator
(:func:`lmul.hdl.dot_product.product_code_stage`) one :class:`lmul.hdl.product_code.ProductCode`
per ``(row, lane)`` (for fp32 operands the FPMul RNE or LMul unit itself) and its register. The
synthesis report measures it beside the whole tile; the ratio of the two is the multipliers'
share of the tile's area and energy.
"""

import numpy as np
from amaranth.hdl import Module, Shape
from amaranth.lib import data, wiring
from amaranth.lib.wiring import In, Out

from ..dot_params import DotParams
from ..golden.dot_product import INF, NAN, product_terms
from ..golden.float_accumulation import product_codes
from ..hdl.dot_product import product_code_stage, product_stage
from ..hdl.product_terms import exponent_bias, product_layout

__all__ = ["ProductArray", "product_array_layout", "check_products"]


def product_array_layout(params):
    """Layout of the registered products: ``rows`` arrays of ``lanes`` products, ``[r][i]``:
    decoded products (:func:`lmul.hdl.product_terms.product_layout`), or ``out_fmt`` codes for
    the ``float`` accumulator."""
    product = params.out_fmt.layout if params.accumulator == "float" else product_layout(params)
    return data.ArrayLayout(data.ArrayLayout(product, params.lanes), params.rows)


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
        ``products[r][i]``: the product of ``a[r][i]`` and ``b[i]`` one cycle earlier, decoded
        or (``float``) as an ``out_fmt`` code.
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
        stage = product_code_stage if self.params.accumulator == "float" else product_stage
        products = stage(m, self.params, self.a, self.b)
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
        True where a cycle's products differ: for the ``float`` accumulator, a code
        (:func:`lmul.golden.float_accumulation.product_codes`); else a flag, a sign, or for a
        finite product its significand, and for a finite non-zero one its exponent
        (``nan``/``inf`` products carry no significand or exponent, a zero one no exponent).
    """
    weights = np.uint64(1) << np.arange(64, dtype=np.uint64)
    if params.accumulator == "float":
        width = params.out_fmt.width
        codes = product_codes(a, b[:, None, :], params).reshape(bits.shape[0], -1)
        got = (bits.reshape(bits.shape[0], -1, width) * weights[:width]).sum(
            axis=2, dtype=np.uint64).astype(np.int64)
        return (got != codes).any(axis=1)
    layout = product_layout(params)
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
