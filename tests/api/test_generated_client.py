"""A client generated from the served schema works: openapi-python-client makes it without a
warning, every one of its modules imports, and it talks to a running portal with personal
tokens (a coordinator lists the mentors, a mentor logs a contact).

The README's API section says how to generate one; this test does the same.
"""

import importlib
import pkgutil
import subprocess
import sys

import httpx
import pytest
from django.utils import timezone

from leadvet.api.tokens import create_token
from mentors.models import Contact, Mentor
from tests.factories import MentorFactory, MentorTaskFactory

PACKAGE = "leadvet_client"
# httpx waits 5 s by default; on a busy test machine the schema alone can take longer.
TIMEOUT = httpx.Timeout(60)


@pytest.fixture
def generated_client(tmp_path):
    """`generate(schema_text)`: the package `leadvet_client` in tmp_path, importable until the
    test ends."""

    def generate(schema_text: str) -> None:
        schema = tmp_path / "schema.yaml"
        schema.write_text(schema_text)
        # No post hooks: formatting the code (ruff by default) is the reader's choice.
        config = tmp_path / "config.yaml"
        config.write_text("post_hooks: []\n")
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "openapi_python_client",
                "generate",
                "--path",
                str(schema),
                "--output-path",
                str(tmp_path / PACKAGE),
                "--meta",
                "none",
                "--config",
                str(config),
                "--fail-on-warning",
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        output = result.stdout + result.stderr
        assert result.returncode == 0, output
        assert "warning" not in output.lower(), output
        sys.path.insert(0, str(tmp_path))

    yield generate
    if str(tmp_path) in sys.path:
        sys.path.remove(str(tmp_path))
    for name in [name for name in sys.modules if name.partition(".")[0] == PACKAGE]:
        del sys.modules[name]


def test_a_generated_client_imports_and_lists_mentors_and_logs_a_contact(
    live_server, generated_client, coordinator
):
    mentor = MentorFactory()
    other = MentorFactory(status=Mentor.Status.CANDIDATE)
    task = MentorTaskFactory()
    coordinator_token = create_token(user=coordinator, name="client", can_write=False)[1]
    mentor_token = create_token(user=mentor.user, name="client", can_write=True)[1]

    served = httpx.get(
        f"{live_server.url}/api/schema/",
        headers={"Authorization": f"Bearer {coordinator_token}"},
        timeout=TIMEOUT,
    )
    assert served.status_code == 200
    generated_client(served.text)

    api_package = importlib.import_module(f"{PACKAGE}.api")
    endpoints = [
        module.name
        for module in pkgutil.walk_packages(api_package.__path__, prefix=f"{PACKAGE}.api.")
        if not module.ispkg
    ]
    assert len(endpoints) == 75  # every operation of the schema (tests/api/test_schema.py)
    for name in endpoints:
        importlib.import_module(name)

    from leadvet_client import AuthenticatedClient, models
    from leadvet_client.api.contacts import contacts_create
    from leadvet_client.api.mentors import mentors_list

    with AuthenticatedClient(
        base_url=live_server.url,
        token=coordinator_token,
        timeout=TIMEOUT,
        raise_on_unexpected_status=True,
    ) as api:
        listed = mentors_list.sync_detailed(client=api)
    assert listed.status_code == 200
    assert isinstance(listed.parsed, models.PaginatedMentorProfileList)
    assert listed.parsed.count == 2
    profiles = {profile.id: profile for profile in listed.parsed.results}
    assert set(profiles) == {mentor.pk, other.pk}
    assert all(isinstance(profile, models.Mentor) for profile in profiles.values())
    assert profiles[mentor.pk].profile == models.FullProfileEnum.FULL
    assert profiles[mentor.pk].email == mentor.user.email
    assert profiles[other.pk].status == models.MentorStatusEnum.CANDIDATE

    today = timezone.localdate()
    with AuthenticatedClient(
        base_url=live_server.url,
        token=mentor_token,
        timeout=TIMEOUT,
        raise_on_unexpected_status=True,
    ) as api:
        logged = contacts_create.sync_detailed(
            client=api,
            body=models.ContactInput(
                date=today,
                counterpart_kind=models.CounterpartKindEnum.TEACHER_STUDENT,
                task=task.pk,
                channel=models.ChannelEnum.VIDEO,
                duration_minutes=45,
                placement=True,
                summary="Talked about placements.",
            ),
        )
    assert logged.status_code == 201, logged.content
    assert isinstance(logged.parsed, models.Contact)
    contact = Contact.objects.get(pk=logged.parsed.id)
    assert contact.mentor == mentor
    assert contact.college == mentor.college
    assert (contact.date, contact.task, contact.channel) == (today, task, "video")
    assert contact.placement
    assert contact.summary == "Talked about placements."
