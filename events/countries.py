"""The countries a public participant may name: the Erasmus+ programme countries first."""

from django.utils.translation import gettext_lazy as _

COUNTRIES = (
    ("FI", _("Finland")),
    ("SE", _("Sweden")),
    ("EE", _("Estonia")),
    ("NO", _("Norway")),
    ("DK", _("Denmark")),
    ("IS", _("Iceland")),
    ("DE", _("Germany")),
    ("NL", _("Netherlands")),
    ("BE", _("Belgium")),
    ("LU", _("Luxembourg")),
    ("FR", _("France")),
    ("IE", _("Ireland")),
    ("AT", _("Austria")),
    ("LI", _("Liechtenstein")),
    ("CZ", _("Czechia")),
    ("SK", _("Slovakia")),
    ("PL", _("Poland")),
    ("LT", _("Lithuania")),
    ("LV", _("Latvia")),
    ("HU", _("Hungary")),
    ("SI", _("Slovenia")),
    ("HR", _("Croatia")),
    ("RO", _("Romania")),
    ("BG", _("Bulgaria")),
    ("GR", _("Greece")),
    ("CY", _("Cyprus")),
    ("MT", _("Malta")),
    ("IT", _("Italy")),
    ("ES", _("Spain")),
    ("PT", _("Portugal")),
    ("MK", _("North Macedonia")),
    ("RS", _("Serbia")),
    ("TR", _("Türkiye")),
    ("UA", _("Ukraine")),
    ("GB", _("United Kingdom")),
    ("CH", _("Switzerland")),
    ("ZZ", _("Another country")),
)
NAMES = dict(COUNTRIES)


def country_name(code: str) -> str:
    return str(NAMES.get(code, code))
