"""The accuracy study's charts: the area-against-error chart keeps every label readable."""

import itertools

from matplotlib.backends.backend_agg import FigureCanvasAgg

from lmul.accuracy.charts import pareto_figure


def _point(kind, fmt, area, error, pareto_optimal=True):
    return {"kind": kind, "format": fmt, "area_um2": area, "mean_relative_error": error,
            "preset": True, "pareto_optimal": pareto_optimal}


#: The committed report's points that used to share one place (areas in µm², errors).
CROWDED_POINTS = [
    _point("lmul", "e3m4", 2890.0, 0.0514), _point("lmul", "e4m3", 2847.0, 0.0524),
    _point("lmul", "e4m3fn", 3321.0, 0.0524, False), _point("lmul", "e5m2", 3850.0, 0.147, False),
    _point("fpmul", "e3m4", 9809.0, 0.0106), _point("fpmul", "e4m3", 9033.0, 0.0190),
    _point("fpmul", "e4m3fn", 9867.0, 0.0190, False), _point("fpmul", "e5m2", 8016.0, 0.0356),
    _point("fpmul", "fp32", 162519.0, 2.1e-08),
]


def test_pareto_labels_do_not_overlap():
    figure = pareto_figure(CROWDED_POINTS)
    renderer = FigureCanvasAgg(figure).get_renderer()
    axes, = figure.axes
    assert sorted(text.get_text() for text in axes.texts) == sorted(
        point["format"] for point in CROWDED_POINTS)
    boxes = [text.get_window_extent(renderer) for text in axes.texts]
    overlapping = [(first.get_text(), second.get_text())
                   for (first, box1), (second, box2)
                   in itertools.combinations(zip(axes.texts, boxes), 2) if box1.overlaps(box2)]
    assert overlapping == []
