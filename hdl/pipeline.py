"""Placement of pipeline registers at a unit's named cut points."""

from ..param_checks import check_integer

from .register import register

__all__ = ["Pipeline", "MAX_STAGES", "check_stages"]

#: The most pipeline registers a unit takes: more adds latency and nothing else.
MAX_STAGES = 64


def check_stages(stages):
    """Return ``stages`` as an ``int`` if it is an integer (``int`` or a NumPy integer; not
    ``bool``) in ``0..MAX_STAGES``.

    Raises
    ------
    TypeError
        If ``stages`` is not an integer.
    ValueError
        If it is out of range.
    """
    return check_integer(stages, "pipeline stages", 0, MAX_STAGES)


class Pipeline:
    """Distributes ``stages`` registers over a datapath with two cut points.

    A unit calls :meth:`cut` at ``"mid"`` (inside its datapath) and at ``"out"`` (its result).
    One stage registers ``"out"``; two register both; every further stage adds one more register
    at ``"out"``. The latency is therefore exactly ``stages`` cycles. Registers are named by cut
    point and stage: ``mid0_sign``, ``out0_code``, ``out1_code``, ...

    Parameters
    ----------
    stages : int
        Number of registers, 0..:data:`MAX_STAGES`.

    Raises
    ------
    TypeError
        If ``stages`` is not an integer.
    ValueError
        If ``stages`` is out of range.
    """

    def __init__(self, stages):
        self.stages = check_stages(stages)

    @property
    def latency(self):
        return self.stages

    def registers_at(self, point):
        if point == "mid":
            return 1 if self.stages >= 2 else 0
        if point == "out":
            return self.stages - self.registers_at("mid")
        raise ValueError(f"cut point must be 'mid' or 'out', not {point!r}")

    def cut(self, m, point, *values):
        """Return ``values`` delayed by the registers placed at ``point``, in ``m.d.sync``."""
        names = [getattr(value, "name", "value") for value in values]
        for index in range(self.registers_at(point)):
            values = tuple(register(m, f"{point}{index}_{name}", value)
                           for name, value in zip(names, values))
        return values
