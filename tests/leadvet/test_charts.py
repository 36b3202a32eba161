"""The server-side SVG charts of the PDFs (leadvet.lib.charts and includes/svg_chart.html)."""

import re
import xml.etree.ElementTree as ElementTree

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from leadvet.lib.charts import PALETTE, svg_chart

SVG = "{http://www.w3.org/2000/svg}"


def bar_spec(**options) -> dict:
    return {
        "type": "bar",
        "labels": ["Training", "Webinar", "Study visit"],
        "datasets": [
            {"label": "Registrations", "data": [11, 9, 0]},
            {"label": "Attended", "data": [7, 4, 0]},
        ],
        **options,
    }


def render(chart) -> ElementTree.Element:
    return ElementTree.fromstring(render_to_string("includes/svg_chart.html", {"chart": chart}))


def texts(svg: ElementTree.Element) -> list[str]:
    return ["".join(element.itertext()) for element in svg.iter(f"{SVG}text")]


def test_a_chart_has_a_title_and_a_description_with_every_number():
    svg = render(svg_chart("events", "Registrations by type", bar_spec()))
    assert svg.get("role") == "img"
    assert svg.get("aria-labelledby") == "chart-events-title chart-events-desc"
    assert svg.find(f"{SVG}title").text == "Registrations by type"
    assert svg.find(f"{SVG}desc").text == (
        "Registrations: Training 11, Webinar 9, Study visit 0. "
        "Attended: Training 7, Webinar 4, Study visit 0. "
    )


def test_grouped_bars_are_as_tall_as_their_values_on_one_scale():
    chart = svg_chart("events", "Registrations by type", bar_spec())
    heights = [rect.height for rect in chart.rects]
    colours = [rect.colour for rect in chart.rects]
    # Training (11, 7), Webinar (9, 4), Study visit (0, 0): a bar for each, zero ones flat.
    assert len(heights) == 6
    assert heights[0] / heights[2] == pytest.approx(11 / 9, rel=0.01)
    assert heights[1] / heights[3] == pytest.approx(7 / 4, rel=0.01)
    assert heights[4] == heights[5] == 0
    assert colours[:2] == [PALETTE[0], PALETTE[1]]
    assert [tick.value for tick in chart.ticks] == [0, 5, 10, 15]
    assert [item.text for item in chart.legend] == ["Registrations", "Attended"]


def test_stacked_bars_pile_up_and_show_their_total():
    spec = {
        "type": "bar",
        "stacked": True,
        "labels": ["Sep 2026", "Oct 2026"],
        "datasets": [
            {"label": "1. Contact person", "data": [3, 0]},
            {"label": "2. Training", "data": [2, 5]},
        ],
    }
    chart = svg_chart("months", "Contacts per month", spec)
    september = [rect for rect in chart.rects if rect.x == chart.rects[0].x]
    assert len(september) == 2
    assert september[1].y + september[1].height == september[0].y  # the second sits on the first
    assert [value.value for value in chart.values] == [5, 5]


def test_horizontal_bars_show_the_first_rows_and_shorten_long_names():
    labels = [f"Vocational College number {index} of the Helsinki region" for index in range(30)]
    spec = {
        "type": "bar",
        "horizontal": True,
        "labels": labels,
        "datasets": [{"label": "Active mentors", "data": list(range(30, 0, -1))}],
    }
    chart = svg_chart("colleges", "Active mentors per college", spec, max_categories=15)
    assert (chart.shown, chart.total, chart.truncated) == (15, 30, True)
    assert len(chart.rects) == 15
    assert chart.labels[0].lines[0].endswith("…")
    assert chart.labels[0].anchor == "end"
    widths = [rect.width for rect in chart.rects]
    assert widths == sorted(widths, reverse=True)


