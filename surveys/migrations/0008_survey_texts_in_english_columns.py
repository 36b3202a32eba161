"""A survey's texts so far had one language; they stay what everyone reads: the English
column, which every other language falls back to. A question's choices and matrix rows are
copied the same way; its matrix columns too, and where they are the default scale, the scale
in the other interface languages. Written out here, not imported: a migration must keep
doing what it did when it was written."""

from django.db import migrations
from django.db.models import F

DEFAULT_COLUMNS = ["In systematic use", "Occasional", "Possible", "Not in use"]
TRANSLATED_DEFAULT_COLUMNS = {
    "fi": ["Systemaattisessa käytössä", "Satunnaisesti", "Mahdollinen", "Ei käytössä"],
    "sv": ["I systematisk användning", "Ibland", "Möjlig", "Inte i användning"],
    "et": ["Süstemaatiliselt kasutusel", "Aeg-ajalt", "Võimalik", "Pole kasutusel"],
    "nl": ["Systematisch in gebruik", "Af en toe", "Mogelijk", "Niet in gebruik"],
}


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


def copy_options(apps, schema_editor):
    Question = apps.get_model("surveys", "Question")
    questions = list(
        Question.objects.using(schema_editor.connection.alias).only("choices", "rows", "columns")
    )
    for question in questions:
        question.choices_en = question.choices
        question.rows_en = question.rows
        question.columns_en = question.columns
        default_scale = list(question.columns) == DEFAULT_COLUMNS
        for code, scale in TRANSLATED_DEFAULT_COLUMNS.items():
            setattr(question, f"choices_{code}", None)
            setattr(question, f"rows_{code}", None)
            setattr(question, f"columns_{code}", list(scale) if default_scale else None)
    fields = [
        f"{name}_{code}"
        for name in ("choices", "rows", "columns")
        for code in ("en", *TRANSLATED_DEFAULT_COLUMNS)
    ]
    Question.objects.using(schema_editor.connection.alias).bulk_update(
        questions, fields, batch_size=500
    )


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0007_survey_question_translations"),
    ]

    operations = [
        migrations.RunPython(copy_texts, migrations.RunPython.noop),
        migrations.RunPython(copy_options, migrations.RunPython.noop),
    ]
