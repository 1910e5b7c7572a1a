"""Invitations and roles, as plain functions. Each change is one transaction with its AccessEvent
row and, for invitations, the e-mail in django-mailer's queue (same database: nothing is sent for
a change that did not commit, and an SMTP outage only delays it)."""

import hashlib
import secrets
from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.models import AnonymousUser, User
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.db.models.functions import Lower
from django.http import Http404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from tietovaranto.accounts import access
from tietovaranto.accounts.models import (
    AccessEvent,
    AccessEventKind,
    Invitation,
    Membership,
    Role,
    StaffProfile,
)
from tietovaranto.accounts.permissions import Action
from tietovaranto.catalog.models import Organisation, ServiceArea


class AccessError(Exception):
    """A change that is not possible, with a message for the user."""


def _digest(key: str) -> str:
    # The key is 256 random bits, so a plain SHA-256 is enough; only the digest is stored.
    return hashlib.sha256(key.encode()).hexdigest()


def _lock(organisation: Organisation) -> None:
    """Serialise changes of one organisation's people: a row lock on PostgreSQL, and on SQLite the
    write lock taken by the first statement (a read first would let two writers deadlock)."""
    Organisation.objects.filter(pk=organisation.pk).update(updated_at=F("updated_at"))


def _event(organisation: Organisation | None, kind: str, actor: User | None, **fields: object) -> None:
    AccessEvent.objects.create(organisation=organisation, kind=kind, actor=actor, **fields)  # type: ignore[misc]


def _areas(
    organisation: Organisation, areas: Iterable[ServiceArea], roles: Iterable[str]
) -> list[ServiceArea]:
    chosen = list(areas)
    if any(area.organisation_id != organisation.pk for area in chosen):
        raise AccessError(_("Choose service areas of this organisation."))
    if chosen and Role.EDITOR not in roles:
        raise AccessError(_("Service areas limit only the editor role."))
    return chosen


def _clean_roles(roles: Iterable[str]) -> list[str]:
    cleaned = [role for role in Role.values if role in set(roles)]
    if not cleaned:
        raise AccessError(_("Choose at least one role."))
    return cleaned


# -- invitations ---------------------------------------------------------------------------------


def invitation_url(key: str) -> str:
    return settings.SITE_URL + reverse("accounts:accept", kwargs={"key": key})


def _send_invitation(invitation: Invitation, key: str) -> None:
    context = {
        "invitation": invitation,
        "organisation": invitation.organisation,
        "roles": invitation.role_labels(),
        "areas": list(invitation.areas.all()),
        "url": invitation_url(key),
        "days": settings.INVITATION_DAYS,
    }
    with translation.override(translation.get_language() or "fi"):
        text = render_to_string("accounts/email/invitation.txt", context)
    subject, _blank, body = text.strip().partition("\n")
    send_mail(subject.strip(), body.strip() + "\n", settings.DEFAULT_FROM_EMAIL, [invitation.email])


def _new_key(invitation: Invitation) -> str:
    key = secrets.token_urlsafe(32)
    invitation.key_digest = _digest(key)
    invitation.expires_at = timezone.now() + timedelta(days=settings.INVITATION_DAYS)
    return key


def open_invitations(organisation: Organisation) -> list[Invitation]:
    return list(
        Invitation.objects.filter(
            organisation=organisation,
            accepted_at__isnull=True,
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
        ).prefetch_related("areas")
    )


@transaction.atomic
def invite(
    actor: User,
    organisation: Organisation,
    email: str,
    roles: Iterable[str],
    areas: Iterable[ServiceArea] = (),
) -> str:
    """Invite a person by e-mail; returns the key (it is only ever in the e-mail otherwise)."""
    organisation = access.require_role(actor, organisation, Action.MANAGE_MEMBERS)
    _lock(organisation)
    email = email.strip().lower()
    roles = _clean_roles(roles)
    chosen = _areas(organisation, areas, roles)
    since = timezone.now() - timedelta(days=1)
    if Invitation.objects.filter(organisation=organisation, created_at__gte=since).count() >= (
        settings.INVITATIONS_PER_DAY
    ):
        raise AccessError(_("Too many invitations today. Try again tomorrow."))
    held = set(
        Membership.objects.filter(organisation=organisation, user__email__iexact=email).values_list(
            "role", flat=True
        )
    )
    if held.issuperset(roles):
        raise AccessError(_("This person already has these roles."))
    # A new invitation replaces any earlier open one for the same address: one live link at a time
    Invitation.objects.filter(
        organisation=organisation, email=email, accepted_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=timezone.now())
    invitation = Invitation(
        organisation=organisation,
        email=email,
        roles=roles,
        created_by=actor,
        whole_organisation=not chosen,
    )
    key = _new_key(invitation)
    invitation.save()
    invitation.areas.set(chosen)
    _event(
        organisation, AccessEventKind.INVITED, actor, email=email, text=", ".join(invitation.role_labels())
    )
    _send_invitation(invitation, key)
    return key


