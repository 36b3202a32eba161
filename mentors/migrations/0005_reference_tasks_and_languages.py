"""Reference data: the eight mentor tasks of the LeadVET model and the mentors' languages.

The lists are written out here, not imported: a migration must keep doing what it did when
it was written. They are the one copy in the code base; seed_demo, generate_network and the
mentor importer (whose `tasks` column holds the numbers 1-8) read them from the database.
"""

from django.db import migrations

# The eight mentor tasks of the seed document "Mentoring as networking - Win - Win?"
# (LeadVET PR3, 16.10.2024): (number, short name, the seed's sentence verbatim).
MENTOR_TASKS = [
    (
        1,
        "Contact person & recruitment",
        "Is a contact person between VTE and VET units and enhances the recruitment of new VET "
        "teachers together with VTE and VET administration.",
    ),
    (
        2,
        "Coordinating teacher students' training",
        "Coordinates teacher students' trainings in mentor's unit.",
    ),
    (
        3,
        "Teacher education curriculum",
        "Is involved in developing curriculum of teacher education.",
    ),
    (
        4,
        "Expert by experience in VTE sessions",
        'Visits regularly in VTE sessions with planned role ("expert by experience").',
    ),
    (
        5,
        "Study visits",
        "Organizes study visits to VTE students regarding topics of VTE curriculum.",
    ),
    (
        6,
        "Wellbeing at work",
        "Has a special role in bringing insights on wellbeing at work (teacher's perspective).",
    ),
    (
        7,
        "Everyday VET in VTE",
        "Has a special role in ensuring that all the elements of everyday work in VET are "
        "considered in VTE and especially in training sessions in VET institutions.",
    ),
    (
        8,
        "Member of the organised structure",
        "Is a valued member of organized mentoring structure coordinated by VTE institution.",
    ),
]

# (code, name): the languages of the network's countries (Finland, Estonia, the
# Netherlands), English, and Russian.
LANGUAGES = [
    ("fi", "Finnish"),
    ("sv", "Swedish"),
    ("en", "English"),
    ("et", "Estonian"),
    ("nl", "Dutch"),
    ("ru", "Russian"),
]


def create_mentor_tasks(apps, schema_editor):
    """Create the tasks that are missing. A task that exists (by number) is left as it is:
    coordinators may have reworded it."""
    MentorTask = apps.get_model("mentors", "MentorTask")
    db = schema_editor.connection.alias
    for number, name, description in MENTOR_TASKS:
        MentorTask.objects.using(db).get_or_create(
            number=number, defaults={"name": name, "description": description}
        )


def create_languages(apps, schema_editor):
    """Create the languages that are missing; an existing one (by code) is left as it is."""
    Language = apps.get_model("mentors", "Language")
    db = schema_editor.connection.alias
    for code, name in LANGUAGES:
        Language.objects.using(db).get_or_create(code=code, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [
        ("mentors", "0004_mentor_history_relations"),
    ]

    operations = [
        # Reversing keeps the rows: they may have been edited and be in use by then.
        migrations.RunPython(create_mentor_tasks, migrations.RunPython.noop),
        migrations.RunPython(create_languages, migrations.RunPython.noop),
    ]
