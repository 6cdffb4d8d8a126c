"""The per-row accumulator of the dot-product tile's ``aligned`` accumulator: a running sum in
the output format, to which each beat's aligned products are added after aligning both to the
larger exponent."""

from amaranth.hdl import Cat, Const, Module, Mux, Signal, signed
from amaranth.lib import data, wiring
from amaranth.lib.wiring import In, Out

from .adder_tree import AdderTree
from .beat_align import (aligned_beat_layout, aligned_exponent_shape, check_aligned_params,
                         right_shift)
from .leading_zeros import leading_zeros
from .round_scaled import round_scaled
from .running_sum import update_running_sum

__all__ = ["AlignedAccumulator"]


class AlignedAccumulator(wiring.Component):
    """Running sum of a packet under the ``aligned`` rules of :class:`lmul.dot_params.DotParams`.

    The running sum is an ``out_fmt`` code, +0 at the start of each packet. On every beat with
    ``valid``, in one cycle (the loop cannot be pipelined: each beat's alignment depends on the
    previous sum): the running sum's leading-one exponent (a leading-zero count covers
    subnormals) and the beat's ``largest`` give the larger exponent ``e``; the beat's terms
    (already truncated to ``F`` fraction bits below ``largest``, :class:`~lmul.hdl.beat_align.
    BeatAlign`) are shifted right by ``e - largest`` and the running sum's top ``F + 1``
    significand bits by its distance from ``e``, both truncating; the ``lanes + 1`` signed terms
    are added exactly by a combinational :class:`~lmul.hdl.adder_tree.AdderTree`, and the sum
    times ``2**(e - F)`` is rounded to nearest even into ``out_fmt``
    (:func:`~lmul.hdl.round_scaled.round_scaled`); NaN and infinities as the rules say. On the
    beat with ``last`` the new sum is registered in ``packet`` (with ``valid`` for one cycle) and
    the running sum restarts from +0.

    Latency one cycle, throughput one beat per cycle; ``sync`` domain, reset clears the packet
    in progress.

    Parameters
    ----------
    params : DotParams
        With ``accumulator="aligned"``.

    Members
    -------
    beat : In(StructLayout)
        ``aligned`` (:func:`~lmul.hdl.beat_align.aligned_beat_layout`), ``valid``, ``last``.
    packet : Out(StructLayout)
        ``code`` (``out_fmt``), ``valid``.
    """

    def __init__(self, params):
        self.params = check_aligned_params(params)
        super().__init__({
            "beat": In(data.StructLayout({"aligned": aligned_beat_layout(params), "valid": 1,
                                          "last": 1})),
            "packet": Out(data.StructLayout({"code": params.out_fmt.layout, "valid": 1})),
        })

    @property
    def latency(self):
        return 1

    @property
    def throughput(self):
        return 1

    def elaborate(self, platform):
        m = Module()
        params, out_fmt = self.params, self.params.out_fmt
        fraction_bits, lanes = params.fraction_bits, params.lanes
        kept, man_bits = fraction_bits + 1, out_fmt.man_bits
        exponent_shape = aligned_exponent_shape(params)
        beat = self.beat.aligned

        running = Signal(out_fmt.layout)
        # The running sum as a term: its significand normalised, and its leading exponent.
        significand = running.significand()
        zeros = leading_zeros(m, significand)
        running_lead = Signal(exponent_shape)
        m.d.comb += running_lead.eq(running.exponent() - out_fmt.bias - zeros)
        normalised = Signal(man_bits + 1)
        m.d.comb += normalised.eq(significand << zeros)
        running_top = (normalised[man_bits + 1 - kept:] if man_bits + 1 >= kept
                       else Cat(Const(0, kept - man_bits - 1), normalised))
        running_present = ~running.is_inf_or_nan() & (significand != 0)

        largest = Signal(exponent_shape)
        with m.If(beat.any & (~running_present | (beat.largest >= running_lead))):
            m.d.comb += largest.eq(beat.largest)
        with m.Else():
            m.d.comb += largest.eq(running_lead)

        beat_shift = right_shift(m, "beat_shift", largest - beat.largest, kept, exponent_shape)
        running_shift = right_shift(m, "running_shift", largest - running_lead, kept,
                                    exponent_shape)

        tree = AdderTree(kept + 1, lanes + 1, levels_per_register=0)
        m.submodules.tree = tree
        for lane in range(lanes):
            term = beat.terms[lane] >> beat_shift
            m.d.comb += tree.terms[lane].eq(Mux(beat.signs[lane], -term, term))
        running_term = Mux(running_present, running_top >> running_shift, 0)
        m.d.comb += tree.terms[lanes].eq(Mux(running.sign, -running_term, running_term))

        total = tree.total
        magnitude = Signal(len(total))
        m.d.comb += magnitude.eq(Mux(total < 0, -total, total))
        exponent = Signal(signed(len(largest) + 1))
        m.d.comb += exponent.eq(largest - fraction_bits)
        rounded = round_scaled(m, magnitude, total < 0, exponent, out_fmt)

        pos_inf = beat.pos_inf | (running.is_inf() & ~running.sign)
        neg_inf = beat.neg_inf | (running.is_inf() & running.sign)
        new = Signal(out_fmt.width)
        with m.If(beat.nan | running.is_nan() | (pos_inf & neg_inf)):
            m.d.comb += new.eq(out_fmt.nan_code)
        with m.Elif(pos_inf | neg_inf):
            m.d.comb += new.eq(Cat(Const(out_fmt.inf_mag, out_fmt.mag_bits), neg_inf))
        with m.Else():
            m.d.comb += new.eq(rounded)

        update_running_sum(m, running, new, self.beat, self.packet)
        return m
