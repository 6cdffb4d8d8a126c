"""What every two-operand arithmetic unit shares: its signature, parameters and pipeline."""

from amaranth.lib import wiring
from amaranth.lib.wiring import In, Out

from .pipeline import Pipeline

__all__ = ["BinaryUnit"]


class BinaryUnit(wiring.Component):
    """Base of the units with members ``a``, ``b`` (inputs) and a result (output, named by
    :attr:`RESULT`: ``p`` for the multipliers), one code of ``params.fmt`` each, and ``stages``
    pipeline registers placed by :class:`Pipeline`.

    Parameters
    ----------
    params : LMulParams, FPMulParams or FPAddParams
        Validated unit parameters; ``params.fmt`` is the format.
    stages : int
        Pipeline registers, 0..:data:`~lmul.hdl.pipeline.MAX_STAGES`.

    Raises
    ------
    TypeError
        If ``stages`` is not an integer.
    ValueError
        If ``stages`` is out of range.
    """

    #: Name of the result member: ``"p"`` (a product); a subclass may rename it (``"s"``).
    RESULT = "p"

    def __init__(self, params, stages):
        self.params = params
        self.fmt = fmt = params.fmt
        self._pipeline = Pipeline(stages)
        super().__init__({"a": In(fmt.layout), "b": In(fmt.layout),
                          self.RESULT: Out(fmt.layout)})

    @property
    def result(self):
        """The result member (``p`` or ``s``, see :attr:`RESULT`)."""
        return getattr(self, self.RESULT)

    @property
    def stages(self):
        return self._pipeline.stages

    @property
    def latency(self):
        """Cycles from operands to result: equal to ``stages``."""
        return self._pipeline.latency

    @property
    def throughput(self):
        """Operand pairs accepted per cycle: 1."""
        return 1
