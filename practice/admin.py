from django.contrib import admin

from practice.models import TaskPractice


@admin.register(TaskPractice)
class TaskPracticeAdmin(admin.ModelAdmin):
    list_display = ("country", "college", "task", "level", "needs_extra_resources", "valid_from")
    list_filter = ("country", "level", "source")
    raw_id_fields = ("college", "survey", "recorded_by")
