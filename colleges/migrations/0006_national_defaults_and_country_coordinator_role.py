from django.db import migrations

# Each country's language and time zone as they were when this migration was written
# (colleges.models.NATIONAL_DEFAULTS); any other country English and the portal's zone.
NATIONAL_DEFAULTS = {
    "FI": ("fi", "Europe/Helsinki"),
    "EE": ("et", "Europe/Tallinn"),
    "NL": ("nl", "Europe/Amsterdam"),
    "BE": ("nl", "Europe/Brussels"),
    "SE": ("sv", "Europe/Stockholm"),
    "NO": ("en", "Europe/Oslo"),
    "DK": ("en", "Europe/Copenhagen"),
    "IS": ("en", "Atlantic/Reykjavik"),
    "DE": ("en", "Europe/Berlin"),
    "AT": ("en", "Europe/Vienna"),
    "FR": ("en", "Europe/Paris"),
    "IE": ("en", "Europe/Dublin"),
    "LV": ("en", "Europe/Riga"),
    "LT": ("en", "Europe/Vilnius"),
    "PL": ("en", "Europe/Warsaw"),
    "ES": ("en", "Europe/Madrid"),
    "IT": ("en", "Europe/Rome"),
    "PT": ("en", "Europe/Lisbon"),
}
ROLE = "Country coordinator"  # leadvet.roles.COUNTRY_COORDINATOR


def set_national_defaults(apps, schema_editor):
    Country = apps.get_model("colleges", "Country")
    for country in Country.objects.all():
        language, time_zone = NATIONAL_DEFAULTS.get(country.code.upper(), ("en", "Europe/Helsinki"))
        country.language = country.language or language
        country.time_zone = country.time_zone or time_zone
        country.save(update_fields=["language", "time_zone"])


def create_role_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.get_or_create(name=ROLE)


def remove_role_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=ROLE).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("colleges", "0005_country_language_time_zone_coordinators"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.RunPython(set_national_defaults, migrations.RunPython.noop),
        migrations.RunPython(create_role_group, remove_role_group),
    ]
