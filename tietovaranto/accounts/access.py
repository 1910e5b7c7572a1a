"""Access to organisation-scoped data for staff: the selectors every staff view goes through.

Each function takes the acting user first and filters in the query, so a list never shows what
a detail page refuses. Anything outside the user's rights raises Http404 with one message, the
same for "another organisation's" and "does not exist" (a 403 would confirm that it exists).
Superusers get no implicit rights here: they use the Django admin.
"""

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404

from tietovaranto.accounts.models import AccessEvent, ApiToken, Invitation, Membership, Role
from tietovaranto.accounts.permissions import Action, allowed, roles_for
from tietovaranto.catalog.models import InformationResource, Organisation, ServiceArea
from tietovaranto.inforequests.models import InformationRequest

NOT_FOUND = "Not found"
Actor = User | AnonymousUser
OrganisationRef = Organisation | str  # an Organisation or its slug


def _memberships(user: Actor) -> QuerySet[Membership]:
    if not user.is_authenticated or not user.is_active:
        return Membership.objects.none()
    return Membership.objects.filter(user_id=user.pk)


def roles_in(user: Actor, organisation: Organisation) -> set[str]:
    """The user's roles in the organisation (its draft copy counts as the organisation)."""
    return set(
        _memberships(user).filter(organisation_id=_live_id(organisation)).values_list("role", flat=True)
    )


def may(user: Actor, organisation: Organisation, action: str) -> bool:
    """Whether the user may do `action` in the organisation, area limits of the editor role included."""
    roles = roles_in(user, organisation)
    limited = Role.EDITOR in roles and not can_edit_whole_organisation(user, organisation)
    return allowed(roles, action, area_limited=limited)


def require(user: Actor, organisation: Organisation, action: str) -> None:
    """Http404 unless the user may do `action` (the organisation was already checked by its selector)."""
    if not may(user, organisation, action):
        raise Http404(NOT_FOUND)


def has_role(user: Actor, organisation: Organisation, action: str) -> bool:
    """`action` is an Action or a Role (a role stands for itself)."""
    return _memberships(user).filter(organisation=organisation, role__in=roles_for(action)).exists()


def organisations_for(user: Actor, action: str) -> QuerySet[Organisation]:
    """The organisations in which the user holds a role that grants `action` (an Action or a Role)."""
    holds = _memberships(user).filter(organisation=OuterRef("pk"), role__in=roles_for(action))
    return Organisation.objects.filter(Exists(holds))


def require_role(user: Actor, organisation: OrganisationRef, action: str) -> Organisation:
    """The organisation, if the user may do `action` in it; else Http404."""
    # an organisation's draft copy counts as the organisation itself (memberships name the live one)
    lookup = {"slug": organisation} if isinstance(organisation, str) else {"pk": _live_id(organisation)}
    try:
        return organisations_for(user, action).get(**lookup)
    except Organisation.DoesNotExist:
        raise Http404(NOT_FOUND) from None


def my_organisations(user: Actor) -> list[tuple[Organisation, set[str]]]:
    """Every organisation where the user holds a role, with the roles: the staff start page."""
    by_org: dict[int, tuple[Organisation, set[str]]] = {}
    for membership in _memberships(user).select_related("organisation").order_by("organisation__name"):
        entry = by_org.setdefault(membership.organisation_id, (membership.organisation, set()))
        entry[1].add(membership.role)
    return list(by_org.values())


# -- editors, optionally limited to service areas -------------------------------------------------
#
# Memberships name live organisations and live service areas. Editors work on the hidden draft copy
# (catalog: `draft_of`), whose rows carry the live rows' `uid`: a draft area is matched by uid, and an
# area that exists only in the draft (not yet published) is editable by editors of the whole organisation.


def _live_id(organisation: Organisation) -> int:
    return organisation.draft_of_id or organisation.pk


def _editor_rows(user: Actor, organisation_id: int) -> QuerySet[Membership]:
    return _memberships(user).filter(organisation_id=organisation_id, role=Role.EDITOR)


def _limited_area_uids(user: Actor, organisation: Organisation) -> QuerySet[ServiceArea, Any] | None:
    """None for an editor of the whole organisation, else the uids of the live areas they may edit."""
    rows = _editor_rows(user, _live_id(organisation))
    if rows.filter(whole_organisation=True).exists():
        return None
    return ServiceArea.all_objects.filter(editor_memberships__in=rows).values("uid")


def can_edit_whole_organisation(user: Actor, organisation: Organisation) -> bool:
    """An editor without area limits: also organisation-wide facts and resources outside any area."""
    return _editor_rows(user, _live_id(organisation)).filter(whole_organisation=True).exists()


def can_edit_area(user: Actor, area: ServiceArea) -> bool:
    """`area` of a live organisation or of its draft copy."""
    organisation = Organisation.all_objects.get(pk=area.organisation_id)
    if not _editor_rows(user, _live_id(organisation)).exists():
        return False
    limited = _limited_area_uids(user, organisation)
    return limited is None or limited.filter(uid=area.uid).exists()


