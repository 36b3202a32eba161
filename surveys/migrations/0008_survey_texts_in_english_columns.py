"""A survey's texts so far had one language; they stay what everyone reads: the English
column, which every other language falls back to."""

from django.db import migrations
from django.db.models import F


def copy_texts(apps, schema_editor):
    db = schema_editor.connection.alias
    for model, fields in (
        ("Survey", ("title", "description")),
        ("Section", ("title",)),
        ("Question", ("text", "help_text")),
    ):
        rows = apps.get_model("surveys", model).objects.using(db)
        for field in fields:
            rows.filter(**{f"{field}_en__isnull": True}).update(**{f"{field}_en": F(field)})


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0007_survey_question_translations"),
    ]

    operations = [migrations.RunPython(copy_texts, migrations.RunPython.noop)]
