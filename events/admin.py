from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from events.models import (
    AgendaItem,
    CalendarFeed,
    Event,
    EventNotice,
    EventOutput,
    Registration,
    TrainingTarget,
)


class RegistrationInline(admin.TabularInline):
    model = Registration
    extra = 0
    raw_id_fields = ["user", "registered_by"]


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0


@admin.register(Event)
class EventAdmin(TranslationAdmin):
    list_display = ["title", "kind", "starts_at", "status", "capacity"]
    list_filter = ["kind", "status", "audience"]
    search_fields = ["title"]
    date_hierarchy = "starts_at"
    inlines = [AgendaItemInline, RegistrationInline]


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["event", "user", "guest_name", "status", "registered_at", "attended"]
    list_filter = ["status"]
    search_fields = ["guest_name", "guest_email", "user__email"]
    list_select_related = ["event", "user"]
    raw_id_fields = ["event", "user", "registered_by"]


@admin.register(EventNotice)
class EventNoticeAdmin(admin.ModelAdmin):
    list_display = ["registration", "kind", "key", "sent_at"]
    list_filter = ["kind"]
    raw_id_fields = ["registration"]


@admin.register(EventOutput)
class EventOutputAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "event", "published_on"]
    list_filter = ["kind"]


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin):
    list_display = ["user", "created_at"]
    raw_id_fields = ["user"]
    exclude = ["token"]


@admin.register(TrainingTarget)
class TrainingTargetAdmin(admin.ModelAdmin):
    list_display = ["year", "hours"]
