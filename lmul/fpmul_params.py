"""Parameters of the conventional floating-point multiplier, validated once and shared by the
golden models and the RTL."""

from .rounded_params import RoundedUnitParams

__all__ = ["FPMulParams"]


class FPMulParams(RoundedUnitParams):
    """Validated parameters of a conventional (correctly rounded) floating-point multiplier.

    The fields, their checks and their meaning are those of
    :class:`~lmul.rounded_params.RoundedUnitParams` (see its Parameters and Raises), the result
    being the product.
    """

    KIND = "fpmul"
