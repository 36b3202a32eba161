from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from colleges.models import (
    CollegeUnit,
    PartnerCollege,
    VocationalField,
    VTEGroup,
    group_language_choices,
)
from leadvet import roles
from leadvet.lib import forms as lib_forms
from leadvet.lib.forms import PlainTextModelForm
from leadvet.lib.translated import TranslatedFieldsForm

COUNTRY_LOCKED = _("Only the network coordinators can change a college's country.")


class CollegeForm(PlainTextModelForm):
    class Meta:
        model = PartnerCollege
        fields = ["name", "short_name", "country", "city", "website", "fields", "is_active"]
        widgets = {"fields": forms.CheckboxSelectMultiple}

    def __init__(self, *args, country_locked: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if country_locked:
            # Shown, not changeable: a posted country is ignored.
            self.fields["country"].disabled = True
            self.fields["country"].help_text = COUNTRY_LOCKED


CollegeUnitFormSet = forms.inlineformset_factory(
    PartnerCollege,
    CollegeUnit,
    form=PlainTextModelForm,
    fields=["name", "city"],
    extra=2,
    can_delete=True,
)


class VocationalFieldForm(TranslatedFieldsForm, PlainTextModelForm):
    translated_fields = ("name", "description")

    class Meta:
        model = VocationalField
        fields = ["name", "is_shortage", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class DateInput(lib_forms.DateInput):
    """A date typed day first (5.12.2026)."""


class VTEGroupForm(PlainTextModelForm):
    # The mentor tasks the group needs; MentorTask lives in mentors, reached through the relation.
    needed_tasks = forms.ModelMultipleChoiceField(
        label=_("Mentor tasks the group needs"),
        queryset=VTEGroup._meta.get_field("needed_tasks").related_model.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = VTEGroup
        fields = [
            "institution",
            "name",
            "term",
            "starts_on",
            "ends_on",
            "teacher_educator",
            "field",
            "language",
            "size",
        ]
        widgets = {"starts_on": DateInput(), "ends_on": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["teacher_educator"].queryset = (
            get_user_model()
            .objects.filter(groups__name=roles.TEACHER_EDUCATOR)
            .order_by("last_name", "first_name")
        )
        if self.instance.pk:
            self.fields["needed_tasks"].initial = list(self.instance.needed_tasks.all())
        model_field = VTEGroup._meta.get_field("language")
        self.fields["language"] = forms.ChoiceField(
            label=_("Language of the group"),
            choices=[("", _("Not given"))] + group_language_choices(),
            required=False,
            help_text=model_field.help_text,
        )

    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("The term cannot end before it starts."))
        return cleaned
