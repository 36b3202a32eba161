"""The steering report's PDF: tagged for screen readers, the report page's charts drawn as SVG,
numbers in the reader's language, whole table rows, the network summed up per college, and
the stylesheet found in production."""

import datetime
import io
import re
import subprocess
from collections import defaultdict

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone, translation
from pypdf import PdfReader

from leadvet.lib import pdf
from leadvet.lib.charts import PALETTE
from leadvet.lib.pdf import PDF_OPTIONS, render_document
from leadvet.models import Job
from portal import report_pdf, reports
from portal.dashboard.periods import Period
from surveys.models import Answer, Response
from tests.downloads import body, through_job
from tests.factories import (
    ContactFactory,
    MentorFactory,
    MentorTaskFactory,
    PartnerCollegeFactory,
    QuestionFactory,
    SurveyFactory,
    SurveyInvitationFactory,
    VTEGroupFactory,
)

pytestmark = pytest.mark.django_db

LONG_COLLEGE = (
    "Helsinki Metropolitan Area Vocational College for Social Services, Health Care and "
    "Early Childhood Education"
)


def build_report_data(*, untrained: int = 40) -> dict:
    """Two colleges whose mentors had contacts with two VTE groups, a list of `untrained`
    mentors long enough to run over pages (its college name wraps every row), and two survey
    rounds whose means changed by 0.4."""
    today = timezone.localdate()
    task = MentorTaskFactory(number=2)
    varia = PartnerCollegeFactory(name="Vantaa Vocational College Varia")
    long = PartnerCollegeFactory(name=LONG_COLLEGE)
    groups = [VTEGroupFactory(name="ECEC teacher students"), VTEGroupFactory(name="ICT group")]
    mentors = [MentorFactory(college=varia) for _ in range(3)] + [
        MentorFactory(college=long) for _ in range(untrained)
    ]
    for index, mentor in enumerate(mentors[:5]):
        for day in range(index + 1):
            ContactFactory(
                mentor=mentor,
                task=task,
                vte_group=groups[index % 2],
                date=today - datetime.timedelta(days=day + 1),
                placement=day == 0,
            )
    previous = SurveyFactory(
        title="State of networking",
        opens_at=timezone.now() - datetime.timedelta(days=200),
        closes_at=timezone.now() - datetime.timedelta(days=170),
    )
    latest = SurveyFactory(title="State of networking", previous_round=previous, round_number=2)
    for survey, values in ((previous, (4, 4, 4, 4, 3)), (latest, (4, 4, 4, 4, 5))):
        question = QuestionFactory(
            survey=survey, key="peer-networks", kind="likert", text="I have peer networks."
        )
        for value in values:
            response = Response.objects.create(
                survey=survey,
                invitation=SurveyInvitationFactory(survey=survey),
                role="mentor",
                submitted_at=timezone.now(),
            )
            Answer.objects.create(response=response, question=question, value=value)
    return {"mentors": mentors, "groups": groups, "varia": varia, "long": long}


def report_context(language: str) -> dict:
    with translation.override(language):
        period = Period.last_days(90, timezone.localdate())
        return reports.report_context(period, "test period", named=True)


def pdf_text(body: bytes, tmp_path) -> str:
    """The PDF's text by poppler's pdftotext (pypdf reads it too, several times slower)."""
    path = tmp_path / "text.pdf"
    path.write_bytes(body)
    return subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def structure(reader: PdfReader) -> list[tuple[str, str | None]]:
    """Every element of the structure tree as (type, alternative text), depth first."""
    found = []

    def walk(element):
        element = element.get_object()
        if not hasattr(element, "get") or "/S" not in element:
            return
        found.append((element["/S"], element.get("/Alt")))
        kids = element.get("/K")
        if kids is None:
            return
        for kid in kids if isinstance(kids, list) else [kids]:
            walk(kid)

    root = reader.trailer["/Root"]["/StructTreeRoot"]
    for kid in root["/K"]:
        walk(kid)
    return found


def split_rows(document) -> list[str]:
    """The body rows of the laid-out document that run over a page break."""
    from weasyprint.formatting_structure import boxes

    pages_of = defaultdict(set)
    for number, page in enumerate(document.pages):
        for box in page._page_box.descendants():
            if isinstance(box, boxes.TableRowGroupBox) and not box.is_header:
                for row in box.children:
                    pages_of[row.element].add(number)
    return ["".join(element.itertext()) for element, pages in pages_of.items() if len(pages) > 1]


def pages_without_table_header(document) -> list[int]:
    """Pages where a table goes on without its header row."""
    from weasyprint.formatting_structure import boxes

    missing = []
    for number, page in enumerate(document.pages):
        for box in page._page_box.descendants():
            if isinstance(box, boxes.TableBox) and box.children:
                if not any(group.is_header for group in box.children):
                    missing.append(number)
    return missing


