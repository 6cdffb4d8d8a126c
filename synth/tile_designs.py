"""The dot-product tiles the synthesis report measures, their multipliers alone, and the beat
streams their energy is measured on.

For a format and an accumulator (:data:`lmul.dot_params.ACCUMULATORS`), every ``(lanes, rows)``
asked for is built twice, with L-Mul and with exact products, everything else identical: for the
``window`` accumulator on the same window (the union of the two multipliers' default windows, so
both sum exactly), adder tree, pipeline and output rounding; for ``float`` and ``aligned`` on the
same adders, alignment and rounding into fp32 (the products of fp32 operands being the ``FPMul``
RNE and ``LMul`` units' own results). Beside each tile, its
:class:`~lmul.synth.product_array.ProductArray` (the tile's first step: the multipliers and their
register) measures the multipliers' share. :data:`TILE_SHAPES` are the shapes of the report's
window tiles; :func:`accumulator_tile_designs` builds the one-row tiles of the accumulator
comparison (the report's catalogue, :data:`lmul.synth.report.ACCUMULATOR_TILES`, says which).

Energy is measured at full throughput: after a reset cycle, one beat per cycle (``valid`` and
``results.ready`` always high) in packets of :data:`PACKET_BEATS` beats, then enough idle cycles
to drain the pipeline. The operand codes come from the report's streams
(:func:`lmul.synth.streams.make_stream`), so the units and the tiles see the same distributions.
Toggles are counted over the cycles in which every pipeline step holds a beat, and the energy
per cycle is divided by ``rows * lanes``: energy per multiply-accumulate.
"""

from dataclasses import dataclass

import numpy as np

from ..dot_params import DotParams
from ..hdl.dot_product import tile_latency
from ..sim.dot_runner import beat_bits
from .measure import EquivalenceError
from .product_array import ProductArray, check_products
from .streams import make_stream

__all__ = ["TILE_SHAPES", "PACKET_BEATS", "TILE_ROLES", "TileDesign", "ProductArrayDesign",
           "tile_designs", "accumulator_tile_designs"]

#: ``(lanes, rows)`` of the measured tiles: N in {4, 8, 16, 32}, R in {1, 4}, and the default
#: report's two-row tile, 4×2.
TILE_SHAPES = tuple((lanes, rows) for rows in (1, 4) for lanes in (4, 8, 16, 32)) + ((4, 2),)

#: Beats per packet in the energy streams.
PACKET_BEATS = 16

#: Role of a tile design in the report -> what it is.
TILE_ROLES = {
    "tile_lmul": "dot-product tile with L-Mul products",
    "tile_exact": "dot-product tile with exact products (the conventional baseline)",
    "products_lmul": "the L-Mul tile's multipliers alone, with their output register",
    "products_exact": "the exact tile's multipliers alone, with their output register",
}


def _tile_params(fmt, lanes, rows, multiplier, accumulator="window"):
    if accumulator != "window":
        return DotParams(fmt, lanes, rows, multiplier, accumulator=accumulator)
    # Both tiles accumulate in one window, the union of the two multipliers' default windows,
    # so that they differ only in their products and both sum exactly.
    windows = [DotParams(fmt, lanes, rows, kind).window for kind in ("lmul", "exact")]
    window = (min(lsb for lsb, _ in windows), max(msb for _, msb in windows))
    return DotParams(fmt, lanes, rows, multiplier, window=window)


def _bits_to_codes(bits, width):
    weights = np.int64(1) << np.arange(width, dtype=np.int64)
    return (bits.reshape(bits.shape[0], -1, width) * weights).sum(axis=2)


