"""Bar and doughnut charts drawn on the server as SVG, for the PDFs.

A chart is described as the pages describe it to Chart.js: `labels`, `datasets` (each a `label`
and its `data`) and the options `type` ("bar" or "doughnut"), `horizontal`, `stacked`, `max` and
`percent`. `svg_chart` lays it out as plain geometry (rectangles, arcs, text positions) that the
template `includes/svg_chart.html` writes as SVG, with a <title> and a <desc> for screen readers.
Values stay numbers, so the template writes them in the reader's language. The chart shows
the shape of the figures; the documents print the same numbers in a table beside it.
"""

import math
from dataclasses import dataclass, field

WIDTH = 680  # CSS px: the text width of an A4 page with 15 mm margins
FONT_SIZE = 11
CHAR_WIDTH = 0.56 * FONT_SIZE  # DejaVu Sans averages a little over half an em per character
LINE_HEIGHT = 14
PLOT_HEIGHT = 190
LABEL_WIDTH = 210  # the category names of a horizontal chart
SWATCH = 10
MAX_BAR = 64  # a lone bar is no wider than this
# Okabe and Ito's colour-blind safe palette, led by the report's blue; every colour has at
# least 3:1 contrast against the white page.
PALETTE = (
    "#0b3d6b",
    "#d55e00",
    "#009e73",
    "#cc79a7",
    "#0072b2",
    "#8f6a00",
    "#6a3d9a",
    "#5c5c5c",
)
AXIS_COLOUR = "#555555"
GRID_COLOUR = "#d9d9d9"


@dataclass
class Label:
    """Text at (x, y): one or more lines, anchored at the start, middle or end."""

    x: float
    y: float
    lines: list[str]
    anchor: str = "start"

    @property
    def rows(self) -> list[tuple[float, str]]:
        return [
            (round(self.y + LINE_HEIGHT * index, 1), line) for index, line in enumerate(self.lines)
        ]


@dataclass
class Value:
    """A number written at (x, y); `percent` adds the percent sign."""

    x: float
    y: float
    value: float
    anchor: str = "middle"
    percent: bool = False


@dataclass
class Rect:
    x: float
    y: float
    width: float
    height: float
    colour: str


@dataclass
class Line:
    x1: float
    y1: float
    x2: float
    y2: float


@dataclass
class Slice:
    path: str
    colour: str


@dataclass
class LegendItem:
    x: float
    y: float
    colour: str
    text: str
    value: float | None = None
    share: float | None = None

    @property
    def text_x(self) -> float:
        return round(self.x + SWATCH + 6, 1)

    @property
    def text_y(self) -> float:
        return round(self.y + SWATCH - 1, 1)


@dataclass
class Point:
    label: str
    value: float | None


@dataclass
class Series:
    """One dataset as the <desc> reads it out: its name and each category's value."""

    label: str
    points: list[Point]


@dataclass
class Chart:
    slug: str
    title: str
    kind: str
    width: float
    height: float
    series: list[Series]
    percent: bool = False
    shown: int = 0
    total: int = 0
    rects: list[Rect] = field(default_factory=list)
    slices: list[Slice] = field(default_factory=list)
    grid: list[Line] = field(default_factory=list)
    axes: list[Line] = field(default_factory=list)
    ticks: list[Value] = field(default_factory=list)
    labels: list[Label] = field(default_factory=list)
    values: list[Value] = field(default_factory=list)
    legend: list[LegendItem] = field(default_factory=list)

    @property
    def truncated(self) -> bool:
        return self.shown < self.total


def svg_chart(slug: str, title: str, spec: dict, *, max_categories: int = 20) -> Chart | None:
    """The chart of `spec` laid out for the template, or None when it has nothing to show.

    Beyond `max_categories` only the first categories are drawn (the caller says so beside
    the chart; the table lists them all)."""
    labels = [str(label) for label in spec["labels"]]
    datasets = [
        {"label": str(dataset["label"]), "data": list(dataset["data"])}
        for dataset in spec["datasets"]
    ]
    values = [value for dataset in datasets for value in dataset["data"] if value]
    if not labels or not values:
        return None
    total = len(labels)
    shown = total if spec["type"] == "doughnut" else min(total, max_categories)
    labels = labels[:shown]
    for dataset in datasets:
        dataset["data"] = dataset["data"][:shown]
    chart = Chart(
        slug=slug,
        title=title,
        kind=spec["type"],
        width=WIDTH,
        height=0,
        series=[
            Series(
                dataset["label"],
                [Point(*pair) for pair in zip(labels, dataset["data"], strict=True)],
            )
            for dataset in datasets
        ],
        percent=bool(spec.get("percent")),
        shown=shown,
        total=total,
    )
    if spec["type"] == "doughnut":
        _doughnut(chart, labels, datasets[0]["data"])
    elif spec.get("horizontal"):
        _horizontal_bars(chart, labels, datasets, spec)
    else:
        _vertical_bars(chart, labels, datasets, spec)
    return chart