def colour_pixels(body: bytes, colour: str, tmp_path) -> int:
    """How many pixels of `colour` the PDF's first pages show, drawn by poppler's pdftoppm."""
    from PIL import Image

    path = tmp_path / "report.pdf"
    path.write_bytes(body)
    subprocess.run(
        ["pdftoppm", "-r", "40", "-l", "4", "-png", str(path), str(tmp_path / "page")], check=True
    )
    wanted = tuple(int(colour[index : index + 2], 16) for index in (1, 3, 5))
    count = 0
    for image_path in sorted(tmp_path.glob("page-*.png")):
        with Image.open(image_path) as image:
            for pixel_colour, pixels in _colours(image.convert("RGB")):
                if all(abs(a - b) <= 6 for a, b in zip(pixel_colour, wanted, strict=True)):
                    count += pixels
    return count


def _colours(image):
    return [(colour, count) for count, colour in image.getcolors(maxcolors=1 << 20)]


def test_english_pdf_is_tagged_with_its_charts_and_the_network_per_college(tmp_path):
    build_report_data()
    context = report_context("en")
    with translation.override("en"):
        document = render_document(report_pdf.TEMPLATE, report_pdf.print_context(context))
        body = document.write_pdf(**PDF_OPTIONS)
    reader = PdfReader(io.BytesIO(body))

    # Tagged: marked, a structure tree, the language and the title, also in the XMP metadata.
    catalog = reader.trailer["/Root"]
    assert catalog["/MarkInfo"]["/Marked"].value is True
    assert catalog["/Lang"] == "en"
    assert reader.metadata.title == "LeadVET network report: test period"
    assert b'<rdf:li xml:lang="x-default">LeadVET network report: test period' in (
        reader.xmp_metadata.stream.get_data()
    )
    assert b'pdfuaid:part="1"' in reader.xmp_metadata.stream.get_data()
    elements = structure(reader)
    kinds = {kind for kind, _alt in elements}
    assert {"/Document", "/H1", "/H2", "/H3", "/Table", "/TH", "/TD", "/Figure"} <= kinds

    # The report page's charts, each a figure whose alternative text is its title.
    figures = [alt for kind, alt in elements if kind == "/Figure"]
    assert figures == [
        "Mentors by status",
        "Active mentors and contacts per college",
        "Contacts in the last 30, 90 and 365 days",
        "Contacts per month by mentor task",
        "Outcome indicators (win-win)",
        "Survey response rates",
        "Latest statement means (1–5) and change since the previous round",
        # Issue 23: the benchmark survey's statements over its two rounds.
        "The benchmark survey's statements round by round",
    ]
    # …drawn: the second colour of the charts (the report's text never uses it) is on the pages.
    assert colour_pixels(body, PALETTE[1], tmp_path) > 200

    # No edge list; the network summed up per college, busiest first, then in all.
    text = pdf_text(body, tmp_path)
    assert "member of the college" not in text and "contacts with the group" not in text
    assert "Network per college" in text
    with translation.override("en"):
        network = report_pdf.network_summary(context["figures"]["graph"])
    assert [[cell.value for cell in row] for row in network.rows] == [
        [LONG_COLLEGE, 2, 2, 2, 9],
        ["Vantaa Vocational College Varia", 3, 3, 2, 6],
    ]
    assert [cell.value for cell in network.total] == ["All colleges", 5, 5, 2, 15]

    # Rows never split over pages, and a table that runs on repeats its header row.
    assert len(document.pages) > 1
    assert split_rows(document) == []
    assert pages_without_table_header(document) == []


def test_finnish_pdf_writes_decimal_commas_in_the_change_column(client, steering, tmp_path):
    build_report_data(untrained=2)
    steering.language = "fi"
    steering.save()
    client.force_login(steering)
    today = timezone.localdate()
    period = {
        "period": "custom",
        "date_from": (today - datetime.timedelta(days=89)).isoformat(),
        "date_to": today.isoformat(),
    }
    # The user's language is activated by the middleware; the override puts it back after.
    with translation.override("en"):
        content = body(through_job(client, reverse("report_export", args=["pdf"]), period))
    reader = PdfReader(io.BytesIO(content))
    assert reader.trailer["/Root"]["/Lang"] == "fi"
    assert reader.metadata.title.startswith("LeadVET-verkoston raportti")
    text = pdf_text(content, tmp_path)
    # The statement means 3,8 → 4,2: the change column ("Muutos") has a comma, not a point.
    assert "Muutos" in text
    assert "4,2" in text and "3,8" in text and "+0,4" in text
    assert "+0.4" not in text


