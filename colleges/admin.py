from django.contrib import admin
from modeltranslation.admin import TranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from colleges.models import (
    CollegeUnit,
    Country,
    PartnerCollege,
    VocationalField,
    VTEGroup,
    VTEInstitution,
)


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ["name", "code"]
    search_fields = ["name", "code"]


class CollegeUnitInline(admin.TabularInline):
    model = CollegeUnit
    extra = 0


@admin.register(PartnerCollege)
class PartnerCollegeAdmin(SimpleHistoryAdmin):
    list_display = ["name", "country", "city", "is_active"]
    list_filter = ["country", "is_active"]
    search_fields = ["name", "short_name", "city"]
    filter_horizontal = ["fields", "coordinators"]
    inlines = [CollegeUnitInline]


@admin.register(VocationalField)
class VocationalFieldAdmin(TranslationAdmin):
    list_display = ["name", "is_shortage"]
    list_filter = ["is_shortage"]
    search_fields = ["name"]


@admin.register(VTEInstitution)
class VTEInstitutionAdmin(admin.ModelAdmin):
    list_display = ["name", "country", "city"]


@admin.register(VTEGroup)
class VTEGroupAdmin(SimpleHistoryAdmin):
    list_display = ["name", "term", "institution", "teacher_educator", "field", "size", "closed_at"]
    list_filter = ["institution", "field", "term"]
    search_fields = ["name", "term"]
    list_select_related = ["institution", "teacher_educator", "field"]
    autocomplete_fields = ["teacher_educator", "field"]