@dataclass(frozen=True)
class _TilePart:
    # What a tile and its multipliers alone have in common: the parameters and the operands.
    params: DotParams
    booth_baseline = False

    @property
    def format(self):
        return self.params.fmt

    @property
    def operations_per_cycle(self):
        """Multiply-accumulates per cycle at full throughput: ``rows * lanes``."""
        return self.params.rows * self.params.lanes

    def _operands(self, stream, beats):
        # ``a`` (beats, rows, lanes), ``b`` (beats, lanes) and ``last`` of the energy stream.
        params = self.params
        a, b = make_stream(stream, params.fmt, beats * params.rows * params.lanes)
        a = a.reshape(beats, params.rows, params.lanes).astype(np.int64)
        b = b[:beats * params.lanes].reshape(beats, params.lanes).astype(np.int64)
        last = (np.arange(beats) % PACKET_BEATS) == PACKET_BEATS - 1
        return a, b, last


@dataclass(frozen=True)
class TileDesign(_TilePart):
    """One :class:`~lmul.hdl.dot_product.DotProduct` as the report measures it.

    Parameters
    ----------
    params : DotParams
    """

    kind = "dot"

    @property
    def name(self):
        return self.params.name

    @property
    def stages(self):
        """Pipeline registers from a beat to its result: the tile's latency."""
        return tile_latency(self.params)

    @property
    def options(self):
        params = self.params
        options = {"lanes": params.lanes, "rows": params.rows, "multiplier": params.multiplier,
                   "tree_levels_per_register": params.tree_levels_per_register}
        if params.accumulator == "window":
            options["window"] = list(params.window)
        else:
            options["accumulator"] = params.accumulator
            if params.fraction_bits is not None:
                options["fraction_bits"] = params.fraction_bits
        return options

    def component(self):
        return self.params.component()

    def to_json(self):
        return self.params.to_json()

    def stimulus(self, stream, beats):
        """Inputs of the energy measurement on ``stream``: ``(inputs, start, stop, expected)``
        for :meth:`~lmul.synth.gate_sim.GateNetlist.simulate` and :meth:`check`."""
        a, b, last = self._operands(stream, beats)
        payload = beat_bits(a, b, last, self.format)
        cycles = 1 + beats + self.stages + 2
        padded = np.zeros((cycles, payload.shape[1]), dtype=bool)
        padded[1:1 + beats] = payload
        valid = np.zeros(cycles, dtype=np.uint64)
        valid[1:1 + beats] = 1
        reset = np.zeros(cycles, dtype=np.uint64)
        reset[0] = 1
        inputs = {"beats__payload": padded, "beats__valid": valid, "rst": reset,
                  "results__ready": np.ones(cycles, dtype=np.uint64)}
        expected = self.params.golden(a, b, last)
        # Every step holds a beat from cycle 1 + latency (the first beat reaches the last
        # register) to the last beat's cycle.
        return inputs, 1 + self.stages, 1 + beats, expected

    def check(self, simulation, expected):
        """Raise :class:`~lmul.synth.measure.EquivalenceError` unless the results the netlist
        emitted are ``expected``, in order, and no more."""
        valid = simulation.outputs["results__valid"].astype(bool)
        got = _bits_to_codes(simulation.output_bits["results__payload"][valid],
                             self.params.out_fmt.width)
        expected = np.asarray(expected).astype(np.int64)
        if got.shape != expected.shape:
            raise EquivalenceError(f"{self.name}: the synthesised netlist emitted "
                                   f"{got.shape[0]} results, the golden model "
                                   f"{expected.shape[0]}")
        wrong = np.flatnonzero((got != expected).any(axis=1))
        if wrong.size:
            index = wrong[0]
            raise EquivalenceError(f"{self.name}: the synthesised netlist differs from the "
                                   f"golden model on {wrong.size} of {got.shape[0]} packets, "
                                   f"first packet {index}: netlist "
                                   f"{[hex(v) for v in got[index]]}, golden "
                                   f"{[hex(v) for v in expected[index]]}")