# Scales -----------------------------------------------------------------------------------


def _number(value: float) -> float:
    """Whole numbers as int, so the template writes 20 rather than 20.0."""
    return int(value) if float(value).is_integer() else value


def _scale(spec: dict, datasets: list[dict]) -> tuple[float, float]:
    """The top of the value axis and the step between its ticks (1, 2 or 5 times a power
    of ten, whole numbers when every value is whole)."""
    if spec.get("percent"):
        return 100, 20
    if spec.get("max"):
        top = spec["max"]
        return top, _step(top)
    if spec.get("stacked"):
        highest = max(
            sum(dataset["data"][index] or 0 for dataset in datasets)
            for index in range(len(datasets[0]["data"]))
        )
    else:
        highest = max(value or 0 for dataset in datasets for value in dataset["data"])
    highest = highest if highest > 0 else 1
    whole = all(float(value or 0).is_integer() for d in datasets for value in d["data"])
    step = _step(highest)
    if whole:
        step = max(1, step)
    return step * math.ceil(highest / step), step


def _step(top: float, ticks: int = 5) -> float:
    raw = top / ticks
    magnitude = 10 ** math.floor(math.log10(raw))
    for multiple in (1, 2, 5, 10):
        if raw <= multiple * magnitude:
            return multiple * magnitude
    return 10 * magnitude  # pragma: no cover (the loop always returns)


def _tick_values(top: float, step: float) -> list[float]:
    count = round(top / step)
    return [_number(round(index * step, 10)) for index in range(count + 1)]


# Text -------------------------------------------------------------------------------------


def _fits(width: float) -> int:
    """How many characters fit in `width` pixels."""
    return max(1, int(width / CHAR_WIDTH))


def _shorten(text: str, room: int) -> str:
    return text if len(text) <= room else text[: max(1, room - 1)].rstrip() + "\u2026"


