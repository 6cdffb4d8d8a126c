"""Shared by the simulator tests: run a unit's standard verification and fail with examples."""

from lmul.sim.runner import simulate_unit
from lmul.sim.vectors import verification_pairs
from lmul.units import UnitConfig


def assert_verifies(kind, fmt, options=None, stages=0, simulator="icarus", random_count=1_000_000):
    """Simulate the unit on every pair (8-bit formats) or the boundary, edge and random pairs
    (wider formats) and require every product to equal the golden model's."""
    config = UnitConfig(kind, fmt, options or {}, stages)
    a, b = verification_pairs(config.format, random_count)
    result = simulate_unit(config, a, b, simulator=simulator)
    assert result.vectors == a.size
    assert result.passed, result.describe()
    return result
