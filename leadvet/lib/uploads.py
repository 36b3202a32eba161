"""Files people upload and the portal stores: which types it takes and the names it gives them.

Stored files are served as they are, so an upload is kept only when its extension is on the
model's allow-list and its first bytes are of that type, and it is stored under a name the
portal makes (a random part and the original name reduced to letters, digits and hyphens),
never under a path the client chose.
"""

import secrets
from pathlib import PureWindowsPath

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.deconstruct import deconstructible
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

# Bytes read to tell a file's type from its content (what `filetype` looks at).
SNIFFED_BYTES = 8192


def extension_of(name: str) -> str:
    """The lower-case extension of a file name's last part, without the dot ("" if none)."""
    base = PureWindowsPath(name).name  # drops directories written with / or \
    stem, dot, extension = base.rpartition(".")
    return extension.lower() if dot and stem.strip(".") else ""


def safe_name(name: str, *, folder: str, extensions) -> str:
    """`folder/<random>-<slug>.<ext>`: the client's directories, dots and other characters
    gone, the extension kept only when it is one of `extensions`."""
    base = PureWindowsPath(name).name
    extension = extension_of(base)
    stem = base[: -len(extension) - 1] if extension else base
    slug = slugify(stem)[:60] or "file"
    suffix = f".{extension}" if extension in extensions else ""
    return f"{folder}/{secrets.token_hex(6)}-{slug}{suffix}"


@deconstructible
class FileTypeValidator:
    """A new upload's size, extension and content: `types` maps each allowed extension to
    the types `filetype` may find in the file's first bytes."""

    def __init__(self, types: dict[str, tuple[str, ...]]):
        self.types = types

    def __call__(self, value) -> None:
        if getattr(value, "_committed", False):
            return  # already stored: checked when it was uploaded
        if value.size > settings.MAX_UPLOAD_SIZE:
            raise ValidationError(
                _("The file is too large: at most %(size)s is allowed."),
                params={"size": filesizeformat(settings.MAX_UPLOAD_SIZE)},
                code="too_large",
            )
        extension = extension_of(value.name)
        if extension not in self.types:
            raise ValidationError(
                _("Upload a file of one of these types: %(types)s."),
                params={"types": ", ".join(f".{name}" for name in self.types)},
                code="file_type",
            )
        value.seek(0)
        head = value.read(SNIFFED_BYTES)
        value.seek(0)
        found = filetype.guess(head)
        if found is None or found.extension not in self.types[extension]:
            raise ValidationError(
                _("The file's content is not what its name says (.%(extension)s)."),
                params={"extension": extension},
                code="file_content",
            )

    def __eq__(self, other):
        return isinstance(other, FileTypeValidator) and self.types == other.types
