"""Declarations of a design's parameters as the command line offers them.

Each parameter class (:class:`~lmul.lmul_params.LMulParams`, ...) lists its parameters as
:class:`Option` records in its ``OPTIONS``, next to the fields they fill (FloPoCo style); the
command line builds its arguments from these lists, so a parameter is declared once. The
parameter class validates the values: an :class:`Option` only says how a value is spelt.
"""

from dataclasses import dataclass

__all__ = ["Option"]


@dataclass(frozen=True)
class Option:
    """One keyword parameter of a design, as a command-line option.

    Parameters
    ----------
    name : str
        The keyword argument it fills (``offset``, ``out_fmt``).
    help : str
        One sentence for ``--help``.
    type : type
        ``int`` or ``str``: how each word of the value is read.
    default : object
        The value when the option is absent (the keyword's own default).
    choices : tuple of str or None
        The accepted values, if they are a fixed set.
    required : bool
        Whether the option must be given.
    count : int
        Words the value takes: 1, or more for a tuple (``--window LSB MSB``).
    metavar : str or tuple of str or None
        Placeholder(s) for the value in ``--help``.
    flag : str or None
        The option's spelling; default ``--`` and ``name`` with ``-`` for ``_``.
    """

    name: str
    help: str
    type: type = str
    default: object = None
    choices: tuple | None = None
    required: bool = False
    count: int = 1
    metavar: str | tuple | None = None
    flag: str | None = None

    @property
    def spelling(self):
        """The option as typed on the command line, e.g. ``--output-format``."""
        return self.flag or "--" + self.name.replace("_", "-")

    def value(self, parsed):
        """The keyword value of ``parsed`` (what argparse stored): a tuple for a multi-word
        option, else unchanged."""
        return tuple(parsed) if self.count > 1 and parsed is not None else parsed