def _wrap(text: str, room: int, max_lines: int) -> list[str]:
    """Words into lines of at most `room` characters; what does not fit ends in an ellipsis."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if len(candidate) <= room or not current:
            current = candidate
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = _shorten(lines[-1] + " \u2026", room)
    return [_shorten(line, room) for line in lines]


def _legend(chart: Chart, names: list[str], top: float) -> float:
    """Legend items left to right, wrapping; returns the height they take."""
    x, y = 0.0, top
    for index, name in enumerate(names):
        text = _shorten(name, 60)
        width = SWATCH + 6 + len(text) * CHAR_WIDTH + 16
        if x and x + width > WIDTH:
            x, y = 0.0, y + LINE_HEIGHT + 2
        chart.legend.append(LegendItem(x, y, PALETTE[index % len(PALETTE)], text))
        x += width
    return y - top + LINE_HEIGHT + 2


# Layouts ----------------------------------------------------------------------------------


def _vertical_bars(chart: Chart, labels: list[str], datasets: list[dict], spec: dict) -> None:
    stacked = bool(spec.get("stacked"))
    top, step = _scale(spec, datasets)
    ticks = _tick_values(top, step)
    legend_height = _legend(chart, [d["label"] for d in datasets], 0) if len(datasets) > 1 else 0
    axis_width = max(len(str(tick)) for tick in ticks) * CHAR_WIDTH + (
        2.5 * CHAR_WIDTH if chart.percent else 0
    )
    left = round(axis_width + 8, 1)
    plot_top = legend_height + LINE_HEIGHT + 4  # room for the numbers over the highest bars
    plot_width = WIDTH - left - 4
    band = plot_width / len(labels)
    # Every label when there is room for one; else every second, third… (a long month range).
    every = max(1, math.ceil(48 / band))
    room = _fits(band * every - 4)
    label_lines = max(len(_wrap(label, room, 3)) for label in labels[::every])
    chart.height = round(plot_top + PLOT_HEIGHT + 6 + label_lines * LINE_HEIGHT + 4, 1)
    bottom = plot_top + PLOT_HEIGHT

    def y_of(value: float) -> float:
        return bottom - PLOT_HEIGHT * min(value, top) / top

    for tick in ticks:
        y = round(y_of(tick), 1)
        chart.grid.append(Line(left, y, WIDTH, y))
        chart.ticks.append(Value(left - 5, y + 4, tick, "end", chart.percent))
    chart.axes.append(Line(left, plot_top, left, bottom))
    chart.axes.append(Line(left, bottom, WIDTH, bottom))

    bar = min(band * 0.7 / (1 if stacked else len(datasets)), MAX_BAR)
    group = bar if stacked else bar * len(datasets)
    for index, label in enumerate(labels):
        x0 = left + band * index + (band - group) / 2
        centre = left + band * (index + 0.5)
        if index % every == 0:
            lines = _wrap(label, room, 3)
            chart.labels.append(Label(round(centre, 1), bottom + LINE_HEIGHT, lines, "middle"))
        base = 0.0
        for number, dataset in enumerate(datasets):
            value = dataset["data"][index]
            if value is None:
                continue
            colour = PALETTE[number % len(PALETTE)]
            if stacked:
                if value:
                    y = y_of(base + value)
                    chart.rects.append(_rect(x0, y, bar, y_of(base) - y, colour))
                base += value
            else:
                x = x0 + bar * number
                y = y_of(value)
                chart.rects.append(_rect(x, y, bar, bottom - y, colour))
                if bar >= len(str(_number(value))) * CHAR_WIDTH * 0.8:
                    chart.values.append(
                        Value(
                            round(x + bar / 2, 1),
                            round(y - 3, 1),
                            _number(value),
                            "middle",
                            chart.percent,
                        )
                    )
        if stacked and base:
            chart.values.append(
                Value(round(centre, 1), round(y_of(base) - 3, 1), _number(base), "middle")
            )


def _horizontal_bars(chart: Chart, labels: list[str], datasets: list[dict], spec: dict) -> None:
    top, step = _scale(spec, datasets)
    ticks = _tick_values(top, step)
    legend_height = _legend(chart, [d["label"] for d in datasets], 0) if len(datasets) > 1 else 0
    thickness = 10
    row = max(LINE_HEIGHT + 4, thickness * len(datasets) + 8)
    plot_top = legend_height + 4
    left = LABEL_WIDTH
    plot_width = WIDTH - left - 44  # room for the number after the longest bar
    bottom = plot_top + row * len(labels)
    chart.height = round(bottom + LINE_HEIGHT + 8, 1)

    def x_of(value: float) -> float:
        return left + plot_width * min(value, top) / top

    for tick in ticks:
        x = round(x_of(tick), 1)
        chart.grid.append(Line(x, plot_top, x, bottom))
        chart.ticks.append(Value(x, bottom + LINE_HEIGHT, tick, "middle", chart.percent))
    chart.axes.append(Line(left, plot_top, left, bottom))
    chart.axes.append(Line(left, bottom, left + plot_width, bottom))

    room = _fits(LABEL_WIDTH - 8)
    for index, label in enumerate(labels):
        y0 = plot_top + row * index + (row - thickness * len(datasets)) / 2
        chart.labels.append(
            Label(
                left - 6,
                round(plot_top + row * (index + 0.5) + 4, 1),
                [_shorten(label, room)],
                "end",
            )
        )
        for number, dataset in enumerate(datasets):
            value = dataset["data"][index]
            if value is None:
                continue
            y = y0 + thickness * number
            chart.rects.append(
                _rect(left, y, x_of(value) - left, thickness, PALETTE[number % len(PALETTE)])
            )
            chart.values.append(
                Value(
                    round(x_of(value) + 3, 1),
                    round(y + thickness - 1.5, 1),
                    _number(value),
                    "start",
                    chart.percent,
                )
            )


def _doughnut(chart: Chart, labels: list[str], data: list) -> None:
    centre, outer, inner = 100.0, 92.0, 54.0
    total = sum(value or 0 for value in data)
    angle = -math.pi / 2
    y = 16.0
    for index, (label, value) in enumerate(zip(labels, data, strict=True)):
        colour = PALETTE[index % len(PALETTE)]
        share = round((value or 0) * 100 / total)
        chart.legend.append(
            LegendItem(230, y, colour, _shorten(label, 40), _number(value or 0), share)
        )
        y += LINE_HEIGHT + 6
        if not value:
            continue
        sweep = 2 * math.pi * value / total
        if sweep >= 2 * math.pi - 1e-9:
            # A full ring: two half rings, as an arc cannot end where it starts.
            chart.slices.append(Slice(_ring_path(centre, outer, inner, angle, math.pi), colour))
            chart.slices.append(
                Slice(_ring_path(centre, outer, inner, angle + math.pi, math.pi), colour)
            )
        else:
            chart.slices.append(Slice(_ring_path(centre, outer, inner, angle, sweep), colour))
        angle += sweep
    chart.height = max(2 * centre, y + 4)


def _ring_path(centre: float, outer: float, inner: float, start: float, sweep: float) -> str:
    """An annulus sector from `start` over `sweep` radians, clockwise on the page."""
    end = start + sweep
    large = 1 if sweep > math.pi else 0

    def point(radius: float, angle: float) -> str:
        return f"{centre + radius * math.cos(angle):.2f} {centre + radius * math.sin(angle):.2f}"

    return (
        f"M {point(outer, start)} A {outer} {outer} 0 {large} 1 {point(outer, end)} "
        f"L {point(inner, end)} A {inner} {inner} 0 {large} 0 {point(inner, start)} Z"
    )


def _rect(x: float, y: float, width: float, height: float, colour: str) -> Rect:
    return Rect(round(x, 1), round(y, 1), round(max(width, 0), 1), round(max(height, 0), 1), colour)
