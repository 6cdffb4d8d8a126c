"""cocotb testbench: stream random packets through a dot-product tile and check every result
against the golden model, bit for bit.

Run by :func:`lmul.sim.dot_runner.simulate_dot`, which passes in the environment:

- ``LMUL_DOT``: the :class:`~lmul.dot_params.DotParams` as JSON;
- ``LMUL_REFERENCE``: the parameters whose golden model gives the expected results (the same
  as ``LMUL_DOT`` but to show that the check catches a different design);
- ``LMUL_STIMULUS``: the :class:`~lmul.sim.dot_runner.DotStimulus` as ``.npz``;
- ``LMUL_RESULT``: where to write the JSON summary.

The parts, one job each: a :class:`BeatDriver` offers beats with the stimulus' gaps and resets,
a :class:`ResultMonitor` drives ``ready`` with the stimulus' pattern and reports transferred
results, the :class:`Model` (the golden model) gives each segment's expected results and the
:class:`Checker` compares them in order. One clock loop calls them: inputs are driven after
the falling edge, handshakes sampled in the read-only phase before the rising edge at which
they take effect.
"""

import json
import os
import time

import cocotb
from cocotb.clock import Clock
from cocotb.triggers import FallingEdge, ReadOnly

from ..dot_params import DotParams
from ..hdl.dot_product import beat_layout, result_layout, tile_latency
from .dot_runner import DotStimulus, pack_beats

#: Cycles without a transfer after which the end of the test gives up on missing results.
_IDLE_TIMEOUT = 2000

#: Cycles the reset is held.
_RESET_CYCLES = 2


class Model:
    """The expected results of each segment of the traffic (between resets)."""

    def __init__(self, params, stimulus):
        self.segments = [results.tolist() for results in stimulus.expected(params)]


class Checker:
    """Compares results in order with the model's, segment by segment; a reset ends a segment,
    dropping its results not yet received (those in flight, which the tile drops)."""

    def __init__(self, model, max_in_flight):
        self.model = model
        self.max_in_flight = max_in_flight
        self.segment = 0
        self.received = 0  # in the current segment
        self.results = 0
        self.dropped = 0
        self.mismatches = 0
        self.examples = []

    @property
    def expected(self):
        return self.model.segments[self.segment]

    def _error(self, text):
        self.mismatches += 1
        if len(self.examples) < 10:
            self.examples.append(text)

    def check(self, codes):
        if self.received >= len(self.expected):
            self._error(f"segment {self.segment}: extra result {[hex(c) for c in codes]}")
        elif codes != self.expected[self.received]:
            self._error(f"segment {self.segment} packet {self.received}: got "
                        f"{[hex(c) for c in codes]}, expected "
                        f"{[hex(c) for c in self.expected[self.received]]}")
        self.received += 1
        self.results += 1

    def outstanding(self, completed):
        """Results still due of the ``completed`` packets of the current segment."""
        return completed - self.received

    def reset(self, drain):
        dropped = len(self.expected) - self.received
        if drain and dropped:
            self._error(f"segment {self.segment}: {dropped} results missing before a reset")
        elif dropped > self.max_in_flight:
            self._error(f"segment {self.segment}: {dropped} results dropped by a reset, more "
                        f"than the {self.max_in_flight} the pipeline holds")
        self.dropped += max(dropped, 0)
        self.segment += 1
        self.received = 0

    def finish(self):
        missing = len(self.expected) - self.received
        if missing:
            self._error(f"segment {self.segment}: {missing} results missing at the end")


class _Input:
    """An input port written only when its value changes: writes cost more than comparisons."""

    def __init__(self, handle, value):
        self.handle = handle
        self.value = value
        handle.value = value

    def set(self, value):
        if value != self.value:
            self.handle.value = value
            self.value = value