@dataclass(frozen=True)
class ProductArrayDesign(_TilePart):
    """The :class:`~lmul.synth.product_array.ProductArray` of a tile, as the report measures it.

    Parameters
    ----------
    params : DotParams
        The tile's parameters (a ``window`` tile's for an ``aligned`` one: both multiply
        alike, so they share one design and one measurement).
    """

    kind = "products"
    stages = ProductArray.latency

    @property
    def name(self):
        """``products_<format>_<multiplier>_n<lanes>_r<rows>``, the window playing no part;
        ``_float`` appended (and ``_out<format>`` unless fp32) for the ``float`` tile's
        products, which are ``out_fmt`` codes."""
        params = self.params
        name = f"products_{params.fmt.name}_{params.multiplier}_n{params.lanes}_r{params.rows}"
        if params.accumulator == "float":
            name += "_float" + ("" if params.out_fmt.name == "fp32"
                                else f"_out{params.out_fmt.name}")
        return name

    @property
    def options(self):
        options = {"lanes": self.params.lanes, "rows": self.params.rows,
                   "multiplier": self.params.multiplier}
        if self.params.accumulator == "float":
            options["accumulator"] = "float"
        return options

    def component(self):
        return ProductArray(self.params)

    def to_json(self):
        return "products " + self.params.to_json()

    def stimulus(self, stream, beats):
        """As :meth:`TileDesign.stimulus`: the tile's operands, one set per cycle (the ``a``
        and ``b`` bits of the tile's beats)."""
        a, b, last = self._operands(stream, beats)
        bits = beat_bits(a, b, last, self.format)
        a_width = a[0].size * self.format.width
        b_width = b[0].size * self.format.width
        inputs = {"a": bits[:, :a_width], "b": bits[:, a_width:a_width + b_width]}
        return inputs, self.stages, beats, (a, b)

    def check(self, simulation, operands):
        """As :meth:`TileDesign.check`: every defined field of every product."""
        a, b = operands
        bits = simulation.output_bits["products"][self.stages:]
        wrong = np.flatnonzero(check_products(self.params, a[:len(bits)], b[:len(bits)], bits))
        if wrong.size:
            raise EquivalenceError(f"{self.name}: the synthesised netlist's products differ "
                                   f"from the golden model's in {wrong.size} of {len(bits)} "
                                   f"cycles, first cycle {wrong[0]}")


def tile_designs(fmt, shapes=TILE_SHAPES, accumulator="window"):
    """The tile designs measured for format ``fmt`` with ``accumulator``.

    Parameters
    ----------
    fmt : str or Format
    shapes : sequence of (int, int)
        ``(lanes, rows)`` of the tiles.
    accumulator : str
        One of :data:`lmul.dot_params.ACCUMULATORS`; results in fp32.

    Returns
    -------
    dict of (str, int, int) to design
        ``(role, lanes, rows)`` (role a key of :data:`TILE_ROLES`) to a :class:`TileDesign` or
        :class:`ProductArrayDesign`.
    """
    designs = {}
    for lanes, rows in shapes:
        for multiplier in ("lmul", "exact"):
            params = _tile_params(fmt, lanes, rows, multiplier, accumulator)
            designs[(f"tile_{multiplier}", lanes, rows)] = TileDesign(params)
            # The aligned tile multiplies as the window tile does: one product array for both.
            products = (_tile_params(fmt, lanes, rows, multiplier) if accumulator == "aligned"
                        else params)
            designs[(f"products_{multiplier}", lanes, rows)] = ProductArrayDesign(products)
    return designs


def accumulator_tile_designs(configurations, lanes):
    """The designs of the accumulator comparison: for each ``(format, accumulator)`` of
    ``configurations`` and each N of ``lanes``, the one-row tiles of :func:`tile_designs`.

    Parameters
    ----------
    configurations : sequence of (str, str)
        ``(format, accumulator)``.
    lanes : sequence of int
        N of the tiles.

    Returns
    -------
    dict of (str, str, str, int, int) to design
        ``(format, accumulator, role, lanes, rows)`` to a design.
    """
    designs = {}
    for fmt, accumulator in configurations:
        shapes = [(count, 1) for count in lanes]
        for (role, count, rows), design in tile_designs(fmt, shapes, accumulator).items():
            designs[(fmt, accumulator, role, count, rows)] = design
    return designs
