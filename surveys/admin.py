from django.contrib import admin
from modeltranslation.admin import (
    TranslationAdmin,
    TranslationStackedInline,
    TranslationTabularInline,
)

from surveys.models import Answer, Invitation, Question, Response, Section, Survey, SurveyNotice


class SectionInline(TranslationTabularInline):
    model = Section
    extra = 0


class QuestionInline(TranslationStackedInline):
    model = Question
    extra = 0


@admin.register(Survey)
class SurveyAdmin(TranslationAdmin):
    list_display = ["title", "round_number", "opens_at", "closes_at", "is_anonymous"]
    search_fields = ["title"]
    inlines = [SectionInline, QuestionInline]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "survey", "role", "sent_at", "used"]
    list_filter = ["survey", "role", "used"]
    raw_id_fields = ["user", "college"]
    # The token answers as the person; the draft is their unsubmitted answers. `used` is
    # what makes the link answer once: not for editing.
    exclude = ["token", "draft"]
    readonly_fields = ["used"]


@admin.register(Response)
class ResponseAdmin(admin.ModelAdmin):
    list_display = ["id", "survey", "role", "country", "submitted_at"]
    list_filter = ["survey", "role", "country"]
    raw_id_fields = ["invitation", "college"]


@admin.register(Answer)
class AnswerAdmin(admin.ModelAdmin):
    list_display = ["response", "question", "row", "value"]
    raw_id_fields = ["response", "question"]


@admin.register(SurveyNotice)
class SurveyNoticeAdmin(admin.ModelAdmin):
    list_display = ["invitation", "kind", "key", "sent_at"]
    raw_id_fields = ["invitation"]
