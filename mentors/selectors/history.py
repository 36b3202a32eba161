"""A mentor's change history, relations included."""

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from mentors.models import Mentor, historical_relation_model


def _relation_prefetches() -> list[Prefetch]:
    """Each history record's fields, languages and tasks with their objects: a query each."""
    prefetches = []
    for relation in Mentor.HISTORY_RELATIONS:
        history_model = historical_relation_model(relation)
        target = Mentor._meta.get_field(relation).m2m_reverse_field_name()
        prefetches.append(
            Prefetch(
                history_model._meta.get_field("history").remote_field.get_accessor_name(),
                queryset=history_model.objects.select_related(target).order_by(target),
                to_attr=f"{relation}_rows",
            )
        )
    return prefetches


def _relation_state(record, relation: str) -> tuple[set, str]:
    """The related objects' ids in a history record and their names as shown, in order."""
    target = Mentor._meta.get_field(relation).m2m_reverse_field_name()
    rows = getattr(record, f"{relation}_rows")
    names = [str(getattr(row, target) or _("(deleted)")) for row in rows]
    return {getattr(row, f"{target}_id") for row in rows}, ", ".join(names)


def records_with_relations(mentor: Mentor):
    """Every history record of the mentor, oldest first, with its fields, languages and
    tasks (relation_names reads them): four queries whatever the number of records."""
    return (
        mentor.history.select_related("college", "unit")
        .prefetch_related(*_relation_prefetches())
        .order_by("history_date", "history_id")
    )


def relation_names(record, relation: str) -> list[str]:
    target = Mentor._meta.get_field(relation).m2m_reverse_field_name()
    return [
        str(getattr(row, target) or _("(deleted)")) for row in getattr(record, f"{relation}_rows")
    ]


def change_history(mentor: Mentor, limit: int = 20) -> list[dict]:
    """The last changes from django-simple-history, each with the fields that changed.

    Choices show their labels, foreign keys their objects' names (one query per related
    model) and the relations (fields, languages, tasks) the names before and after (their
    state per record is prefetched: one query per relation, none per record).
    """
    records = list(
        mentor.history.select_related("history_user")
        .prefetch_related(*_relation_prefetches())
        .order_by("-history_date", "-history_id")[: limit + 1]
    )
    entries, wanted = [], {}
    for newer, older in zip(records[:limit], records[1 : limit + 1] + [None], strict=False):
        changes = []
        if older is not None:
            delta = newer.diff_against(older, excluded_fields=Mentor.HISTORY_RELATIONS)
            for change in delta.changes:
                field = Mentor._meta.get_field(change.field)
                if field.is_relation:
                    wanted.setdefault(field.related_model, set()).update({change.old, change.new})
                changes.append({"field": field, "old": change.old, "new": change.new})
            for relation in Mentor.HISTORY_RELATIONS:
                old_ids, old_names = _relation_state(older, relation)
                new_ids, new_names = _relation_state(newer, relation)
                if old_ids != new_ids:
                    changes.append(
                        {
                            "field": Mentor._meta.get_field(relation),
                            "old": old_names,
                            "new": new_names,
                        }
                    )
        entries.append({"record": newer, "changes": changes})
    names = {
        model: {obj.pk: str(obj) for obj in model._default_manager.filter(pk__in=ids - {None})}
        for model, ids in wanted.items()
    }

    def shown(field, value):
        if value in (None, "") or field.many_to_many:  # relations come named, see above
            return value or ""
        if field.is_relation:
            return names[field.related_model].get(value, value)
        if field.choices:
            return dict(field.flatchoices).get(value, value)
        return value

    for entry in entries:
        entry["changes"] = [
            {
                "field": change["field"].verbose_name,
                "old": shown(change["field"], change["old"]),
                "new": shown(change["field"], change["new"]),
            }
            for change in entry["changes"]
        ]
    return entries
