"""The vocational fields' names in English, Finnish and Swedish.

The English column takes what each field was called so far (its one name); the catalogue's
fields get their Finnish and Swedish names where a coordinator has not given one. The names
are written out here, not imported: a migration must keep doing what it did when it was
written.
"""

from django.db import migrations
from django.db.models import F

# English name (as in 0003_vocational_fields): (Finnish, Swedish).
FIELD_NAMES = {
    "Early childhood education": ("Varhaiskasvatus", "Småbarnspedagogik"),
    "Health and social care": ("Sosiaali- ja terveysala", "Social- och hälsovård"),
    "Construction": ("Rakentaminen", "Byggande"),
    "ICT": ("Tieto- ja viestintätekniikka", "Informations- och kommunikationsteknik"),
    "Electrical and automation engineering": (
        "Sähkö- ja automaatiotekniikka",
        "El- och automationsteknik",
    ),
    "Business and administration": ("Liiketoiminta ja hallinto", "Företagsekonomi och administration"),
    "Hospitality and catering": ("Ravintola- ja catering-ala", "Restaurang- och cateringbranschen"),
    "Logistics": ("Logistiikka", "Logistik"),
    "Beauty care": ("Kauneudenhoitoala", "Skönhetsbranschen"),
    "Youth and leisure instruction": ("Nuoriso- ja vapaa-ajanohjaus", "Ungdoms- och fritidsinstruktion"),
}


def name_fields(apps, schema_editor):
    VocationalField = apps.get_model("colleges", "VocationalField")
    db = schema_editor.connection.alias
    fields = VocationalField.objects.using(db)
    fields.filter(name_en__isnull=True).update(name_en=F("name"))
    fields.filter(description_en__isnull=True).exclude(description="").update(
        description_en=F("description")
    )
    for english, (finnish, swedish) in FIELD_NAMES.items():
        fields.filter(name_en=english, name_fi__isnull=True).update(name_fi=finnish)
        fields.filter(name_en=english, name_sv__isnull=True).update(name_sv=swedish)


class Migration(migrations.Migration):
    dependencies = [
        ("colleges", "0007_vocational_field_translations"),
    ]

    operations = [
        # Reversing keeps the names: the columns go with 0005.
        migrations.RunPython(name_fields, migrations.RunPython.noop),
    ]
