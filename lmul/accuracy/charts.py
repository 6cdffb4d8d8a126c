"""The accuracy study's charts: MRE of every preset, MRE against the offset, the paper's claims,
dot-product errors, MRE against mantissa width and area against MRE."""

from pathlib import Path

from adjustText import adjust_text
from matplotlib.figure import Figure

from ..format import Format
from .study import MULTIPLIER_LABELS

__all__ = ["write_plots", "pareto_figure"]


def _save(figure, output_dir, name):
    figure.tight_layout()
    figure.savefig(output_dir / name, dpi=110, metadata={"Software": None})
    return name


def write_plots(study, output_dir):
    """Draw the study's charts into ``output_dir``; returns ``{key: file name}``."""
    output_dir = Path(output_dir)
    plots = {}

    figure = Figure(figsize=(8, 4))
    axes = figure.add_subplot()
    names = list(study["formats"])
    width = 0.8 / len(MULTIPLIER_LABELS)
    for index, (key, label) in enumerate(MULTIPLIER_LABELS.items()):
        values = [100 * study["formats"][name]["multipliers"][key]["mean_relative_error"]
                  for name in names]
        axes.bar([position + (index - 1.5) * width for position in range(len(names))],
                 values, width, label=label)
    axes.set_xticks(range(len(names)), names)
    axes.set_yscale("log")
    axes.set_ylabel("mean relative error (%)")
    axes.set_title("Native pairs: every normal pair with a normal exact product")
    axes.legend(fontsize="small")
    plots["mre"] = _save(figure, output_dir, "accuracy_mre.png")

    figure = Figure(figsize=(7, 4))
    axes = figure.add_subplot()
    for name, tunings in study["offset_tuning"].items():
        native = tunings["exhaustive_mre"]
        evaluations = native["evaluations"]
        man_bits = Format.parse(name).man_bits
        if len(evaluations) != (1 << man_bits) + 1:
            continue  # not every candidate evaluated: no curve to draw
        fractions = [offset / (1 << man_bits) for offset, _ in evaluations]
        line, = axes.plot(fractions, [100 * value for _, value in evaluations], marker=".",
                          label=name)
        axes.plot([native["paper_offset"] / (1 << man_bits)], [100 * native["paper_value"]],
                  marker="o", fillstyle="none", markersize=10, color=line.get_color())
    axes.set_yscale("log")
    axes.set_xlabel("offset (fraction of 1); circles: the paper's")
    axes.set_ylabel("mean relative error (%)")
    axes.set_title("L-Mul MRE against the offset, native pairs")
    axes.legend(fontsize="small")
    plots["offsets"] = _save(figure, output_dir, "accuracy_offsets.png")

    figure = Figure(figsize=(7, 3.5))
    axes = figure.add_subplot()
    labels, lmul_values, conventional_values = [], [], []
    for claim in study["paper_claims"]:
        labels.append(f"{claim['lmul_format']} vs {claim['conventional_format']}\n"
                      f"({claim['distribution']})")
        lmul_values.append(claim["lmul_mre"])
        conventional_values.append(claim["conventional_mre"])
    for offset, values, label in ((-0.15, lmul_values, "L-Mul (truncated operands)"),
                                  (0.15, conventional_values, "conventional fp8 (RNE)")):
        means = [100 * value["mean"] for value in values]
        errors = [[100 * (value["mean"] - value["low"]) for value in values],
                  [100 * (value["high"] - value["mean"]) for value in values]]
        axes.errorbar([index + offset for index in range(len(values))], means, yerr=errors,
                      fmt="o", capsize=4, label=label)
    axes.set_xticks(range(len(labels)), labels, fontsize="small")
    axes.set_ylabel("mean relative error (%)")
    axes.set_title("The paper's claims (95 % intervals)")
    axes.legend(fontsize="small")
    plots["claims"] = _save(figure, output_dir, "accuracy_claims.png")

    formats = list(study["dot_products"])
    figure = Figure(figsize=(4 * len(formats), 3.8))
    for index, name in enumerate(formats):
        axes = figure.add_subplot(1, len(formats), index + 1)
        lengths = study["dot_products"][name]
        for key in next(iter(lengths.values())):
            axes.plot([int(length) for length in lengths],
                      [100 * errors[key]["median_relative_error"] for errors in lengths.values()],
                      marker="o", label=key)
        axes.set_xscale("log", base=2)
        axes.set_xlabel("vector length")
        axes.set_ylabel("median relative error (%)")
        axes.set_title(name)
        axes.legend(fontsize="small")
    plots["dot_products"] = _save(figure, output_dir, "accuracy_dot_products.png")

    figure = Figure(figsize=(6, 4))
    axes = figure.add_subplot()
    for exp_bits in sorted({entry["exp_bits"] for entry in study["sweep"].values()}):
        entries = [entry for entry in study["sweep"].values() if entry["exp_bits"] == exp_bits]
        man_bits = [entry["man_bits"] for entry in entries]
        for key, style in (("conventional", "-o"), ("lmul_paper", "--s"), ("lmul_o0", ":^")):
            axes.plot(man_bits, [100 * entry["multipliers"][key]["mean_relative_error"]
                                 for entry in entries], style,
                      label=f"E={exp_bits}, {MULTIPLIER_LABELS[key]}")
    axes.set_yscale("log")
    axes.set_xlabel("mantissa bits M")
    axes.set_ylabel("mean relative error (%)")
    axes.legend(fontsize="x-small")
    plots["sweep"] = _save(figure, output_dir, "accuracy_sweep.png")

    points = study.get("area", {}).get("points", [])
    if points:
        plots["pareto"] = _save(pareto_figure(points), output_dir, "accuracy_pareto.png")
    return plots


def pareto_figure(points):
    """Area against MRE of the study's ``area`` points, a label at each preset's point (moved
    apart where points nearly coincide, joined to it by a line) and the Pareto front."""
    figure = Figure(figsize=(6.5, 4.5))
    axes = figure.add_subplot()
    labels = []
    for kind, marker, label in (("lmul", "s", "L-Mul (paper offset)"),
                                ("fpmul", "o", "conventional (RNE)")):
        chosen = [point for point in points if point["kind"] == kind]
        axes.scatter([point["area_um2"] for point in chosen],
                     [100 * point["mean_relative_error"] for point in chosen],
                     marker=marker, label=label)
        labels += [axes.text(point["area_um2"], 100 * point["mean_relative_error"],
                             point["format"], fontsize="x-small")
                   for point in chosen if point["preset"]]
    front = sorted((point["area_um2"], 100 * point["mean_relative_error"])
                   for point in points if point["pareto_optimal"])
    axes.step([x for x, _ in front], [y for _, y in front], where="post", color="grey",
              linewidth=0.8, label="Pareto front")
    axes.set_xscale("log")
    axes.set_yscale("log")
    axes.set_xlabel("standard-cell area (µm²)")
    axes.set_ylabel("mean relative error (%)")
    axes.legend(fontsize="small")
    # Units of neighbouring formats nearly coincide (e4m3fn, e4m3, e3m4).
    figure.tight_layout()
    adjust_text(labels, x=[point["area_um2"] for point in points],
                y=[100 * point["mean_relative_error"] for point in points], ax=axes,
                expand=(1.3, 1.8),
                arrowprops={"arrowstyle": "-", "color": "grey", "linewidth": 0.5})
    return figure
