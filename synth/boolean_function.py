"""Liberty boolean functions (``function : "(!(A B))"``) as evaluators over arrays.

The gate-level simulation evaluates every cell of a mapped netlist by the ``function`` its
liberty gives the output pin, so the cell models are the library's own. The text is parsed by
``liberty-parser`` (LibertyCell's grammar, into a sympy expression); this module only turns that
expression into NumPy operations on boolean arrays.
"""

import re
from functools import reduce
from operator import and_, or_, xor

import numpy as np
from lark.exceptions import LarkError
from liberty.boolean_functions import parse_boolean_function
from sympy import Symbol
from sympy.logic import boolalg

__all__ = ["BooleanFunction", "BooleanFunctionError"]


class BooleanFunctionError(ValueError):
    """A liberty function string that is not a valid boolean expression."""


_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


class BooleanFunction:
    """A boolean function of named pins, in liberty syntax.

    Operators, from the tightest binding: ``!x`` and ``x'`` (not), ``^`` (xor), ``&``, ``*`` or
    juxtaposition (and), ``|`` or ``+`` (or); ``0`` and ``1`` are constants.

    Parameters
    ----------
    text : str
        The expression, e.g. ``"(!((A B)+C))"``.

    Raises
    ------
    BooleanFunctionError
        If ``text`` is not a well-formed expression.

    Attributes
    ----------
    text : str
    expression : sympy.logic.boolalg.Boolean
        The parsed function (constants folded: ``"A 0"`` is ``false``).
    inputs : tuple of str
        Pin names the function reads, in order of first appearance.
    """

    def __init__(self, text):
        if not isinstance(text, str):
            raise BooleanFunctionError(f"boolean function must be a string, not {text!r}")
        if not text.strip():
            raise BooleanFunctionError(f"boolean function must not be empty, not {text!r}")
        try:
            self.expression = parse_boolean_function(text)
        except LarkError as error:
            column = getattr(error, "column", None)
            where = f" at column {column}" if isinstance(column, int) and column > 0 else ""
            raise BooleanFunctionError(f"boolean function is malformed{where}: "
                                       f"{text!r}") from None
        self.text = text
        read = {symbol.name for symbol in self.expression.free_symbols}
        self.inputs = tuple(dict.fromkeys(name for name in _NAME.findall(text) if name in read))
        self._evaluate = _compile(self.expression)

    def __repr__(self):
        return f"BooleanFunction({self.text!r})"

    def evaluate(self, values):
        """Value of the function for ``values``, a mapping of pin name to a boolean array (or
        bool); arrays broadcast.

        Raises
        ------
        KeyError
            If a pin the function reads is missing from ``values``.
        """
        return self._evaluate(values)


_OPERATORS = {boolalg.And: and_, boolalg.Or: or_, boolalg.Xor: xor}


def _compile(expression):
    """A function of the pin values computing ``expression`` with NumPy's ``~ & | ^``."""
    if expression is boolalg.true or expression is boolalg.false:
        constant = np.bool_(expression is boolalg.true)
        return lambda values: constant
    if isinstance(expression, Symbol):
        name = expression.name
        return lambda values: values[name]
    if isinstance(expression, boolalg.Not):
        operand = _compile(expression.args[0])
        return lambda values: ~operand(values)
    operator = _OPERATORS.get(type(expression))
    if operator is None:  # the parser builds only the operators above
        raise BooleanFunctionError(f"boolean function must use not, and, or, xor, not "
                                   f"{type(expression).__name__}")
    operands = [_compile(argument) for argument in expression.args]
    return lambda values: reduce(operator, (operand(values) for operand in operands))
