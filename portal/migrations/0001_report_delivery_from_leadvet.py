# The monthly steering report's delivery record moved from the leadvet app (the base floor) to
# the portal app (the top floor, where the reports are). Its rows stay: the table is renamed.

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("leadvet", "0005_audit_event"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ReportDelivery",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("month", models.DateField(help_text="The first day of the reported month.", verbose_name="month")),
                        ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                        ("sent_at", models.DateTimeField(blank=True, null=True, verbose_name="sent")),
                        ("recipient", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="report_deliveries", to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        "verbose_name": "report delivery",
                        "verbose_name_plural": "report deliveries",
                        "ordering": ["-month", "recipient_id"],
                        "constraints": [models.UniqueConstraint(fields=("month", "recipient"), name="one_report_per_month_and_recipient")],
                        "db_table": "leadvet_reportdelivery",
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.AlterModelTable(name="reportdelivery", table=None),
    ]
