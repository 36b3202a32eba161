"""Reading and checking a mentor import file (CSV or XLSX) before anything is written.

The web request makes only the cheap checks (check_upload); the worker reads the rows as a
stream within fixed bounds (read_table) and checks each (check_rows). services.imports
stores the result and writes it when confirmed.
"""

import csv
import datetime
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

from defusedxml.ElementTree import iterparse
from django.conf import settings
from django.conf.locale import LANG_INFO
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models.functions import Lower
from django.utils import translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from colleges.models import CollegeUnit, PartnerCollege, VocationalField
from leadvet.models import User
from mentors.models import Language, Mentor, MentorTask

COLUMNS = (
    "email",
    "first_name",
    "last_name",
    "college",
    "unit",
    "fields",
    "tasks",
    "status",
    "languages",
    "official_status_date",
    "portal_language",
)
REQUIRED_COLUMNS = ("email", "first_name", "last_name", "college")
LIST_SEPARATOR = ";"

# The bounds of one file, checked while it is read so that no file makes the worker read
# more than this: mentor rows, rows read in all (blank ones too), cells in a row, characters
# in a cell.
MAX_ROWS = 20000
MAX_LINES = 5 * MAX_ROWS
MAX_COLUMNS = 50
MAX_CELL_LENGTH = 1000
# An XLSX file is a zip archive: its parts unpacked may hold at most this many bytes, and
# shrink at most this much when packed (a legitimate sheet of 20,000 mentors is about
# 13 MB unpacked and 16 times smaller packed); Python's zipfile never unpacks more than the
# sizes it checks here.
MAX_XLSX_UNPACKED = 25 * 1024 * 1024
MAX_XLSX_RATIO = 100
RATIO_CHECKED_ABOVE = 1024 * 1024
MAX_XLSX_PARTS = 200

# Shown on the import page.
COLUMN_HELP = (
    (
        "email",
        gettext_lazy(
            "Required. The mentor's email address; must be new to the portal and appear once in the file."
        ),
    ),
    ("first_name", gettext_lazy("Required.")),
    ("last_name", gettext_lazy("Required.")),
    (
        "college",
        gettext_lazy("Required. The partner college's name or short name, as in the portal."),
    ),
    ("unit", gettext_lazy("Optional. The name of one of the college's units.")),
    ("fields", gettext_lazy("Optional. Vocational field names separated by ';'.")),
    ("tasks", gettext_lazy("Optional. Mentor task numbers (1–8) separated by ';'.")),
    ("status", gettext_lazy("Optional. candidate (the default), active, paused or alumni.")),
    (
        "languages",
        gettext_lazy(
            "Optional. Languages the mentor speaks, separated by ';': ISO codes or names in "
            "any language of the portal, for example fi;en or suomi;englanti."
        ),
    ),
    (
        "official_status_date",
        gettext_lazy(
            "Optional; required when the status is active. The date of official status, YYYY-MM-DD or D.M.YYYY."
        ),
    ),
    (
        "portal_language",
        gettext_lazy(
            "Optional. The language of the mentor's invitation, pages and emails: en, fi, sv, "
            "et or nl (or its name, for example suomi). Empty: English."
        ),
    ),
)


class ImportFileError(Exception):
    """The file as a whole cannot be read: wrong type, broken, too large, or wrong headers.

    `rows_read` is how many rows were taken from the file before it was refused.
    """

    def __init__(self, message: str, *, rows_read: int = 0):
        super().__init__(message)
        self.rows_read = rows_read


@dataclass
class ParsedFile:
    rows: list[dict]
    errors: list[dict]

    @property
    def is_valid(self) -> bool:
        return not self.errors


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _count(number: int) -> str:
    return number_format(number, force_grouping=True)


def _too_many_lines(rows_read: int) -> ImportFileError:
    return ImportFileError(
        _(
            "The file has more than %(max)s rows, empty ones included. Delete the empty rows "
            "under the mentors and import at most %(rows)s mentors at a time."
        )
        % {"max": _count(MAX_LINES), "rows": _count(MAX_ROWS)},
        rows_read=rows_read,
    )


def _too_many_columns(line: int, rows_read: int) -> ImportFileError:
    return ImportFileError(
        _("Line %(line)s has more than %(max)s columns.") % {"line": line, "max": MAX_COLUMNS},
        rows_read=rows_read,
    )


def check_upload(name: str, content: bytes) -> None:
    """The checks cheap enough for the web request: the type, the text encoding of a CSV
    file and the archive of an XLSX file (its directory only). Reading the rows is the
    worker's (read_table)."""
    lowered = name.lower()
    if lowered.endswith(".csv"):
        _decode_csv(content)
    elif lowered.endswith(".xlsx"):
        with _open_archive(content):
            pass
    else:
        raise ImportFileError(_("Upload a CSV (.csv) or Excel (.xlsx) file."))


