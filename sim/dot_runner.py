"""Build a dot-product tile's generated Verilog in a simulator and run the cocotb testbench
(:mod:`lmul.sim.tb_dot`) on random packets against the golden model.

The stimulus (:func:`dot_stimulus`) is drawn here, deterministically from a seed, and handed to
the testbench in an ``.npz`` file, so the Amaranth simulation tests can replay the same kind of
traffic.
"""

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..dot_params import DotParams
from .runner import resolve_simulator, run_cocotb

__all__ = ["DotStimulus", "DotSimulationResult", "dot_stimulus", "beat_bits", "pack_beats",
           "simulate_dot", "DEFAULT_PACKETS", "DEFAULT_SEED", "DEFAULT_SPREADS",
           "MAX_PACKET_BEATS"]

#: Packets per simulation.
DEFAULT_PACKETS = 10_000

#: Seed of :func:`dot_stimulus`.
DEFAULT_SEED = 2410_00907

#: Longest packet drawn, in beats.
MAX_PACKET_BEATS = 64

#: Exponent spreads of the three kinds of packets (see :func:`dot_stimulus`).
DEFAULT_SPREADS = (None, 12, 40)

#: Cycles of the ready pattern, replayed cyclically.
_READY_PATTERN_CYCLES = 4096


@dataclass(frozen=True)
class DotStimulus:
    """Traffic for a tile: beats, their timing, the output's ready pattern and resets.

    Members
    -------
    a : numpy.ndarray, shape (beats, rows, lanes)
    b : numpy.ndarray, shape (beats, lanes)
    last : numpy.ndarray of bool, shape (beats,)
        Codes and packet ends, in the order they are offered.
    gaps : numpy.ndarray of int, shape (beats,)
        Idle cycles (``valid`` low) before each beat is offered.
    ready : numpy.ndarray of bool
        ``results.ready`` per cycle, repeated cyclically.
    resets : tuple of (int, bool)
        ``(beat, drain)``: before offering beat ``beat`` (inside a packet, never its first
        beat), reset the tile; with ``drain`` only once every result of the packets completed
        so far has been received, otherwise at once, dropping any result in flight. The beats
        from ``beat`` on are offered as new traffic: the interrupted packet's tail becomes a
        packet of its own.
    """

    a: np.ndarray
    b: np.ndarray
    last: np.ndarray
    gaps: np.ndarray
    ready: np.ndarray
    resets: tuple

    @property
    def segments(self):
        """``(start, stop)`` beat ranges between resets: each is a separate beat stream for the
        golden model."""
        bounds = [0] + [beat for beat, _ in self.resets] + [self.last.size]
        return list(zip(bounds[:-1], bounds[1:]))

    def expected(self, params):
        """Golden-model results of each segment, a list of arrays of shape (packets, rows)."""
        return [params.golden(self.a[start:stop], self.b[start:stop], self.last[start:stop])
                for start, stop in self.segments]

    def save(self, path):
        np.savez(path, a=self.a, b=self.b, last=self.last, gaps=self.gaps, ready=self.ready,
                 resets=np.array(self.resets, dtype=np.int64).reshape(-1, 2))

    @classmethod
    def load(cls, path):
        with np.load(path) as arrays:
            resets = tuple((int(beat), bool(drain)) for beat, drain in arrays["resets"])
            return cls(arrays["a"], arrays["b"], arrays["last"], arrays["gaps"],
                       arrays["ready"], resets)


_PACK_BLOCK = 8192


def beat_bits(a, b, last, fmt):
    """The bits of the ``beats.payload`` of each beat (see
    :func:`lmul.hdl.dot_product.beat_layout`), least significant first, as booleans of shape
    ``(beats, payload width)``: ``a[r][i]`` at code index ``r * lanes + i``, then ``b[i]``, then
    ``last``."""
    a = np.asarray(a).astype(np.uint32)
    codes = np.concatenate([a.reshape(a.shape[0], -1), np.asarray(b).astype(np.uint32)], axis=1)
    bits = (codes[:, :, None] >> np.arange(fmt.width, dtype=np.uint32)) & 1
    return np.concatenate([bits.reshape(codes.shape[0], -1).astype(bool),
                           np.asarray(last, dtype=bool)[:, None]], axis=1)


