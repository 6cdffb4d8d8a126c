"""Zero-delay simulation of a mapped gate-level netlist, vectorised over an input stream.

Each cell is evaluated by the boolean ``function`` its liberty gives its output (the library's
own cell model), in topological order, on whole arrays of cycles at once. A flip-flop delays its
``next_state`` by one cycle along the stream (registers start at 0). Feedback through flip-flops
(accumulators, stream control) is solved by iterating over the whole stream until the registers
settle, which gives exactly the cycle-by-cycle behaviour. The simulation yields the outputs, each
net's toggle rate per cycle (the switching activity the power model needs) and the logic depth.

Toggles are functional transitions between consecutive cycles: a zero-delay model sees no
glitches, so it under-counts the activity of deep logic (multiplier arrays most of all).
"""

import heapq
import json
from dataclasses import dataclass

import numpy as np

__all__ = ["GateNetlist", "GateSimulation", "NetlistError", "stream_window"]


class NetlistError(Exception):
    """A mapped netlist the simulation cannot evaluate (unknown cell, latch, feedback loop)."""


@dataclass
class GateSimulation:
    """What :meth:`GateNetlist.simulate` found.

    Attributes
    ----------
    outputs : dict of str to numpy.ndarray
        Output port name (ports of up to 64 bits) to the integer value it carried in each
        cycle.
    output_bits : dict of str to numpy.ndarray
        Output port name (every port) to its bits in each cycle, shape ``(cycles, width)``.
    toggle_rates : dict of int to float
        Net bit to its transitions per cycle, counted over the window of
        :meth:`GateNetlist.simulate`.
    cycles : int
        Cycle transitions over which the toggles were counted.
    passes : int
        Evaluation passes the simulation took (its register depth plus one for a pipeline;
        more for a circuit with feedback).
    """

    outputs: dict
    output_bits: dict
    toggle_rates: dict
    cycles: int
    passes: int


class _Cell:
    __slots__ = ("name", "type", "inputs", "outputs", "flip_flop", "level")

    def __init__(self, name, cell_type, inputs, outputs, flip_flop):
        self.name = name
        self.type = cell_type
        self.inputs = inputs      # pin -> net bit (int) or constant (bool)
        self.outputs = outputs    # pin -> (net bit, function evaluator)
        self.flip_flop = flip_flop
        self.level = 0


