from django import forms
from django.contrib import admin
from modeltranslation.admin import TranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from colleges import services
from colleges.models import (
    CollegeUnit,
    Country,
    PartnerCollege,
    VocationalField,
    VTEGroup,
    VTEInstitution,
    time_zone_choices,
)


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    """Where a coordinator appoints a country's coordinators: listing someone here gives
    them the country coordinator role."""

    list_display = ["name", "code", "language", "time_zone"]
    search_fields = ["name", "code"]
    filter_horizontal = ["coordinators"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "time_zone":
            kwargs["widget"] = forms.Select(choices=[("", "---------"), *time_zone_choices()])
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.give_country_coordinator_role(country=form.instance)


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
