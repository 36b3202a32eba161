"""Links into the outcomes app from other apps' pages (a contact, a VTE group), shown only to
those who may follow them."""

from django import template

from outcomes import permissions

register = template.Library()


@register.simple_tag
def may_record_for_group(user, group) -> bool:
    return permissions.can_record_outcomes(user) and permissions.can_use_group(user, group)


@register.simple_tag
def may_record_for_contact(user, contact) -> bool:
    return permissions.can_record_outcomes(user) and permissions.can_use_contact(user, contact)


@register.simple_tag
def may_propose(user, contact) -> bool:
    return permissions.can_propose(user, contact)
