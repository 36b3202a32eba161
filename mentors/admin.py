from django.contrib import admin
from modeltranslation.admin import TranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from mentors.models import (
    Announcement,
    Availability,
    Contact,
    ContactRequest,
    GroupAssignment,
    Invitation,
    Language,
    MembershipPeriod,
    Mentor,
    MentorImport,
    MentorTask,
    Notice,
    StatusChange,
)


@admin.register(MentorTask)
class MentorTaskAdmin(TranslationAdmin):
    list_display = ["number", "name"]


@admin.register(Language)
class LanguageAdmin(TranslationAdmin):
    list_display = ["name", "code"]
    search_fields = ["name", "code"]


class MembershipInline(admin.TabularInline):
    model = MembershipPeriod
    extra = 0


class StatusChangeInline(admin.TabularInline):
    model = StatusChange
    extra = 0
    readonly_fields = ["from_status", "to_status", "changed_by", "changed_at", "note"]


@admin.register(Mentor)
class MentorAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "college", "status", "official_status_date", "trained_on"]
    list_filter = ["status", "college__country", "college"]
    search_fields = ["user__email", "user__first_name", "user__last_name"]
    list_select_related = ["user", "college"]
    autocomplete_fields = ["user"]
    filter_horizontal = ["fields", "languages", "tasks"]
    inlines = [MembershipInline, StatusChangeInline]


@admin.register(Availability)
class AvailabilityAdmin(admin.ModelAdmin):
    list_display = ["mentor", "kind", "starts_on", "ends_on", "hours_per_month", "mode"]
    list_filter = ["kind", "mode"]
    list_select_related = ["mentor__user"]


@admin.register(Contact)
class ContactAdmin(admin.ModelAdmin):
    list_display = [
        "date",
        "mentor",
        "college",
        "task",
        "counterpart_kind",
        "channel",
        "duration_minutes",
    ]
    list_filter = ["task", "counterpart_kind", "channel", "is_formal"]
    date_hierarchy = "date"
    list_select_related = ["mentor__user", "college", "task"]
    raw_id_fields = ["mentor", "vte_group", "request"]
    show_full_result_count = False


@admin.register(ContactRequest)
class ContactRequestAdmin(admin.ModelAdmin):
    list_display = ["topic", "mentor", "requester", "status", "created_at"]
    list_filter = ["status"]
    list_select_related = ["mentor__user", "requester"]
    raw_id_fields = ["mentor", "requester", "vte_group"]


@admin.register(GroupAssignment)
class GroupAssignmentAdmin(SimpleHistoryAdmin):
    list_display = ["mentor", "vte_group", "role", "starts_on", "ends_on"]
    list_select_related = ["mentor__user", "vte_group"]
    raw_id_fields = ["mentor", "vte_group"]


@admin.register(Announcement)
class AnnouncementAdmin(TranslationAdmin):
    list_display = ["title", "audience", "published_at"]


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin):
    list_display = ["kind", "key", "recipient", "created_at", "sent_at"]
    list_filter = ["kind"]
    raw_id_fields = ["recipient"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["user", "sent_at", "expires_at", "accepted_at"]
    raw_id_fields = ["user", "invited_by"]
    exclude = ["key"]


@admin.register(MentorImport)
class MentorImportAdmin(admin.ModelAdmin):
    list_display = ["filename", "created_by", "created_at", "status", "total", "processed"]
    list_filter = ["status"]
    exclude = ["rows"]
    readonly_fields = ["created_by", "total", "processed", "errors", "finished_at"]