def pack_beats(stimulus, params):
    """The ``beats.payload`` integer of every beat of ``stimulus`` (:func:`beat_bits`)."""
    payloads = []
    for start in range(0, stimulus.last.size, _PACK_BLOCK):
        block = slice(start, start + _PACK_BLOCK)
        bits = beat_bits(stimulus.a[block], stimulus.b[block], stimulus.last[block], params.fmt)
        packed = np.packbits(bits, axis=1, bitorder="little")
        payloads += [int.from_bytes(row.tobytes(), "little") for row in packed]
    return payloads


def _finite_codes(fmt, rng, exp_low, exp_high, shape):
    """Codes with exponent fields uniform in ``[exp_low, exp_high]`` (clipped to the finite
    ones), random sign and mantissa; in ``fn`` formats the NaN becomes max finite."""
    max_exp = fmt.max_finite_mag >> fmt.man_bits
    exp = np.clip(rng.integers(exp_low, exp_high + 1, shape), 0, max_exp)
    mag = (exp << fmt.man_bits) | rng.integers(0, fmt.man_mask + 1, shape)
    mag = np.minimum(mag, fmt.max_finite_mag)
    return (rng.integers(0, 2, shape) << fmt.mag_bits) | mag


def _normal_code(fmt, rng):
    """A random normal finite code."""
    code = _finite_codes(fmt, rng, 1, fmt.max_finite_mag >> fmt.man_bits, ())
    return int(code)


