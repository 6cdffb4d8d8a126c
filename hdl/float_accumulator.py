"""The per-row accumulator of the dot-product tile's ``float`` accumulator: a running sum in
the output format and one floating-point adder."""

from amaranth.hdl import Module, Signal
from amaranth.lib import data, wiring
from amaranth.lib.wiring import In, Out

from ..format import Format
from .running_sum import update_running_sum

__all__ = ["FloatAccumulator"]


class FloatAccumulator(wiring.Component):
    """Running sum of a packet's beat sums: ``running <- running + sum`` by one
    :class:`~lmul.hdl.fpadd.FPAdd` (default modes; ``running`` as ``a``) in the loop.

    The running sum is a ``fmt`` code, +0 at the start of each packet. Every beat with ``valid``
    adds ``sum``; on the beat with ``last`` the new sum is registered in ``packet`` (with
    ``valid`` for one cycle) and the running sum restarts from +0. NaN and infinities follow
    the adder: NaN stays NaN, an infinity stays unless the opposite one comes (NaN).

    Latency one cycle, throughput one beat per cycle (the adder is combinational, inside the
    loop); ``sync`` domain, reset clears the packet in progress.

    Parameters
    ----------
    fmt : Format or str

    Members
    -------
    beat : In(StructLayout)
        ``sum`` (``fmt``), ``valid``, ``last``.
    packet : Out(StructLayout)
        ``code`` (``fmt``), ``valid``.
    """

    def __init__(self, fmt):
        self.fmt = Format.parse(fmt)
        super().__init__({
            "beat": In(data.StructLayout({"sum": self.fmt.layout, "valid": 1, "last": 1})),
            "packet": Out(data.StructLayout({"code": self.fmt.layout, "valid": 1})),
        })

    @property
    def latency(self):
        return 1

    @property
    def throughput(self):
        return 1

    def elaborate(self, platform):
        from .fpadd import FPAdd

        m = Module()
        running = Signal(self.fmt.layout)
        m.submodules.adder = adder = FPAdd(self.fmt)
        m.d.comb += [adder.a.eq(running), adder.b.eq(self.beat.sum)]
        update_running_sum(m, running, adder.s, self.beat, self.packet)
        return m
