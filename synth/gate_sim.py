"""Zero-delay simulation of a mapped gate-level netlist, vectorised over an input stream.

Each cell is evaluated by the boolean ``function`` its liberty gives its output (the library's
own cell model), in topological order, on whole arrays of cycles at once. A flip-flop delays its
``next_state`` by one cycle along the stream (registers start at 0, reset held low), which is
exact for the feed-forward pipelines of the units. The simulation yields the outputs, each net's
toggle rate per cycle (the switching activity the power model needs) and the logic depth.

Toggles are functional transitions between consecutive cycles: a zero-delay model sees no
glitches, so it under-counts the activity of deep logic (multiplier arrays most of all).
"""

import json
from dataclasses import dataclass

import numpy as np

__all__ = ["GateNetlist", "GateSimulation", "NetlistError"]


class NetlistError(Exception):
    """A mapped netlist the simulation cannot evaluate (unknown cell, latch, feedback loop)."""


@dataclass
class GateSimulation:
    """What :meth:`GateNetlist.simulate` found.

    Attributes
    ----------
    outputs : dict of str to numpy.ndarray
        Output port name to the integer value it carried in each cycle.
    toggle_rates : dict of int to float
        Net bit to its transitions per cycle, counted over cycles ``start..`` (see
        :meth:`GateNetlist.simulate`).
    cycles : int
        Cycles over which the toggles were counted.
    """

    outputs: dict
    toggle_rates: dict
    cycles: int


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
        has a combinational loop or a register feedback loop.

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
        # Kahn's algorithm over combinational cells; a flip-flop output is known once its data
        # input is (it is the data delayed by one cycle), so feed-forward pipelines schedule.
        by_name = {cell.name: cell for cell in self._cells}
        known_levels = {}
        for direction, bits in self.ports.values():
            if direction == "input":
                for bit in bits:
                    if isinstance(bit, int):
                        known_levels[bit] = 0
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
            waiting[cell.name] = len(missing)
            for bit in missing:
                consumers.setdefault(bit, []).append(cell.name)
            if not missing:
                ready.append(cell.name)
        order = []
        while ready:
            ready.sort(reverse=True)
            name = ready.pop()
            cell = by_name[name]
            order.append(cell)
            input_level = max((known_levels[bit] for bit in cell.inputs.values()
                               if isinstance(bit, int)), default=0)
            cell.level = 0 if cell.flip_flop else input_level + 1
            for bit, _ in cell.outputs.values():
                known_levels[bit] = cell.level
                for consumer in consumers.get(bit, ()):
                    waiting[consumer] -= 1
                    if waiting[consumer] == 0:
                        ready.append(consumer)
        if len(order) != len(self._cells):
            stuck = sorted(name for name, count in waiting.items() if count)
            raise NetlistError(f"netlist has a loop (through cell {stuck[0]!r}); only "
                               f"feed-forward logic and pipelines can be simulated")
        return order

    def simulate(self, inputs, *, start=0):
        """Simulate the cycles given by ``inputs``.

        Parameters
        ----------
        inputs : dict of str to array_like of int
            Input port name to the value it has in each cycle (all the same length). Input
            ports not given are held at 0 (clock and reset).
        start : int
            First cycle whose transition into the next counts towards the toggle rates; pass
            the pipeline depth to leave out the registers' start from 0.

        Returns
        -------
        GateSimulation

        Raises
        ------
        ValueError
            For an unknown port, arrays of different lengths or fewer than ``start + 2`` cycles.
        """
        lengths = {len(np.asarray(values)) for values in inputs.values()}
        if len(lengths) != 1:
            raise ValueError(f"input streams must all have one length, not {sorted(lengths)}")
        (cycles,) = lengths
        if cycles < start + 2:
            raise ValueError(f"input streams must be longer than start + 1 = {start + 1} "
                             f"cycles, not {cycles}")
        values = {}
        for name, stream in inputs.items():
            if name not in self.ports or self.ports[name][0] != "input":
                raise ValueError(f"input stream must name an input port, not {name!r}")
            stream = np.asarray(stream).astype(np.uint64)
            for index, bit in enumerate(self.ports[name][1]):
                if isinstance(bit, int):
                    values[bit] = ((stream >> np.uint64(index)) & np.uint64(1)).astype(bool)
        zeros = np.zeros(cycles, dtype=bool)
        for direction, bits in self.ports.values():
            if direction == "input":
                for bit in bits:
                    if isinstance(bit, int) and bit not in values:
                        values[bit] = zeros

        def read(bit):
            return values[bit] if isinstance(bit, int) else _constant(bit)

        for cell in self._order:
            pins = {pin: read(bit) for pin, bit in cell.inputs.items()}
            for bit, model in cell.outputs.values():
                if cell.flip_flop:
                    next_state, invert = model
                    data = np.broadcast_to(next_state.evaluate(pins), (cycles,))
                    output = np.empty(cycles, dtype=bool)
                    output[0] = False
                    output[1:] = data[:-1]
                    if invert:
                        output = ~output
                else:
                    output = np.broadcast_to(model.evaluate(pins), (cycles,))
                values[bit] = output

        outputs = {}
        for name, (direction, bits) in self.ports.items():
            if direction != "output":
                continue
            word = np.zeros(cycles, dtype=np.uint64)
            for index, bit in enumerate(bits):
                word |= read(bit).astype(np.uint64) << np.uint64(index)
            outputs[name] = word
        counted = cycles - 1 - start
        toggle_rates = {bit: np.count_nonzero(value[start + 1:] != value[start:-1]) / counted
                        for bit, value in values.items()}
        return GateSimulation(outputs, toggle_rates, counted)


def _constant(bit):
    # Yosys writes constant bits as "0", "1", "x" or "z"; undefined ones read as 0.
    return bit if isinstance(bit, np.bool_) else np.bool_(bit == "1")
