"""Command-line arguments of the designs, built from their parameter declarations.

Every design kind's parameters are declared once, as the ``OPTIONS`` of its parameter class
(and :data:`lmul.units.STAGES_OPTION` for the units' pipeline); this module turns them into one
sub-parser per kind and turns parsed arguments back into the design.
"""

from ..dot_params import DotParams
from ..units import STAGES_OPTION, UNIT_PARAMS, UnitConfig

__all__ = ["DESIGN_HELP", "design_options", "add_design_parsers", "add_options",
           "design_from_args"]

#: Design kind -> one line for ``--help``.
DESIGN_HELP = {
    "lmul": "L-Mul approximate multiplier",
    "fpmul": "conventional floating-point multiplier (baseline)",
    "fpadd": "floating-point adder (correctly rounded)",
    "dot": "dot-product tile (matrix-vector, L-Mul or exact products)",
}


def design_options(kind):
    """The :class:`~lmul.options.Option` declarations of design ``kind``."""
    if kind == "dot":
        return DotParams.OPTIONS
    return UNIT_PARAMS[kind].OPTIONS + (STAGES_OPTION,)


def add_options(parser, options):
    """Add one argparse option per :class:`~lmul.options.Option` to ``parser``."""
    for option in options:
        parser.add_argument(option.spelling, dest=option.name, type=option.type,
                            default=option.default, choices=option.choices,
                            required=option.required, metavar=option.metavar,
                            nargs=option.count if option.count > 1 else None,
                            help=option.help)


def add_design_parsers(parser, kinds, run, add_command_options, descriptions=None):
    """Add a sub-parser per design kind in ``kinds`` to ``parser``.

    Each gets the kind's options, then ``add_command_options(subparser, kind)``, and ``run`` as
    its ``run`` default. ``descriptions`` maps a kind to its ``--help`` description.
    """
    subparsers = parser.add_subparsers(dest="kind", required=True, metavar="DESIGN")
    for kind in kinds:
        subparser = subparsers.add_parser(
            kind, help=DESIGN_HELP[kind], description=(descriptions or {}).get(kind))
        add_options(subparser, design_options(kind))
        add_command_options(subparser, kind)
        subparser.set_defaults(run=run, prog=subparser.prog)
    return subparsers


def design_from_args(args):
    """The design the parsed ``args`` describe: a :class:`~lmul.units.UnitConfig` or a
    :class:`~lmul.dot_params.DotParams`, validated."""
    values = {option.name: option.value(getattr(args, option.name))
              for option in design_options(args.kind)}
    if args.kind == "dot":
        return DotParams(**values)
    fmt, stages = values.pop("fmt"), values.pop("stages")
    return UnitConfig(args.kind, fmt, values, stages)
