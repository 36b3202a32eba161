"""The demo logins on the login page, on a development site (DEBUG) that has the demo network."""

from django import template
from django.conf import settings

register = template.Library()


@register.inclusion_tag("account/includes/demo_logins.html")
def demo_logins():
    if not settings.DEBUG:
        return {"logins": []}
    from leadvet.models import User
    from portal.demo import content

    emails = [
        content.COORDINATOR_EMAIL,
        content.COLLEGE_COORDINATOR_EMAIL,
        content.COUNTRY_COORDINATOR_EMAIL,
        content.EDUCATOR_EMAIL,
        content.MENTOR_EMAIL,
        content.STEERING_EMAIL,
    ]
    present = set(User.objects.filter(email__in=emails).values_list("email", flat=True))
    return {
        "logins": [email for email in emails if email in present],
        "password": content.DEMO_PASSWORD,
    }
