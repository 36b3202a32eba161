from django.contrib import admin

from alumni.models import AlumniApplication


@admin.register(AlumniApplication)
class AlumniApplicationAdmin(admin.ModelAdmin):
    list_display = ("name", "email", "graduation_year", "field", "status", "created_at")
    list_filter = ("status", "field")
    search_fields = ("first_name", "last_name", "email")
    raw_id_fields = ("user", "mentor", "decided_by", "proposed_by")
