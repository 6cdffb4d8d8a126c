"""The dot-product tile: a matrix-vector product of L-Mul or exact products, accumulated in a
fixed-point window and rounded once, or in floating point (the ``float`` and ``aligned``
accumulators)."""

from amaranth.hdl import EnableInserter, Module, ResetSignal, Signal, signed
from amaranth.lib import data, stream, wiring
from amaranth.lib.wiring import In, Out

from ..dot_params import DotParams
from .adder_tree import AdderTree
from .balanced_tree import any_of
from .aligned_accumulator import AlignedAccumulator
from .beat_align import BeatAlign
from .fixed_accumulator import SPECIAL_TERMS, WindowAccumulator
from .float_accumulator import FloatAccumulator
from .float_adder_tree import FloatAdderTree
from .product_code import ProductCode
from .product_terms import ProductTerm, exponent_bias, exponent_range
from .register import register
from .round_to_format import RoundToFormat
from .window_align import WindowAlign

__all__ = ["DotProduct", "beat_layout", "result_layout", "tile_latency", "product_stage",
           "product_code_stage"]

# Registers of the pipeline's steps besides the adder tree.
_PRODUCT_REGISTERS = 1
_ALIGN_REGISTERS = 1
_ACCUMULATOR_LATENCY = 1  # WindowAccumulator.latency
_ROUNDING_LATENCY = 2  # RoundToFormat.latency


def beat_layout(params):
    """Payload of an input beat: ``a`` (``rows`` arrays of ``lanes`` codes, ``a[r][i]``),
    ``b`` (``lanes`` codes) and ``last``, from the least significant bit up."""
    fmt = params.fmt
    return data.StructLayout({
        "a": data.ArrayLayout(data.ArrayLayout(fmt.layout, params.lanes), params.rows),
        "b": data.ArrayLayout(fmt.layout, params.lanes),
        "last": 1,
    })


def tile_latency(params):
    """:attr:`DotProduct.latency` of a tile with ``params``, without building it: ``window``
    ``5 + tree_registers`` cycles, ``float`` ``2 + tree_registers``, ``aligned`` 3."""
    if params.accumulator == "aligned":
        return _PRODUCT_REGISTERS + _ALIGN_REGISTERS + 1  # AlignedAccumulator.latency
    if params.accumulator == "float":
        return _PRODUCT_REGISTERS + params.tree_registers + 1  # FloatAccumulator.latency
    return (_PRODUCT_REGISTERS + _ALIGN_REGISTERS + params.tree_registers
            + _ACCUMULATOR_LATENCY + _ROUNDING_LATENCY)


def result_layout(params):
    """Payload of a result: ``rows`` codes of the output format, row ``r`` at index ``r``."""
    return data.ArrayLayout(params.out_fmt.layout, params.rows)