def test_pdf_finds_its_stylesheet_under_manifest_storage_with_debug_off(
    client, coordinator, settings, tmp_path, monkeypatch
):
    """In production {% static %} names the hashed copy collectstatic made; the renderer must
    read that, or the PDF comes out without its stylesheet. Made as the page makes it: by
    the job, downloaded from the job's page."""
    build_report_data(untrained=2)
    settings.DEBUG = False
    settings.STATIC_ROOT = tmp_path / "static"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STATICFILES_DIRS = [settings.BASE_DIR / "static"]
    settings.STATICFILES_FINDERS = ["django.contrib.staticfiles.finders.FileSystemFinder"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    served = []
    static_file = pdf.static_file
    monkeypatch.setattr(pdf, "static_file", lambda name: served.append(name) or static_file(name))
    client.force_login(coordinator)
    with translation.override("en"):
        content = body(through_job(client, reverse("report_export", args=["pdf"])))
    [stylesheet] = served
    assert re.fullmatch(r"css/report_pdf\.[0-9a-f]{12}\.css", stylesheet)
    assert finders.find(stylesheet) is None  # only the collected copy has the hashed name
    pages = len(PdfReader(io.BytesIO(content)).pages)
    # The stylesheet's page footer ("1 / 5"; pdftotext may leave out the narrow spaces of its
    # small type) and its table headers' background.
    assert re.search(rf"\b1 ?/ ?{pages}\b", pdf_text(content, tmp_path))
    assert colour_pixels(content, "#e8eef5", tmp_path) > 0


def test_a_pdf_whose_stylesheet_is_missing_is_not_made(client, coordinator, settings, tmp_path):
    """WeasyPrint would leave the stylesheet out and say so only in its log: the job fails
    instead, and says so."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STATICFILES_DIRS = [tmp_path / "no-static"]
    settings.STATICFILES_FINDERS = ["django.contrib.staticfiles.finders.FileSystemFinder"]
    settings.STATIC_ROOT = tmp_path / "static"
    client.force_login(coordinator)
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(reverse("report_export", args=["pdf"]))
    job = Job.objects.get()
    assert (job.status, job.error) == (Job.Status.FAILED, "The file could not be made.")
    assert not job.file


def test_sentences_write_the_average_answer_time_in_the_readers_language():
    figures = {
        "contacts": {"period": 0, "previous_period": 0, "change": None, "per_task": []},
        "outcomes": {"contacts": 0},
        "mentors": {"totals": {"active": 0, "in_shortage_fields": 0}},
        "events": {"attendance_rate": None},
        "requests": {"average_answer_hours": 48.5},
        "follow_up": {"count": 0, "days": 90},
    }
    with translation.override("fi"):
        period = Period.last_days(90, datetime.date(2026, 11, 25))
        sentences = reports.report_sentences(figures, period=period)
    assert "48,5" in sentences[-1]


def test_network_summary_counts_each_colleges_mentors_groups_and_contacts():
    graph = {
        "nodes": [
            {"id": "college-1", "label": "Varia", "kind": "college", "weight": 0},
            {"id": "college-2", "label": "Omnia", "kind": "college", "weight": 0},
            {"id": "mentor-1", "label": "Aino", "kind": "mentor", "weight": 5},
            {"id": "mentor-2", "label": "Eero", "kind": "mentor", "weight": 1},
            {"id": "mentor-3", "label": "Liisa", "kind": "mentor", "weight": 2},
            {"id": "group-1", "label": "ICT (2026)", "kind": "group", "weight": 0},
            {"id": "group-2", "label": "ECEC (2026)", "kind": "group", "weight": 0},
        ],
        "edges": [
            {"source": "mentor-1", "target": "college-1", "kind": "membership", "weight": 1},
            {"source": "mentor-2", "target": "college-1", "kind": "membership", "weight": 1},
            {"source": "mentor-3", "target": "college-2", "kind": "membership", "weight": 1},
            {"source": "mentor-1", "target": "group-1", "kind": "contact", "weight": 3},
            {"source": "mentor-1", "target": "group-2", "kind": "contact", "weight": 2},
            {"source": "mentor-3", "target": "group-1", "kind": "contact", "weight": 2},
        ],
        "mentor_limit": 150,
    }
    with translation.override("en"):
        table = report_pdf.network_summary(graph)
    assert [column.label for column in table.columns] == [
        "College",
        "Mentors in the network",
        "Mentors with VTE group contacts",
        "VTE groups reached",
        "Contacts with VTE groups",
    ]
    assert [[cell.value for cell in row] for row in table.rows] == [
        ["Varia", 2, 1, 2, 5],
        ["Omnia", 1, 1, 1, 2],
    ]
    assert [cell.value for cell in table.total] == ["All colleges", 3, 2, 2, 7]
    assert [column.numeric for column in table.columns] == [False, True, True, True, True]
