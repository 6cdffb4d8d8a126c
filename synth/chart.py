"""The report's chart: L-Mul / baseline ratios per format, one panel per metric."""

from .designs import PAIRS

__all__ = ["write_ratio_chart", "CHART_METRICS"]

#: Metrics shown, one panel each: (metric, panel title).
CHART_METRICS = (
    ("area", "Standard-cell area"),
    ("energy_normal", "Energy per operation, N(0,1) stream"),
    ("energy_uniform", "Energy per operation, uniform stream"),
    ("xilinx_luts", "UltraScale+ LUTs (combinational)"),
)

_SHORT_NAMES = {
    ("fpmul_like", 0): "like for like (flush, saturate, RNE)",
    ("fpmul_ieee", 0): "full IEEE (subnormals, RNE)",
    ("fpmul_cheap", 0): "cheapest (flush, saturate, truncate)",
    ("fpmul_like", 2): "like for like, pipelined",
}


def write_ratio_chart(summary, path):
    """Draw the ratios of ``summary`` (:func:`lmul.synth.report.build_report`) into the PNG
    ``path``; the drawing depends only on the summary, so it is reproducible."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    formats = summary["formats"]
    ratios = {(c["format"], c["pair"]): c["ratios"] for c in summary["comparisons"]}
    shown = [pair for pair in PAIRS if (pair.baseline, pair.stages) in _SHORT_NAMES]
    floor = next(pair for pair in PAIRS if pair.is_floor)
    like_for_like = next(pair for pair in PAIRS
                         if pair.baseline == "fpmul_like" and pair.stages == floor.stages)
    plt.rcParams.update({"svg.hashsalt": "lmul", "font.size": 9})
    figure, axes = plt.subplots(2, 2, figsize=(11, 7.5), dpi=100, sharex=True)
    width = 0.8 / len(shown)
    positions = range(len(formats))
    for axis, (metric, title) in zip(axes.flat, CHART_METRICS):
        for index, pair in enumerate(shown):
            values = [ratios.get((fmt, pair.name), {}).get(metric) for fmt in formats]
            offsets = [x - 0.4 + width * (index + 0.5) for x in positions]
            axis.bar([o for o, v in zip(offsets, values) if v is not None],
                     [v for v in values if v is not None], width,
                     label=f"L-Mul / {_SHORT_NAMES[(pair.baseline, pair.stages)]}")
        # The floor: the bare adder relative to the like-for-like multiplier.
        floor_values = []
        for fmt in formats:
            lmul_over_adder = ratios.get((fmt, floor.name), {}).get(metric)
            lmul_over_multiplier = ratios.get((fmt, like_for_like.name), {}).get(metric)
            floor_values.append(lmul_over_multiplier / lmul_over_adder
                                if lmul_over_adder and lmul_over_multiplier else None)
        axis.scatter([x for x, v in zip(positions, floor_values) if v is not None],
                     [v for v in floor_values if v is not None], marker="_", s=900,
                     color="black", zorder=3,
                     label="floor: bare adder / like-for-like multiplier")
        axis.axhline(1.0, color="grey", linewidth=0.8)
        axis.set_title(title)
        axis.set_ylabel("ratio (1 = same as baseline)")
        axis.set_xticks(list(positions), formats)
        axis.set_ylim(bottom=0)
    handles, labels = axes.flat[0].get_legend_handles_labels()
    figure.legend(handles, labels, loc="lower center", ncol=3, frameon=False)
    figure.suptitle("L-Mul relative to conventional floating-point multipliers "
                    "(combinational unless noted)")
    figure.tight_layout(rect=(0, 0.08, 1, 0.96))
    figure.savefig(path, format="png", metadata={"Software": None})
    plt.close(figure)