class BeatDriver:
    """Offers the stimulus' beats with their gaps, holding each until it is accepted; resets
    the tile before the stimulus' reset beats."""

    def __init__(self, dut, stimulus, payloads, checker):
        self.rst = _Input(dut.rst, 1)
        self.valid = _Input(dut.beats__valid, 0)
        self.payload = dut.beats__payload
        self.ready = dut.beats__ready
        self.payloads = payloads
        self.last = stimulus.last.tolist()
        self.gaps = stimulus.gaps.tolist()
        self.resets = list(stimulus.resets)
        self.checker = checker
        self.index = 0  # next beat to offer
        self.gap = self.gaps[0]
        self.offering = False
        self.resetting = 0  # cycles of reset left
        self.completed = 0  # packets whose last beat was accepted, in this segment
        self.accepted = 0

    @property
    def done(self):
        return self.index >= len(self.payloads)

    def drive(self):
        """Set ``rst``, ``valid`` and ``payload`` for this cycle."""
        if self.resetting:
            self.resetting -= 1
            self.rst.set(1)
            return
        self.rst.set(0)
        if self.offering:
            return
        self.valid.set(0)
        if self.done:
            return
        if self.gap:
            self.gap -= 1
            return
        if self.resets and self.resets[0][0] == self.index:
            _, drain = self.resets[0]
            if drain and self.checker.outstanding(self.completed):
                return  # wait for the results in flight
            self.resets.pop(0)
            self.checker.reset(drain)
            self.completed = 0
            self.resetting = _RESET_CYCLES - 1
            self.rst.set(1)
            return
        self.payload.value = self.payloads[self.index]
        self.valid.set(1)
        self.offering = True

    def sample(self):
        """Note whether the offered beat transfers at the coming rising edge."""
        if self.offering and self.ready.value:
            self.completed += self.last[self.index]
            self.accepted += 1
            self.index += 1
            self.offering = False
            if not self.done:
                self.gap = self.gaps[self.index]


class ResultMonitor:
    """Drives ``results.ready`` with the stimulus' pattern and hands every transferred result
    (a list of ``rows`` codes) to ``callback``."""

    def __init__(self, dut, ready_pattern, rows, code_width, callback):
        self.ready_port = _Input(dut.results__ready, 0)
        self.valid = dut.results__valid
        self.payload = dut.results__payload
        self.pattern = ready_pattern.tolist()
        self.rows = rows
        self.code_width = code_width
        self.mask = (1 << code_width) - 1
        self.callback = callback
        self.ready = 0
        self.stalled = 0
        self.transferred = 0

    def drive(self, cycle):
        self.ready = self.pattern[cycle % len(self.pattern)]
        self.ready_port.set(int(self.ready))

    def sample(self):
        """Whether a result transfers at the coming rising edge (then handed on)."""
        if not self.valid.value:
            return False
        if not self.ready:
            self.stalled += 1
            return False
        payload = self.payload.value.to_unsigned()
        self.callback([(payload >> (row * self.code_width)) & self.mask
                       for row in range(self.rows)])
        self.transferred += 1
        return True


@cocotb.test()
async def results_match_golden_model(dut):
    params = DotParams.from_json(os.environ["LMUL_DOT"])
    stimulus = DotStimulus.load(os.environ["LMUL_STIMULUS"])
    # The ports must be the ones these parameters give.
    assert len(dut.beats__payload) == beat_layout(params).size
    assert len(dut.results__payload) == result_layout(params).size
    latency = tile_latency(params)

    model = Model(DotParams.from_json(os.environ["LMUL_REFERENCE"]), stimulus)
    checker = Checker(model, max_in_flight=latency + 1)
    driver = BeatDriver(dut, stimulus, pack_beats(stimulus, params), checker)
    monitor = ResultMonitor(dut, stimulus.ready, params.rows, params.out_fmt.width,
                            checker.check)

    cocotb.start_soon(Clock(dut.clk, 10, unit="ns").start())
    for _ in range(_RESET_CYCLES):
        await FallingEdge(dut.clk)

    start = time.perf_counter()
    cycle = 0
    idle = 0
    while True:
        await FallingEdge(dut.clk)
        driver.drive()
        monitor.drive(cycle)
        await ReadOnly()
        accepted = driver.accepted
        driver.sample()
        transferred = monitor.sample()
        cycle += 1
        idle = 0 if transferred or driver.accepted != accepted else idle + 1
        if driver.done and not checker.outstanding(driver.completed):
            break
        if idle > _IDLE_TIMEOUT:
            break
    seconds = time.perf_counter() - start
    checker.finish()

    summary = {"design": params.name, "packets": int(stimulus.last.sum()),
               "beats": driver.accepted, "results": checker.results, "dropped": checker.dropped,
               "mismatches": checker.mismatches, "examples": checker.examples, "cycles": cycle,
               "stalled_cycles": monitor.stalled, "seconds": seconds}
    with open(os.environ["LMUL_RESULT"], "w") as file:
        json.dump(summary, file)
    assert checker.mismatches == 0, (
        f"{checker.mismatches} results differ from the golden model; first: "
        + "; ".join(checker.examples))
