"""Alumni requests: received, approved or declined, and an alumnus proposed as a mentor."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alumni import tasks
from alumni.models import AlumniApplication, AlumniNotice
from leadvet import audit, roles
from leadvet.lib.queue import enqueue_on_commit
from leadvet.models import User
from mentors.models import Mentor
from mentors.services.invitations import issue_invitation
from mentors.services.pool import create_mentor


def _owe(application: AlumniApplication, kind: str, key: str = "1") -> AlumniNotice | None:
    notice, created = AlumniNotice.objects.get_or_create(
        application=application, kind=kind, key=key
    )
    if not created:
        return None
    enqueue_on_commit(tasks.send_alumni_notice, notice.pk)
    return notice


def request_to_join(
    *,
    first_name: str,
    last_name: str,
    email: str,
    graduation_year: int,
    field,
    college=None,
    other_college: str = "",
    language: str = settings.LANGUAGE_CODE,
) -> AlumniApplication | None:
    """Record a request and email a receipt; None when nothing new was recorded.

    The caller tells the sender the same in every case, so the form does not reveal who is
    known: an address with a request already waiting gets a reminder that it waits (at most
    one a day), an address with an account or an approved request gets nothing new.
    """
    email = email.strip().lower()
    with transaction.atomic():
        waiting = AlumniApplication.objects.filter(
            email__iexact=email, status=AlumniApplication.Status.PENDING
        ).first()
        if waiting is not None:
            _owe(waiting, AlumniNotice.Kind.REPEATED, timezone.localdate().isoformat())
            return None
        already_in = (
            User.objects.filter(email__iexact=email).exists()
            or AlumniApplication.objects.filter(
                email__iexact=email, status=AlumniApplication.Status.APPROVED
            ).exists()
        )
        if already_in:
            return None
        try:
            with transaction.atomic():
                application = AlumniApplication.objects.create(
                    first_name=first_name.strip(),
                    last_name=last_name.strip(),
                    email=email,
                    graduation_year=graduation_year,
                    field=field,
                    college=college,
                    other_college="" if college else other_college.strip(),
                    language=language,
                )
        except IntegrityError:
            return None  # the same address sent the form twice at once: the first one stands
        _owe(application, AlumniNotice.Kind.RECEIVED)
    return application


def _pending(application: AlumniApplication) -> AlumniApplication:
    locked = AlumniApplication.objects.select_for_update().get(pk=application.pk)
    if locked.status != AlumniApplication.Status.PENDING:
        raise ValidationError(_("This request has already been decided."))
    return locked


@transaction.atomic
def approve(*, application: AlumniApplication, by: User, request=None) -> AlumniApplication:
    """Give the person an account (or their existing one) the alumni role; the email carries
    a link to choose a password when the account has none."""
    application = _pending(application)
    user = User.objects.filter(email__iexact=application.email).first()
    if user is None:
        user = User(
            email=application.email,
            first_name=application.first_name,
            last_name=application.last_name,
            language=application.language,
        )
        user.set_unusable_password()
        user.save()
    user.groups.add(roles.role_group(roles.ALUMNI))  # audited as a role added (leadvet.audit)
    if not user.has_usable_password():
        try:
            issue_invitation(user=user, by=by)
        except ValidationError:
            pass  # accepted already (signs in with single sign-on): the email says sign in
    application.status = AlumniApplication.Status.APPROVED
    application.decided_at = timezone.now()
    application.decided_by = by
    application.user = user
    application.save(update_fields=["status", "decided_at", "decided_by", "user"])
    audit.record(
        actor=by,
        action=audit.Action.DECISION,
        target=f"alumni request {application.pk} approved",
        request=request,
        subject=user,
    )
    _owe(application, AlumniNotice.Kind.APPROVED)
    return application


@transaction.atomic
def decline(*, application: AlumniApplication, by: User, request=None) -> AlumniApplication:
    application = _pending(application)
    application.status = AlumniApplication.Status.DECLINED
    application.decided_at = timezone.now()
    application.decided_by = by
    application.save(update_fields=["status", "decided_at", "decided_by"])
    audit.record(
        actor=by,
        action=audit.Action.DECISION,
        target=f"alumni request {application.pk} declined",
        request=request,
    )
    _owe(application, AlumniNotice.Kind.DECLINED)
    return application


@transaction.atomic
def propose_as_mentor(*, application: AlumniApplication, college, by: User, request=None) -> Mentor:
    """Make the approved alumnus a candidate mentor of `college` (the mentor pool's own
    service), remembered on the request so the dashboard counts the path."""
    application = AlumniApplication.objects.select_for_update().get(pk=application.pk)
    if application.status != AlumniApplication.Status.APPROVED or application.user_id is None:
        raise ValidationError(_("Only an approved alumnus can be proposed as a mentor."))
    if application.mentor_id is not None:
        raise ValidationError(_("This alumnus has already been proposed as a mentor."))
    user = application.user
    mentor = create_mentor(
        email=user.email,
        first_name=user.first_name or application.first_name,
        last_name=user.last_name or application.last_name,
        college=college,
        created_by=by,
        fields=[application.field],
    )
    application.mentor = mentor
    application.proposed_at = timezone.now()
    application.proposed_by = by
    application.save(update_fields=["mentor", "proposed_at", "proposed_by"])
    audit.record(
        actor=by,
        action=audit.Action.DECISION,
        target=f"alumni request {application.pk} proposed as mentor candidate {mentor.pk}",
        request=request,
        subject=user,
    )
    return mentor


@transaction.atomic
def update_own_details(
    *, application: AlumniApplication, graduation_year: int, field, college, other_college: str
) -> AlumniApplication:
    """The alumnus keeps their own graduation year, field and college current."""
    application.graduation_year = graduation_year
    application.field = field
    application.college = college
    application.other_college = "" if college else other_college.strip()
    application.save(update_fields=["graduation_year", "field", "college", "other_college"])
    return application


@transaction.atomic
def forget_alumnus(*, user, **kwargs) -> int:
    """When a person is anonymised (mentors.signals.mentor_anonymised): their alumni request
    takes the account's new name and address, and emails still owed about it go."""
    requests = AlumniApplication.objects.filter(user=user)
    AlumniNotice.objects.filter(application__in=requests, sent_at__isnull=True).delete()
    return requests.update(
        first_name=user.first_name, last_name=user.last_name, email=user.email, other_college=""
    )
