"""The contact log's indexes match its queries (issue 20).

Dropped: the single-column indexes of mentor, college and task (the (mentor, date),
(college, date) and (task, date) indexes serve every lookup by them) and the plain date index
(the covering one below is a date index too). The covering date index of migration 0003 was
PostgreSQL-only SQL; it is now the model's, with every column the period aggregates read (the
outcome flags, the counterpart, the minutes), and a plain date index on SQLite. The contact
request's mentor and requester lose their single-column indexes the same way.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

OLD_COVERING = "mentors_contact_date_covering"


def drop_old_covering_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {OLD_COVERING}")


def create_old_covering_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {OLD_COVERING} ON mentors_contact (date) "
            "INCLUDE (task_id, college_id, mentor_id)"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("colleges", "0004_vte_group_language"),
        ("mentors", "0009_announcement_preview_and_schedule"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="contact",
            name="mentors_con_date_352956_idx",
        ),
        migrations.AlterField(
            model_name="contact",
            name="college",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="contacts",
                to="colleges.partnercollege",
            ),
        ),
        migrations.AlterField(
            model_name="contact",
            name="mentor",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="contacts",
                to="mentors.mentor",
            ),
        ),
        migrations.AlterField(
            model_name="contact",
            name="task",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="contacts",
                to="mentors.mentortask",
                verbose_name="mentor task",
            ),
        ),
        migrations.AlterField(
            model_name="contactrequest",
            name="mentor",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="contact_requests",
                to="mentors.mentor",
            ),
        ),
        migrations.AlterField(
            model_name="contactrequest",
            name="requester",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="contact_requests_sent",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        # The same name as 0003's index, which Django's state never knew.
        migrations.RunPython(drop_old_covering_index, create_old_covering_index, elidable=False),
        migrations.AddIndex(
            model_name="contact",
            index=models.Index(
                fields=["date"],
                include=(
                    "id",
                    "mentor",
                    "college",
                    "task",
                    "counterpart_kind",
                    "duration_minutes",
                    "placement",
                    "recruitment_lead",
                    "curriculum_input",
                    "wellbeing_insight",
                    "other_outcome",
                ),
                name="mentors_contact_date_covering",
            ),
        ),
    ]
