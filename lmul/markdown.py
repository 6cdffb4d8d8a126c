"""Markdown tables, as the reports write them."""

__all__ = ["table_lines"]


def table_lines(header, rows):
    """Lines of a Markdown table: the ``header`` cells, a rule, then each row's cells (any
    values, written with :func:`str`)."""
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return lines
