"""The running sum of a packet in the dot-product tile's floating-point accumulators."""

__all__ = ["update_running_sum"]


def update_running_sum(m, running, new, beat, packet):
    """Add the update of a floating-point running sum to ``m.d.sync``: on a beat with
    ``beat.valid``, ``running`` takes ``new`` (the sum after the beat), or on the beat with
    ``beat.last`` ``packet.code`` takes it, with ``packet.valid`` for one cycle, and ``running``
    restarts from +0. Between beats nothing changes; reset clears the packet in progress."""
    m.d.sync += packet.valid.eq(beat.valid & beat.last)
    with m.If(beat.valid):
        with m.If(beat.last):
            m.d.sync += [packet.code.eq(new), running.eq(0)]
        with m.Else():
            m.d.sync += running.eq(new)
