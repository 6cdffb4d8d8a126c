"""Standard-cell libraries in Liberty format: finding the default one and reading what the flows
need from it (cells, their areas, pin directions and boolean functions, voltage and units).

The file is parsed by ``liberty-parser`` (LibertyCell's reader); this module picks out what the
flows use. Reading OSU018 takes about 0.24 s here against 0.09 s for the hand-written reader it
replaced (median of 5 on a loaded 2-core machine): once per standard-cell measurement, about
12 s of a 13-minute cold ``lmul report``.

The default library is OSU 0.18 um from Debian's ``qflow-tech-osu018``, extracted by
``tools/setup-synth.sh`` into ``build/tech/`` (never committed: it is GPL). Any other liberty can
be given instead.
"""

import functools
import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from liberty.parser import parse_liberty
from liberty.tokenized import ParserError, UnexpectedEndOfFile, UnexpectedToken
from liberty.types import EscapedString

from .boolean_function import BooleanFunction, BooleanFunctionError

__all__ = ["Liberty", "read_liberty", "LibertyCell", "LibertyError", "default_liberty_path",
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
        where = f"liberty file {str(self.path)!r}"
        if not text.strip():
            raise LibertyError(f"{where} is malformed: the file is empty")
        try:
            library = parse_liberty(text)
        except ParserError as error:  # the parser's errors all derive from it
            raise LibertyError(f"{where} is malformed: {_parse_error(error)}") from None
        if library.group_name != "library":
            raise LibertyError(f"{where} is malformed: a liberty file starts with 'library', "
                               f"not {library.group_name[:40]!r}")
        self.name = str(library.args[0]) if library.args else "unnamed"
        self.units = {attribute.name: _text(attribute.value)
                      for attribute in library.attributes if attribute.name.endswith("_unit")}
        self.voltage, self.temperature, self.process = _operating_point(library)
        self.cells = {}
        for group in library.get_groups("cell"):
            if not group.args:
                continue
            try:
                cell = _read_cell(group)
            except BooleanFunctionError as error:
                raise LibertyError(f"{where}: cell {str(group.args[0])!r}: {error}") from None
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


def _parse_error(error):
    """The parser's complaint in a sentence: where (lines counted from 1) and what it found."""
    line = getattr(error, "line_num", None)
    if line is None:  # raised after reading: the only such complaint is about the top groups
        return "a liberty file holds exactly one group, its library"
    cause = getattr(error, "e", error)
    if isinstance(cause, UnexpectedEndOfFile) or (isinstance(cause, UnexpectedToken)
                                                  and cause.actual is None):
        what = "unexpected end of file"
    elif isinstance(cause, UnexpectedToken):
        what = f"expected {cause.expected}, found {cause.actual!r}"
    else:
        what = str(cause) or type(cause).__name__
    return f"line {line + 1}: {what}"


# -- reading the parsed groups ------------------------------------------------------------------

def _text(value):
    """An attribute's value as written: quotes removed, a complex attribute's values joined by
    commas (``capacitive_load_unit (1, pf)`` is ``"1,pf"``)."""
    if isinstance(value, EscapedString):
        return value.value
    if isinstance(value, list):
        return ",".join(_text(item) for item in value)
    return str(value)


def _attribute(group, name):
    """The first value of attribute ``name`` in ``group`` as text, or ``None``."""
    values = group.get_attributes(name)
    return _text(values[0]) if values else None


def _number(text):
    try:
        return float(text)
    except (TypeError, ValueError):
        return None


def _operating_point(library):
    default_name = _attribute(library, "default_operating_conditions")
    conditions = library.get_groups("operating_conditions")
    chosen = next((group for group in conditions
                   if group.args and str(group.args[0]) == default_name),
                  conditions[0] if conditions else None)
    if chosen is not None:
        return tuple(_number(_attribute(chosen, name))
                     for name in ("voltage", "temperature", "process"))
    return tuple(_number(_attribute(library, name))
                 for name in ("nom_voltage", "nom_temperature", "nom_process"))


def _read_cell(group):
    name = str(group.args[0])
    area = _number(_attribute(group, "area")) or 0.0
    inputs, outputs = [], {}
    capacitances = {}
    for pin_group in group.groups:
        if pin_group.group_name not in ("pin", "bus"):
            continue
        direction = _attribute(pin_group, "direction")
        for pin_name in map(str, pin_group.args):
            if direction == "input":
                inputs.append(pin_name)
                capacitances[pin_name] = _number(_attribute(pin_group, "capacitance")) or 0.0
            elif direction in ("output", "inout"):
                function = _attribute(pin_group, "function")
                outputs[pin_name] = BooleanFunction(function) if function else None
    next_state = clocked_on = None
    state_names = ()
    is_latch = False
    for state_group in group.groups:
        if state_group.group_name == "ff":
            next_state = BooleanFunction(_attribute(state_group, "next_state") or "")
            clocked_on = _attribute(state_group, "clocked_on") or ""
            state_names = tuple(map(str, state_group.args))
        elif state_group.group_name == "latch":
            is_latch = True
    return LibertyCell(name, area, tuple(inputs), outputs, next_state, clocked_on, state_names,
                       is_latch, capacitances)


def read_liberty(path):
    """The :class:`Liberty` of ``path``, parsed once per process while the file's size and
    modification time stay the same (a report measures dozens of designs with one library, and
    parsing OSU018 takes about a quarter of a second). The object is shared: do not modify it.

    Raises
    ------
    LibertyError
        As :class:`Liberty` does.
    """
    try:
        status = os.stat(path)
    except OSError:
        return Liberty(path)
    return _read_liberty(os.path.realpath(path), status.st_size, status.st_mtime_ns)


@functools.lru_cache(maxsize=8)
def _read_liberty(path, size, mtime_ns):
    return Liberty(path)
