from django.db import migrations, models
from django.db.models import F


def from_last_login(apps, schema_editor):
    """Users who signed in before the field existed: their last sign-in is the best known."""
    User = apps.get_model("leadvet", "User")
    User.objects.filter(last_login__isnull=False).update(first_login_at=F("last_login"))


class Migration(migrations.Migration):
    dependencies = [
        ("leadvet", "0008_merge_opt_outs_and_audit_subject"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="first_login_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="first signed in"),
        ),
        migrations.RunPython(from_last_login, migrations.RunPython.noop),
    ]
