"""Placement of pipeline registers at a unit's named cut points."""

from amaranth.hdl import Signal

__all__ = ["Pipeline"]


class Pipeline:
    """Distributes ``stages`` registers over a datapath with two cut points.

    A unit calls :meth:`cut` at ``"mid"`` (inside its datapath) and at ``"out"`` (its result).
    One stage registers ``"out"``; two register both; every further stage adds one more register
    at ``"out"``. The latency is therefore exactly ``stages`` cycles.

    Parameters
    ----------
    stages : int
        Number of registers, ``>= 0``.

    Raises
    ------
    ValueError
        If ``stages`` is not an integer ``>= 0``.
    """

    def __init__(self, stages):
        if type(stages) is not int or stages < 0:
            raise ValueError(f"pipeline stages must be an integer >= 0, not {stages!r}")
        self.stages = stages

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
        for index in range(self.registers_at(point)):
            delayed = []
            for value in values:
                register = Signal.like(value, name=f"{point}{index}_{_name_of(value)}")
                m.d.sync += register.eq(value)
                delayed.append(register)
            values = tuple(delayed)
        return values


def _name_of(value):
    return getattr(value, "name", "value")
