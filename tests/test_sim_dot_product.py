"""The generated dot-product Verilog, simulated with cocotb under random traffic (valid gaps,
ready stalls, resets inside packets, zeros, subnormals, NaN and infinities), equals the golden
model bit for bit.

The 10,000-packet runs use Verilator by default: on Icarus the tile's Verilog simulates at
0.4 ms (4 lanes) to 15 ms (64 lanes) per cycle, too slow for ~400,000 cycles, while Verilator
takes ~0.05 ms per cycle after a 30 s to 2.5 min compile (cached in ``build/sim``). Icarus
runs the same testbench on shorter traffic, and on 10,000 packets for the one-lane tiles.
"""

import itertools

import pytest

from lmul.dot_params import DotParams
from lmul.sim.dot_runner import DEFAULT_SPREADS, simulate_dot
from utils import NARROW_CONFIGS

#: Packets per full run: resets drop at most a few results, so at least 10,000 are checked.
FULL_PACKETS = 10_050


def _run(config, simulator, packets, spreads=DEFAULT_SPREADS):
    params = DotParams(**config)
    result = simulate_dot(params, packets=packets, simulator=simulator, spreads=spreads)
    print(result.describe())
    assert result.packets == packets
    assert result.passed, result.describe()
    # Every packet's result is checked except those a reset legitimately dropped.
    assert result.results + result.dropped == packets
    assert result.stalled_cycles > 0
    return result


SHORT_CONFIGS = [
    dict(fmt="e4m3fn", lanes=4, rows=1),
    dict(fmt="e5m2", lanes=1, rows=4, multiplier="exact"),
]


@pytest.mark.parametrize("config", SHORT_CONFIGS, ids=lambda config: DotParams(**config).name)
def test_short_traffic_on_icarus(config):
    _run(config, "icarus", 300)


def test_short_narrow_window_traffic_on_icarus():
    """Truncation, clipped products, window and output overflow (see the golden tests)."""
    config, spreads = NARROW_CONFIGS[0]
    _run(config, "icarus", 300, spreads)


FULL_CONFIGS = [dict(fmt=fmt, multiplier=multiplier, lanes=lanes, rows=rows)
                for fmt, multiplier, lanes, rows in itertools.product(
                    ["e4m3fn", "e5m2"], ["lmul", "exact"], [1, 4, 16], [1, 4])]
FULL_CONFIGS.append(dict(fmt="bf16", multiplier="lmul", lanes=4, rows=2))


@pytest.mark.slow
@pytest.mark.parametrize("config", FULL_CONFIGS, ids=lambda config: DotParams(**config).name)
def test_ten_thousand_packets_on_verilator(config):
    result = _run(config, "verilator", FULL_PACKETS)
    assert result.results >= 10_000


@pytest.mark.slow
def test_ten_thousand_packets_narrow_window_on_verilator():
    config, spreads = NARROW_CONFIGS[0]
    result = _run(config, "verilator", FULL_PACKETS, spreads)
    assert result.results >= 10_000


@pytest.mark.slow
@pytest.mark.parametrize("config", [dict(fmt="e4m3fn", lanes=1, rows=1),
                                    dict(fmt="e5m2", lanes=1, rows=1, multiplier="exact")],
                         ids=lambda config: DotParams(**config).name)
def test_ten_thousand_packets_on_icarus(config):
    result = _run(config, "icarus", FULL_PACKETS)
    assert result.results >= 10_000


# -- the float and aligned accumulators --------------------------------------------------------

#: Exponent spreads for output formats narrower than fp32: most sums stay finite.
NARROW_OUTPUT_SPREADS = (None, 2, 4)

ACCUMULATOR_SHORT_CONFIGS = [
    dict(fmt="e4m3fn", lanes=4, rows=1, accumulator="aligned"),
    dict(fmt="e4m3fn", lanes=2, rows=1, accumulator="float"),
]

#: 10,000 packets on one configuration of each accumulator (Verilator).
ACCUMULATOR_FULL_CONFIGS = [
    dict(fmt="e4m3fn", lanes=4, rows=2, multiplier="exact", accumulator="aligned"),
    dict(fmt="e4m3fn", lanes=4, rows=2, accumulator="float"),
]

#: 1,000 packets on the others (Icarus: a Verilator build of the fp32 tiles takes minutes).
ACCUMULATOR_OTHER_CONFIGS = [
    dict(fmt="e5m2", lanes=4, rows=1, accumulator="aligned", fraction_bits=5),
    dict(fmt="bf16", lanes=2, rows=1, multiplier="exact", accumulator="aligned",
         fraction_bits=30),
    dict(fmt="fp32", lanes=1, rows=1, accumulator="aligned"),
    dict(fmt="e5m2", lanes=3, rows=1, multiplier="exact", accumulator="aligned",
         out_fmt="fp16"),
    dict(fmt="fp32", lanes=1, rows=1, accumulator="float"),                 # the scalar MAC
    dict(fmt="fp32", lanes=2, rows=1, multiplier="exact", accumulator="float"),
    dict(fmt="bf16", lanes=2, rows=1, accumulator="float", tree_levels_per_register=0),
    dict(fmt="e5m2", lanes=3, rows=1, multiplier="exact", accumulator="float",
         out_fmt="fp16"),
]


def _spreads(config):
    out_fmt = config.get("out_fmt", "fp32")
    return DEFAULT_SPREADS if out_fmt in ("fp32", "bf16") else NARROW_OUTPUT_SPREADS


def _name(config):
    return DotParams(**config).name


@pytest.mark.parametrize("config", ACCUMULATOR_SHORT_CONFIGS, ids=_name)
def test_accumulator_short_traffic_on_icarus(config):
    _run(config, "icarus", 200, _spreads(config))


@pytest.mark.parametrize("reference", [dict(fraction_bits=12), dict(fraction_bits=14)],
                         ids=["f12", "f14"])
def test_the_check_catches_an_aligned_tile_with_another_fraction_width(reference, tmp_path):
    config = ACCUMULATOR_SHORT_CONFIGS[0]
    params = DotParams(**config)
    result = simulate_dot(params, packets=100, simulator="icarus", build_dir=tmp_path,
                          reference=DotParams(**config, **reference))
    assert result.mismatches > 5 and not result.passed
    assert "expected" in result.examples[0]


@pytest.mark.slow
@pytest.mark.parametrize("config", ACCUMULATOR_FULL_CONFIGS, ids=_name)
def test_accumulator_ten_thousand_packets_on_verilator(config):
    result = _run(config, "verilator", FULL_PACKETS, _spreads(config))
    assert result.results >= 10_000


@pytest.mark.slow
@pytest.mark.parametrize("config", ACCUMULATOR_OTHER_CONFIGS, ids=_name)
def test_accumulator_thousand_packets_on_icarus(config):
    result = _run(config, "icarus", 1_000, _spreads(config))
    assert result.results >= 990
