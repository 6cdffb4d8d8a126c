"""Amaranth components: :class:`LMul`, :class:`FPMul`, :class:`FPAdd` and the dot-product tile
:class:`DotProduct`, with the parts they are built of in the sub-modules."""

from .dot_product import DotProduct
from .fpadd import FPAdd
from .fpmul import FPMul
from .lmul import LMul

__all__ = ["LMul", "FPMul", "FPAdd", "DotProduct"]
