"""The mentor's relations (fields, languages, tasks) in the change history."""

from django.db.models import Max

from mentors.models import Mentor, historical_relation_model


def set_relations(*, mentor: Mentor, fields, languages, tasks) -> None:
    """Set fields, languages and tasks without a history record per table write.

    django-simple-history records each m2m write on its own (up to six records for one form);
    the caller's single save after this records one, with the new state of all three.
    """
    mentor.skip_history_when_saving = True
    try:
        mentor.fields.set(fields)
        mentor.languages.set(languages)
        mentor.tasks.set(tasks)
    finally:
        del mentor.skip_history_when_saving


def snapshot_mentor_relations(*, mentor_ids) -> None:
    """Store the mentors' current relations with their latest history records.

    For records written before the relations were set (a creation, a bulk import, demo data),
    so the next change is compared with the real state rather than an empty one. A record
    that already holds relations is left alone. A few queries, whatever the number of mentors.
    """
    latest = dict(
        Mentor.history.model.objects.filter(id__in=list(mentor_ids))
        .order_by()
        .values("id")
        .annotate(latest=Max("history_id"))
        .values_list("id", "latest")
    )
    for relation in Mentor.HISTORY_RELATIONS:
        model_field = Mentor._meta.get_field(relation)
        source, target = model_field.m2m_field_name(), model_field.m2m_reverse_field_name()
        history_model = historical_relation_model(relation)
        filled = set(
            history_model.objects.filter(history_id__in=latest.values()).values_list(
                "history_id", flat=True
            )
        )
        rows = model_field.remote_field.through.objects.filter(
            **{f"{source}_id__in": latest}
        ).values_list("id", f"{source}_id", f"{target}_id")
        history_model.objects.bulk_create(
            [
                history_model(
                    id=row_id,
                    history_id=latest[mentor_id],
                    **{f"{source}_id": mentor_id, f"{target}_id": target_id},
                )
                for row_id, mentor_id, target_id in rows
                if latest[mentor_id] not in filled
            ],
            batch_size=1000,
        )
