"""Which reference and parameters :func:`lmul.formal.spec.spec_for` gives each unit."""

import pytest

from lmul.formal.spec import spec_for
from lmul.units import UnitConfig


@pytest.mark.parametrize("config, parameters", [
    (UnitConfig("lmul", "e4m3fn"),
     {"E": 4, "M": 3, "FN": 1, "PAPER_OFFSET": 1, "OFFSET": 0, "OVERFLOW_INF": 0}),
    (UnitConfig("lmul", "fp32", {"offset": 0, "overflow": "inf"}),
     {"E": 8, "M": 23, "FN": 0, "PAPER_OFFSET": 0, "OFFSET": 0, "OVERFLOW_INF": 1}),
    (UnitConfig("lmul", "e5m2", {"offset": 7}),
     {"E": 5, "M": 2, "FN": 0, "PAPER_OFFSET": 0, "OFFSET": 7, "OVERFLOW_INF": 0}),
    (UnitConfig("fpmul", "fp16"),
     {"E": 5, "M": 10, "FN": 0, "FLUSH": 0, "SATURATE": 0, "TRUNCATE": 0}),
    (UnitConfig("fpmul", "e4m3fn", {"subnormals": "flush", "overflow": "saturate",
                                    "rounding": "truncate"}),
     {"E": 4, "M": 3, "FN": 1, "FLUSH": 1, "SATURATE": 1, "TRUNCATE": 1}),
])
def test_parameters_carry_only_the_format_and_the_options(config, parameters):
    spec = spec_for(config)
    assert spec.module == f"{config.kind}_spec"
    assert spec.parameters == parameters
    assert f"module {spec.module} #(" in spec.source


def test_a_unit_without_a_reference_is_refused():
    class Adder:
        kind, options = "fpadd", {}
        format = UnitConfig("lmul", "e5m2").format

    with pytest.raises(ValueError, match="^unit kind must be 'lmul' or 'fpmul' to have a "
                                         "reference, not 'fpadd'$"):
        spec_for(Adder())
