"""The one permission table: which roles may perform each action. Views, templates and tests read it."""

from django.db import models

from tietovaranto.accounts.models import Role


class Action(models.TextChoices):
    MANAGE_MEMBERS = "manage_members"  # invite and remove people, give and take roles
    MANAGE_API_TOKENS = "manage_api_tokens"  # create and revoke the keys of the write API
    OPEN_DESK = "open_desk"  # the desk's reading pages (home, preview, history) and the check against the law
    EDIT_CATALOG = "edit_catalog"  # edit the draft's areas and resources (editors limited to their areas)
    EDIT_STRUCTURE = "edit_structure"  # add, reorder and delete service areas; resources outside any area
    EDIT_SETTINGS = "edit_settings"  # the organisation's own facts (names, registry office, court…)
    PUBLISH_CATALOG = "publish_catalog"  # publish the draft, discard it, restore an earlier version
    VIEW_REQUESTS = "view_requests"  # inbox, request detail and timeline (personal data)
    HANDLE_REQUESTS = "handle_requests"  # register, assign, clarify, extend, transfer, answer
    NOTE_REQUESTS = "note_requests"  # internal notes
    DECIDE_REQUESTS = "decide_requests"  # the written decision (JulkL 14 § 3 mom)


ROLES_FOR: dict[str, frozenset[str]] = {
    Action.MANAGE_MEMBERS: frozenset({Role.ADMIN}),
    Action.MANAGE_API_TOKENS: frozenset({Role.ADMIN}),
    Action.OPEN_DESK: frozenset({Role.ADMIN, Role.EDITOR}),
    Action.EDIT_CATALOG: frozenset({Role.EDITOR}),
    Action.EDIT_STRUCTURE: frozenset({Role.EDITOR}),
    Action.EDIT_SETTINGS: frozenset({Role.ADMIN, Role.EDITOR}),
    Action.PUBLISH_CATALOG: frozenset({Role.ADMIN, Role.EDITOR}),
    Action.VIEW_REQUESTS: frozenset({Role.HANDLER, Role.DECIDER, Role.AUDITOR}),
    Action.HANDLE_REQUESTS: frozenset({Role.HANDLER}),
    Action.NOTE_REQUESTS: frozenset({Role.HANDLER, Role.DECIDER}),
    Action.DECIDE_REQUESTS: frozenset({Role.DECIDER}),
}

# Actions about the whole organisation's description: an editor limited to service areas does not get
# them from the editor role (access.may checks the limit); administrators and unlimited editors do.
WHOLE_ORGANISATION: frozenset[str] = frozenset(
    {Action.EDIT_STRUCTURE, Action.EDIT_SETTINGS, Action.PUBLISH_CATALOG}
)

# The staff steps of a request (inforequests.staff_views.ACTIONS) and what each needs. A step not
# listed needs the handler's right: new steps are closed to deciders and auditors until named here.
REQUEST_STEPS: dict[str, Action] = {
    "note": Action.NOTE_REQUESTS,
    "decide": Action.DECIDE_REQUESTS,
}


def roles_for(action: str) -> frozenset[str]:
    """The roles that grant `action`; a role name stands for itself (require_role(user, org, Role.ADMIN))."""
    if action in ROLES_FOR:
        return ROLES_FOR[action]
    if action in Role.values:
        return frozenset({action})
    raise ValueError(f"Unknown action or role: {action}")


def action_for_request_step(name: str) -> Action:
    return REQUEST_STEPS.get(name, Action.HANDLE_REQUESTS)


def allowed(roles: set[str], action: str, area_limited: bool = False) -> bool:
    """`area_limited`: the user's editor role is limited to service areas (no whole-organisation actions)."""
    granting = roles & roles_for(action)
    if area_limited and action in WHOLE_ORGANISATION:
        granting -= {Role.EDITOR}
    return bool(granting)
