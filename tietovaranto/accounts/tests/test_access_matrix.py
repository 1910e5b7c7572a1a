"""Every staff page and action × every role × own / other organisation.

The expected answer comes from the permission table (accounts.permissions): granted → 200 or a
redirect back to the page, not granted → 404; another organisation's object → 404 with the same body
as an object that does not exist. A URL added to the `staff` or `accounts` namespaces without a case
here (or a reasoned exemption) fails test_every_staff_url_has_an_access_case.
"""

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from tietovaranto.accounts import tokens
from tietovaranto.accounts.models import AccessEvent, ApiToken, Invitation, Membership, Role
from tietovaranto.accounts.permissions import Action, action_for_request_step, allowed
from tietovaranto.accounts.tests.conftest import Side, World
from tietovaranto.catalog.models import InformationResource, Organisation, ServiceArea
from tietovaranto.desk.tests.test_desk import _resource_post
from tietovaranto.inforequests.models import InformationRequest, RequestEvent
from tietovaranto.inforequests.staff_views import ACTIONS
from tietovaranto.publishing.models import Publication
from tietovaranto.publishing.services import draft_for, draft_state, publish


@dataclass
class Case:
    url_name: str
    action: str
    method: str = "post"
    kwargs: Callable[[Side], dict[str, Any]] = lambda side: {}
    data: Callable[[Side], dict[str, Any]] = lambda side: {}
    cross_organisation: bool = True  # False: the URL names no organisation (the user's own is used)
    extra: dict[str, Any] = field(default_factory=dict)
    refused_to: str = ""  # a refusal that redirects (to a page explaining how to get the role), not 404
    # the editor limited to side A's first service area: None = by the table (no whole-organisation
    # actions); True/False = this row is / is not in the editor's area
    limited: bool | None = None
    setup: Callable[["World"], None] | None = None


def _keys_for_both(world: "World") -> None:
    for side in (world.a, world.b):
        tokens.create_token(None, side.organisation, f"Järjestelmä {side.organisation.slug}")


def _key_kwargs(side: Side) -> dict[str, Any]:
    token = ApiToken.objects.get(organisation=side.organisation)
    return {"org_slug": side.organisation.slug, "token_id": token.pk}


def _request_kwargs(side: Side) -> dict[str, Any]:
    return {"reference": side.request.reference}


STEP_DATA: dict[str, Callable[[Side], dict[str, Any]]] = {
    "assign": lambda side: {"handler": side.users[Role.HANDLER].pk},
    "note": lambda side: {"text": "Sisäinen huomio"},
    "clarify": lambda side: {"text": "Mitä vuotta tarkoitatte?"},
    "clarified": lambda side: {"text": "Vuotta 2025"},
    "extend": lambda side: {"reason": "Satoja asiakirjoja"},
    "transfer": lambda side: {"authority": "Maanmittauslaitos", "authority_email": "kirjaamo@mml.example"},
    "answer": lambda side: {"outcome": "disclosed", "text": "Ohessa tiedot."},
    "reply": lambda side: {"text": "Asiakirjat tulevat postissa."},
    "quote": lambda side: {"amount": "12,50", "text": "Kopiot 10 sivua"},
    "verify": lambda side: {"method": "in_person"},
    "decide": lambda side: {
        "reasons": "JulkL 24 §",
        "decider": "Hallintojohtaja",
        "court": "Turun hallinto-oikeus",
    },
}

