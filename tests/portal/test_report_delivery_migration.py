"""The monthly report's delivery record moved from leadvet to portal with its rows."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("leadvet", "0005_audit_event"), ("portal", None)]


def migrate(targets, *, state_at):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(state_at).apps


@pytest.mark.django_db(transaction=True)
@pytest.mark.slow
def test_sent_reports_are_still_recorded_after_the_move(django_user_model):
    old_apps = migrate(BEFORE, state_at=[BEFORE[0]])
    User = old_apps.get_model("leadvet", "User")
    member = User.objects.create(email="steering@example.org")
    old_apps.get_model("leadvet", "ReportDelivery").objects.create(
        month=datetime.date(2026, 10, 1),
        recipient_id=member.pk,
        sent_at=datetime.datetime(2026, 11, 1, 8, 0, tzinfo=datetime.UTC),
    )

    leaves = MigrationExecutor(connection).loader.graph.leaf_nodes()
    new_apps = migrate(leaves, state_at=leaves)

    [delivery] = new_apps.get_model("portal", "ReportDelivery").objects.all()
    assert (delivery.month, delivery.recipient_id) == (datetime.date(2026, 10, 1), member.pk)
    assert delivery.sent_at is not None
    assert "portal_reportdelivery" in connection.introspection.table_names()
    assert "leadvet_reportdelivery" not in connection.introspection.table_names()