def can_edit_resource(user: Actor, resource: InformationResource) -> bool:
    if resource.area_id is None:
        return can_edit_whole_organisation(user, Organisation.all_objects.get(pk=resource.organisation_id))
    return can_edit_area(user, ServiceArea.all_objects.get(pk=resource.area_id))


def editable_areas(user: Actor, organisation: Organisation) -> QuerySet[ServiceArea]:
    """The service areas of `organisation` (live or draft) that the user may edit: all, some or none."""
    areas = ServiceArea.all_objects.filter(organisation=organisation)
    if not _editor_rows(user, _live_id(organisation)).exists():
        return areas.none()
    limited = _limited_area_uids(user, organisation)
    return areas if limited is None else areas.filter(uid__in=limited)


def require_editor(
    user: Actor, organisation: OrganisationRef, area: ServiceArea | None = None
) -> Organisation:
    """The (live) organisation, if the user is an editor there (and, given an area, may edit that area).

    Without an area this only proves the editor role: narrow lists with `editable_areas` or
    `resources_for_editor`, and check a resource with `can_edit_resource` (a resource outside
    any area needs an editor of the whole organisation).
    """
    found = require_role(user, organisation, Action.EDIT_CATALOG)
    if area is not None:
        area_org = Organisation.all_objects.get(pk=area.organisation_id)
        if _live_id(area_org) != found.pk or not can_edit_area(user, area):
            raise Http404(NOT_FOUND)
    return found


def resources_for_editor(user: Actor, organisation: OrganisationRef) -> QuerySet[InformationResource]:
    """The resources the user may edit: of the live organisation, or of its draft when given the draft."""
    target = organisation if isinstance(organisation, Organisation) else None
    found = require_role(user, organisation, Action.EDIT_CATALOG)
    scope = target if target is not None and target.draft_of_id == found.pk else found
    resources = InformationResource.all_objects.filter(organisation=scope)
    if can_edit_whole_organisation(user, found):
        return resources
    return resources.filter(area__in=editable_areas(user, scope))


def require_resource_editor(
    user: Actor, organisation: OrganisationRef, resource_slug: str
) -> InformationResource:
    try:
        return resources_for_editor(user, organisation).get(slug=resource_slug)
    except InformationResource.DoesNotExist:
        raise Http404(NOT_FOUND) from None


# -- the desk: rows of the organisation's draft, by the uid they share with the live rows -------------


def draft_area_for_editor(user: Actor, draft: Organisation, uid: str) -> ServiceArea:
    """A service area of the draft that the user may edit; else Http404."""
    try:
        return editable_areas(user, draft).get(uid=uid)
    except (ServiceArea.DoesNotExist, ValidationError):
        raise Http404(NOT_FOUND) from None


def draft_resource_for_editor(user: Actor, draft: Organisation, uid: str) -> InformationResource:
    """An information resource of the draft that the user may edit (its area, or the whole organisation)."""
    try:
        return resources_for_editor(user, draft).get(uid=uid)
    except (InformationResource.DoesNotExist, ValidationError):
        raise Http404(NOT_FOUND) from None


def editable_uids(user: Actor, draft: Organisation) -> set[str]:
    """The uids of the draft's areas and resources the user may edit: the desk shows only their links."""
    if not may(user, draft, Action.EDIT_CATALOG):
        return set()
    areas = editable_areas(user, draft).values_list("uid", flat=True)
    resources = resources_for_editor(user, draft).values_list("uid", flat=True)
    return {str(uid) for uid in [*areas, *resources]}


# -- information requests ---------------------------------------------------------------------------


def requests_for(user: Actor, action: str = Action.VIEW_REQUESTS) -> QuerySet[InformationRequest]:
    """The requests of the organisations where the user may do `action`; others do not exist (404)."""
    return InformationRequest.objects.filter(organisation__in=organisations_for(user, action)).select_related(
        "organisation", "handler"
    )


def request_for(user: Actor, reference: str, action: str = Action.VIEW_REQUESTS) -> InformationRequest:
    try:
        return requests_for(user, action).get(reference=reference)
    except InformationRequest.DoesNotExist:
        raise Http404(NOT_FOUND) from None


def colleagues(organisation: Organisation, role: str) -> QuerySet[User]:
    """Active users holding `role` in the organisation (e.g. whom a request can be assigned to)."""
    holds = Membership.objects.filter(user=OuterRef("pk"), organisation=organisation, role=role)
    return get_user_model().objects.filter(Exists(holds), is_active=True).order_by("username")


def colleague_for(organisation: Organisation, user_id: object, role: str) -> User:
    """A user id from a form, if that user holds `role` in the organisation; else Http404."""
    if not str(user_id or "").isdigit():
        raise Http404(NOT_FOUND)
    try:
        return colleagues(organisation, role).get(pk=int(str(user_id)))
    except get_user_model().DoesNotExist:
        raise Http404(NOT_FOUND) from None


