"""Uploading a file of mentors to import."""

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from leadvet.lib.forms import PlainTextForm
from mentors import importing


class ImportUploadForm(PlainTextForm):
    file = forms.FileField(
        label=_("CSV or Excel file"),
        help_text=_(
            "A .csv (UTF-8, comma-separated) or .xlsx file whose first row names the columns."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.MAX_UPLOAD_SIZE:
            raise forms.ValidationError(
                _("The file is %(size)s; the largest file you can upload is %(max)s.")
                % {
                    "size": filesizeformat(upload.size),
                    "max": filesizeformat(settings.MAX_UPLOAD_SIZE),
                }
            )
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Upload a CSV (.csv) or Excel (.xlsx) file."))
        self.content = upload.read(settings.MAX_UPLOAD_SIZE + 1)
        try:
            importing.check_upload(upload.name, self.content)
        except importing.ImportFileError as error:
            raise forms.ValidationError(str(error)) from error
        return upload