class DotProduct(wiring.Component):
    """Matrix-vector tile: ``rows`` dot products of ``lanes`` products per beat, summed over
    packets of beats.

    Each beat brings ``a[r][i]`` (``rows`` x ``lanes`` codes), ``b[i]`` (``lanes`` codes, shared
    by the rows) and ``last``. A packet is the beats up to and including one with ``last``; for
    each packet the tile emits one result of ``rows`` codes, row ``r`` being the sum over the
    packet of ``prod(a[r][i], b[i])`` under the rules of :class:`lmul.dot_params.DotParams`
    for its accumulator (products, NaN and infinities; the fixed-point window and one rounding
    to nearest even into ``out_fmt``, or the float or aligned accumulation). Bit-exact with
    :func:`lmul.golden.dot_product.dot_product`.

    Streams follow :mod:`amaranth.lib.stream`: a beat transfers when ``beats.valid`` and
    ``beats.ready`` are both high at a rising edge, a result when ``results.valid`` and
    ``results.ready`` are. The whole pipeline advances in a cycle unless a result waits at
    the output with ``results.ready`` low, so ``beats.ready`` is ``~results.valid |
    results.ready``: one beat per cycle while the output is ready, and backpressure never
    loses, duplicates or reorders a result. ``results.valid`` does not depend on
    ``results.ready`` combinationally. While reset is asserted ``beats.ready`` and
    ``results.valid`` are low.

    Pipeline, one register after each step. ``window``: products (L-Mul adders or significand
    multipliers), alignment into the window, the adder tree
    (:attr:`DotParams.tree_registers` registers), the accumulator, normalisation, rounding;
    :attr:`latency` is ``5 + tree_registers`` cycles. ``float``: the products in ``out_fmt``
    (:class:`~lmul.hdl.product_code.ProductCode`), the tree of adders
    (:class:`~lmul.hdl.float_adder_tree.FloatAdderTree`, ``tree_registers`` registers), the
    running sum (:class:`~lmul.hdl.float_accumulator.FloatAccumulator`, one adder in its
    loop); ``2 + tree_registers`` cycles. ``aligned``: the products, their alignment to the
    beat's largest exponent (:class:`~lmul.hdl.beat_align.BeatAlign`), the running sum
    (:class:`~lmul.hdl.aligned_accumulator.AlignedAccumulator`: alignment to it, the beat's
    adder tree and the rounding in its loop); 3 cycles. Every loop is one cycle long, so the
    tile takes one beat per cycle with each accumulator.

    Reset (the ``sync`` domain's) empties the pipeline: the packet in progress and every result
    not yet transferred are dropped, without a result; the first beat after reset starts a new
    packet.

    Parameters
    ----------
    params : DotParams
        Or the keyword arguments of :class:`DotParams` (``fmt`` first).

    Members
    -------
    beats : In(stream.Signature(beat_layout(params)))
        Input beats.
    results : Out(stream.Signature(result_layout(params)))
        One result per packet.

    Raises
    ------
    ValueError
        For invalid parameters (see :class:`DotParams`).
    """

    def __init__(self, params=None, **kwargs):
        if params is None:
            params = DotParams(**kwargs)
        elif not isinstance(params, DotParams):
            params = DotParams(params, **kwargs)
        elif kwargs:
            raise TypeError("pass either a DotParams or its keyword arguments, not both")
        self.params = params
        super().__init__({
            "beats": In(stream.Signature(beat_layout(params))),
            "results": Out(stream.Signature(result_layout(params))),
        })

    @property
    def latency(self):
        """Cycles from the transfer of a packet's last beat to its result being valid, when the
        pipeline does not stall (:func:`tile_latency`)."""
        return tile_latency(self.params)

    @property
    def throughput(self):
        """Beats accepted per cycle while the output is ready: 1."""
        return 1

    def elaborate(self, platform):
        m = Module()
        params = self.params

        # Every register below sits in ``pipeline`` and moves only when the pipeline advances.
        advance = Signal()
        result_valid = Signal()  # the last register of the valid bits
        in_reset = ResetSignal("sync")
        m.d.comb += [
            advance.eq(~result_valid | self.results.ready),
            # Nothing transfers while reset is asserted.
            self.beats.ready.eq(advance & ~in_reset),
            self.results.valid.eq(result_valid & ~in_reset),
        ]
        pipe = Module()
        m.submodules.pipeline = EnableInserter(advance)(pipe)
        beat = self.beats.payload
        accumulate = {"window": self._window, "aligned": self._aligned,
                      "float": self._float}[params.accumulator]
        m.d.comb += result_valid.eq(accumulate(pipe, beat))
        return m

    def _window(self, pipe, beat):
        # The window accumulator's pipeline; returns the results' valid bit.
        params = self.params
        rows, lanes = params.rows, params.lanes
        width = params.window_bits

        # -- products --------------------------------------------------------------------------
        products = product_stage(pipe, params, beat.a, beat.b)
        valid = register(pipe, "product_valid", self.beats.valid)
        last = register(pipe, "product_last", beat.last)

        # -- alignment into the window and the row's special flags -----------------------------
        aligned = []
        special = []
        for row in range(rows):
            row_terms = Signal(data.ArrayLayout(signed(width), lanes), name=f"terms_r{row}")
            row_special = Signal(SPECIAL_TERMS, name=f"special_r{row}")
            nan, pos_inf, neg_inf, pos_clip, neg_clip = [], [], [], [], []
            for lane in range(lanes):
                product = products[row][lane]
                align = WindowAlign(
                    significand_bits=params.significand_bits,
                    exponent_shape=product.exponent.shape(),
                    exponent_bias=exponent_bias(params),
                    exponent_range=exponent_range(params),
                    lsb=params.lsb, msb=params.msb)
                pipe.submodules[f"align_r{row}_l{lane}"] = align
                pipe.d.comb += [
                    align.significand.eq(product.significand),
                    align.exponent.eq(product.exponent),
                    align.sign.eq(product.sign),
                    row_terms[lane].eq(align.term),
                ]
                finite = ~product.nan & ~product.inf
                clipped = finite & align.clipped
                nan.append(product.nan)
                pos_inf.append(product.inf & ~product.sign)
                neg_inf.append(product.inf & product.sign)
                pos_clip.append(clipped & ~product.sign)
                neg_clip.append(clipped & product.sign)
            pipe.d.comb += [
                row_special.nan.eq(any_of(nan)),
                row_special.pos_inf.eq(any_of(pos_inf)),
                row_special.neg_inf.eq(any_of(neg_inf)),
                row_special.pos_clip.eq(any_of(pos_clip)),
                row_special.neg_clip.eq(any_of(neg_clip)),
            ]
            aligned.append(register(pipe, f"aligned_r{row}", row_terms))
            special.append(register(pipe, f"aligned_special_r{row}", row_special))
        valid = register(pipe, "aligned_valid", valid)
        last = register(pipe, "aligned_last", last)

        # -- adder trees; the flags travel beside them ------------------------------------------
        sums = []
        for row in range(rows):
            tree = AdderTree(width, lanes, levels_per_register=params.tree_levels_per_register)
            pipe.submodules[f"tree_r{row}"] = tree
            pipe.d.comb += tree.terms.eq(aligned[row])
            sums.append(tree.total)
            assert tree.latency == params.tree_registers
            for stage in range(tree.latency):
                special[row] = register(pipe, f"tree{stage}_special_r{row}", special[row])
        for stage in range(params.tree_registers):
            valid = register(pipe, f"tree{stage}_valid", valid)
            last = register(pipe, f"tree{stage}_last", last)

        # -- accumulators and rounding ---------------------------------------------------------
        accumulators = []
        for row in range(rows):
            accumulator = WindowAccumulator(width, len(sums[row]))
            pipe.submodules[f"accumulator_r{row}"] = accumulator
            accumulators.append(accumulator)
            assert accumulator.latency == _ACCUMULATOR_LATENCY
            pipe.d.comb += [
                accumulator.beat.sum.eq(sums[row]),
                accumulator.beat.special.eq(special[row]),
                accumulator.beat.valid.eq(valid),
                accumulator.beat.last.eq(last),
            ]
            rounder = RoundToFormat(width, params.lsb, params.out_fmt)
            pipe.submodules[f"round_r{row}"] = rounder
            assert rounder.latency == _ROUNDING_LATENCY
            pipe.d.comb += [
                rounder.value.eq(accumulator.packet.value),
                rounder.nan.eq(accumulator.packet.nan),
                rounder.inf.eq(accumulator.packet.inf),
                rounder.negative.eq(accumulator.packet.negative),
                self.results.payload[row].eq(rounder.code),
            ]
        # Every row's accumulator sees the same valid and last beats.
        packet_valid = accumulators[0].packet.valid
        for stage in range(_ROUNDING_LATENCY):
            packet_valid = register(pipe, f"round{stage}_valid", packet_valid)
        return packet_valid

    def _aligned(self, pipe, beat):
        # The aligned accumulator's pipeline: products, their alignment to the beat's largest
        # product exponent, the accumulator loop.
        params = self.params
        products = product_stage(pipe, params, beat.a, beat.b)
        valid = register(pipe, "product_valid", self.beats.valid)
        last = register(pipe, "product_last", beat.last)
        valid = register(pipe, "aligned_valid", valid)
        last = register(pipe, "aligned_last", last)
        accumulators = []
        for row in range(params.rows):
            align = BeatAlign(params)
            pipe.submodules[f"align_r{row}"] = align
            for lane in range(params.lanes):
                pipe.d.comb += align.products[lane].eq(products[row][lane])
            aligned = register(pipe, f"aligned_r{row}", align.beat)
            accumulator = AlignedAccumulator(params)
            pipe.submodules[f"accumulator_r{row}"] = accumulator
            accumulators.append(accumulator)
            pipe.d.comb += [
                accumulator.beat.aligned.eq(aligned),
                accumulator.beat.valid.eq(valid),
                accumulator.beat.last.eq(last),
                self.results.payload[row].eq(accumulator.packet.code),
            ]
        return accumulators[0].packet.valid

    def _float(self, pipe, beat):
        # The float accumulator's pipeline: products in out_fmt, the adder trees, the running
        # sums.
        params = self.params
        codes = product_code_stage(pipe, params, beat.a, beat.b)
        valid = register(pipe, "product_valid", self.beats.valid)
        last = register(pipe, "product_last", beat.last)
        for stage in range(params.tree_registers):
            valid = register(pipe, f"tree{stage}_valid", valid)
            last = register(pipe, f"tree{stage}_last", last)
        accumulators = []
        for row in range(params.rows):
            tree = FloatAdderTree(params.out_fmt, params.lanes,
                                  levels_per_register=params.tree_levels_per_register)
            pipe.submodules[f"tree_r{row}"] = tree
            assert tree.latency == params.tree_registers
            for lane in range(params.lanes):
                pipe.d.comb += tree.terms[lane].eq(codes[row][lane])
            accumulator = FloatAccumulator(params.out_fmt)
            pipe.submodules[f"accumulator_r{row}"] = accumulator
            accumulators.append(accumulator)
            pipe.d.comb += [
                accumulator.beat.sum.eq(tree.total),
                accumulator.beat.valid.eq(valid),
                accumulator.beat.last.eq(last),
                self.results.payload[row].eq(accumulator.packet.code),
            ]
        return accumulators[0].packet.valid


