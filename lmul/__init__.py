"""lmul: RTL generator for L-Mul, the approximate floating-point multiplier, with its
conventional baseline, a dot-product tile and their bit-exact golden models.

The main names are here, imported on first use so that ``import lmul`` (and the command line)
stays fast: :class:`Format` and :data:`PRESETS`; the Amaranth components :class:`LMul`,
:class:`FPMul`, the floating-point adder :class:`FPAdd` and :class:`DotProduct` (also in
:mod:`lmul.hdl`); their parameter classes :class:`LMulParams`, :class:`FPMulParams`,
:class:`FPAddParams` and :class:`DotParams`. The golden models are the functions
:func:`lmul.golden.lmul`, :func:`lmul.golden.fpmul`, :func:`lmul.golden.fpadd` and
:func:`lmul.golden.dot_product`.
"""

import importlib

__all__ = ["Format", "PRESETS", "LMul", "FPMul", "FPAdd", "DotProduct", "LMulParams",
           "FPMulParams", "FPAddParams", "DotParams"]

# Name -> module that defines it.
_LAZY_NAMES = {
    "Format": "lmul.format", "PRESETS": "lmul.format",
    "LMul": "lmul.hdl", "FPMul": "lmul.hdl", "FPAdd": "lmul.hdl", "DotProduct": "lmul.hdl",
    "LMulParams": "lmul.lmul_params", "FPMulParams": "lmul.fpmul_params",
    "FPAddParams": "lmul.fpadd_params",
    "DotParams": "lmul.dot_params",
}


def __getattr__(name):
    if name not in _LAZY_NAMES:
        raise AttributeError(f"module 'lmul' has no attribute {name!r}")
    value = getattr(importlib.import_module(_LAZY_NAMES[name]), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(__all__))