class GateNetlist:
    """A flattened, liberty-mapped netlist read from Yosys's ``write_json``.

    Parameters
    ----------
    netlist : dict
        The parsed JSON (or use :meth:`from_file`).
    top : str
        Name of the module to simulate.
    liberty : Liberty
        Library whose cells the netlist instantiates.

    Raises
    ------
    NetlistError
        If the module is missing or hierarchical, uses a cell the liberty lacks or a latch, or
        has a combinational loop.

    Attributes
    ----------
    ports : dict of str to tuple
        Port name to ``(direction, bits)``, bits least significant first (ints are nets, strings
        ``"0"``/``"1"``/``"x"`` constants).
    cells : dict of str to tuple
        Cell name to ``(type, output net bits, input net bits, is_flip_flop)``; a flip-flop's
        inputs are its data pins (not its clock).
    depth : int
        Longest chain of combinational cells between inputs or flip-flops and outputs or
        flip-flops: the logic depth in cells.
    """

    def __init__(self, netlist, top, liberty):
        modules = netlist.get("modules", {})
        if top not in modules:
            raise NetlistError(f"netlist has no module {top!r}")
        module = modules[top]
        self.top = top
        self.ports = {name: (port["direction"], list(port["bits"]))
                      for name, port in module["ports"].items()}
        self._cells = []
        drivers = {}
        for name, cell in sorted(module.get("cells", {}).items()):
            self._cells.append(self._read_cell(name, cell, liberty, drivers))
        self._order = self._schedule(drivers)
        # For the simulation: each combinational cell's place in the order, the flip-flops, and
        # the cells reading each net bit.
        self._position = {id(cell): index for index, cell in enumerate(self._order)}
        self._flip_flops = [cell for cell in self._cells if cell.flip_flop]
        self._readers = {}
        for cell in self._order + self._flip_flops:
            for bit in cell.inputs.values():
                if isinstance(bit, int):
                    self._readers.setdefault(bit, []).append(cell)
        self.depth = max((cell.level for cell in self._cells), default=0)
        self.cells = {cell.name: (cell.type,
                                  [bit for bit, _ in cell.outputs.values()],
                                  [bit for bit in cell.inputs.values() if isinstance(bit, int)],
                                  cell.flip_flop)
                      for cell in self._cells}

    @classmethod
    def from_file(cls, path, top, liberty):
        with open(path) as file:
            return cls(json.load(file), top, liberty)

    @staticmethod
    def _read_cell(name, cell, liberty, drivers):
        cell_type = cell["type"]
        library_cell = liberty.cells.get(cell_type)
        if library_cell is None:
            raise NetlistError(f"cell {name!r} is of type {cell_type!r}, which the liberty "
                               f"does not define (is the netlist flattened?)")
        if library_cell.is_latch:
            raise NetlistError(f"cell {name!r} is a latch ({cell_type}); only flip-flops "
                               f"are supported")
        connections = {pin: bits[0] for pin, bits in cell["connections"].items() if bits}
        for pin, bits in cell["connections"].items():
            if len(bits) != 1:
                raise NetlistError(f"cell {name!r} pin {pin!r} is {len(bits)} bits wide")
        inputs = {}
        for pin in library_cell.inputs:
            bit = connections.get(pin, "x")
            inputs[pin] = bit if isinstance(bit, int) else _constant(bit)
        outputs = {}
        flip_flop = library_cell.is_flip_flop
        for pin, function in library_cell.outputs.items():
            bit = connections.get(pin)
            if not isinstance(bit, int):
                continue
            if function is None:
                raise NetlistError(f"cell {name!r} output {pin!r} has no function in the "
                                   f"liberty")
            if flip_flop:
                state, inverted_state = (library_cell.state_names + ("", ""))[:2]
                if function.inputs not in ((state,), (inverted_state,)):
                    raise NetlistError(f"flip-flop {name!r} output {pin!r} is not its state")
                invert = function.evaluate({state: np.array([False]),
                                            inverted_state: np.array([True])})[0]
                outputs[pin] = (bit, (library_cell.next_state, bool(invert)))
            else:
                outputs[pin] = (bit, function)
            if bit in drivers:
                raise NetlistError(f"net bit {bit} has two drivers: {drivers[bit]!r} and "
                                   f"{name!r}")
            drivers[bit] = name
        if flip_flop:
            clock = library_cell.clocked_on.strip("()! ")
            inputs = {pin: bit for pin, bit in inputs.items()
                      if pin in library_cell.next_state.inputs and pin != clock}
        return _Cell(name, cell_type, inputs, outputs, flip_flop)

    def _schedule(self, drivers):
        # Kahn's algorithm over the combinational cells. Input ports and flip-flop outputs are
        # the sources (level 0), so a loop through a register (an accumulator, a state machine)
        # is allowed; a loop of combinational cells alone is not.
        known_levels = {}
        for direction, bits in self.ports.values():
            if direction == "input":
                for bit in bits:
                    if isinstance(bit, int):
                        known_levels[bit] = 0
        for cell in self._cells:
            if cell.flip_flop:
                for bit, _ in cell.outputs.values():
                    known_levels[bit] = 0
        by_name = {cell.name: cell for cell in self._cells}
        waiting = {}
        consumers = {}
        ready = []
        for cell in self._cells:
            missing = {bit for bit in cell.inputs.values()
                       if isinstance(bit, int) and bit not in known_levels}
            undriven = [bit for bit in missing if bit not in drivers]
            if undriven:
                raise NetlistError(f"cell {cell.name!r} reads net bit {undriven[0]}, which "
                                   f"nothing drives")
            if cell.flip_flop:
                continue
            waiting[cell.name] = len(missing)
            for bit in missing:
                consumers.setdefault(bit, []).append(cell.name)
            if not missing:
                ready.append(cell.name)
        order = []
        while ready:
            ready.sort(reverse=True)
            cell = by_name[ready.pop()]
            order.append(cell)
            cell.level = 1 + max((known_levels[bit] for bit in cell.inputs.values()
                                  if isinstance(bit, int)), default=0)
            for bit, _ in cell.outputs.values():
                known_levels[bit] = cell.level
                for consumer in consumers.get(bit, ()):
                    waiting[consumer] -= 1
                    if waiting[consumer] == 0:
                        ready.append(consumer)
        if len(order) != len(waiting):
            stuck = sorted(name for name, count in waiting.items() if count)
            raise NetlistError(f"netlist has a combinational loop (through cell {stuck[0]!r}); "
                               f"only loops through flip-flops can be simulated")
        return order

    def simulate(self, inputs, *, start=0, stop=None):
        """Simulate the cycles given by ``inputs``.

        Every flip-flop holds 0 in cycle 0 (drive the reset input in cycle 0 to start from the
        design's reset values instead); the outputs are those of the synchronous circuit from
        that state, cycle by cycle.

        Parameters
        ----------
        inputs : dict of str to array_like
            Input port name to the value it has in each cycle (all the same length): integers
            (ports of up to 64 bits), or booleans of shape ``(cycles, port width)``, bit 0 of
            the port first. Input ports not given are held at 0 (clock and reset).
        start, stop : int
            The toggles counted are the transitions from cycle ``t`` to ``t + 1`` for
            ``start <= t < stop - 1`` (``stop`` defaults to the number of cycles); pass the
            pipeline depth as ``start`` to leave out the registers' start from 0.

        Returns
        -------
        GateSimulation

        Raises
        ------
        ValueError
            For an unknown port, a value of the wrong shape, arrays of different lengths or a
            window of fewer than 2 cycles.
        """
        cycles, stop = stream_window(inputs, start, stop)
        values = {}
        for name, stream in inputs.items():
            if name not in self.ports or self.ports[name][0] != "input":
                raise ValueError(f"input stream must name an input port, not {name!r}")
            values.update(self._input_bits(name, np.asarray(stream)))
        zeros = np.zeros(cycles, dtype=bool)
        for direction, bits in self.ports.values():
            if direction == "input":
                for bit in bits:
                    if isinstance(bit, int) and bit not in values:
                        values[bit] = zeros
        passes = self._evaluate(values, cycles)

        outputs, output_bits = {}, {}
        for name, (direction, bits) in self.ports.items():
            if direction != "output":
                continue
            matrix = np.empty((cycles, len(bits)), dtype=bool)
            for index, bit in enumerate(bits):
                matrix[:, index] = values[bit] if isinstance(bit, int) else _constant(bit)
            output_bits[name] = matrix
            if len(bits) <= 64:
                word = np.zeros(cycles, dtype=np.uint64)
                for index in range(len(bits)):
                    word |= matrix[:, index].astype(np.uint64) << np.uint64(index)
                outputs[name] = word
        counted = stop - 1 - start
        toggle_rates = {bit: np.count_nonzero(value[start + 1:stop] != value[start:stop - 1])
                        / counted for bit, value in values.items()}
        return GateSimulation(outputs, output_bits, toggle_rates, counted, passes)

    def _input_bits(self, name, stream):
        bits = self.ports[name][1]
        if stream.ndim == 2:
            if stream.shape[1] != len(bits):
                raise ValueError(f"bits of input {name!r} must be {len(bits)} per cycle, "
                                 f"not {stream.shape[1]}")
            columns = stream.astype(bool).T
        elif stream.ndim == 1 and len(bits) <= 64:
            stream = stream.astype(np.uint64)
            columns = [((stream >> np.uint64(index)) & np.uint64(1)).astype(bool)
                       for index in range(len(bits))]
        else:
            raise ValueError(f"input {name!r} ({len(bits)} bits) must be given as integers "
                             f"(up to 64 bits) or as booleans of shape (cycles, bits)")
        return {bit: np.ascontiguousarray(column) for bit, column in zip(bits, columns)
                if isinstance(bit, int)}

    def _evaluate(self, values, cycles):
        # Fixed-point iteration over the whole stream: evaluate the logic with the flip-flop
        # outputs of the previous pass, then set each flip-flop's output to its data one cycle
        # later. After pass k the flip-flops are right in cycles 0..k, so the iteration ends
        # (in at most cycles + 1 passes; for a pipeline, its depth + 1). Later passes evaluate
        # only the cells whose inputs changed. Returns the number of passes.
        order, position = self._order, self._position
        flip_flops, readers = self._flip_flops, self._readers

        def read(bit):
            return values[bit] if isinstance(bit, int) else _constant(bit)

        for cell in flip_flops:
            for bit, (_, invert) in cell.outputs.values():
                values[bit] = np.full(cycles, invert)
        dirty = set(range(len(order)))
        dirty_flip_flops = set(id(cell) for cell in flip_flops)
        first = True
        passes = 0
        while dirty or dirty_flip_flops:
            passes += 1
            if passes > cycles + 2:
                raise NetlistError("netlist simulation did not settle")   # cannot happen
            # Combinational cells in topological order; a change marks the cells reading it,
            # which come later in the order.
            queue = sorted(dirty)
            heapq.heapify(queue)
            while queue:
                index = heapq.heappop(queue)
                dirty.discard(index)
                cell = order[index]
                pins = {pin: read(bit) for pin, bit in cell.inputs.items()}
                for bit, function in cell.outputs.values():
                    output = _per_cycle(function.evaluate(pins), cycles)
                    if not first and np.array_equal(output, values[bit]):
                        continue
                    values[bit] = output
                    for reader in readers.get(bit, ()):
                        if reader.flip_flop:
                            dirty_flip_flops.add(id(reader))
                        elif not first and position[id(reader)] not in dirty:
                            dirty.add(position[id(reader)])
                            heapq.heappush(queue, position[id(reader)])
            changed = []
            for cell in flip_flops:
                if id(cell) not in dirty_flip_flops:
                    continue
                pins = {pin: read(bit) for pin, bit in cell.inputs.items()}
                for bit, (next_state, invert) in cell.outputs.values():
                    data = _per_cycle(next_state.evaluate(pins), cycles)
                    output = np.empty(cycles, dtype=bool)
                    output[0] = invert
                    output[1:] = data[:-1] ^ invert
                    if not np.array_equal(output, values[bit]):
                        values[bit] = output
                        changed.append(bit)
            dirty_flip_flops = set()
            for bit in changed:
                for reader in readers.get(bit, ()):
                    if reader.flip_flop:
                        dirty_flip_flops.add(id(reader))
                    else:
                        dirty.add(position[id(reader)])
            first = False
        return passes


def _per_cycle(value, cycles):
    # A function of constant pins gives one value: spread it over the cycles.
    return value if np.shape(value) == (cycles,) else np.broadcast_to(value, (cycles,))


def _constant(bit):
    # Yosys writes constant bits as "0", "1", "x" or "z"; undefined ones read as 0.
    return bit if isinstance(bit, np.bool_) else np.bool_(bit == "1")


def stream_window(inputs, start, stop):
    """``(cycles, stop)`` of input streams and a toggle window ``[start, stop)`` (``stop``
    ``None``: the streams' end), checked: the streams have one length and the window holds at
    least 2 of their cycles.

    Raises
    ------
    ValueError
        If not.
    """
    lengths = {len(np.asarray(values)) for values in inputs.values()}
    if len(lengths) != 1:
        raise ValueError(f"input streams must all have one length, not {sorted(lengths)}")
    (cycles,) = lengths
    stop = cycles if stop is None else stop
    if not 0 <= start <= stop - 2 or stop > cycles:
        raise ValueError(f"toggle window must be 2 to {cycles} cycles within the stream, not "
                         f"cycles {start} to {stop}")
    return cycles, stop
