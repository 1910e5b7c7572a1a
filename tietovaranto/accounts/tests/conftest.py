"""Two organisations, each with a service area or two, a request, an open invitation and one user per role."""

from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.utils import timezone
from django.utils.text import slugify

from tietovaranto.accounts import services
from tietovaranto.accounts.models import Invitation, Membership, Role
from tietovaranto.catalog.models import InformationResource, Organisation, ServiceArea
from tietovaranto.inforequests.models import EventKind, InformationRequest, RequestEvent

AREAS = [
    ("Sivistyspalvelut", "Oppilasrekisterin tietovaranto"),
    ("Tekniset palvelut", "Kiinteistötietovaranto"),
]
PASSWORD = "Kuusi-kissaa-kiipeää-puuhun"


@dataclass
class Side:
    """One organisation and what lives in it."""

    organisation: Organisation
    areas: list[ServiceArea]
    request: InformationRequest
    invitation: Invitation
    users: dict[str, User] = field(default_factory=dict)  # role -> a user holding only that role


@dataclass
class World:
    a: Side
    b: Side
    nobody: User  # logged in, no role anywhere
    superuser: User


def _side(name: str, prefix: str, reference: str) -> Side:
    organisation = Organisation.objects.create(name=name, slug=slugify(name))
    areas = []
    for position, (area_name, resource_name) in enumerate(AREAS):
        area = ServiceArea.objects.create(
            organisation=organisation, name=area_name, slug=slugify(area_name), position=position
        )
        InformationResource.objects.create(
            organisation=organisation, area=area, name=resource_name, slug=slugify(resource_name)
        )
        areas.append(area)
    InformationResource.objects.create(organisation=organisation, name="Asiarekisteri", slug="asiarekisteri")
    now = timezone.now()
    request = InformationRequest.objects.create(
        organisation=organisation,
        reference=reference,
        kind="public",
        received_at=now,
        clock_started_at=now,
        due_date=(now + timedelta(days=14)).date(),
        subject="Rakennuslupien määrä 2025",
        delivery="email",
        requester_email=f"pyytaja@{prefix}.example",
    )
    RequestEvent.objects.create(request=request, at=now, kind=EventKind.DECIDED, text="Päätös", public=True)
    users = {}
    for role in Role.values:
        user = User.objects.create_user(f"{prefix}-{role}", f"{prefix}-{role}@{prefix}.example", PASSWORD)
        Membership.objects.create(user=user, organisation=organisation, role=role)
        users[role] = user
    invitation = Invitation.objects.create(
        organisation=organisation,
        email=f"uusi@{prefix}.example",
        roles=[Role.AUDITOR],
        key_digest=services._digest(f"key-{prefix}"),
        expires_at=now + timedelta(days=7),
    )
    return Side(organisation, areas, request, invitation, users)


@pytest.fixture(autouse=True)
def fast_passwords(settings) -> None:  # type: ignore[no-untyped-def]
    """Hashing is deliberately slow; these tests create a dozen users each."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world(db: None) -> World:
    return World(
        a=_side("Aakkoskunta", "a", "TP-2000-000001"),
        b=_side("Beetakaupunki", "b", "TP-2000-000002"),
        nobody=User.objects.create_user("nobody", "nobody@example.org", PASSWORD),
        superuser=User.objects.create_superuser("root", "root@example.org", PASSWORD),
    )
