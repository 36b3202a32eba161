"""Role changes logged before audit events named their subject get it from their target."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("leadvet", "0006_report_delivery_to_portal")]
AFTER = [("leadvet", "0007_audit_event_subject")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_earlier_role_changes_are_marked_with_the_user_they_were_about():
    old_apps = migrate(BEFORE)
    User = old_apps.get_model("leadvet", "User")
    AuditEvent = old_apps.get_model("leadvet", "AuditEvent")
    anna = User.objects.create(email="Anna.Virtanen@example.org")
    role = AuditEvent.objects.create(
        action="role_added", target="anna.virtanen@example.org: Mentor"
    )
    gone = AuditEvent.objects.create(action="role_removed", target="gone@example.org: Mentor")
    export = AuditEvent.objects.create(action="export", target="anna.virtanen@example.org: x")

    new_apps = migrate(AFTER)

    subjects = dict(
        new_apps.get_model("leadvet", "AuditEvent").objects.values_list("pk", "subject")
    )
    assert subjects == {role.pk: anna.pk, gone.pk: None, export.pk: None}
    leaves = MigrationExecutor(connection).loader.graph.leaf_nodes()
    migrate(leaves)
