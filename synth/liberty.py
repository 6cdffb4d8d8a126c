"""Standard-cell libraries in Liberty format: finding the default one and reading what the flows
need from it (cells, their areas, pin directions and boolean functions, voltage and units).

The default library is OSU 0.18 um from Debian's ``qflow-tech-osu018``, extracted by
``tools/setup-synth.sh`` into ``build/tech/`` (never committed: it is GPL). Any other liberty can
be given instead.
"""

import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .boolean_function import BooleanFunction, BooleanFunctionError

__all__ = ["Liberty", "LibertyCell", "LibertyError", "default_liberty_path",
           "DEFAULT_LIBERTY_CANDIDATES", "LIBERTY_ENVIRONMENT_VARIABLE"]

#: Environment variable naming a liberty file to use when none is given.
LIBERTY_ENVIRONMENT_VARIABLE = "LMUL_LIBERTY"

_OSU018 = Path("usr/share/qflow/tech/osu018/osu018_stdcells.lib")

#: Where the default liberty is looked for, in order: extracted by tools/setup-synth.sh into
#: the repository's build/tech/, or installed by the Debian package itself.
DEFAULT_LIBERTY_CANDIDATES = (
    Path(__file__).resolve().parent.parent / "build" / "tech" / _OSU018,
    Path("/") / _OSU018,
)


class LibertyError(Exception):
    """A liberty file that is missing, unreadable, malformed or unusable for the flows."""


def default_liberty_path():
    """The liberty file to use when none is given: ``$LMUL_LIBERTY`` if set, else the first of
    :data:`DEFAULT_LIBERTY_CANDIDATES` that exists, else ``None``."""
    from_environment = os.environ.get(LIBERTY_ENVIRONMENT_VARIABLE)
    if from_environment:
        return Path(from_environment)
    for candidate in DEFAULT_LIBERTY_CANDIDATES:
        if candidate.is_file():
            return candidate
    return None


@dataclass(frozen=True)
class LibertyCell:
    """One cell of a library, as far as the flows need it.

    Attributes
    ----------
    name : str
    area : float
        In the library's area unit (µm² for OSU018).
    inputs : tuple of str
        Input pin names.
    outputs : dict of str to BooleanFunction or None
        Output pin name to its function; ``None`` for an output with no function.
    next_state : BooleanFunction or None
        For a flip-flop, the function of its data pins loaded at the clock edge.
    clocked_on : str or None
        For a flip-flop, its clock expression (``"CLK"``, ``"(!CLK)"``).
    state_names : tuple of str
        For a flip-flop, the names of its internal state and inverted state (``ff (IQ, IQN)``).
    is_latch : bool
        Whether the cell is a latch (the flows never use latches).
    input_capacitance : dict of str to float
        Input pin name to its capacitance, in the library's capacitance unit.
    """

    name: str
    area: float
    inputs: tuple
    outputs: dict = field(default_factory=dict)
    next_state: BooleanFunction | None = None
    clocked_on: str | None = None
    state_names: tuple = ()
    is_latch: bool = False
    input_capacitance: dict = field(default_factory=dict)

    @property
    def is_flip_flop(self):
        return self.next_state is not None


