from django import forms
from django.utils.translation import gettext_lazy as _

from leadvet.models import User


class AccountForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["first_name", "last_name", "language"]
        labels = {"first_name": _("First name"), "last_name": _("Last name")}


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What the token is for, e.g. “HR sync” or “College reporting”."),
    )
    can_write = forms.TypedChoiceField(
        label=_("Access"),
        choices=[("0", _("Read only")), ("1", _("Read and write"))],
        coerce=lambda value: value == "1",
        initial="0",
        widget=forms.RadioSelect,
    )
