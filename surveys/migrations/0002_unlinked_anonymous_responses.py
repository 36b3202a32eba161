"""Anonymous means unlinkable: a response to an anonymous survey no longer points to its
invitation (and so to the person), and drafts move onto the invitation until submitted.

Forward: an invitation whose response was submitted is marked `used`; a draft response's
answers move to its invitation's `draft` (a draft without an invitation could never be
resumed and is dropped); an anonymous survey's submitted responses lose their invitation
and keep their times only to the day. Submitted answers and the copied role, college and
country stay as they were, so every figure stays the same.

Backward: drafts become draft responses again; the links removed are gone for good.
"""

from django.db import migrations, models
from django.utils import timezone

CHUNK = 2000


def _answer_dicts(answers) -> list[dict]:
    return [
        {"question_id": a.question_id, "row": a.row, "value": a.value, "text": a.text}
        for a in answers
    ]


def unlink(apps, schema_editor):
    Invitation = apps.get_model("surveys", "Invitation")
    Response = apps.get_model("surveys", "Response")
    Answer = apps.get_model("surveys", "Answer")

    Invitation.objects.filter(
        pk__in=Response.objects.filter(
            submitted_at__isnull=False, invitation__isnull=False
        ).values("invitation_id")
    ).update(used=True)

    drafts = Response.objects.filter(submitted_at__isnull=True)
    for draft in drafts.filter(invitation__isnull=False).order_by("pk").iterator(CHUNK):
        answers = Answer.objects.filter(response_id=draft.pk).order_by("pk")
        Invitation.objects.filter(pk=draft.invitation_id).update(
            draft=_answer_dicts(answers) or None
        )
    drafts.delete()

    # The day in Python: TruncDay in an UPDATE would store local midnight as if it were UTC.
    anonymous = Response.objects.filter(survey__is_anonymous=True).order_by("pk")
    batch = []
    for response in anonymous.only("pk", "submitted_at").iterator(CHUNK):
        day = timezone.localtime(response.submitted_at).replace(
            hour=0, minute=0, second=0, microsecond=0
        )
        response.invitation_id, response.started_at, response.submitted_at = None, day, day
        batch.append(response)
        if len(batch) == CHUNK:
            Response.objects.bulk_update(batch, ["invitation", "started_at", "submitted_at"])
            batch = []
    Response.objects.bulk_update(batch, ["invitation", "started_at", "submitted_at"])


def relink_drafts(apps, schema_editor):
    Invitation = apps.get_model("surveys", "Invitation")
    Response = apps.get_model("surveys", "Response")
    Answer = apps.get_model("surveys", "Answer")
    for invitation in Invitation.objects.filter(draft__isnull=False).iterator(CHUNK):
        response = Response.objects.create(
            survey_id=invitation.survey_id,
            invitation_id=invitation.pk,
            role=invitation.role,
            college_id=invitation.college_id,
            country_id=invitation.country_id,
        )
        Answer.objects.bulk_create(
            Answer(
                response_id=response.pk,
                question_id=item["question_id"],
                row=item.get("row", ""),
                value=item.get("value"),
                text=item.get("text", ""),
            )
            for item in invitation.draft
        )


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="invitation",
            name="draft",
            field=models.JSONField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="invitation",
            name="used",
            field=models.BooleanField(
                db_default=False, default=False, verbose_name="answers submitted"
            ),
        ),
        migrations.RunPython(unlink, relink_drafts),
    ]
