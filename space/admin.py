from django.contrib import admin

from space.models import Post, Report, Topic


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "audience", "pinned", "locked", "hidden_at", "last_post_at"]
    list_filter = ["kind", "audience", "pinned", "locked"]
    search_fields = ["title"]
    raw_id_fields = ["author", "country", "college", "vte_group", "event"]


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ["topic", "author", "created_at", "hidden_at"]
    raw_id_fields = ["topic", "author", "announcement"]


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["post", "reporter", "created_at", "resolved_at"]
    raw_id_fields = ["post", "reporter", "resolved_by"]
