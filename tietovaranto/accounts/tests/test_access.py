"""The selectors the lead's editing pages and every staff view build on, called directly."""

import pytest
from django.contrib.auth.models import User
from django.http import Http404

from tietovaranto.accounts import access
from tietovaranto.accounts.models import Membership, Role
from tietovaranto.accounts.permissions import ROLES_FOR, Action, action_for_request_step, roles_for
from tietovaranto.accounts.tests.conftest import PASSWORD, World
from tietovaranto.catalog.models import InformationResource


def _editor(world: World, *area_indexes: int) -> User:
    user = User.objects.create_user("toimittaja", "toimittaja@a.example", PASSWORD)
    membership = Membership.objects.create(
        user=user, organisation=world.a.organisation, role=Role.EDITOR, whole_organisation=not area_indexes
    )
    membership.areas.set([world.a.areas[i] for i in area_indexes])
    return user


def test_the_permission_table_matches_the_design() -> None:
    assert ROLES_FOR[Action.MANAGE_MEMBERS] == {Role.ADMIN}
    assert ROLES_FOR[Action.DECIDE_REQUESTS] == {Role.DECIDER}
    assert ROLES_FOR[Action.VIEW_REQUESTS] == {Role.HANDLER, Role.DECIDER, Role.AUDITOR}
    assert Role.ADMIN not in ROLES_FOR[Action.VIEW_REQUESTS]  # personal data needs a request role
    assert roles_for(Role.AUDITOR) == {Role.AUDITOR}
    assert action_for_request_step("a-step-added-later") == Action.HANDLE_REQUESTS
    with pytest.raises(ValueError, match="Unknown"):
        roles_for("owner")


def test_require_role_answers_404_across_organisations(world: World) -> None:
    admin_a = world.a.users[Role.ADMIN]
    assert access.require_role(admin_a, world.a.organisation.slug, Role.ADMIN) == world.a.organisation
    assert access.require_role(admin_a, world.a.organisation, Action.MANAGE_MEMBERS) == world.a.organisation
    for target in (world.b.organisation, world.b.organisation.slug, "ei-ole"):
        with pytest.raises(Http404):
            access.require_role(admin_a, target, Role.ADMIN)
    with pytest.raises(Http404):  # the role matters, not just membership
        access.require_role(admin_a, world.a.organisation, Action.VIEW_REQUESTS)
    with pytest.raises(Http404):  # superusers get nothing implicitly
        access.require_role(world.superuser, world.a.organisation, Role.ADMIN)


def test_an_inactive_user_has_no_rights(world: World) -> None:
    handler = world.a.users[Role.HANDLER]
    handler.is_active = False
    handler.save()
    assert not access.requests_for(handler).exists()
    with pytest.raises(Http404):
        access.request_for(handler, world.a.request.reference)


