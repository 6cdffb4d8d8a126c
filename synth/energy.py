"""Energy per operation from measured toggle rates and OpenSTA's per-cell power coefficients.

A design does ``operations`` operations per clock cycle (one for a unit). For every cell, OpenSTA
gives its dynamic power at a global activity of 0 (``P0``: for a flip-flop, its clock pin) and of
1 transition per cycle (``P1``). A cell's dynamic power at its own activity ``r`` (transitions
per cycle of the nets it drives, measured by the gate-level simulation) is ``P0 + r (P1 - P0)``;
times the clock period it is the cell's energy per cycle, shared by the cycle's operations.
Leakage is reported apart, as leakage power times the period.
"""

from dataclasses import dataclass

__all__ = ["EnergyPerOperation", "energy_per_operation"]


@dataclass(frozen=True)
class EnergyPerOperation:
    """Energy one operation costs, in picojoules.

    Attributes
    ----------
    dynamic_pj : float
        Internal and switching energy of all cells, clock pins of the flip-flops included.
    clock_pj : float
        The part of ``dynamic_pj`` spent in flip-flop clock pins whatever the data (0 for a
        combinational unit).
    leakage_pj : float
        Leakage power times the clock period.
    mean_toggle_rate : float
        Average transitions per cycle over the nets the cells drive.
    """

    dynamic_pj: float
    clock_pj: float
    leakage_pj: float
    mean_toggle_rate: float

    @property
    def total_pj(self):
        """Dynamic plus leakage energy, to the same 6 significant digits."""
        return _significant(self.dynamic_pj + self.leakage_pj, 6)

    def as_dict(self):
        return {"dynamic_pj": self.dynamic_pj, "clock_pj": self.clock_pj,
                "leakage_pj": self.leakage_pj, "total_pj": self.total_pj,
                "mean_toggle_rate": self.mean_toggle_rate}


def energy_per_operation(cell_power, cells, toggle_rates, period_ns, *, operations=1,
                         digits=6):
    """Combine power coefficients and activities into energy per operation.

    Parameters
    ----------
    cell_power : dict of str to tuple
        Cell name to ``(dynamic_at_0, dynamic_at_1, leakage)`` in watts
        (:attr:`lmul.synth.sta.StaResult.cell_power`).
    cells : dict of str to tuple
        Cell name to ``(type, output bits, input bits, is_flip_flop)``
        (:attr:`lmul.synth.gate_sim.GateNetlist.cells`).
    toggle_rates : dict of int to float
        Net bit to transitions per cycle (:attr:`lmul.synth.gate_sim.GateSimulation.toggle_rates`).
    period_ns : float
        Clock period.
    operations : int
        Operations done in each cycle (a dot-product tile: its multiply-accumulates); the
        energy of a cycle is shared among them.
    digits : int
        Significant digits kept, so that float summation order cannot change a reported number.

    Returns
    -------
    EnergyPerOperation

    Raises
    ------
    ValueError
        If the two descriptions name different cells.

    Notes
    -----
    A cell's activity is the mean toggle rate of its outputs; a flip-flop's also averages in its
    data input, whose internal power OpenSTA counts with the same global activity (over a long
    stream a flip-flop's data and output toggle equally often).
    """
    if set(cell_power) != set(cells):
        only_sta = sorted(set(cell_power) - set(cells))[:3]
        only_netlist = sorted(set(cells) - set(cell_power))[:3]
        raise ValueError(f"power report and netlist must list the same cells, not "
                         f"{only_sta} only in one and {only_netlist} only in the other")
    period_s = period_ns * 1e-9
    dynamic = clock = leakage = 0.0
    rates = []
    for name in sorted(cells):
        _, outputs, inputs, is_flip_flop = cells[name]
        at_0, at_1, leak = cell_power[name]
        nets = list(outputs) + (list(inputs) if is_flip_flop else [])
        activity = sum(toggle_rates.get(bit, 0.0) for bit in nets) / len(nets) if nets else 0.0
        rates += [toggle_rates.get(bit, 0.0) for bit in outputs]
        dynamic += at_0 + activity * (at_1 - at_0)
        clock += at_0
        leakage += leak
    mean_rate = sum(rates) / len(rates) if rates else 0.0
    return EnergyPerOperation(_significant(dynamic * period_s * 1e12 / operations, digits),
                              _significant(clock * period_s * 1e12 / operations, digits),
                              _significant(leakage * period_s * 1e12 / operations, digits),
                              _significant(mean_rate, digits))


def _significant(value, digits):
    return float(f"{value:.{digits}g}")
