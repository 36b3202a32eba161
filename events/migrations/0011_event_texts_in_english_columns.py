"""An event's title and description so far had one language; they stay what everyone reads:
the English column, which every other language falls back to."""

from django.db import migrations
from django.db.models import F


def copy_texts(apps, schema_editor):
    events = apps.get_model("events", "Event").objects.using(schema_editor.connection.alias)
    events.filter(title_en__isnull=True).update(title_en=F("title"))
    events.filter(description_en__isnull=True).update(description_en=F("description"))


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0010_event_translations"),
    ]

    operations = [migrations.RunPython(copy_texts, migrations.RunPython.noop)]