def _decode_csv(content: bytes) -> str:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportFileError(
            _("The CSV file is not UTF-8 text. Save it as “CSV UTF-8” and try again.")
        ) from error
    first_line = text.split("\n", 1)[0]
    if first_line.count(";") > first_line.count(","):
        raise ImportFileError(
            _(
                "Separate the CSV columns with commas: semicolons separate the values inside a column."
            )
        )
    return text


def _read_csv(content: bytes) -> Iterator[list[str]]:
    reader = csv.reader(io.StringIO(_decode_csv(content)))
    rows_read = 0
    try:
        for row in reader:
            rows_read += 1
            if len(row) > MAX_COLUMNS:
                raise _too_many_columns(rows_read, rows_read)
            yield [cell.strip() for cell in row]
    except csv.Error as error:
        raise ImportFileError(
            _("The CSV file could not be read: %(error)s") % {"error": error},
            rows_read=rows_read,
        ) from error


def _not_a_workbook() -> ImportFileError:
    return ImportFileError(_("The file is not a valid Excel (XLSX) workbook."))


def _open_archive(content: bytes) -> zipfile.ZipFile:
    """The XLSX file's zip archive, refused before anything in it is unpacked if its parts
    would unpack to too much (a zip bomb) or it is not a workbook at all."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        parts = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as error:
        raise _not_a_workbook() from error
    unpacked = sum(part.file_size for part in parts)
    packed = sum(part.compress_size for part in parts)
    too_large = (
        len(parts) > MAX_XLSX_PARTS
        or unpacked > MAX_XLSX_UNPACKED
        or (unpacked > RATIO_CHECKED_ABOVE and unpacked > MAX_XLSX_RATIO * max(packed, 1))
    )
    if too_large:
        archive.close()
        raise ImportFileError(
            _(
                "The Excel file unpacks to more data than a mentor list can hold (at most "
                "%(max)s MB). Save only the mentors' columns and rows, or use a CSV file."
            )
            % {"max": MAX_XLSX_UNPACKED // (1024 * 1024)}
        )
    names = set(archive.namelist())
    if not {"[Content_Types].xml", "xl/workbook.xml"} <= names:
        archive.close()
        raise _not_a_workbook()
    return archive


def _scan_sheets(archive: zipfile.ZipFile) -> None:
    """Count the rows and the cells of each row in every worksheet as a stream, stopping at
    the first bound passed: openpyxl builds each row whole and fills in the rows a sheet
    skips, so a small file could otherwise declare a million rows or cells."""
    for name in archive.namelist():
        if not (name.startswith("xl/worksheets/") and name.endswith(".xml")):
            continue
        rows_read = cells = line = 0
        with archive.open(name) as source:
            try:
                for event, element in iterparse(source, events=("start", "end")):
                    tag = element.tag.rsplit("}", 1)[-1]
                    if event == "start" and tag == "row":
                        rows_read += 1
                        number = element.get("r")
                        line = int(number) if number and number.isdigit() else rows_read
                        if rows_read > MAX_LINES + 1 or line > MAX_LINES + 1:
                            raise _too_many_lines(rows_read)
                        cells = 0
                    elif event == "start" and tag == "c":
                        cells += 1
                        if cells > MAX_COLUMNS:
                            raise _too_many_columns(line, rows_read)
                    elif event == "end" and tag in ("c", "row"):
                        element.clear()
            except ImportFileError:
                raise
            except (SyntaxError, ValueError, OSError, zipfile.BadZipFile, EOFError) as error:
                # ParseError is a SyntaxError; defusedxml refuses entities with a ValueError.
                raise _not_a_workbook() from error


def _read_xlsx(content: bytes) -> Iterator[list[str]]:
    from openpyxl import load_workbook

    with _open_archive(content) as archive:
        _scan_sheets(archive)
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, SyntaxError, TypeError) as error:
        raise _not_a_workbook() from error
    try:
        if not workbook.worksheets:
            raise _not_a_workbook()
        sheet = workbook.worksheets[0]
        # Only the rows the sheet holds: not the empty ones up to a declared size.
        sheet.reset_dimensions()
        try:
            for row in sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True):
                yield [_cell_text(value) for value in row]
        except (KeyError, ValueError, SyntaxError, TypeError, IndexError) as error:
            raise _not_a_workbook() from error
    finally:
        workbook.close()


def read_table(name: str, content: bytes) -> list[tuple[int, dict[str, str]]]:
    """The file's data rows as (line number, {column: text}), checking the header row.

    The rows are read as a stream and the reading stops at the first bound passed, so a
    file costs at most MAX_LINES + 1 rows of work whatever it declares.
    """
    lowered = name.lower()
    if lowered.endswith(".csv"):
        table = _read_csv(content)
    elif lowered.endswith(".xlsx"):
        table = _read_xlsx(content)
    else:
        raise ImportFileError(_("Upload a CSV (.csv) or Excel (.xlsx) file."))
    try:
        return _rows_under_the_header(table)
    finally:
        table.close()


def _rows_under_the_header(table: Iterator[list[str]]) -> list[tuple[int, dict[str, str]]]:
    first = next(table, None)
    if not first or not any(first):
        raise ImportFileError(_("The file is empty: the first row must name the columns."))
    headers = [cell.strip().lower() for cell in first]
    while headers and not headers[-1]:
        headers.pop()
    missing = [column for column in REQUIRED_COLUMNS if column not in headers]
    unknown = [header for header in headers if header not in COLUMNS]
    if missing or unknown:
        problems = []
        if missing:
            problems.append(_("missing columns: %(columns)s") % {"columns": ", ".join(missing)})
        if unknown:
            problems.append(_("unknown columns: %(columns)s") % {"columns": ", ".join(unknown)})
        raise ImportFileError(
            _("The first row must name the columns (%(expected)s); %(problems)s.")
            % {"expected": ", ".join(COLUMNS), "problems": "; ".join(problems)},
            rows_read=1,
        )
    rows = []
    rows_read = 1
    for index, cells in enumerate(table, start=2):
        rows_read += 1
        if rows_read > MAX_LINES + 1:
            raise _too_many_lines(rows_read)
        if any(len(cell) > MAX_CELL_LENGTH for cell in cells):
            raise ImportFileError(
                _("Line %(line)s has a cell of more than %(max)s characters.")
                % {"line": index, "max": MAX_CELL_LENGTH},
                rows_read=rows_read,
            )
        if not any(cells):
            continue
        if len(rows) == MAX_ROWS:
            raise ImportFileError(
                _("The file has more than %(max)s mentor rows; import at most %(max)s at a time.")
                % {"max": _count(MAX_ROWS)},
                rows_read=rows_read,
            )
        cells = list(cells) + [""] * (len(headers) - len(cells))
        rows.append((index, {header: cells[i] for i, header in enumerate(headers) if header}))
    if not rows:
        raise ImportFileError(
            _("The file has no mentor rows under the header row."), rows_read=rows_read
        )
    return rows


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(LIST_SEPARATOR) if part.strip()]


def _parse_date(value: str) -> datetime.date | None:
    for pattern in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return datetime.datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    return None


def _names_of(code: str, english_name: str) -> set[str]:
    """The lower-case names of a language: in English, in each interface language, its own."""
    names = {str(english_name).lower()}
    for interface_language, _label in settings.LANGUAGES:
        with translation.override(interface_language):
            names.add(translation.gettext(str(english_name)).lower())
    local = LANG_INFO.get(code.lower(), {}).get("name_local")
    if local:
        names.add(local.lower())
    return names


def _language_key(value: str) -> str:
    """ "FI", "fi-FI" and "fi_FI" name the same language as "fi"."""
    value = value.strip().lower()
    if len(value) == 5 and value[2] in "-_" and value[:2].isalpha():
        return value[:2]
    return value


class _Catalogue:
    """Everything a row may name, loaded once for the whole file."""

    def __init__(self):
        self.colleges: dict[str, tuple[int, str]] = {}
        # A row without a portal language gets its college's country's (issue 23).
        self.college_languages: dict[int, str] = {}
        for pk, name, short_name, language in PartnerCollege.objects.values_list(
            "id", "name", "short_name", "country__language"
        ):
            self.colleges[name.lower()] = (pk, name)
            if short_name:
                self.colleges.setdefault(short_name.lower(), (pk, name))
            self.college_languages[pk] = language or settings.LANGUAGE_CODE
        self.units = {
            (college_id, name.lower()): unit_id
            for unit_id, college_id, name in CollegeUnit.objects.values_list(
                "id", "college_id", "name"
            )
        }
        self.fields = {
            name.lower(): pk for pk, name in VocationalField.objects.values_list("id", "name")
        }
        self.tasks = {number: pk for pk, number in MentorTask.objects.values_list("id", "number")}
        # A language by its ISO code, its name in every language of the portal's interface
        # ("Finnish", "suomi") and its own name ("eesti"): files come from either side.
        self.languages: dict[str, int] = {}
        for pk, code, name in Language.objects.values_list("id", "code", "name"):
            self.languages[code.lower()] = pk
            for key in _names_of(code, name):
                self.languages.setdefault(key, pk)
        self.portal_languages: dict[str, str] = {}
        for code, name in settings.LANGUAGES:
            self.portal_languages[code.lower()] = code
            for key in _names_of(code, name):
                self.portal_languages.setdefault(key, code)
        self.statuses: dict[str, str] = {}
        for value, label in Mentor.Status.choices:
            self.statuses[value] = value
            self.statuses[str(label).lower()] = value


def existing_emails(emails: list[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(emails), 900):
        chunk = emails[start : start + 900]
        found.update(
            User.objects.annotate(lower_email=Lower("email"))
            .filter(lower_email__in=chunk)
            .values_list("lower_email", flat=True)
        )
    return found


def check_rows(table: list[tuple[int, dict[str, str]]]) -> ParsedFile:
    """Resolve names to ids and list every row's problems with its line number."""
    catalogue = _Catalogue()
    emails = [values.get("email", "").strip().lower() for _line, values in table]
    existing = existing_emails([email for email in emails if email])
    first_line_of: dict[str, int] = {}
    rows, errors = [], []
    for (line, values), email in zip(table, emails, strict=True):
        problems = []
        if not email:
            problems.append(_("The email address is missing."))
        else:
            try:
                validate_email(email)
            except ValidationError:
                problems.append(_("“%(email)s” is not a valid email address.") % {"email": email})
            else:
                if email in first_line_of:
                    problems.append(
                        _("The email address is also on line %(line)s.")
                        % {"line": first_line_of[email]}
                    )
                elif email in existing:
                    problems.append(_("A user with this email address already exists."))
            first_line_of.setdefault(email, line)
        first_name = values.get("first_name", "").strip()
        last_name = values.get("last_name", "").strip()
        if not first_name or not last_name:
            problems.append(_("The first and last name are required."))
        college_id, college_name = catalogue.colleges.get(
            values.get("college", "").strip().lower(), (None, "")
        )
        if college_id is None:
            problems.append(_("Unknown college “%(name)s”.") % {"name": values.get("college", "")})
        unit_id = None
        unit_name = values.get("unit", "").strip()
        if unit_name and college_id is not None:
            unit_id = catalogue.units.get((college_id, unit_name.lower()))
            if unit_id is None:
                problems.append(
                    _("Unknown unit “%(name)s” for this college.") % {"name": unit_name}
                )
        field_ids = []
        for name in _split(values.get("fields", "")):
            if name.lower() in catalogue.fields:
                field_ids.append(catalogue.fields[name.lower()])
            else:
                problems.append(_("Unknown field “%(name)s”.") % {"name": name})
        task_ids = []
        for number in _split(values.get("tasks", "")):
            task_id = catalogue.tasks.get(int(number)) if number.isdigit() else None
            if task_id is None:
                problems.append(_("Unknown mentor task “%(number)s”.") % {"number": number})
            else:
                task_ids.append(task_id)
        language_ids = []
        for name in _split(values.get("languages", "")):
            if _language_key(name) in catalogue.languages:
                language_ids.append(catalogue.languages[_language_key(name)])
            else:
                problems.append(_("Unknown language “%(name)s”.") % {"name": name})
        portal_text = values.get("portal_language", "").strip()
        portal_language = (
            catalogue.portal_languages.get(_language_key(portal_text))
            if portal_text
            else catalogue.college_languages.get(college_id, settings.LANGUAGE_CODE)
        )
        if portal_language is None:
            problems.append(
                _("The portal is not available in “%(name)s”: use one of %(choices)s.")
                % {
                    "name": portal_text,
                    "choices": ", ".join(code for code, _label in settings.LANGUAGES),
                }
            )
        status_text = values.get("status", "").strip().lower()
        status = catalogue.statuses.get(status_text) if status_text else Mentor.Status.CANDIDATE
        if status is None:
            problems.append(
                _("Unknown status “%(status)s”.") % {"status": values.get("status", "")}
            )
        date_text = values.get("official_status_date", "").strip()
        official_date = _parse_date(date_text) if date_text else None
        if date_text and official_date is None:
            problems.append(
                _("“%(date)s” is not a date (use D.M.YYYY or YYYY-MM-DD).") % {"date": date_text}
            )
        elif status == Mentor.Status.ACTIVE and official_date is None:
            problems.append(_("An active mentor needs the date of official status."))
        rows.append(
            {
                "line": line,
                "email": email,
                "first_name": first_name,
                "last_name": last_name,
                "college_id": college_id,
                "college": college_name,
                "unit_id": unit_id,
                "field_ids": sorted(set(field_ids)),
                "task_ids": sorted(set(task_ids)),
                "language_ids": sorted(set(language_ids)),
                "status": status,
                "official_status_date": official_date.isoformat() if official_date else None,
                "portal_language": portal_language,
                "errors": problems,
            }
        )
        if problems:
            errors.append({"line": line, "email": email, "errors": problems})
    return ParsedFile(rows=rows, errors=errors)


def parse_file(name: str, content: bytes) -> ParsedFile:
    return check_rows(read_table(name, content))
