"""The package's top-level names: the main components, parameters and golden models."""

import subprocess
import sys

import pytest


def test_main_names_at_the_top():
    import lmul
    from lmul import DotParams, DotProduct, FPAdd, FPMul, FPMulParams, Format, LMul, LMulParams
    from lmul.dot_params import DotParams as dot_params
    from lmul.format import Format as format_class
    from lmul.hdl.dot_product import DotProduct as dot_product_class
    from lmul.hdl.fpadd import FPAdd as fpadd_class
    from lmul.hdl.fpmul import FPMul as fpmul_class
    from lmul.hdl.lmul import LMul as lmul_class

    assert (Format, LMul, FPMul, FPAdd, DotProduct, DotParams) == \
        (format_class, lmul_class, fpmul_class, fpadd_class, dot_product_class, dot_params)
    assert LMulParams("e4m3fn").name == "lmul_e4m3fn" and FPMulParams("e4m3fn").fmt.width == 8
    assert set(lmul.__all__) <= set(dir(lmul))
    with pytest.raises(AttributeError, match="^module 'lmul' has no attribute 'Lmul'$"):
        lmul.Lmul


def test_components_in_hdl_and_golden_functions_in_golden():
    from lmul import hdl
    from lmul.golden import dot_product, fpmul, lmul
    from lmul.golden.dot_product import dot_product as dot_product_function
    from lmul.hdl.lmul import LMul

    assert hdl.LMul is LMul and dot_product is dot_product_function
    assert lmul([0x38], [0x38], "e4m3fn").tolist() == [0x39]
    assert fpmul([0x38], [0x38], "e4m3fn").tolist() == [0x38]


def test_importing_the_package_imports_no_component():
    # The command line imports the package first; the components load on first use.
    run = subprocess.run([sys.executable, "-c", "import sys, lmul; "
                          "print(sorted(name for name in sys.modules "
                          "if name.startswith(('amaranth', 'lmul'))))"],
                         capture_output=True, text=True, check=True)
    assert run.stdout == "['lmul']\n"
