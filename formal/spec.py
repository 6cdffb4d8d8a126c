"""Which reference specification describes a unit, and with which Verilog parameters.

The references live beside this module as behavioural Verilog: ``lmul_spec.v`` (L-Mul),
``fpmul_spec.v`` (the conventional multiplier) and ``fpadd_spec.v`` (the adder), each including
``format_codes.vh`` (the format's constants and the operands' special values). Only the
format's widths and policy and the user's mode options are passed to them; everything derived
(bias, the paper's offset, the largest finite number, NaN and infinity codes) they compute
themselves from the README's specification.
"""

import re
from dataclasses import dataclass
from importlib import resources

__all__ = ["Spec", "spec_for"]

#: A line that includes a file beside the references (the rounder ``round_spec.v``, the shared
#: ``format_codes.vh`` and ``operand_codes.vh``), expanded in place so that the source is one
#: self-contained text.
_INCLUDE = re.compile(r'^`include "([\w.]+)"$', re.MULTILINE)


def _source(name):
    """The text of the file ``name`` beside this module, its includes expanded."""
    text = resources.files(__package__).joinpath(name).read_text()
    return _INCLUDE.sub(lambda match: _source(match[1]), text)


@dataclass(frozen=True)
class Spec:
    """A reference module and its parameters.

    Members
    -------
    module : str
        Verilog module name of the reference.
    source : str
        Its Verilog text.
    parameters : dict
        Parameter name -> integer value.
    output : str
        Name of the result port, the unit's (:attr:`lmul.units.UnitConfig.result_port`).
    split : (str, range) or None
        A wire the reference keeps on which a proof can split into cases, and every value it
        takes (the adder's clamped exponent distance ``shift``, 0..M + 3).
    """

    module: str
    source: str
    parameters: dict
    output: str
    split: tuple | None = None


def spec_for(config):
    """The reference :class:`Spec` of ``config`` (a :class:`lmul.units.UnitConfig`).

    Raises
    ------
    ValueError
        For a unit kind that has no reference.
    """
    fmt = config.format
    common = {"E": fmt.exp_bits, "M": fmt.man_bits, "FN": int(fmt.special == "fn")}
    if config.kind == "lmul":
        params = config.params
        # The raw option, not params.offset: the reference derives the paper's offset itself.
        offset = config.options.get("offset")
        parameters = {**common, "PAPER_OFFSET": int(offset is None), "OFFSET": offset or 0,
                      "OVERFLOW_INF": int(params.overflow == "inf")}
    elif config.kind in ("fpmul", "fpadd"):
        params = config.params
        parameters = {**common,
                      "FLUSH": int(params.flush_subnormals),
                      "SATURATE": int(params.overflow == "saturate"),
                      "TRUNCATE": int(params.truncate)}
    else:
        raise ValueError(f"unit kind must be 'lmul', 'fpmul' or 'fpadd' to have a reference, "
                         f"not {config.kind!r}")
    module = f"{config.kind}_spec"
    source = _source(f"{module}.v")
    split = ("shift", range(fmt.man_bits + 4)) if config.kind == "fpadd" else None
    return Spec(module, source, parameters, config.result_port, split)
