"""Every staff page and action × every role × own / other organisation.

The expected answer comes from the permission table (accounts.permissions): granted → 200 or a
redirect back to the page, not granted → 404; another organisation's object → 404 with the same body
as an object that does not exist. A URL added to the `staff` or `accounts` namespaces without a case
here (or a reasoned exemption) fails test_every_staff_url_has_an_access_case.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tietovaranto.accounts.models import AccessEvent, Invitation, Membership, Role
from tietovaranto.accounts.permissions import Action, action_for_request_step, allowed
from tietovaranto.accounts.tests.conftest import Side, World
from tietovaranto.inforequests.models import InformationRequest, RequestEvent
from tietovaranto.inforequests.staff_views import ACTIONS


@dataclass
class Case:
    url_name: str
    action: str
    method: str = "post"
    kwargs: Callable[[Side], dict[str, Any]] = lambda side: {}
    data: Callable[[Side], dict[str, Any]] = lambda side: {}
    cross_organisation: bool = True  # False: the URL names no organisation (the user's own is used)
    extra: dict[str, Any] = field(default_factory=dict)


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
    "decide": lambda side: {
        "reasons": "JulkL 24 §",
        "decider": "Hallintojohtaja",
        "court": "Turun hallinto-oikeus",
    },
}

CASES: list[Case] = [
    Case("staff:detail", Action.VIEW_REQUESTS, "get", _request_kwargs),
    Case("staff:new", Action.HANDLE_REQUESTS, "get", cross_organisation=False),
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

# Named URLs in the staff namespaces that are not organisation-scoped, each with its reason and test
EXEMPT = {
    "staff:inbox": "lists only the user's organisations: test_inbox_and_home_list_only_what_the_roles_open",
    "accounts:home": "the user's own organisations: test_inbox_and_home_list_only_what_the_roles_open",
    "staff:logout": "anyone may log out",
    "accounts:accept": "reached by the invitation key, before log-in: test_invitations.py",
    "accounts:two-factor-setup": "the user's own device: test_two_factor.py",
    "accounts:two-factor-verify": "the user's own device: test_two_factor.py",
    "accounts:two-factor-remove": "the user's own device: test_two_factor.py",
}

ACTORS = [*Role.values, "nobody", "superuser", "anonymous"]


def _case_id(case: Case) -> str:
    name = case.kwargs.__defaults__[0] if case.url_name == "staff:action" else ""  # type: ignore[index]
    return f"{case.url_name}{':' + name if name else ''}"


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
    staff_names = {n for n in _names(get_resolver()) if n.split(":")[0] in {"staff", "accounts"}}
    covered = {case.url_name for case in CASES} | set(EXEMPT)
    assert staff_names - covered == set(), "add an access case (or a reasoned exemption) for these URLs"
    assert covered - staff_names == set(), "these cases name URLs that are gone"
    assert {n for c in CASES if c.url_name == "staff:action" for n in [_case_id(c).split(":")[-1]]} == set(
        ACTIONS
    )


def _actor(world: World, name: str) -> User | None:
    if name == "anonymous":
        return None
    if name in ("nobody", "superuser"):
        return world.nobody if name == "nobody" else world.superuser
    return world.a.users[name]


def _state() -> tuple[int, ...]:
    return (
        RequestEvent.objects.count(),
        InformationRequest.objects.count(),
        Membership.objects.count(),
        Invitation.objects.filter(revoked_at__isnull=True).count(),
        AccessEvent.objects.count(),
        *InformationRequest.objects.order_by("pk").values_list("handler_id", flat=True),
    )


def _call(client: Client, case: Case, kwargs: dict[str, Any], data: dict[str, Any]) -> Any:
    url = reverse(case.url_name, kwargs=kwargs)
    return client.get(url) if case.method == "get" else client.post(url, data)


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_role_against_own_and_other_organisation(
    world: World, client: Client, case: Case, actor: str
) -> None:
    user = _actor(world, actor)
    if user is not None:
        client.force_login(user)
    roles = {actor} if actor in Role.values else set()
    before = _state()

    own = _call(client, case, case.kwargs(world.a), case.data(world.a))
    if user is None:
        assert own.status_code == 302
        assert "/staff/login/" in own["Location"]
    elif allowed(roles, case.action):
        assert own.status_code in (200, 302), own.content.decode()[:500]
        if own.status_code == 302:
            assert "/login/" not in own["Location"]
    else:
        assert own.status_code == 404
        assert _state() == before, "a refused action changed something"

    if not case.cross_organisation:
        return
    before = _state()
    other = _call(client, case, case.kwargs(world.b), case.data(world.b))
    if user is None:
        assert other.status_code == 302
        return
    assert other.status_code == 404, f"{actor} reached organisation B"
    assert _state() == before, "an action on another organisation changed something"
    missing = {
        key: ("ei-ole" if key == "org_slug" else "TP-1999-999999" if key == "reference" else 999999)
        for key in case.kwargs(world.b)
    }
    if "name" in missing:
        missing["name"] = case.kwargs(world.b)["name"]
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
    assert ("/staff/desk/" in home) is (actor == Role.EDITOR)


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
            "received_at": "2026-01-05 10:00",
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