def allowed_actions(user: Actor, organisation: Organisation) -> set[str]:
    """What the user may do in the organisation: templates show only these buttons."""
    roles = roles_in(user, organisation)
    limited = Role.EDITOR in roles and not can_edit_whole_organisation(user, organisation)
    return {action.value for action in Action if allowed(roles, action, area_limited=limited)}


# -- the organisation's administrator ---------------------------------------------------------------


def memberships_for_admin(user: Actor, organisation: OrganisationRef) -> QuerySet[Membership]:
    found = require_role(user, organisation, Action.MANAGE_MEMBERS)
    return (
        Membership.objects.filter(organisation=found)
        .select_related("user", "organisation")
        .prefetch_related("areas")
    )


def membership_for_admin(user: Actor, organisation: OrganisationRef, membership_id: int) -> Membership:
    try:
        return memberships_for_admin(user, organisation).get(pk=membership_id)
    except Membership.DoesNotExist:
        raise Http404(NOT_FOUND) from None


def member_for_admin(user: Actor, organisation: OrganisationRef, user_id: int) -> User:
    """A person holding any role in the administrator's organisation."""
    found = require_role(user, organisation, Action.MANAGE_MEMBERS)
    holds = Membership.objects.filter(user=OuterRef("pk"), organisation=found)
    try:
        return get_user_model().objects.filter(Exists(holds)).get(pk=user_id)
    except get_user_model().DoesNotExist:
        raise Http404(NOT_FOUND) from None


def invitations_for_admin(user: Actor, organisation: OrganisationRef) -> QuerySet[Invitation]:
    found = require_role(user, organisation, Action.MANAGE_MEMBERS)
    return Invitation.objects.filter(organisation=found).prefetch_related("areas")


def invitation_for_admin(user: Actor, organisation: OrganisationRef, invitation_id: int) -> Invitation:
    try:
        return invitations_for_admin(user, organisation).get(pk=invitation_id)
    except Invitation.DoesNotExist:
        raise Http404(NOT_FOUND) from None


def areas_for_admin(user: Actor, organisation: OrganisationRef) -> QuerySet[ServiceArea]:
    """The areas an administrator may limit an editor to: only their own organisation's."""
    return ServiceArea.objects.filter(organisation=require_role(user, organisation, Action.MANAGE_MEMBERS))


def access_events_for_admin(user: Actor, organisation: OrganisationRef, limit: int = 50) -> list[AccessEvent]:
    found = require_role(user, organisation, Action.MANAGE_MEMBERS)
    return list(AccessEvent.objects.filter(organisation=found).select_related("actor", "subject")[:limit])


def api_tokens_for_admin(user: Actor, organisation: OrganisationRef) -> QuerySet[ApiToken]:
    found = require_role(user, organisation, Action.MANAGE_API_TOKENS)
    return (
        ApiToken.objects.filter(organisation=found)
        .select_related("created_by", "revoked_by", "organisation")
        .prefetch_related("areas")
    )


def api_token_for_admin(user: Actor, organisation: OrganisationRef, token_id: int) -> ApiToken:
    try:
        return api_tokens_for_admin(user, organisation).get(pk=token_id)
    except ApiToken.DoesNotExist:
        raise Http404(NOT_FOUND) from None


def areas_for_token_admin(user: Actor, organisation: OrganisationRef) -> QuerySet[ServiceArea]:
    """The areas an administrator may limit an API key to: only their own organisation's."""
    return ServiceArea.objects.filter(organisation=require_role(user, organisation, Action.MANAGE_API_TOKENS))


# -- API keys: scoped like the editor role (whole organisation, or named live service areas) ----------


def token_area_uids(token: ApiToken) -> set[str] | None:
    """None for a key of the whole organisation, else the uids of the live areas it may write."""
    if token.whole_organisation:
        return None
    return {
        str(uid) for uid in ServiceArea.all_objects.filter(api_tokens=token).values_list("uid", flat=True)
    }


def token_covers(token: ApiToken, organisation: Organisation) -> bool:
    """The key belongs to the organisation (its draft copy counts as the organisation)."""
    return token.organisation_id == _live_id(organisation)


def token_may_edit_area(token: ApiToken, area: ServiceArea | None) -> bool:
    """`area` of the draft (by the uid it shares with the live area); None: outside any area, which
    like an area-limited editor's rights needs a key of the whole organisation."""
    limited = token_area_uids(token)
    if limited is None:
        return True
    return area is not None and str(area.uid) in limited


def token_may(token: ApiToken, action: str) -> bool:
    """The editor role's table for a key: a key limited to areas gets no whole-organisation action."""
    return allowed({Role.EDITOR.value}, action, area_limited=not token.whole_organisation)