def dot_stimulus(params, packets=DEFAULT_PACKETS, seed=DEFAULT_SEED, *, resets=2,
                 spreads=DEFAULT_SPREADS):
    """Random traffic of ``packets`` packets for a tile with ``params``.

    Packet lengths: 30 % short (1 to 4 beats), the rest uniform in 1 to
    :data:`MAX_PACKET_BEATS`. Each packet draws its exponent fields uniformly from one of
    three ranges, with probabilities 15 %, 65 % and 20 %: ``spreads[k]`` ``None`` is every
    finite exponent, ``s`` is ``bias ± s`` (by default every exponent, ``bias ± 12`` and
    ``bias ± 40``, beyond the default window of wide formats). Then every code is
    independently replaced by ±0 (4 %) or a random subnormal (4 %). Injected into
    some packets: a NaN or an infinity (8 %), +inf and -inf in one row (4 %), inf times a zero
    or subnormal ``b`` (3 %), and (10 %) products cancelling earlier ones of the packet
    exactly. Gaps: 85 % of beats follow at once, most others after 1 to 3 idle cycles, 1 %
    after 10 to 40. Ready: runs of high (mean 20 cycles) and low (mean 4, sometimes 60).
    ``resets`` resets inside packets, alternately draining and not, spread over the traffic.

    Returns
    -------
    DotStimulus

    Raises
    ------
    ValueError
        If ``packets`` is not an integer ``>= 1``, ``resets`` not one in ``0..packets - 1``,
        or ``spreads`` not three of ``None`` or integers ``>= 0``.
    """
    if not isinstance(params, DotParams):
        raise TypeError(f"params must be a DotParams, not {params!r}")
    if type(packets) is not int or packets < 1:
        raise ValueError(f"packets must be an integer >= 1, not {packets!r}")
    if type(resets) is not int or not 0 <= resets < packets:
        raise ValueError(f"resets must be an integer in 0..{packets - 1}, not {resets!r}")
    if (len(spreads) != 3
            or any(s is not None and (type(s) is not int or s < 0) for s in spreads)):
        raise ValueError(f"spreads must be three of None or integers >= 0, not {spreads!r}")
    fmt, rows, lanes = params.fmt, params.rows, params.lanes
    rng = np.random.default_rng([seed, packets])
    short = rng.random(packets) < 0.3
    lengths = np.where(short, rng.integers(1, 5, packets),
                       rng.integers(1, MAX_PACKET_BEATS + 1, packets))
    # A reset must fall inside a packet: those packets get at least two beats.
    reset_packets = [(index + 1) * packets // (resets + 1) for index in range(resets)]
    lengths[reset_packets] = np.maximum(lengths[reset_packets], 2)
    ends = np.cumsum(lengths)
    starts = ends - lengths
    beats = int(ends[-1])
    last = np.zeros(beats, dtype=bool)
    last[ends - 1] = True

    # Exponent range of each packet, repeated over its beats.
    max_exp = fmt.max_finite_mag >> fmt.man_bits
    bounds = np.array([(0, max_exp) if spread is None else (fmt.bias - spread, fmt.bias + spread)
                       for spread in spreads])
    kind = rng.choice(3, packets, p=[0.15, 0.65, 0.2])
    low = np.repeat(bounds[kind, 0], lengths)
    high = np.repeat(bounds[kind, 1], lengths)
    a = _finite_codes(fmt, rng, low[:, None, None], high[:, None, None], (beats, rows, lanes))
    b = _finite_codes(fmt, rng, low[:, None], high[:, None], (beats, lanes))
    for codes in (a, b):
        draw = rng.random(codes.shape)
        sign = codes & fmt.sign_mask
        subnormal = sign | rng.integers(1, fmt.man_mask + 1, codes.shape)
        codes[...] = np.where(draw < 0.04, sign, np.where(draw < 0.08, subnormal, codes))

    nan = fmt.nan_code
    pos_inf = fmt.inf_mag if fmt.has_inf else None
    for packet in range(packets):
        start, length = int(starts[packet]), int(lengths[packet])
        draw = rng.random()
        if draw < 0.10 and length >= 2:
            # Cancel: copy earlier beats with a's signs flipped.
            count = int(rng.integers(1, length // 2 + 1))
            source = start + rng.choice(length // 2, count, replace=False)
            target = start + length // 2 + rng.choice(length - length // 2, count,
                                                      replace=False)
            a[target] = a[source] ^ fmt.sign_mask
            b[target] = b[source]
        draw = rng.random()
        beat = start + int(rng.integers(0, length))
        row, lane = int(rng.integers(0, rows)), int(rng.integers(0, lanes))
        if draw < 0.08:
            specials = [nan] if pos_inf is None else [nan, pos_inf, pos_inf | fmt.sign_mask]
            code = specials[int(rng.integers(0, len(specials)))]
            if rng.random() < 0.5:
                a[beat, row, lane] = code
            else:
                b[beat, lane] = code
        elif draw < 0.12 and pos_inf is not None:
            # +inf and -inf in one row, each times a normal number: NaN.
            other = start + int(rng.integers(0, length))
            other_lane = int(rng.integers(0, lanes))
            a[beat, row, lane] = pos_inf
            a[other, row, other_lane] = pos_inf | fmt.sign_mask
            b[beat, lane] = _normal_code(fmt, rng)
            b[other, other_lane] = _normal_code(fmt, rng)
        elif draw < 0.15 and pos_inf is not None:
            a[beat, row, lane] = pos_inf | (int(rng.integers(0, 2)) << fmt.mag_bits)
            b[beat, lane] = (int(rng.integers(0, 2)) << fmt.mag_bits) | \
                (0 if rng.random() < 0.5 else int(rng.integers(1, fmt.man_mask + 1)))

    gaps = np.where(rng.random(beats) < 0.85, 0, rng.integers(1, 4, beats))
    gaps = np.where(rng.random(beats) < 0.01, rng.integers(10, 41, beats), gaps)

    ready = np.ones(_READY_PATTERN_CYCLES, dtype=bool)
    cycle = 0
    while cycle < ready.size:
        cycle += int(rng.geometric(1 / 20))
        stall = 60 if rng.random() < 0.05 else int(rng.geometric(1 / 4))
        ready[cycle:cycle + stall] = False
        cycle += stall

    reset_list = []
    for index, packet in enumerate(reset_packets):
        offset = int(rng.integers(1, lengths[packet]))
        reset_list.append((int(starts[packet]) + offset, index % 2 == 0))
    dtype = fmt.code_dtype
    return DotStimulus(a.astype(dtype), b.astype(dtype), last, gaps.astype(np.int64), ready,
                       tuple(reset_list))


@dataclass(frozen=True)
class DotSimulationResult:
    """Outcome of one simulation of a tile: every result compared with the golden model."""
    design: str
    simulator: str
    packets: int
    beats: int
    results: int
    dropped: int
    mismatches: int
    examples: list
    cycles: int
    stalled_cycles: int
    seconds: float
    #: Wall time of the build step (:func:`~lmul.sim.runner.run_cocotb`).
    build_seconds: float = 0.0

    @property
    def passed(self):
        return self.mismatches == 0

    @property
    def packets_per_second(self):
        return self.packets / self.seconds if self.seconds else float("inf")

    def describe(self):
        lines = [f"{self.design} on {self.simulator}: {self.packets:,} packets "
                 f"({self.beats:,} beats, {self.cycles:,} cycles, {self.stalled_cycles:,} "
                 f"with a result held), {self.results:,} results checked, {self.dropped} "
                 f"dropped by reset, {self.mismatches:,} mismatches, {self.seconds:.1f} s "
                 f"({self.packets_per_second:,.0f} packets/s)"]
        lines += [f"  {example}" for example in self.examples]
        return "\n".join(lines)


def simulate_dot(params, *, packets=DEFAULT_PACKETS, seed=DEFAULT_SEED,
                 spreads=DEFAULT_SPREADS, simulator=None, build_dir="build/sim",
                 reference=None):
    """Simulate the generated Verilog of the tile ``params`` on :func:`dot_stimulus` traffic and
    compare every result with the golden model (of ``reference``, if given: a tile with the
    same ports, to show that the check catches a design that differs from it).

    Parameters
    ----------
    params : DotParams
    packets, seed, spreads
        As for :func:`dot_stimulus`.
    simulator : str or None
        ``"icarus"`` or ``"verilator"``; ``None`` reads :func:`default_simulator`.
    build_dir : path
        Root of the build directories, one per simulator and design.

    Returns
    -------
    DotSimulationResult

    Raises
    ------
    SimulationError
        If the simulator is missing or the simulation stops without a result.
    """
    from amaranth.back import verilog

    simulator = resolve_simulator(simulator)
    stimulus = dot_stimulus(params, packets, seed, spreads=spreads)

    work = Path(build_dir).resolve() / simulator / params.name
    work.mkdir(parents=True, exist_ok=True)
    source = work / f"{params.name}.v"
    text = verilog.convert(params.component(), name=params.name, emit_src=False)
    if not source.exists() or source.read_text() != text:
        source.write_text(text)  # an unchanged file lets the simulator skip its rebuild
    stimulus_file = work / "stimulus.npz"
    stimulus.save(stimulus_file)
    env = {"LMUL_DOT": params.to_json(), "LMUL_REFERENCE": (reference or params).to_json(),
           "LMUL_STIMULUS": str(stimulus_file),
           "LMUL_RESULT": str(work / "result.json")}
    summary = run_cocotb(simulator, [source], params.name, work, "lmul.sim.tb_dot", env,
                         always=False)
    return DotSimulationResult(simulator=simulator, **summary)
