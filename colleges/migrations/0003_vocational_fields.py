"""Reference data: the vocational fields of the LeadVET network and their shortage flags.

The list is written out here, not imported: a migration must keep doing what it did when
it was written. It is the one copy in the code base; seed_demo and generate_network read
the fields from the database.
"""

from django.db import migrations

# (name, shortage field?): the fields the LeadVET partner colleges teach, the first five
# where teachers are short.
VOCATIONAL_FIELDS = [
    ("Early childhood education", True),
    ("Health and social care", True),
    ("Construction", True),
    ("ICT", True),
    ("Electrical and automation engineering", True),
    ("Business and administration", False),
    ("Hospitality and catering", False),
    ("Logistics", False),
    ("Beauty care", False),
    ("Youth and leisure instruction", False),
]


def create_vocational_fields(apps, schema_editor):
    """Create the fields that are missing. A field that exists (by name) is left as it is:
    coordinators may have changed its shortage flag or description."""
    VocationalField = apps.get_model("colleges", "VocationalField")
    db = schema_editor.connection.alias
    for name, shortage in VOCATIONAL_FIELDS:
        VocationalField.objects.using(db).get_or_create(
            name=name, defaults={"is_shortage": shortage}
        )


class Migration(migrations.Migration):
    dependencies = [
        ("colleges", "0002_initial"),
    ]

    operations = [
        # Reversing keeps the rows: they may have been edited and be in use by then.
        migrations.RunPython(create_vocational_fields, migrations.RunPython.noop),
    ]
