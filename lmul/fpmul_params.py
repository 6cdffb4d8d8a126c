"""Parameters of the conventional floating-point multiplier, validated once and shared by the
golden models and the RTL."""

from .rounded_params import RoundedUnitParams

__all__ = ["FPMulParams"]


class FPMulParams(RoundedUnitParams):
    """Validated parameters of a conventional (correctly rounded) floating-point multiplier.

    The fields, their checks and their meaning are those of
    :class:`~lmul.rounded_params.RoundedUnitParams`, the result being the product.

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

    KIND = "fpmul"