CASES: list[Case] = [
    Case("staff:detail", Action.VIEW_REQUESTS, "get", _request_kwargs),
    Case("staff:new", Action.HANDLE_REQUESTS, "get", cross_organisation=False, refused_to="/staff/requests/"),
    *[
        Case(
            "staff:action",
            action_for_request_step(name),
            "post",
            lambda side, name=name: _request_kwargs(side) | {"name": name},  # type: ignore[misc]
            STEP_DATA[name],
        )
        for name in ACTIONS
    ],
    Case(
        "staff:action",
        Action.HANDLE_REQUESTS,
        "post",
        lambda side, name="reveal": _request_kwargs(side) | {"name": name},  # type: ignore[misc]
    ),
    Case("staff:decision", Action.VIEW_REQUESTS, "get", _request_kwargs),
    Case("staff:letter", Action.VIEW_REQUESTS, "get", _request_kwargs),
    Case("staff:decision_pdf", Action.VIEW_REQUESTS, "get", _request_kwargs),
    Case("staff:letter_pdf", Action.VIEW_REQUESTS, "get", _request_kwargs),
    Case("accounts:members", Action.MANAGE_MEMBERS, "get", lambda s: {"org_slug": s.organisation.slug}),
    Case(
        "accounts:invite",
        Action.MANAGE_MEMBERS,
        "post",
        lambda s: {"org_slug": s.organisation.slug},
        lambda s: {"email": "kutsuttu@example.org", "roles": [Role.AUDITOR]},
    ),
    Case(
        "accounts:grant",
        Action.MANAGE_MEMBERS,
        "post",
        lambda s: {"org_slug": s.organisation.slug, "user_id": s.users[Role.AUDITOR].pk},
        lambda s: {"role": Role.EDITOR, "areas": [s.areas[0].pk]},
    ),
    Case(
        "accounts:remove-member",
        Action.MANAGE_MEMBERS,
        "post",
        lambda s: {"org_slug": s.organisation.slug, "user_id": s.users[Role.AUDITOR].pk},
    ),
    Case(
        "accounts:remove-role",
        Action.MANAGE_MEMBERS,
        "post",
        lambda s: {
            "org_slug": s.organisation.slug,
            "membership_id": Membership.objects.get(user=s.users[Role.EDITOR], role=Role.EDITOR).pk,
        },
    ),
    Case("accounts:api-tokens", Action.MANAGE_API_TOKENS, "get", lambda s: {"org_slug": s.organisation.slug}),
    Case(
        "accounts:api-token-create",
        Action.MANAGE_API_TOKENS,
        "post",
        lambda s: {"org_slug": s.organisation.slug},
        lambda s: {"name": "Arkistonmuodostussuunnitelma", "areas": [s.areas[0].pk]},
    ),
    Case("accounts:api-token-revoke", Action.MANAGE_API_TOKENS, "post", _key_kwargs, setup=_keys_for_both),
    Case(
        "accounts:invitation-resend",
        Action.MANAGE_MEMBERS,
        "post",
        lambda s: {"org_slug": s.organisation.slug, "invitation_id": s.invitation.pk},
    ),
    Case(
        "accounts:invitation-revoke",
        Action.MANAGE_MEMBERS,
        "post",
        lambda s: {"org_slug": s.organisation.slug, "invitation_id": s.invitation.pk},
    ),
]


def _org(side: Side) -> dict[str, Any]:
    return {"org_slug": side.organisation.slug}


def _resource(side: Side, area: int | None) -> InformationResource:
    found = InformationResource.objects.filter(organisation=side.organisation)
    return found.get(area__isnull=True) if area is None else found.get(area=side.areas[area])


def _row(kind: str, area: int | None) -> Callable[[Side], dict[str, Any]]:
    def kwargs(side: Side) -> dict[str, Any]:
        uid = side.areas[area or 0].uid if kind == "area" else _resource(side, area).uid
        return _org(side) | {"uid": uid}

    return kwargs


def _with(
    kwargs: Callable[[Side], dict[str, Any]], extra: dict[str, Any]
) -> Callable[[Side], dict[str, Any]]:
    return lambda side: kwargs(side) | extra


def _publish_both(world: World) -> None:
    for side in (world.a, world.b):  # a first publication: version 1 to restore
        draft_for(side.organisation)
        publish(side.organisation, reason="Ensimmäinen julkaisu")


def _resource_data(area: int | None) -> Callable[[Side], dict[str, Any]]:
    def data(side: Side) -> dict[str, Any]:
        draft = draft_for(side.organisation)
        draft_area = (
            ServiceArea.all_objects.filter(organisation=draft, uid=side.areas[area].uid).first()
            if area is not None
            else None
        )
        return {
            "name": "Muokattu tietovaranto",
            "area": draft_area.pk if draft_area else "",
            "items-TOTAL_FORMS": "0",
            "items-INITIAL_FORMS": "0",
            "loaded": "",
        }

    return data