def test_one_person_with_several_roles_in_several_organisations(
    world: World, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    person = world.a.users[Role.DECIDER]
    Membership.objects.create(user=person, organisation=world.a.organisation, role=Role.AUDITOR)
    Membership.objects.create(user=person, organisation=world.b.organisation, role=Role.ADMIN)
    Membership.objects.create(user=person, organisation=world.b.organisation, role=Role.HANDLER)
    # three request roles across two organisations: each request once, listed in one query
    with django_assert_max_num_queries(1):
        references = sorted(r.reference for r in access.requests_for(person))
    assert references == [world.a.request.reference, world.b.request.reference]
    assert list(access.organisations_for(person, Action.MANAGE_MEMBERS)) == [world.b.organisation]
    assert access.allowed_actions(person, world.a.organisation) == {
        Action.VIEW_REQUESTS,
        Action.NOTE_REQUESTS,
        Action.DECIDE_REQUESTS,
    }
    mine = {org.name: roles for org, roles in access.my_organisations(person)}
    assert mine == {"Aakkoskunta": {Role.DECIDER, Role.AUDITOR}, "Beetakaupunki": {Role.ADMIN, Role.HANDLER}}
    with pytest.raises(Http404):  # answering in A needs the handler role there
        access.request_for(person, world.a.request.reference, Action.HANDLE_REQUESTS)
    assert access.request_for(person, world.b.request.reference, Action.HANDLE_REQUESTS)


def test_an_editor_limited_to_one_area(world: World) -> None:
    editor = _editor(world, 0)
    own_area, other_area = world.a.areas
    assert access.can_edit_area(editor, own_area)
    assert not access.can_edit_area(editor, other_area)
    assert not access.can_edit_area(editor, world.b.areas[0])
    assert access.require_editor(editor, world.a.organisation, own_area) == world.a.organisation
    assert access.require_editor(editor, world.a.organisation.slug) == world.a.organisation
    for organisation, area in [
        (world.a.organisation, other_area),
        (world.a.organisation, world.b.areas[0]),  # an area of another organisation, named in A's URL
        (world.b.organisation, world.b.areas[0]),
    ]:
        with pytest.raises(Http404):
            access.require_editor(editor, organisation, area)
    assert list(access.editable_areas(editor, world.a.organisation)) == [own_area]
    resources = access.resources_for_editor(editor, world.a.organisation)
    assert [r.name for r in resources] == ["Oppilasrekisterin tietovaranto"]
    outside = InformationResource.objects.get(organisation=world.a.organisation, slug="asiarekisteri")
    assert not access.can_edit_resource(editor, outside)  # no area: organisation-wide
    assert not access.can_edit_whole_organisation(editor, world.a.organisation)
    with pytest.raises(Http404):
        access.require_resource_editor(editor, world.a.organisation, "kiinteistotietovaranto")
    assert access.require_resource_editor(editor, world.a.organisation, "oppilasrekisterin-tietovaranto")


def test_an_editor_whose_only_area_is_deleted_may_edit_nothing(world: World) -> None:
    """Deleting the area removes the membership's link to it; that must not widen the editor's rights
    to the whole organisation (as an empty list of areas used to mean)."""
    from tietovaranto.catalog.models import ServiceArea
    from tietovaranto.desk.services import delete_area
    from tietovaranto.publishing.services import draft_for, publish

    editor = _editor(world, 0)
    draft = draft_for(world.a.organisation)
    delete_area(draft, ServiceArea.all_objects.get(organisation=draft, uid=world.a.areas[0].uid))
    publish(world.a.organisation, reason="alue poistettu")
    assert not Membership.objects.get(user=editor).areas.exists()
    assert not access.can_edit_whole_organisation(editor, world.a.organisation)
    assert list(access.editable_areas(editor, world.a.organisation)) == []
    assert not access.can_edit_area(editor, world.a.areas[1])
    outside = InformationResource.objects.get(organisation=world.a.organisation, slug="asiarekisteri")
    assert not access.can_edit_resource(editor, outside)


def test_an_editor_of_two_areas_and_an_editor_of_everything(world: World) -> None:
    both = _editor(world, 0, 1)
    assert all(access.can_edit_area(both, area) for area in world.a.areas)
    assert not access.can_edit_whole_organisation(both, world.a.organisation)
    everything = world.a.users[Role.EDITOR]  # no areas chosen: the whole organisation
    assert all(access.can_edit_area(everything, area) for area in world.a.areas)
    outside = InformationResource.objects.get(organisation=world.a.organisation, slug="asiarekisteri")
    assert access.can_edit_resource(everything, outside)
    assert access.resources_for_editor(everything, world.a.organisation).count() == 3
    assert not access.can_edit_area(everything, world.b.areas[0])
    for role in (Role.ADMIN, Role.HANDLER, Role.DECIDER, Role.AUDITOR):
        assert not access.can_edit_area(world.a.users[role], world.a.areas[0])
        with pytest.raises(Http404):
            access.require_editor(world.a.users[role], world.a.organisation)


def test_colleague_lookup_is_limited_to_the_role_in_the_organisation(world: World) -> None:
    handler_a = world.a.users[Role.HANDLER]
    assert access.colleague_for(world.a.organisation, str(handler_a.pk), Role.HANDLER) == handler_a
    for user_id in (world.b.users[Role.HANDLER].pk, world.a.users[Role.AUDITOR].pk, "", None, "1 OR 1=1"):
        with pytest.raises(Http404):
            access.colleague_for(world.a.organisation, user_id, Role.HANDLER)


def test_the_first_administrator_is_named_on_the_command_line(world: World) -> None:
    from io import StringIO

    from django.core.management import CommandError, call_command

    out = StringIO()
    call_command("grant-role", "nobody", organisation=world.b.organisation.slug, role="admin", stdout=out)
    assert access.has_role(world.nobody, world.b.organisation, Role.ADMIN)
    assert "Beetakaupunki" in out.getvalue()
    with pytest.raises(CommandError, match="No organisation"):
        call_command("grant-role", "nobody", organisation="ei-ole", role="admin")


def test_area_limits_follow_the_editor_into_the_draft(world: World) -> None:
    from tietovaranto.catalog.models import ServiceArea
    from tietovaranto.publishing.services import draft_for

    editor = _editor(world, 0)
    draft = draft_for(world.a.organisation)
    own, other = (ServiceArea.all_objects.get(organisation=draft, uid=area.uid) for area in world.a.areas)
    assert access.can_edit_area(editor, own)
    assert not access.can_edit_area(editor, other)
    assert access.require_editor(editor, draft, own) == world.a.organisation
    with pytest.raises(Http404):
        access.require_editor(editor, draft, other)
    assert list(access.editable_areas(editor, draft)) == [own]
    assert [r.organisation_id for r in access.resources_for_editor(editor, draft)] == [draft.pk]
    new_area = ServiceArea.all_objects.create(organisation=draft, name="Uusi alue", slug="uusi-alue")
    assert not access.can_edit_area(editor, new_area)  # not yet published: whole-organisation editors only
    assert access.can_edit_area(world.a.users[Role.EDITOR], new_area)
