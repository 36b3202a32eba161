from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from leadvet.models import AccountEmail, AuditEvent, EmailOptOut, User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_active", "is_staff"]
    list_filter = ["is_active", "is_staff", "groups"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "language")}),
        (
            _("Roles and permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups")},
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """The audit log: readable by admins, written only by the portal."""

    list_display = ["created_at", "actor", "action", "subject", "target", "ip"]
    list_filter = ["action", "created_at"]
    search_fields = ["target", "actor__email", "subject__email"]
    date_hierarchy = "created_at"
    list_select_related = ["actor", "subject"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(EmailOptOut)
class EmailOptOutAdmin(admin.ModelAdmin):
    """Who turned which kind of bulk email off (by an email's link or on their profile)."""

    list_display = ["address", "kind", "created_at"]
    list_filter = ["kind"]
    search_fields = ["address"]


@admin.register(AccountEmail)
class AccountEmailAdmin(admin.ModelAdmin):
    """The account emails allauth asked for and when each was sent; their links are not shown."""

    list_display = ["created_at", "template", "address", "language", "sent_at"]
    list_filter = ["template", "sent_at"]
    search_fields = ["address"]
    fields = ["template", "address", "user", "language", "created_at", "sent_at"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