def _desk_cases() -> list[Case]:
    publish_data: Callable[[Side], dict[str, Any]] = lambda s: {  # noqa: E731
        "reason": "Korjaus",
        "draft_version": draft_state(s.organisation).draft_version,
    }
    cases = [
        Case("desk:home", Action.OPEN_DESK, "get", _org),
        Case("desk:home", Action.PUBLISH_CATALOG, "post", _org, publish_data),
        Case("desk:preview", Action.OPEN_DESK, "get", _org),
        Case("desk:history", Action.OPEN_DESK, "get", _org),
        Case("check:report", Action.OPEN_DESK, "get", _org),
        Case("desk:organisation", Action.EDIT_SETTINGS, "get", _org),
        Case("desk:organisation", Action.EDIT_SETTINGS, "post", _org, lambda s: {"name": "Uusi nimi"}),
        Case("desk:discard", Action.PUBLISH_CATALOG, "get", _org),
        Case("desk:discard", Action.PUBLISH_CATALOG, "post", _org),
        Case(
            "desk:restore",
            Action.PUBLISH_CATALOG,
            "post",
            lambda s: _org(s) | {"number": 1},
            setup=_publish_both,
        ),
        Case(
            "desk:restore_resource",
            Action.PUBLISH_CATALOG,
            "post",
            lambda s: _org(s) | {"number": 1},
            lambda s: {
                "resource": str(
                    InformationResource.objects.filter(organisation=s.organisation).order_by("pk")[0].uid
                )
            },
            setup=_publish_both,
        ),
        Case("desk:import", Action.EDIT_STRUCTURE, "get", _org),
        Case("desk:import", Action.EDIT_STRUCTURE, "post", _org, lambda s: {"address": "kirjoitusvirhe"}),
        Case("desk:import_confirm", Action.EDIT_STRUCTURE, "post", _org, lambda s: {"token": "x"}),
        Case("desk:area_new", Action.EDIT_STRUCTURE, "get", _org),
        Case("desk:area_new", Action.EDIT_STRUCTURE, "post", _org, lambda s: {"name": "Uusi alue"}),
        Case("desk:resource_new", Action.EDIT_CATALOG, "get", _org, limited=True),
        Case("desk:resource_new", Action.EDIT_CATALOG, "post", _org, _resource_data(0), limited=True),
    ]
    for area, limited in ((0, True), (1, False)):
        cases += [
            Case("desk:area", Action.EDIT_CATALOG, "get", _row("area", area), limited=limited),
            Case(
                "desk:area",
                Action.EDIT_CATALOG,
                "post",
                _row("area", area),
                lambda s: {"name": "A"},
                limited=limited,
            ),
        ]
    resource_rows: list[tuple[int | None, bool]] = [(0, True), (1, False), (None, False)]
    for resource_area, limited in resource_rows:
        row = _row("resource", resource_area)
        cases += [
            Case("desk:resource", Action.EDIT_CATALOG, "get", row, limited=limited),
            Case(
                "desk:resource",
                Action.EDIT_CATALOG,
                "post",
                row,
                _resource_data(resource_area),
                limited=limited,
            ),
            Case(
                "desk:delete",
                Action.EDIT_CATALOG,
                "get",
                _with(row, {"kind": "resource"}),
                limited=limited,
            ),
            Case(
                "desk:delete",
                Action.EDIT_CATALOG,
                "post",
                _with(row, {"kind": "resource"}),
                limited=limited,
            ),
            Case(
                "desk:move",
                Action.EDIT_CATALOG,
                "post",
                _with(row, {"kind": "resource", "direction": "up"}),
                limited=limited,
            ),
        ]
    area_row = _row("area", 0)
    cases += [
        Case("desk:delete", Action.EDIT_STRUCTURE, "get", lambda s: area_row(s) | {"kind": "area"}),
        Case("desk:delete", Action.EDIT_STRUCTURE, "post", lambda s: area_row(s) | {"kind": "area"}),
        Case(
            "desk:move",
            Action.EDIT_STRUCTURE,
            "post",
            lambda s: area_row(s) | {"kind": "area", "direction": "down"},
        ),
    ]
    return cases


CASES += _desk_cases()