def _require_open(invitation: Invitation) -> None:
    if invitation.accepted_at or invitation.revoked_at:
        raise AccessError(_("This invitation has already been used or cancelled."))


@transaction.atomic
def resend_invitation(actor: User, invitation: Invitation) -> str:
    """A new link (the old one stops working) and a new expiry date."""
    access.require_role(actor, invitation.organisation, Action.MANAGE_MEMBERS)
    _lock(invitation.organisation)
    invitation.refresh_from_db()
    _require_open(invitation)
    key = _new_key(invitation)
    invitation.save(update_fields=["key_digest", "expires_at"])
    _event(invitation.organisation, AccessEventKind.RESENT, actor, email=invitation.email)
    _send_invitation(invitation, key)
    return key


@transaction.atomic
def revoke_invitation(actor: User, invitation: Invitation) -> None:
    access.require_role(actor, invitation.organisation, Action.MANAGE_MEMBERS)
    _lock(invitation.organisation)
    invitation.refresh_from_db()
    _require_open(invitation)
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    _event(invitation.organisation, AccessEventKind.REVOKED, actor, email=invitation.email)


def invitation_by_key(key: str) -> Invitation:
    """An open invitation; unknown, expired, cancelled, replaced and used keys are all the same 404."""
    try:
        return Invitation.objects.select_related("organisation").get(
            key_digest=_digest(key),
            accepted_at__isnull=True,
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
        )
    except Invitation.DoesNotExist:
        raise Http404(access.NOT_FOUND) from None


def existing_account(invitation: Invitation) -> User | None:
    users = get_user_model().objects.filter(email__iexact=invitation.email) | get_user_model().objects.filter(
        username__iexact=invitation.email
    )
    return users.order_by("pk").first()  # type: ignore[return-value]


def _claim(invitation: Invitation) -> None:
    """Mark the invitation used; a compare-and-set, so two parallel clicks cannot both use it."""
    claimed = Invitation.objects.filter(
        pk=invitation.pk, accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
    ).update(accepted_at=timezone.now())
    if not claimed:
        raise Http404(access.NOT_FOUND)


def _limit_to_areas(membership: Membership, areas: list[ServiceArea], whole_organisation: bool) -> None:
    membership.whole_organisation = whole_organisation
    membership.save(update_fields=["whole_organisation"])
    membership.areas.set(areas)


def _join(invitation: Invitation, user: User) -> None:
    areas = list(invitation.areas.all())
    for role in invitation.roles:
        membership, _created = Membership.objects.get_or_create(
            user=user,
            organisation=invitation.organisation,
            role=role,
            defaults={"created_by": invitation.created_by},
        )
        if role == Role.EDITOR:
            _limit_to_areas(membership, areas, invitation.whole_organisation)
    Invitation.objects.filter(pk=invitation.pk).update(accepted_by=user)
    _event(
        invitation.organisation,
        AccessEventKind.ACCEPTED,
        user,
        subject=user,
        email=invitation.email,
        text=", ".join(invitation.role_labels()),
    )


@transaction.atomic
def accept_as_new_user(
    invitation: Invitation, *, password: str, first_name: str = "", last_name: str = ""
) -> User:
    """Create the account (user name = the e-mail address) with the chosen password and the roles."""
    _claim(invitation)
    if existing_account(invitation):
        raise AccessError(_("An account with this e-mail address exists already: log in to accept."))
    user = get_user_model()(
        username=invitation.email, email=invitation.email, first_name=first_name, last_name=last_name
    )
    password_validation.validate_password(password, user)
    user.set_password(password)
    user.save()
    _join(invitation, user)
    return user  # type: ignore[return-value]


@transaction.atomic
def accept_as_existing_user(invitation: Invitation, user: User) -> None:
    if (getattr(user, "email", "") or "").lower() != invitation.email and user.get_username().lower() != (
        invitation.email
    ):
        raise AccessError(_("This invitation was sent to another e-mail address."))
    _claim(invitation)
    _join(invitation, user)


# -- roles ---------------------------------------------------------------------------------------


