"""Parameters of the floating-point adder, validated once and shared by the golden models and
the RTL."""

from .rounded_params import RoundedUnitParams

__all__ = ["FPAddParams"]


class FPAddParams(RoundedUnitParams):
    """Validated parameters of a floating-point adder (correctly rounded).

    The fields, their checks and their meaning are those of
    :class:`~lmul.rounded_params.RoundedUnitParams` and of
    :class:`~lmul.fpmul_params.FPMulParams`, the result being the sum: the two units share every
    mode, so ``flush`` + ``saturate`` + RNE is the adder of the L-Mul unit's special-value
    policy. :func:`lmul.golden.fpadd.fpadd` is the contract. Parameters and Raises: those of
    :class:`~lmul.rounded_params.RoundedUnitParams`.
    """

    KIND = "fpadd"
