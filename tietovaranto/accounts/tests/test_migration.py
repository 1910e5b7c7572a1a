"""The data migration: every old StaffMembership becomes handler, decider and editor memberships."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

TARGETS = [("inforequests", "0003_requests_features"), ("accounts", "0001_roles_and_access")]


@pytest.mark.django_db(transaction=True)
def test_staff_memberships_become_request_handlers() -> None:
    executor = MigrationExecutor(connection)
    leaves = executor.loader.graph.leaf_nodes()
    # every other app stays at its newest migration (the catalog's tables as they are now)
    BEFORE = TARGETS + [node for node in leaves if node[0] not in {"accounts", "inforequests"}]  # noqa: N806
    executor.migrate(BEFORE)
    try:
        old = MigrationExecutor(connection).loader.project_state(BEFORE).apps
        user = old.get_model("auth", "User").objects.create(username="kirjaamo")
        organisations = [
            old.get_model("catalog", "Organisation").objects.create(name=name, slug=name.lower())
            for name in ("Kunta", "Kaupunki")
        ]
        for organisation in organisations:
            old.get_model("inforequests", "StaffMembership").objects.create(
                user=user, organisation=organisation
            )
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(leaves)
        new = executor.loader.project_state(leaves).apps
        rows = new.get_model("accounts", "Membership").objects.order_by("organisation__name", "role")
        assert [(m.user_id, m.organisation.name, m.role) for m in rows] == [
            (user.pk, name, role)
            for name in ("Kaupunki", "Kunta")
            for role in ("decider", "editor", "handler")
        ]
        # and back: the rows become one staff membership per organisation again
        executor = MigrationExecutor(connection)
        executor.migrate(BEFORE)
        back = MigrationExecutor(connection).loader.project_state(BEFORE).apps
        assert back.get_model("inforequests", "StaffMembership").objects.count() == 2
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(leaves)
