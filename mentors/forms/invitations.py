"""Inviting a mentor."""

from django import forms
from django.utils.translation import gettext_lazy as _

from leadvet.models import User
from mentors.forms.pool import LanguageMixin, NewEmailMixin, PersonMixin


class InvitationForm(LanguageMixin, NewEmailMixin, PersonMixin):
    field_order = ["first_name", "last_name", "email", "language", "college", "unit"]

    def clean_email(self):
        email = super().clean_email()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                _("This person already has an account: add them as a mentor instead of inviting.")
            )
        return email
