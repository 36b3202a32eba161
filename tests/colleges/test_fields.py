import pytest
from django.urls import reverse

from colleges.models import VocationalField
from leadvet import roles
from tests.factories import MentorFactory, VocationalFieldFactory, VTEGroupFactory, user_with_role

pytestmark = pytest.mark.django_db

LIST_URL = reverse("colleges:field_list")
CREATE_URL = reverse("colleges:field_create")


def test_anonymous_is_sent_to_login(client):
    assert client.get(LIST_URL).status_code == 302


def test_mentor_may_not_see_the_field_admin_list(client, mentor):
    client.force_login(mentor.user)
    assert client.get(LIST_URL).status_code == 403


def test_list_shows_the_shortage_flag_and_counts(client, coordinator):
    field = VocationalFieldFactory(name="Construction", is_shortage=True)
    VocationalFieldFactory(name="Business")
    MentorFactory().fields.add(field)
    VTEGroupFactory(field=field)
    client.force_login(coordinator)
    response = client.get(LIST_URL)
    rows = {f.name: f for f in response.context["page_obj"].object_list}
    assert rows["Construction"].is_shortage and not rows["Business"].is_shortage
    assert (rows["Construction"].mentor_count, rows["Construction"].open_group_count) == (1, 1)
    assert "Shortage field" in response.content.decode()


def test_steering_reads_the_list_without_edit_links(client, steering):
    field = VocationalFieldFactory(name="Logistics")
    client.force_login(steering)
    response = client.get(LIST_URL)
    assert response.status_code == 200
    assert reverse("colleges:field_edit", args=[field.pk]) not in response.content.decode()


def test_coordinator_creates_a_shortage_field(client, coordinator):
    before = set(VocationalField.objects.values_list("name", flat=True))  # the migrated fields
    client.force_login(coordinator)
    response = client.post(CREATE_URL, {"name": "Agriculture", "is_shortage": "on"})
    assert response.status_code == 302
    (created,) = VocationalField.objects.exclude(name__in=before)
    assert created.name == "Agriculture" and created.is_shortage


def test_coordinator_edits_the_shortage_flag(client, coordinator):
    field = VocationalFieldFactory(name="ICT", is_shortage=True)
    client.force_login(coordinator)
    client.post(reverse("colleges:field_edit", args=[field.pk]), {"name": "ICT"})
    field.refresh_from_db()
    assert not field.is_shortage


def test_duplicate_field_name_is_refused(client, coordinator):
    VocationalFieldFactory(name="ICT")
    count = VocationalField.objects.count()
    client.force_login(coordinator)
    response = client.post(CREATE_URL, {"name": "ICT"})
    assert response.status_code == 200
    assert response.context["form"].errors["name"]
    assert VocationalField.objects.count() == count
    assert VocationalField.objects.filter(name="ICT").count() == 1


@pytest.mark.parametrize(
    "role", [roles.COLLEGE_COORDINATOR, roles.STEERING, roles.TEACHER_EDUCATOR]
)
def test_only_coordinators_create_or_edit_fields(client, role):
    field = VocationalFieldFactory(name="ICT")
    names = sorted(VocationalField.objects.values_list("name", flat=True))
    client.force_login(user_with_role(role))
    assert client.post(CREATE_URL, {"name": "New"}).status_code == 403
    assert (
        client.post(reverse("colleges:field_edit", args=[field.pk]), {"name": "X"}).status_code
        == 403
    )
    assert sorted(VocationalField.objects.values_list("name", flat=True)) == names


def test_editing_an_unknown_field_is_404(client, coordinator):
    client.force_login(coordinator)
    assert client.get(reverse("colleges:field_edit", args=[999999])).status_code == 404
