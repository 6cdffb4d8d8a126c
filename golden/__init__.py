"""Bit-exact golden models, vectorised over NumPy code arrays: :func:`lmul` (the L-Mul unit),
:func:`fpmul` (the conventional multiplier), :func:`fpadd` (the floating-point adder) and
:func:`dot_product` (the tile).

These functions shadow the sub-modules of the same names as attributes of this package; the
modules' other members are imported from them directly (``from lmul.golden.dot_product import
round_window``).
"""

from .dot_product import dot_product
from .fpadd import fpadd
from .fpmul import fpmul
from .lmul import lmul

__all__ = ["lmul", "fpmul", "fpadd", "dot_product"]
