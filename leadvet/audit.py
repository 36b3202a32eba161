"""The audit log of sensitive actions: role changes, exports of personal data, anonymisation.

Call `record(...)` where the action happens; the admin shows the log read-only. A person's
own export lists what they did and what was done about them (`events_of`); anonymising them
takes their name and address out of it (`forget_person`).
"""

from django.contrib.admin.models import LogEntry
from django.db.models import Q, QuerySet
from django.db.models.signals import m2m_changed, pre_save

from leadvet.lib import pseudonyms
from leadvet.models import AuditEvent

Action = AuditEvent.Action


def client_ip(request) -> str | None:
    """The address Django saw. Behind the proxy this is the proxy's unless it rewrites
    REMOTE_ADDR; X-Forwarded-For is not trusted because a client can set it."""
    return (request.META.get("REMOTE_ADDR") or None) if request is not None else None


def record(*, actor, action: str, target: str, request=None, subject=None) -> AuditEvent:
    """`subject`: the person the action is about, if any (see AuditEvent)."""
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    return AuditEvent.objects.create(
        actor=actor,
        subject=subject,
        action=action,
        target=str(target)[:300],
        ip=client_ip(request),
    )


def _naming(identifiers) -> Q:
    query = Q(pk__in=[])
    for identifier in identifiers:
        query |= Q(target__icontains=identifier)
    return query


def events_of(user) -> QuerySet:
    """The events the user made (with the IP address they came from) or that were about
    them: marked so, or naming their email address (entries older than the mark)."""
    return (
        AuditEvent.objects.filter(Q(actor=user) | Q(subject=user) | _naming([user.email]))
        .select_related("actor")
        .order_by("created_at", "pk")
    )


def forget_person(*, user, replacements: dict[str, str]) -> int:
    """After a person is anonymised: each of their old identifiers (email address, full name)
    is replaced wherever the audit log or the admin's change log wrote it, case-insensitively,
    and the IP addresses of their own actions go. The entries stay (who did what when).

    Returns the number of entries changed.
    """
    scrub = pseudonyms.replacer(replacements)
    olds = pseudonyms.identifiers(replacements)
    events = list(
        AuditEvent.objects.filter(Q(actor=user) | Q(subject=user) | _naming(olds)).only(
            "id", "actor_id", "target", "ip"
        )
    )
    for event in events:
        event.target = scrub(event.target)[:300]
        if event.actor_id == user.pk:
            event.ip = None
    AuditEvent.objects.bulk_update(events, ["target", "ip"], batch_size=500)
    naming = Q(pk__in=[])
    for identifier in olds:
        naming |= Q(object_repr__icontains=identifier) | Q(change_message__icontains=identifier)
    entries = list(LogEntry.objects.filter(naming).only("id", "object_repr", "change_message"))
    for entry in entries:
        entry.object_repr = scrub(entry.object_repr)[:200]
        entry.change_message = scrub(entry.change_message)
    LogEntry.objects.bulk_update(entries, ["object_repr", "change_message"], batch_size=500)
    return len(events) + len(entries)


def _request_user():
    """The signed-in user of the current request, from simple_history's middleware."""
    from simple_history.models import HistoricalRecords

    request = getattr(HistoricalRecords.context, "request", None)
    user = getattr(request, "user", None)
    return (user if user is not None and user.is_authenticated else None), request


def record_group_change(sender, instance, action, reverse, model, pk_set, **kwargs):
    """m2m_changed on User.groups, from either side (user.groups.add / group.user_set.add)."""
    if action not in ("post_add", "post_remove", "pre_clear"):
        return
    if getattr(instance, "_loaded_raw", False):
        return  # loaddata restoring a backup: the roles were recorded when they were given
    from django.contrib.auth.models import Group

    from leadvet.models import User

    if action == "pre_clear":
        # clear() gives no pk_set: read what is about to go.
        pk_set = set(
            instance.groups.values_list("pk", flat=True)
            if not reverse
            else instance.user_set.values_list("pk", flat=True)
        )
    if not pk_set:
        return
    verb = Action.ROLE_ADDED if action == "post_add" else Action.ROLE_REMOVED
    if reverse:  # instance is a Group, pk_set holds users
        pairs = [(user, instance) for user in User.objects.filter(pk__in=pk_set)]
    else:
        pairs = [(instance, group) for group in Group.objects.filter(pk__in=pk_set)]
    actor, request = _request_user()
    for user, group in pairs:
        record(
            actor=actor,
            action=verb,
            target=f"{user.email}: {group.name}",
            request=request,
            subject=user,
        )


def _mark_raw_load(sender, instance, raw, **kwargs):
    """loaddata saves with raw=True and then sets the user's groups on the same object."""
    if raw:
        instance._loaded_raw = True


def connect_signals() -> None:
    from leadvet.models import User

    pre_save.connect(_mark_raw_load, sender=User, dispatch_uid="audit-raw-user-load")
    m2m_changed.connect(
        record_group_change, sender=User.groups.through, dispatch_uid="audit-user-groups"
    )
