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
    policy. :func:`lmul.golden.fpadd.fpadd` is the contract.

    Parameters
    ----------
    fmt : Format or str
        Operand and result format.
    subnormals : str
        ``"ieee"`` (gradual underflow, the default) or ``"flush"``.
    overflow : str
        ``"ieee"`` (the default) or ``"saturate"``.
    rounding : str
        ``"rne"`` (the default) or ``"truncate"``.

    Raises
    ------
    TypeError
        If a mode is not a string.
    ValueError
        If the format is invalid or a mode is unknown.
    """

    KIND = "fpadd"
