"""Writing a design's Verilog: one module, a checked name, tool failures as one line."""

from ..verilog_names import check_module_name
from . import ToolError, one_line

__all__ = ["write_verilog"]


def write_verilog(design, path, name=None):
    """Write the Verilog of ``design`` (anything with ``component()`` and ``name``: a
    :class:`~lmul.units.UnitConfig` or :class:`~lmul.dot_params.DotParams`) to ``path``
    (``-`` for standard output) as module ``name`` (default ``design.name``).

    Returns
    -------
    tuple of (str, wiring.Component)
        The module name and the component converted.

    Raises
    ------
    ValueError
        If ``name`` is not a plain Verilog identifier (see
        :func:`lmul.verilog_names.check_module_name`).
    ToolError
        If Yosys (Amaranth's Verilog back end) fails.
    OSError
        If ``path`` cannot be written.
    """
    from amaranth.back import verilog

    name = check_module_name(design.name if name is None else name)
    component = design.component()
    try:
        text = verilog.convert(component, name=name, emit_src=False)
    except verilog.YosysError as error:
        raise ToolError(f"Yosys (Amaranth's Verilog back end) failed: "
                        f"{one_line(str(error))}") from None
    if path == "-":
        print(text, end="")
    else:
        with open(path, "w") as file:
            file.write(text)
    return name, component