class Liberty:
    """A parsed liberty file.

    Parameters
    ----------
    path : str or Path

    Raises
    ------
    LibertyError
        If the file is missing or unreadable, is not a liberty ``library``, or has no usable
        combinational cells, no buffer or inverter, or a malformed function.

    Attributes
    ----------
    path : Path
    name : str
        The ``library (...)`` name.
    cells : dict of str to LibertyCell
    voltage : float or None
        Supply voltage of the default operating conditions (``nom_voltage`` otherwise), volts.
    temperature, process : float or None
        Of the default operating conditions.
    units : dict of str to str
        ``time_unit``, ``leakage_power_unit``, ``capacitive_load_unit`` and friends as written.
    sha256 : str
        Hash of the file's bytes.
    """

    def __init__(self, path):
        self.path = Path(path)
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            raise LibertyError(f"liberty file {str(self.path)!r} does not exist") from None
        except OSError as error:
            raise LibertyError(f"liberty file {str(self.path)!r} cannot be read: "
                               f"{error.strerror}") from None
        self.sha256 = hashlib.sha256(raw).hexdigest()
        text = raw.decode("utf-8", errors="replace")
        try:
            library = _Parser(text).parse_library()
        except _ParseError as error:
            raise LibertyError(f"liberty file {str(self.path)!r} is malformed: {error}") from None
        self.name = library.args[0] if library.args else "unnamed"
        self.units = {key: value for key, value in library.attributes.items()
                      if key.endswith("_unit")}
        for complex_attribute in library.complex:
            if complex_attribute[0] == "capacitive_load_unit":
                self.units["capacitive_load_unit"] = ",".join(complex_attribute[1])
        self.voltage, self.temperature, self.process = _operating_point(library)
        self.cells = {}
        for group in library.groups:
            if group.kind == "cell" and group.args:
                try:
                    cell = _read_cell(group)
                except BooleanFunctionError as error:
                    raise LibertyError(f"liberty file {str(self.path)!r}: cell "
                                       f"{group.args[0]!r}: {error}") from None
                self.cells[cell.name] = cell
        self._check_usable()

    def _check_usable(self):
        where = f"liberty file {str(self.path)!r}"
        if not self.cells:
            raise LibertyError(f"{where} has no cells")
        if not any(len(cell.outputs) == 1 and not cell.is_flip_flop
                   and list(cell.outputs.values())[0] is not None
                   and len(list(cell.outputs.values())[0].inputs) == 1
                   for cell in self.cells.values()):
            raise LibertyError(f"{where} has no buffer or inverter cell, which ABC needs")

    @property
    def flip_flop(self):
        """The smallest positive-edge D flip-flop without set or reset, or ``None``."""
        candidates = [cell for cell in self.cells.values()
                      if cell.is_flip_flop and len(cell.inputs) == 2
                      and cell.clocked_on.strip("() ") in cell.inputs]
        return min(candidates, key=lambda cell: (cell.area, cell.name), default=None)

    @property
    def smallest_inverter(self):
        """The smallest single-input cell whose function is ``!input``, or ``None``."""
        candidates = []
        for cell in self.cells.values():
            if cell.is_flip_flop or len(cell.inputs) != 1 or len(cell.outputs) != 1:
                continue
            function = next(iter(cell.outputs.values()))
            if function is None:
                continue
            values = {cell.inputs[0]: np.array([False, True])}
            if list(function.evaluate(values)) == [True, False]:
                candidates.append(cell)
        return min(candidates, key=lambda cell: (cell.area, cell.name), default=None)

    def describe(self):
        """One line naming the library and its corner, e.g. for a report."""
        parts = [f"{self.name} ({self.path.name})"]
        if self.voltage is not None:
            parts.append(f"{self.voltage:g} V")
        if self.temperature is not None:
            parts.append(f"{self.temperature:g} °C")
        if self.process is not None:
            parts.append(f"process {self.process:g}")
        return ", ".join(parts)


# -- parsing ----------------------------------------------------------------------------------

class _ParseError(Exception):
    pass


@dataclass
class _Group:
    kind: str
    args: list
    attributes: dict = field(default_factory=dict)
    complex: list = field(default_factory=list)
    groups: list = field(default_factory=list)


_LIBERTY_TOKEN = re.compile(
    r'\s+|/\*.*?\*/|//[^\n]*|\\\n'                     # skipped: space, comments, continuation
    r'|(?P<string>"(?:[^"\\]|\\.)*")'
    r'|(?P<punct>[(){}:;,])'
    r'|(?P<word>[^\s(){}:;,"]+)', re.DOTALL)


