"""Each mentor's latest contact, counted from the contacts already logged (later writes keep
it: mentors/models/rollups.py)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("mentors", "0014_contact_date_id_index"),
    ]

    operations = [
        migrations.CreateModel(
            name="MentorLastContact",
            fields=[
                (
                    "mentor",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="latest_contact",
                        serialize=False,
                        to="mentors.mentor",
                    ),
                ),
                ("day", models.DateField()),
            ],
            options={
                "verbose_name": "latest contact of a mentor",
                "verbose_name_plural": "latest contacts of mentors",
            },
        ),
        migrations.RunSQL(
            "INSERT INTO mentors_mentorlastcontact (mentor_id, day) "
            "SELECT mentor_id, MAX(date) FROM mentors_contact GROUP BY mentor_id",
            migrations.RunSQL.noop,
        ),
    ]