# Named URLs in the staff namespaces that are not organisation-scoped, each with its reason and test
EXEMPT = {
    "staff:inbox": "lists only the user's organisations: test_inbox_and_home_list_only_what_the_roles_open",
    "accounts:home": "the user's own organisations: test_inbox_and_home_list_only_what_the_roles_open",
    "staff:logout": "anyone may log out",
    "desk:organisations": "lists only the user's organisations: test_desk_lists_only_the_users_organisations",
    "accounts:accept": "reached by the invitation key, before log-in: test_invitations.py",
    "accounts:two-factor-setup": "the user's own device: test_two_factor.py",
    "accounts:language": "the user's own setting: test_staff_language.py",
    "accounts:two-factor-verify": "the user's own device: test_two_factor.py",
    "accounts:two-factor-remove": "the user's own device: test_two_factor.py",
    "desk:catalog_template": "a blank spreadsheet template with no organisation's data: test_spreadsheet.py",
}

LIMITED_EDITOR = "editor-limited"  # an editor of side A's first service area only
ACTORS = [*Role.values, LIMITED_EDITOR, "nobody", "superuser", "anonymous"]


def _case_id(case: Case) -> str:
    if case.url_name == "staff:action":
        return f"{case.url_name}:{case.kwargs.__defaults__[0]}"  # type: ignore[index]
    if not case.url_name.startswith("desk:"):
        return case.url_name
    detail = [case.method, case.action, {True: "own-area", False: "other-area", None: ""}[case.limited]]
    return ":".join([case.url_name, *filter(None, detail)])


def _names(resolver: URLResolver, namespace: str = "") -> set[str]:
    names: set[str] = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = (
                f"{namespace}:{pattern.namespace}" if namespace and pattern.namespace else pattern.namespace
            )
            names |= _names(pattern, inner or namespace)
        elif isinstance(pattern, URLPattern) and pattern.name and namespace:
            names.add(f"{namespace.lstrip(':')}:{pattern.name}")
    return names


def test_every_staff_url_has_an_access_case() -> None:
    staff_names = {
        n for n in _names(get_resolver()) if n.split(":")[0] in {"staff", "accounts", "desk", "check"}
    }
    covered = {case.url_name for case in CASES} | set(EXEMPT)
    assert staff_names - covered == set(), "add an access case (or a reasoned exemption) for these URLs"
    assert covered - staff_names == set(), "these cases name URLs that are gone"
    steps = {_case_id(c).split(":")[-1] for c in CASES if c.url_name == "staff:action"}
    assert steps == set(ACTIONS) | {"reveal"}


def _actor(world: World, name: str) -> User | None:
    if name == "anonymous":
        return None
    if name in ("nobody", "superuser"):
        return world.nobody if name == "nobody" else world.superuser
    if name == LIMITED_EDITOR:
        user = User.objects.create_user("a-editor-limited", "rajattu@a.example", "x")
        membership = Membership.objects.create(
            user=user, organisation=world.a.organisation, role=Role.EDITOR, whole_organisation=False
        )
        membership.areas.set([world.a.areas[0]])
        return user
    return world.a.users[name]


def _state() -> tuple[Any, ...]:
    return (
        RequestEvent.objects.count(),
        InformationRequest.objects.count(),
        Membership.objects.count(),
        Invitation.objects.filter(revoked_at__isnull=True).count(),
        AccessEvent.objects.count(),
        *ApiToken.objects.order_by("pk").values_list("name", "revoked_at"),
        *InformationRequest.objects.order_by("pk").values_list("handler_id", flat=True),
        # the catalog, drafts included: names, order, versions, publications
        *Organisation.all_objects.order_by("pk").values_list("name", "version", "published_at"),
        *ServiceArea.all_objects.order_by("pk").values_list("name", "position"),
        *InformationResource.all_objects.order_by("pk").values_list("name", "position", "area_id"),
        Publication.objects.count(),
    )


