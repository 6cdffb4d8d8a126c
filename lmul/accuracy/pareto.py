"""Error against area: the combinational standard-cell areas of a synthesis summary joined with
the study's errors, and the Pareto front of the (area, error) points."""

import json

from ..format import PRESETS, Format
from ..lmul_params import paper_offset
from .operand_pairs import native_pairs
from .study import multiplier_errors

__all__ = ["load_areas", "area_section", "pareto_front"]


def load_areas(path):
    """Combinational standard-cell areas of the default units in a synthesis summary.

    The summary is the ``summary.json`` that ``lmul report`` writes: its ``designs`` object maps
    module names to records with ``kind``, ``format``, ``options``, ``stages`` and
    ``asic.area`` (and, for a conventional multiplier, ``asic_booth.area``: the baseline at its
    best is the smaller of the two syntheses, as in the report's comparisons). Kept:
    combinational records of L-Mul with the paper's offset and of the conventional multiplier
    with default options (RNE, IEEE subnormals and overflow), the units whose errors the study
    measures.

    Returns
    -------
    dict
        ``{(kind, format name): area}``.

    Raises
    ------
    ValueError
        If the file is not JSON of that shape.
    """
    with open(path) as file:
        try:
            summary = json.load(file)
        except json.JSONDecodeError as error:
            raise ValueError(f"synthesis summary must be JSON, not {error.msg} in {path}")
    designs = summary.get("designs") if isinstance(summary, dict) else None
    if not isinstance(designs, dict):
        raise ValueError(f"synthesis summary must have a 'designs' object, as 'lmul report' "
                         f"writes, in {path}")
    areas = {}
    for record in designs.values():
        if not isinstance(record, dict):
            continue
        syntheses = [(record.get(flow) or {}).get("area") for flow in ("asic", "asic_booth")]
        syntheses = [area for area in syntheses if area is not None]
        if not syntheses:
            continue
        area = min(syntheses)
        kind, options = record.get("kind"), record.get("options") or {}
        if kind not in ("lmul", "fpmul") or record.get("stages", 0) != 0:
            continue
        fmt = Format.parse(record["format"])
        if kind == "lmul" and options.get("offset") not in (None, paper_offset(fmt.man_bits)):
            continue
        if kind == "fpmul" and any(options.get(name, default) != default for name, default in
                                   (("subnormals", "ieee"), ("overflow", "ieee"),
                                    ("rounding", "rne"))):
            continue
        areas[(kind, fmt.name)] = float(area)
    return areas


def area_section(summary_path, study):
    """The study's ``area`` section: the points ``{kind, format, area_um2,
    mean_relative_error, preset, pareto_optimal}`` of the units in the summary at
    ``summary_path`` (a :class:`~pathlib.Path`), or ``skipped`` when there is no such file.
    Formats the study did not measure are measured here on native pairs."""
    if not summary_path.is_file():
        return {"summary": str(summary_path), "skipped": True, "points": []}
    areas = load_areas(summary_path)
    settings = study["settings"]
    errors = {}  # format name -> {"conventional": mre, "lmul_paper": mre}
    for name in sorted({name for _, name in areas}):
        known = study["formats"].get(name) or study["sweep"].get(name)
        if known is None:
            fmt = Format.parse(name)
            pairs = native_pairs(fmt, sample_size=settings["tuning_sample_size"],
                                 seed=settings["seed"])
            known = {"multipliers": multiplier_errors(
                pairs, {"lmul_paper": paper_offset(fmt.man_bits)})}
        errors[name] = {key: known["multipliers"][key]["mean_relative_error"]
                        for key in ("conventional", "lmul_paper")}
    points = [{"kind": kind, "format": name, "area_um2": area,
               "mean_relative_error": errors[name]["lmul_paper" if kind == "lmul"
                                                   else "conventional"],
               "preset": name in PRESETS}
              for (kind, name), area in sorted(areas.items())]
    front = pareto_front([(point["area_um2"], point["mean_relative_error"])
                          for point in points])
    for index, point in enumerate(points):
        point["pareto_optimal"] = index in front
    return {"summary": str(summary_path), "skipped": False, "points": points}


def pareto_front(points):
    """Indices of the points ``(cost, error)`` that no other point dominates (no worse in
    both and better in one), in input order."""
    return [index for index, (cost, error) in enumerate(points)
            if not any(other_cost <= cost and other_error <= error
                       and (other_cost, other_error) != (cost, error)
                       for other_cost, other_error in points)]