def test_a_fixed_maximum_and_percentages_set_the_scale():
    likert = {
        "type": "bar",
        "horizontal": True,
        "max": 5,
        "labels": ["peer-networks"],
        "datasets": [{"label": "Latest round", "data": [4.25]}],
    }
    assert [tick.value for tick in svg_chart("likert", "Means", likert).ticks] == [0, 1, 2, 3, 4, 5]
    rates = {
        "type": "bar",
        "percent": True,
        "labels": ["Barometer (1)"],
        "datasets": [{"label": "Response rate (%)", "data": [70]}],
    }
    chart = svg_chart("rates", "Response rates", rates)
    assert chart.ticks[-1].value == 100 and chart.ticks[-1].percent


def test_a_doughnut_has_a_slice_per_value_and_a_full_ring_for_one():
    spec = {
        "type": "doughnut",
        "labels": ["Active", "Paused", "Alumni"],
        "datasets": [{"label": "Mentors", "data": [6, 2, 0]}],
    }
    chart = svg_chart("status", "Mentors by status", spec)
    assert len(chart.slices) == 2
    assert [(item.text, item.value, item.share) for item in chart.legend] == [
        ("Active", 6, 75),
        ("Paused", 2, 25),
        ("Alumni", 0, 0),
    ]
    # Three quarters: a large arc (flag 1) from the top round to the left.
    assert " 0 1 1 " in chart.slices[0].path
    alone = svg_chart(
        "status", "Mentors by status", {**spec, "datasets": [{"label": "M", "data": [4, 0, 0]}]}
    )
    assert len(alone.slices) == 2  # two half rings make the whole ring


def test_a_chart_without_data_is_not_drawn():
    assert (
        svg_chart("events", "Events", bar_spec(labels=[], datasets=[{"label": "A", "data": []}]))
        is None
    )
    empty = bar_spec(datasets=[{"label": "A", "data": [0, 0, 0]}])
    assert svg_chart("events", "Events", empty) is None


def test_missing_values_draw_no_bar():
    spec = {
        "type": "bar",
        "horizontal": True,
        "max": 5,
        "labels": ["peer-networks", "joint-events"],
        "datasets": [
            {"label": "Latest round", "data": [4.2, 3.1]},
            {"label": "Previous round", "data": [None, 2.9]},
        ],
    }
    chart = svg_chart("likert", "Means", spec)
    assert len(chart.rects) == 3
    assert "Previous round: peer-networks –, joint-events 2.9." in render_to_string(
        "includes/svg_chart.html", {"chart": chart}
    )


def test_numbers_are_written_in_the_readers_language_and_coordinates_are_not():
    spec = {
        "type": "bar",
        "horizontal": True,
        "max": 5,
        "labels": ["peer-networks"],
        "datasets": [{"label": "Viimeisin kierros", "data": [4.25]}],
    }
    chart = svg_chart("likert", "Keskiarvot", spec)
    with translation.override("fi"):
        markup = render_to_string("includes/svg_chart.html", {"chart": chart})
    svg = ElementTree.fromstring(markup)
    assert "4,25" in texts(svg)
    assert "peer-networks 4,25" in svg.find(f"{SVG}desc").text
    for rect in svg.iter(f"{SVG}rect"):
        for attribute in ("x", "y", "width", "height"):
            assert re.fullmatch(r"-?\d+(\.\d+)?", rect.get(attribute)), rect.attrib


def test_percent_ticks_carry_the_sign_of_the_language():
    spec = {
        "type": "bar",
        "percent": True,
        "labels": ["Barometer (1)"],
        "datasets": [{"label": "Response rate (%)", "data": [70]}],
    }
    chart = svg_chart("rates", "Response rates", spec)
    with translation.override("en"):
        english = texts(render(chart))
    with translation.override("fi"):
        finnish = texts(
            ElementTree.fromstring(render_to_string("includes/svg_chart.html", {"chart": chart}))
        )
    assert "100%" in english and "70%" in english
    assert "100\u00a0%" in finnish and "70\u00a0%" in finnish