def _call(client: Client, case: Case, kwargs: dict[str, Any], data: dict[str, Any]) -> Any:
    url = reverse(case.url_name, kwargs=kwargs)
    return client.get(url) if case.method == "get" else client.post(url, data)


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_role_against_own_and_other_organisation(
    world: World, client: Client, case: Case, actor: str
) -> None:
    if case.setup is not None:
        case.setup(world)
    if case.url_name.split(":")[0] in ("desk", "check"):
        for side in (world.a, world.b):  # opening a desk page makes the draft copy: not a change
            draft_for(side.organisation)
    user = _actor(world, actor)
    if user is not None:
        client.force_login(user)
    roles: set[str] = (
        {actor} if actor in Role.values else {Role.EDITOR.value} if actor == LIMITED_EDITOR else set()
    )
    if actor == LIMITED_EDITOR and case.limited is not None:
        granted = case.limited
    else:
        granted = allowed(roles, case.action, area_limited=actor == LIMITED_EDITOR)
    # building a case's URL or form may create an organisation's draft: before the state is taken
    own_args = (case.kwargs(world.a), case.data(world.a))
    other_args = (case.kwargs(world.b), case.data(world.b))
    before = _state()

    own = _call(client, case, *own_args)
    if user is None:
        assert own.status_code == 302
        assert "/staff/login/" in own["Location"]
    elif granted:
        # 400: let in, but the step itself refused what was sent (the page comes back with the form)
        assert own.status_code in (200, 302, 400), own.content.decode()[:500]
        if own.status_code == 302:
            assert "/login/" not in own["Location"]
    else:
        if case.refused_to:
            assert (own.status_code, own["Location"]) == (302, case.refused_to)
        else:
            assert own.status_code == 404
        assert _state() == before, "a refused action changed something"

    if not case.cross_organisation:
        return
    before = _state()
    other = _call(client, case, *other_args)
    if user is None:
        assert other.status_code == 302
        return
    assert other.status_code == 404, f"{actor} reached organisation B"
    assert _state() == before, "an action on another organisation changed something"
    fake = {"org_slug": "ei-ole", "reference": "TP-1999-999999", "uid": uuid.UUID(int=1)}
    missing = {
        key: value if key in ("name", "kind", "direction") else fake.get(key, 999999)
        for key, value in case.kwargs(world.b).items()
    }
    assert _call(client, case, missing, case.data(world.b)).content == other.content


@pytest.mark.parametrize("actor", [*Role.values, "nobody", "superuser"])
def test_inbox_and_home_list_only_what_the_roles_open(world: World, client: Client, actor: str) -> None:
    user = _actor(world, actor)
    assert user is not None
    client.force_login(user)
    inbox = client.get(reverse("staff:inbox") + "?status=all").content.decode()
    home = client.get(reverse("accounts:home")).content.decode()
    sees_requests = actor in (Role.HANDLER, Role.DECIDER, Role.AUDITOR)
    assert (world.a.request.reference in inbox) is sees_requests
    assert world.b.request.reference not in inbox
    assert (world.a.organisation.name in home) is (actor in Role.values)
    assert world.b.organisation.name not in home
    assert ("/members/" in home) is (actor == Role.ADMIN)
    assert ("/staff/desk/" in home) is (actor in (Role.EDITOR, Role.ADMIN))


def test_the_detail_page_shows_only_the_buttons_the_role_may_use(world: World, client: Client) -> None:
    url = reverse("staff:detail", kwargs={"reference": world.a.request.reference})
    expected = {
        Role.HANDLER: {"assign", "note", "answer"},
        Role.DECIDER: {"note"},
        Role.AUDITOR: set(),
    }
    for role, steps in expected.items():
        client.force_login(world.a.users[role])
        html = client.get(url).content.decode()
        shown = {name for name in ("assign", "note", "answer") if f"/{name}/" in html}
        assert shown == steps, role


def test_a_handler_cannot_assign_a_request_to_someone_of_another_organisation(
    world: World, client: Client
) -> None:
    client.force_login(world.a.users[Role.HANDLER])
    url = reverse("staff:action", kwargs={"reference": world.a.request.reference, "name": "assign"})
    for outsider in (world.b.users[Role.HANDLER], world.a.users[Role.AUDITOR], world.superuser):
        assert client.post(url, {"handler": outsider.pk}).status_code == 404
    assert client.post(url, {"handler": "x"}).status_code == 404
    world.a.request.refresh_from_db()
    assert world.a.request.handler is None