def product_stage(m, params, a, b):
    """The tile's first pipeline step, added to ``m``: a :class:`ProductTerm` of ``a[r][i]``
    and ``b[i]`` for every row ``r`` and lane ``i`` (submodule ``product_r{r}_l{i}``), each
    followed by a register in ``m.d.sync`` of the same name.

    Returns
    -------
    list of list of View
        The registered products, ``[row][lane]``.
    """
    return _lane_units(m, params, a, b, ProductTerm, "product")


def product_code_stage(m, params, a, b):
    """The ``float`` tile's first pipeline step, added to ``m``: as :func:`product_stage`, with
    a :class:`~lmul.hdl.product_code.ProductCode` per row and lane.

    Returns
    -------
    list of list of View
        The registered ``out_fmt`` codes, ``[row][lane]``.
    """
    return _lane_units(m, params, a, b, ProductCode, "code")


def _lane_units(m, params, a, b, unit_class, output):
    # One ``unit_class(params)`` per row and lane, its ``output`` port registered.
    outputs = [[None] * params.lanes for _ in range(params.rows)]
    for row in range(params.rows):
        for lane in range(params.lanes):
            unit = unit_class(params)
            m.submodules[f"product_r{row}_l{lane}"] = unit
            m.d.comb += [unit.a.eq(a[row][lane]), unit.b.eq(b[lane])]
            outputs[row][lane] = register(m, f"product_r{row}_l{lane}", getattr(unit, output))
    return outputs
