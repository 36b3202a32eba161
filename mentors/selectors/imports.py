"""Bulk imports of mentors."""

from django.db.models import QuerySet

from mentors.models import MentorImport


def recent_imports(limit: int = 10) -> QuerySet:
    return MentorImport.objects.select_related("created_by").defer("rows", "errors", "upload")[
        :limit
    ]