def test_an_administrator_cannot_limit_an_editor_to_another_organisations_area(
    world: World, client: Client
) -> None:
    client.force_login(world.a.users[Role.ADMIN])
    url = reverse(
        "accounts:grant",
        kwargs={"org_slug": world.a.organisation.slug, "user_id": world.a.users[Role.AUDITOR].pk},
    )
    client.post(url, {"role": Role.EDITOR, "areas": [world.b.areas[0].pk]})
    assert not Membership.objects.filter(user=world.a.users[Role.AUDITOR], role=Role.EDITOR).exists()
    client.post(url, {"role": Role.EDITOR, "areas": [world.a.areas[0].pk]})
    membership = Membership.objects.get(user=world.a.users[Role.AUDITOR], role=Role.EDITOR)
    assert list(membership.areas.all()) == [world.a.areas[0]]


def test_a_new_request_is_entered_for_the_handlers_own_organisation(world: World, client: Client) -> None:
    client.force_login(world.b.users[Role.HANDLER])
    response = client.post(
        reverse("staff:new"),
        {
            "channel": "phone",
            "received_at": (timezone.localtime() - timedelta(days=3)).strftime("%Y-%m-%d %H:%M"),
            "language": "fi",
            "kind": "public",
            "subject": "Puhelimessa pyydetty asiakirja",
            "delivery": "email",
            "requester_email": "soittaja@example.org",
        },
    )
    assert response.status_code == 302, response.content.decode()[:1000]
    created = InformationRequest.objects.get(subject="Puhelimessa pyydetty asiakirja")
    assert created.organisation == world.b.organisation


def test_desk_lists_only_the_users_organisations(world: World, client: Client) -> None:
    client.force_login(world.a.users[Role.EDITOR])
    assert (
        client.get(reverse("desk:organisations"))["Location"] == f"/staff/desk/{world.a.organisation.slug}/"
    )
    Membership.objects.create(
        user=world.a.users[Role.EDITOR], organisation=world.b.organisation, role=Role.ADMIN
    )
    page = client.get(reverse("desk:organisations")).content.decode()
    assert world.a.organisation.name in page
    assert world.b.organisation.name in page
    client.force_login(world.a.users[Role.HANDLER])
    assert world.a.organisation.name not in client.get(reverse("desk:organisations")).content.decode()


def test_an_area_limited_editor_sees_links_only_for_their_own_area(world: World, client: Client) -> None:
    editor = _actor(world, LIMITED_EDITOR)
    assert editor is not None
    client.force_login(editor)
    html = client.get(reverse("desk:home", kwargs=_org(world.a))).content.decode()
    own, other, outside = (_resource(world.a, area) for area in (0, 1, None))
    assert f"/resources/{own.uid}/" in html
    assert f"/resources/{other.uid}/" not in html
    assert other.name in html
    assert f"/resources/{outside.uid}/" not in html
    assert "/areas/new/" not in html
    assert "/settings/" not in html
    assert 'name="reason"' not in html  # publishing is not theirs
    form = client.get(reverse("desk:resource_new", kwargs=_org(world.a))).content.decode()
    assert world.a.areas[0].name in form
    assert world.a.areas[1].name not in form
    # moving their resource into another area is refused and changes nothing
    url = reverse("desk:resource", kwargs=_row("resource", 0)(world.a))
    sent = _resource_post(client.get(url).content.decode()) | {"name": "Muokattu tietovaranto"}
    response = client.post(url, sent | {"area": _resource_data(1)(world.a)["area"]})
    assert response.status_code == 200
    assert InformationResource.all_objects.filter(name="Muokattu tietovaranto").count() == 0
    assert client.post(url, sent).status_code == 302  # in their own area it is saved
    assert InformationResource.all_objects.filter(name="Muokattu tietovaranto").count() == 1


def test_an_administrator_publishes_what_editors_prepared(world: World, client: Client) -> None:
    client.force_login(world.a.users[Role.EDITOR])
    url = reverse("desk:resource", kwargs=_row("resource", 1)(world.a))
    sent = _resource_post(client.get(url).content.decode()) | {"name": "Muokattu tietovaranto"}
    assert client.post(url, sent).status_code == 302
    assert InformationResource.all_objects.filter(name="Muokattu tietovaranto").count() == 1  # the draft
    client.force_login(world.a.users[Role.ADMIN])
    response = client.post(
        reverse("desk:home", kwargs=_org(world.a)),
        {"reason": "Tarkistettu", "draft_version": draft_state(world.a.organisation).draft_version},
    )
    assert response.status_code == 302
    assert InformationResource.objects.filter(name="Muokattu tietovaranto").count() == 1  # live now