class _Parser:
    def __init__(self, text):
        self.tokens = []
        self.lines = []
        line = 1
        position = 0
        while position < len(text):
            match = _LIBERTY_TOKEN.match(text, position)
            if match is None:
                raise _ParseError(f"line {line}: unexpected {text[position]!r}")
            kind = match.lastgroup
            if kind is not None:
                value = match[kind]
                if kind == "string":
                    value = value[1:-1].replace("\\\n", "")
                self.tokens.append((kind, value))
                self.lines.append(line)
            line += text.count("\n", position, match.end())
            position = match.end()
        self.index = 0

    def _error(self, message):
        line = self.lines[min(self.index, len(self.lines) - 1)] if self.lines else 1
        return _ParseError(f"line {line}: {message}")

    def _next(self):
        if self.index >= len(self.tokens):
            raise self._error("unexpected end of file")
        token = self.tokens[self.index]
        self.index += 1
        return token

    def _expect(self, punct):
        token = self._next()
        if token != ("punct", punct):
            raise self._error(f"expected {punct!r}, found {token[1]!r}")

    def parse_library(self):
        if not self.tokens:
            raise _ParseError("the file is empty")
        kind, value = self._next()
        if value != "library":
            raise _ParseError(f"a liberty file starts with 'library', not {value[:40]!r}")
        group = self._group_after_name("library")
        return group

    def _args(self):
        args = []
        while True:
            kind, value = self._next()
            if (kind, value) == ("punct", ")"):
                return args
            if (kind, value) == ("punct", ","):
                continue
            if kind == "punct":
                raise self._error(f"unexpected {value!r} in an argument list")
            args.append(value)

    def _group_after_name(self, name):
        self._expect("(")
        group = _Group(name, self._args())
        self._expect("{")
        while True:
            kind, value = self._next()
            if (kind, value) == ("punct", "}"):
                return group
            if kind == "punct":
                if value == ";":
                    continue
                raise self._error(f"unexpected {value!r}")
            statement_name = value
            kind, value = self._next()
            if (kind, value) == ("punct", ":"):
                words = []
                while True:
                    kind, value = self._next()
                    if (kind, value) == ("punct", ";"):
                        break
                    if kind == "punct" and value in "{}":
                        self.index -= 1
                        break
                    words.append(value)
                group.attributes[statement_name] = " ".join(words)
            elif (kind, value) == ("punct", "("):
                self.index -= 1
                start = self.index
                self._expect("(")
                args = self._args()
                if self.index < len(self.tokens) and self.tokens[self.index] == ("punct", "{"):
                    self.index = start
                    group.groups.append(self._group_after_name(statement_name))
                else:
                    group.complex.append((statement_name, args))
            else:
                raise self._error(f"expected ':' or '(' after {statement_name!r}, "
                                  f"found {value!r}")


def _number(text):
    try:
        return float(text)
    except (TypeError, ValueError):
        return None


def _operating_point(library):
    default_name = library.attributes.get("default_operating_conditions")
    conditions = [group for group in library.groups if group.kind == "operating_conditions"]
    chosen = next((group for group in conditions if group.args and group.args[0] == default_name),
                  conditions[0] if conditions else None)
    if chosen is not None:
        return (_number(chosen.attributes.get("voltage")),
                _number(chosen.attributes.get("temperature")),
                _number(chosen.attributes.get("process")))
    return (_number(library.attributes.get("nom_voltage")),
            _number(library.attributes.get("nom_temperature")),
            _number(library.attributes.get("nom_process")))


def _read_cell(group):
    name = group.args[0]
    area = _number(group.attributes.get("area")) or 0.0
    inputs, outputs = [], {}
    capacitances = {}
    for pin_group in group.groups:
        if pin_group.kind not in ("pin", "bus"):
            continue
        direction = pin_group.attributes.get("direction")
        for pin_name in pin_group.args:
            if direction == "input":
                inputs.append(pin_name)
                capacitances[pin_name] = _number(pin_group.attributes.get("capacitance")) or 0.0
            elif direction in ("output", "inout"):
                function = pin_group.attributes.get("function")
                outputs[pin_name] = BooleanFunction(function) if function else None
    next_state = clocked_on = None
    state_names = ()
    is_latch = False
    for state_group in group.groups:
        if state_group.kind == "ff":
            next_state = BooleanFunction(state_group.attributes.get("next_state", ""))
            clocked_on = state_group.attributes.get("clocked_on", "")
            state_names = tuple(state_group.args)
        elif state_group.kind == "latch":
            is_latch = True
    return LibertyCell(name, area, tuple(inputs), outputs, next_state, clocked_on, state_names,
                       is_latch, capacitances)
