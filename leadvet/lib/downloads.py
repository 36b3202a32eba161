"""A file to download, before it is written: its name, its type and how to write it.

Exports (`leadvet.lib.exports`) and PDFs (`leadvet.lib.pdf`) describe their file as a
`FileToWrite`; a background job (`leadvet.lib.jobs`) writes it into the file storage, and a
download small enough to make within the request is written into a response. Writing reports
its rows to a `Progress`, which a job keeps on its row for its page to show.
"""

import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import BinaryIO

from django.http import FileResponse

# Up to this size a file being written stays in memory; a bigger one goes on to disk.
SPOOL_SIZE = 8 * 1024 * 1024


class Progress:
    """Rows written of rows expected. This one only counts; a job's also records."""

    def __init__(self):
        self.done = 0
        self.total: int | None = None

    def expect(self, rows: int) -> None:
        self.total = (self.total or 0) + rows

    def advance(self, rows: int = 1) -> None:
        self.done += rows


@dataclass(frozen=True)
class FileToWrite:
    filename: str  # what the browser saves it as, with its extension
    content_type: str
    write: Callable[[BinaryIO], None]  # writes the whole file into a binary file
    language: str = ""  # the language its text is in (a CSV's delimiter follows it)


def spooled(file: FileToWrite) -> BinaryIO:
    """The file written, rewound: in memory while small, on disk beyond SPOOL_SIZE."""
    handle = tempfile.SpooledTemporaryFile(max_size=SPOOL_SIZE)
    file.write(handle)
    handle.seek(0)
    return handle


def response(file: FileToWrite) -> FileResponse:
    """The file as an attachment (FileResponse closes the temporary file when it is sent)."""
    handle = spooled(file)
    answer = FileResponse(handle, as_attachment=True, filename=file.filename)
    answer["Content-Type"] = file.content_type
    if file.language:
        answer["Content-Language"] = file.language
    return answer