def _check_admins_remain(organisation: Organisation, removing: Iterable[Membership]) -> None:
    removed = {m.pk for m in removing if m.role == Role.ADMIN}
    if not removed:
        return
    remaining = Membership.objects.filter(
        organisation=organisation, role=Role.ADMIN, user__is_active=True
    ).exclude(pk__in=removed)
    if not remaining.exists():
        raise AccessError(_("The organisation must keep at least one administrator."))


@transaction.atomic
def grant_role(
    actor: User | None,
    organisation: Organisation,
    user: User,
    role: str,
    areas: Iterable[ServiceArea] = (),
) -> Membership:
    """Give a role (for an editor: limited to `areas`, none = the whole organisation).

    `actor` None is the operator's command line (`grant-role`), used to name the first administrator.
    """
    if actor is not None:
        access.require_role(actor, organisation, Action.MANAGE_MEMBERS)
    _lock(organisation)
    role = _clean_roles([role])[0]
    chosen = _areas(organisation, areas, [role])
    membership, _created = Membership.objects.get_or_create(
        user=user, organisation=organisation, role=role, defaults={"created_by": actor}
    )
    if role == Role.EDITOR:
        _limit_to_areas(membership, chosen, not chosen)
    text = ", ".join(str(area) for area in chosen)
    _event(organisation, AccessEventKind.GRANTED, actor, subject=user, role=role, text=text)
    return membership


@transaction.atomic
def remove_role(actor: User, membership: Membership) -> None:
    organisation = membership.organisation
    access.require_role(actor, organisation, Action.MANAGE_MEMBERS)
    _lock(organisation)
    current = list(Membership.objects.filter(pk=membership.pk))
    if not current:
        return  # removed in the meantime
    _check_admins_remain(organisation, current)
    membership.delete()
    _event(organisation, AccessEventKind.REMOVED, actor, subject=membership.user, role=membership.role)
    _revoke_if_gone(organisation, membership.user)


@transaction.atomic
def remove_member(actor: User, organisation: Organisation, user: User) -> None:
    """Every role of the person in this organisation (their roles elsewhere stay)."""
    access.require_role(actor, organisation, Action.MANAGE_MEMBERS)
    _lock(organisation)
    current = list(Membership.objects.filter(organisation=organisation, user=user))
    _check_admins_remain(organisation, current)
    for membership in current:
        membership.delete()
        _event(organisation, AccessEventKind.REMOVED, actor, subject=user, role=membership.role)
    _revoke_if_gone(organisation, user)


def _revoke_if_gone(organisation: Organisation, user: User) -> None:
    """A removed person's open invitations die with their roles."""
    if Membership.objects.filter(organisation=organisation, user=user).exists():
        return
    email = (getattr(user, "email", "") or "").lower()
    if email:
        Invitation.objects.filter(
            organisation=organisation, email=email, accepted_at__isnull=True, revoked_at__isnull=True
        ).update(revoked_at=timezone.now())


def record_two_factor(user: User, enabled: bool) -> None:
    kind = AccessEventKind.TWO_FACTOR_ON if enabled else AccessEventKind.TWO_FACTOR_OFF
    _event(None, kind, user, subject=user)


# -- the staff member's language ----------------------------------------------------------------------


def staff_language(user: User | AnonymousUser) -> str:
    """The language the user chose for the staff pages and staff e-mails (the site's default if none)."""
    if not user.is_authenticated:
        return settings.LANGUAGE_CODE
    profile = StaffProfile.objects.filter(user_id=user.pk).first()
    return profile.language if profile else settings.LANGUAGE_CODE


def set_staff_language(user: User, language: str) -> None:
    if language not in dict(settings.LANGUAGES):
        raise ValueError(f"Unknown language: {language}")
    StaffProfile.objects.update_or_create(user=user, defaults={"language": language})


def staff_languages(organisation: Organisation, addresses: list[str]) -> dict[str, str]:
    """The language of each staff e-mail address: that of the organisation's staff member who has the
    address (any role), else the site's default (a shared registry office address)."""
    wanted = {address.lower() for address in addresses if address}
    chosen: dict[str, str] = {}
    rows = (
        StaffProfile.objects.filter(user__memberships__organisation=organisation, user__is_active=True)
        .annotate(email=Lower("user__email"))
        .filter(email__in=wanted)
        .values_list("email", "language")
        .distinct()
    )
    for email, language in rows:
        chosen[email] = language
    return {address: chosen.get(address.lower(), settings.LANGUAGE_CODE) for address in addresses if address}
