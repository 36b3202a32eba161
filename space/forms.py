"""Forms of the network space."""

from django import forms
from django.utils.translation import gettext_lazy as _

from colleges.models import Country, PartnerCollege, VTEGroup
from leadvet.lib.forms import PlainTextForm, PlainTextModelForm
from leadvet.lib.uploads import FileTypeValidator
from mentors.forms.announcements import AnnouncementForm
from space import permissions, services
from space.models import ATTACHMENT_TYPES, Audience, DigestChoice, Post, Topic

ATTACHMENT_HELP = _("Optional. PDF, office documents or images (%(types)s), at most 5 MB.") % {
    "types": ", ".join(f".{name}" for name in ATTACHMENT_TYPES)
}


class PostFieldsMixin:
    def setup_post_fields(self):
        self.fields["attachment"].help_text = ATTACHMENT_HELP
        self.fields["attachment"].widget.attrs["accept"] = ",".join(
            f".{name}" for name in ATTACHMENT_TYPES
        )


class TopicForm(PostFieldsMixin, PlainTextModelForm):
    """A new topic: its kind, title and audience, and the opening post."""

    body = forms.CharField(
        label=_("Text"), widget=forms.Textarea(attrs={"rows": 6}), max_length=10_000
    )
    link = Post._meta.get_field("link").formfield()
    attachment = Post._meta.get_field("attachment").formfield()

    class Meta:
        model = Topic
        fields = ["kind", "title", "audience", "country", "college", "vte_group"]
        widgets = {"audience": forms.RadioSelect}
        help_texts = {
            "country": _("Needed when the topic is for one country."),
            "college": _("Needed when the topic is for one college."),
            "vte_group": _("Needed when the topic is for one VTE group."),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.setup_post_fields()
        reach = permissions.audiences_for(user)
        countries = Country.objects.order_by("name")
        colleges = PartnerCollege.objects.filter(is_active=True).order_by("name")
        groups = VTEGroup.objects.filter(closed_at__isnull=True).select_related("institution")
        if not reach.everything:
            countries = countries.filter(pk__in=reach.countries)
            colleges = colleges.filter(pk__in=reach.colleges)
            groups = groups.filter(pk__in=reach.groups)
        self.fields["country"].queryset = countries
        self.fields["college"].queryset = colleges
        self.fields["vte_group"].queryset = groups.order_by("name")
        # The opening post's fields are not the Topic model's: check the upload here.
        self.fields["attachment"].validators.append(FileTypeValidator(ATTACHMENT_TYPES))

    def clean(self):
        cleaned = super().clean()
        audience = cleaned.get("audience")
        for field, wanted in (
            ("country", Audience.COUNTRY),
            ("college", Audience.COLLEGE),
            ("vte_group", Audience.GROUP),
        ):
            if audience == wanted and not cleaned.get(field):
                self.add_error(field, _("Choose where the topic is visible."))
            if audience != wanted:
                cleaned[field] = None
        return cleaned


class PostForm(PostFieldsMixin, PlainTextModelForm):
    """A reply, or the edit of a post (the opening post's edit shows the title too)."""

    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    remove_attachment = forms.BooleanField(label=_("Remove the attachment"), required=False)

    class Meta:
        model = Post
        fields = ["body", "link", "attachment"]
        widgets = {"body": forms.Textarea(attrs={"rows": 4}), "attachment": forms.FileInput}

    def __init__(self, *args, with_title: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_post_fields()
        if with_title:
            self.fields["title"].required = True
            self.fields["title"].initial = self.instance.topic.title
            self.order_fields(["title", "body", "link", "attachment"])
        else:
            del self.fields["title"]
        if not (self.instance.pk and self.instance.attachment):
            del self.fields["remove_attachment"]


class ReportForm(PlainTextForm):
    reason = forms.CharField(
        label=_("What is wrong with this post?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The coordinators read reports; the author does not see who reported."),
    )


class SearchForm(PlainTextForm):
    q = forms.CharField(label=_("Search posts"), max_length=100, required=False)


class TopicFilterForm(PlainTextForm):
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("All kinds")), *Topic.Kind.choices], required=False
    )
    following = forms.BooleanField(label=_("Only topics I follow"), required=False)


class DigestForm(PlainTextForm):
    frequency = forms.ChoiceField(
        label=_("Digest email of the topics I follow"),
        choices=DigestChoice.Frequency.choices,
        widget=forms.RadioSelect,
    )


class EventLinkForm(PlainTextForm):
    event = forms.ModelChoiceField(
        label=_("Event"), queryset=None, required=False, empty_label=_("No event")
    )

    def __init__(self, *args, events, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["event"].queryset = events


class WebhookForm(PlainTextForm):
    url = forms.URLField(
        label=_("Incoming webhook address"),
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text=_(
            "The https:// address of a Microsoft Teams or Slack incoming webhook. New topics "
            "for the whole network are posted to that channel. Leave empty to turn it off."
        ),
    )

    def clean_url(self):
        url = self.cleaned_data["url"]
        services.validate_webhook_url(url)
        return url


class PostAnnouncementForm(AnnouncementForm):
    """The mentors' announcement form, filled in from the post."""
