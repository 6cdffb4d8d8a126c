"""Liberty boolean functions (``function : "(!(A B))"``) parsed into evaluators over arrays.

The gate-level simulation evaluates every cell of a mapped netlist by the ``function`` its
liberty gives the output pin, so the cell models are the library's own.
"""

import re

import numpy as np

__all__ = ["BooleanFunction", "BooleanFunctionError"]


class BooleanFunctionError(ValueError):
    """A liberty function string that is not a valid boolean expression."""


_TOKEN = re.compile(r"\s*(?:(?P<name>[A-Za-z_][A-Za-z0-9_\[\]\.]*)|(?P<const>[01])"
                    r"|(?P<op>[!'&*|+^()]))")


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
    inputs : tuple of str
        Pin names the function reads, in order of first appearance.
    """

    def __init__(self, text):
        if not isinstance(text, str):
            raise BooleanFunctionError(f"boolean function must be a string, not {text!r}")
        self.text = text
        self._tokens = _tokenize(text)
        self._position = 0
        inputs = []
        self._tree = self._parse_or()
        if self._position != len(self._tokens):
            raise BooleanFunctionError(f"boolean function has unexpected "
                                       f"{self._tokens[self._position][1]!r}: {text!r}")
        _collect_inputs(self._tree, inputs)
        self.inputs = tuple(inputs)
        del self._tokens, self._position

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
        return _evaluate(self._tree, values)

    # -- recursive descent, one level per precedence ----------------------------------------

    def _peek(self):
        return self._tokens[self._position] if self._position < len(self._tokens) else None

    def _take(self):
        token = self._peek()
        if token is None:
            raise BooleanFunctionError(f"boolean function ends too early: {self.text!r}")
        self._position += 1
        return token

    def _parse_or(self):
        node = self._parse_and()
        while self._peek() in (("op", "|"), ("op", "+")):
            self._take()
            node = ("or", node, self._parse_and())
        return node

    def _parse_and(self):
        node = self._parse_xor()
        while True:
            token = self._peek()
            if token in (("op", "&"), ("op", "*")):
                self._take()
            elif token is None or not (token[0] in ("name", "const") or token in (("op", "!"),
                                                                                 ("op", "("))):
                return node
            node = ("and", node, self._parse_xor())

    def _parse_xor(self):
        node = self._parse_unary()
        while self._peek() == ("op", "^"):
            self._take()
            node = ("xor", node, self._parse_unary())
        return node

    def _parse_unary(self):
        token = self._take()
        if token == ("op", "!"):
            node = ("not", self._parse_unary())
        elif token == ("op", "("):
            node = self._parse_or()
            if self._peek() != ("op", ")"):
                raise BooleanFunctionError(f"boolean function has an unclosed '(': "
                                           f"{self.text!r}")
            self._take()
        elif token[0] == "name":
            node = ("pin", token[1])
        elif token[0] == "const":
            node = ("const", token[1] == "1")
        else:
            raise BooleanFunctionError(f"boolean function has unexpected {token[1]!r}: "
                                       f"{self.text!r}")
        while self._peek() == ("op", "'"):
            self._take()
            node = ("not", node)
        return node


def _tokenize(text):
    tokens = []
    position = 0
    text = text.rstrip()
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None:
            raise BooleanFunctionError(f"boolean function has unexpected "
                                       f"{text[position:].strip()[:1]!r}: {text!r}")
        position = match.end()
        kind = match.lastgroup
        tokens.append((kind, match[kind]))
    if not tokens:
        raise BooleanFunctionError(f"boolean function must not be empty, not {text!r}")
    return tokens


def _collect_inputs(node, inputs):
    if node[0] == "pin":
        if node[1] not in inputs:
            inputs.append(node[1])
    elif node[0] != "const":
        for child in node[1:]:
            _collect_inputs(child, inputs)


def _evaluate(node, values):
    kind = node[0]
    if kind == "pin":
        return values[node[1]]
    if kind == "const":
        return np.bool_(node[1])
    if kind == "not":
        return ~_evaluate(node[1], values)
    left, right = _evaluate(node[1], values), _evaluate(node[2], values)
    if kind == "and":
        return left & right
    if kind == "or":
        return left | right
    return left ^ right
