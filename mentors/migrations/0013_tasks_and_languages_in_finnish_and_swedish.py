"""The eight mentor tasks and the languages in English, Finnish and Swedish.

The English columns take what each row said so far (announcements too: their one text); the
catalogue's tasks (by number) and languages (by code) get their Finnish and Swedish names
where a coordinator has not given one. Written out here, not imported: a migration must keep
doing what it did when it was written.
"""

from django.db import migrations
from django.db.models import F

# number: ((Finnish name, description), (Swedish name, description)).
TASKS = {
    1: (
        (
            "Yhteyshenkilö ja rekrytointi",
            "Toimii yhteyshenkilönä ammatillisen opettajankoulutuksen ja ammatillisen "
            "koulutuksen yksiköiden välillä ja edistää uusien ammatillisten opettajien "
            "rekrytointia yhdessä opettajankoulutuksen ja ammatillisen koulutuksen hallinnon "
            "kanssa.",
        ),
        (
            "Kontaktperson och rekrytering",
            "Är kontaktperson mellan enheterna för yrkeslärarutbildning och yrkesutbildning "
            "och främjar rekryteringen av nya yrkeslärare tillsammans med lärarutbildningens "
            "och yrkesutbildningens administration.",
        ),
    ),
    2: (
        (
            "Opettajaopiskelijoiden harjoittelun koordinointi",
            "Koordinoi opettajaopiskelijoiden harjoitteluja mentorin yksikössä.",
        ),
        (
            "Samordning av lärarstuderandes praktik",
            "Samordnar lärarstuderandes praktik i mentorns enhet.",
        ),
    ),
    3: (
        (
            "Opettajankoulutuksen opetussuunnitelma",
            "Osallistuu opettajankoulutuksen opetussuunnitelman kehittämiseen.",
        ),
        (
            "Lärarutbildningens läroplan",
            "Deltar i utvecklingen av lärarutbildningens läroplan.",
        ),
    ),
    4: (
        (
            "Kokemusasiantuntija opettajankoulutuksen tapaamisissa",
            "Vierailee säännöllisesti opettajankoulutuksen tapaamisissa suunnitellussa "
            "roolissa (”kokemusasiantuntija”).",
        ),
        (
            "Erfarenhetsexpert i lärarutbildningens sessioner",
            "Besöker regelbundet lärarutbildningens sessioner i en planerad roll "
            "(”erfarenhetsexpert”).",
        ),
    ),
    5: (
        (
            "Opintokäynnit",
            "Järjestää opettajaopiskelijoille opintokäyntejä opettajankoulutuksen "
            "opetussuunnitelman aiheista.",
        ),
        (
            "Studiebesök",
            "Ordnar studiebesök för lärarstuderande kring teman i lärarutbildningens läroplan.",
        ),
    ),
    6: (
        (
            "Työhyvinvointi",
            "Tuo erityisesti esiin näkemyksiä työhyvinvoinnista (opettajan näkökulma).",
        ),
        (
            "Välbefinnande i arbetet",
            "Har en särskild roll i att bidra med insikter om välbefinnande i arbetet "
            "(lärarens perspektiv).",
        ),
    ),
    7: (
        (
            "Ammatillisen koulutuksen arki opettajankoulutuksessa",
            "Huolehtii erityisesti siitä, että ammatillisen koulutuksen arkityön kaikki "
            "osa-alueet otetaan huomioon opettajankoulutuksessa ja etenkin ammatillisissa "
            "oppilaitoksissa järjestettävissä koulutustilaisuuksissa.",
        ),
        (
            "Yrkesutbildningens vardag i lärarutbildningen",
            "Har en särskild roll i att se till att alla delar av vardagsarbetet i "
            "yrkesutbildningen beaktas i lärarutbildningen, särskilt i utbildningstillfällen "
            "vid yrkesläroanstalter.",
        ),
    ),
    8: (
        (
            "Organisoidun mentorointirakenteen jäsen",
            "On arvostettu jäsen ammatillisen opettajankoulutuksen koordinoimassa "
            "organisoidussa mentorointirakenteessa.",
        ),
        (
            "Medlem i den organiserade mentorstrukturen",
            "Är en uppskattad medlem i den organiserade mentorstruktur som "
            "yrkeslärarutbildningen samordnar.",
        ),
    ),
}

# code: (Finnish, Swedish), the languages of 0005_reference_tasks_and_languages.
LANGUAGES = {
    "fi": ("Suomi", "Finska"),
    "sv": ("Ruotsi", "Svenska"),
    "en": ("Englanti", "Engelska"),
    "et": ("Viro", "Estniska"),
    "nl": ("Hollanti", "Nederländska"),
    "ru": ("Venäjä", "Ryska"),
}


def name_tasks(apps, schema_editor):
    MentorTask = apps.get_model("mentors", "MentorTask")
    tasks = MentorTask.objects.using(schema_editor.connection.alias)
    tasks.filter(name_en__isnull=True).update(name_en=F("name"))
    tasks.filter(description_en__isnull=True).update(description_en=F("description"))
    for number, ((fi_name, fi_text), (sv_name, sv_text)) in TASKS.items():
        task = tasks.filter(number=number)
        task.filter(name_fi__isnull=True).update(name_fi=fi_name)
        task.filter(description_fi__isnull=True).update(description_fi=fi_text)
        task.filter(name_sv__isnull=True).update(name_sv=sv_name)
        task.filter(description_sv__isnull=True).update(description_sv=sv_text)


def name_languages(apps, schema_editor):
    Language = apps.get_model("mentors", "Language")
    languages = Language.objects.using(schema_editor.connection.alias)
    languages.filter(name_en__isnull=True).update(name_en=F("name"))
    for code, (finnish, swedish) in LANGUAGES.items():
        languages.filter(code=code, name_fi__isnull=True).update(name_fi=finnish)
        languages.filter(code=code, name_sv__isnull=True).update(name_sv=swedish)


def english_announcements(apps, schema_editor):
    """An announcement so far had one text; it stays what everyone reads (the English column,
    which every other language falls back to)."""
    Announcement = apps.get_model("mentors", "Announcement")
    announcements = Announcement.objects.using(schema_editor.connection.alias)
    announcements.filter(title_en__isnull=True).update(title_en=F("title"))
    announcements.filter(body_en__isnull=True).update(body_en=F("body"))


class Migration(migrations.Migration):
    dependencies = [
        ("mentors", "0012_task_language_announcement_translations"),
    ]

    operations = [
        # Reversing keeps the texts: the columns go with 0012.
        migrations.RunPython(name_tasks, migrations.RunPython.noop),
        migrations.RunPython(name_languages, migrations.RunPython.noop),
        migrations.RunPython(english_announcements, migrations.RunPython.noop),
    ]
