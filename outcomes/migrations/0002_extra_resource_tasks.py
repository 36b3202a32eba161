"""Reference data: the mentor tasks the source material says "might require extra resources"
(task 4, visiting VTE sessions regularly; task 5, organising study visits)."""

from django.db import migrations

EXTRA_RESOURCE_TASKS = {
    4: "Variation. Might require extra resources.",
    5: "Not in systematic use but possible. Might require extra resources.",
}


def mark_tasks(apps, schema_editor):
    MentorTask = apps.get_model("mentors", "MentorTask")
    ExtraResourceTask = apps.get_model("outcomes", "ExtraResourceTask")
    for task in MentorTask.objects.filter(number__in=EXTRA_RESOURCE_TASKS):
        ExtraResourceTask.objects.get_or_create(
            task=task, defaults={"note": EXTRA_RESOURCE_TASKS[task.number]}
        )


class Migration(migrations.Migration):
    dependencies = [
        ("outcomes", "0001_initial"),
        ("mentors", "0005_reference_tasks_and_languages"),
    ]

    operations = [migrations.RunPython(mark_tasks, migrations.RunPython.noop)]
