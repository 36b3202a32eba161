# ReportDelivery now belongs to the portal app (portal.0001 takes over and renames its table).

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("leadvet", "0005_audit_event"),
        ("portal", "0001_report_delivery_from_leadvet"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="ReportDelivery")],
            database_operations=[],
        ),
    ]
