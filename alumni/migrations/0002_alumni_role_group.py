from django.db import migrations


def create_alumni_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.get_or_create(name="Alumni")


def remove_alumni_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Alumni").delete()


class Migration(migrations.Migration):
    dependencies = [("alumni", "0001_initial"), ("leadvet", "0002_role_groups")]

    operations = [migrations.RunPython(create_alumni_group, remove_alumni_group)]
