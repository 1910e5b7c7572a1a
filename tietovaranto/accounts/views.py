"""Staff pages of an organisation's administrator (people and roles), invitations and two-step
verification. Every object comes through a selector in accounts.access: 404 across organisations."""

from collections.abc import Callable
from typing import Any, cast

import django_otp
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.contrib.auth.views import LoginView
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from tietovaranto.accounts import access, services, tokens, two_factor
from tietovaranto.accounts.forms import ApiTokenForm, GrantForm, InviteForm, SetPasswordForm, TokenForm
from tietovaranto.accounts.middleware import two_factor_exempt
from tietovaranto.accounts.permissions import Action

View = Callable[..., HttpResponse]


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)  # behind login_required: never anonymous


def staff_view(view: View) -> View:
    """Logged in, never cached; the two-step rule is applied by TwoFactorMiddleware."""
    return never_cache(login_required(view))


def _next(request: HttpRequest, default: str = "accounts:home") -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return reverse(default)


@staff_view
def home(request: HttpRequest) -> HttpResponse:
    """The user's organisations and roles, with the pages each role opens."""
    rows = [
        {
            "organisation": organisation,
            "roles": sorted(roles),
            "may": access.allowed_actions(_user(request), organisation),
        }
        for organisation, roles in access.my_organisations(_user(request))
    ]
    context = {
        "rows": rows,
        "has_device": two_factor.has_device(_user(request)),
        "Action": Action,
        "languages": settings.LANGUAGES,
        "staff_language": services.staff_language(_user(request)),
    }
    return render(request, "accounts/home.html", context)


def _members_context(request: HttpRequest, org_slug: str) -> dict[str, Any]:
    memberships = list(access.memberships_for_admin(_user(request), org_slug))
    organisation = access.require_role(_user(request), org_slug, Action.MANAGE_MEMBERS)
    people: dict[int, dict[str, Any]] = {}
    for membership in memberships:
        people.setdefault(membership.user_id, {"user": membership.user, "memberships": []})[
            "memberships"
        ].append(membership)
    areas = access.areas_for_admin(_user(request), organisation)
    return {
        "organisation": organisation,
        "people": sorted(people.values(), key=lambda p: p["user"].get_username()),
        "invitations": services.open_invitations(organisation),
        "events": access.access_events_for_admin(_user(request), organisation),
        "invite_form": InviteForm(areas=areas, auto_id="invite-%s"),
        "areas": areas,
        "invitation_days": settings.INVITATION_DAYS,
    }


@staff_view
def members(request: HttpRequest, org_slug: str) -> HttpResponse:
    return render(request, "accounts/members.html", _members_context(request, org_slug))


@require_POST
@staff_view
def invite(request: HttpRequest, org_slug: str) -> HttpResponse:
    organisation = access.require_role(_user(request), org_slug, Action.MANAGE_MEMBERS)
    form = InviteForm(
        request.POST, areas=access.areas_for_admin(_user(request), organisation), auto_id="invite-%s"
    )
    if form.is_valid():
        try:
            services.invite(
                _user(request),
                organisation,
                form.cleaned_data["email"],
                form.cleaned_data["roles"],
                form.cleaned_data["areas"],
            )
        except services.AccessError as failure:
            form.add_error(None, str(failure))
        else:
            messages.success(
                request, _("Invitation sent to %(email)s.") % {"email": form.cleaned_data["email"]}
            )
            return redirect("accounts:members", org_slug=organisation.slug)
    context = _members_context(request, org_slug) | {"invite_form": form}
    return render(request, "accounts/members.html", context, status=400)


@require_POST
@staff_view
def grant(request: HttpRequest, org_slug: str, user_id: int) -> HttpResponse:
    member = access.member_for_admin(_user(request), org_slug, user_id)
    organisation = access.require_role(_user(request), org_slug, Action.MANAGE_MEMBERS)
    form = GrantForm(request.POST, areas=access.areas_for_admin(_user(request), organisation))
    if not form.is_valid():
        messages.error(request, _("Choose a role and service areas of this organisation."))
    else:
        try:
            services.grant_role(
                _user(request), organisation, member, form.cleaned_data["role"], form.cleaned_data["areas"]
            )
        except services.AccessError as failure:
            messages.error(request, str(failure))
        else:
            messages.success(request, _("Saved."))
    return redirect("accounts:members", org_slug=organisation.slug)


@require_POST
@staff_view
def remove_role(request: HttpRequest, org_slug: str, membership_id: int) -> HttpResponse:
    membership = access.membership_for_admin(_user(request), org_slug, membership_id)
    try:
        services.remove_role(_user(request), membership)
    except services.AccessError as failure:
        messages.error(request, str(failure))
    else:
        messages.success(request, _("Role removed."))
    return redirect("accounts:members", org_slug=org_slug)


@require_POST
@staff_view
def remove_member(request: HttpRequest, org_slug: str, user_id: int) -> HttpResponse:
    member = access.member_for_admin(_user(request), org_slug, user_id)
    organisation = access.require_role(_user(request), org_slug, Action.MANAGE_MEMBERS)
    try:
        services.remove_member(_user(request), organisation, member)
    except services.AccessError as failure:
        messages.error(request, str(failure))
    else:
        messages.success(
            request, _("%(name)s removed from the organisation.") % {"name": member.get_username()}
        )
    return redirect("accounts:members", org_slug=org_slug)


@require_POST
@staff_view
def invitation_action(request: HttpRequest, org_slug: str, invitation_id: int, name: str) -> HttpResponse:
    invitation = access.invitation_for_admin(_user(request), org_slug, invitation_id)
    try:
        if name == "resend":
            services.resend_invitation(_user(request), invitation)
            messages.success(request, _("Invitation sent again; the earlier link no longer works."))
        else:
            services.revoke_invitation(_user(request), invitation)
            messages.success(request, _("Invitation cancelled."))
    except services.AccessError as failure:
        messages.error(request, str(failure))
    return redirect("accounts:members", org_slug=org_slug)


def _api_tokens_page(
    request: HttpRequest,
    org_slug: str,
    form: ApiTokenForm | None = None,
    created: Any = None,
    status: int = 200,
) -> HttpResponse:
    organisation = access.require_role(_user(request), org_slug, Action.MANAGE_API_TOKENS)
    areas = access.areas_for_token_admin(_user(request), organisation)
    context = {
        "organisation": organisation,
        "tokens": list(access.api_tokens_for_admin(_user(request), organisation)),
        "form": form or ApiTokenForm(areas=areas, auto_id="token-%s"),
        "areas": areas,
        "created": created,  # (token, key): the key is shown on this one page and never again
        "rate_limit": tokens.rate_limit(),
    }
    return render(request, "accounts/api_tokens.html", context, status=status)


@staff_view
def api_tokens(request: HttpRequest, org_slug: str) -> HttpResponse:
    """The organisation's keys for the write API ("API-avaimet"): who made them, last use, revoked."""
    return _api_tokens_page(request, org_slug)


@require_POST
@staff_view
def api_token_create(request: HttpRequest, org_slug: str) -> HttpResponse:
    organisation = access.require_role(_user(request), org_slug, Action.MANAGE_API_TOKENS)
    areas = access.areas_for_token_admin(_user(request), organisation)
    form = ApiTokenForm(request.POST, areas=areas, auto_id="token-%s")
    if form.is_valid():
        try:
            created = tokens.create_token_as_admin(
                _user(request), organisation, form.cleaned_data["name"], form.cleaned_data["areas"]
            )
        except services.AccessError as failure:
            form.add_error(None, str(failure))
        else:
            # rendered, not redirected: the key must not pass through the session or a message
            return _api_tokens_page(request, org_slug, created=created)
    return _api_tokens_page(request, org_slug, form=form, status=400)


@require_POST
@staff_view
def api_token_revoke(request: HttpRequest, org_slug: str, token_id: int) -> HttpResponse:
    token = access.api_token_for_admin(_user(request), org_slug, token_id)
    try:
        tokens.revoke_token(_user(request), token)
    except services.AccessError as failure:
        messages.error(request, str(failure))
    else:
        messages.success(request, _("The key %(name)s no longer works.") % {"name": token.name})
    return redirect("accounts:api-tokens", org_slug=org_slug)


@never_cache
@two_factor_exempt
def accept(request: HttpRequest, key: str) -> HttpResponse:
    """The invited person's one-time link: set a password (new account) or accept as oneself."""
    invitation = services.invitation_by_key(key)
    account = services.existing_account(invitation)
    context: dict[str, Any] = {"invitation": invitation, "roles": invitation.role_labels()}
    if account is not None:
        if request.user.is_authenticated and request.user.pk == account.pk:
            if request.method == "POST":
                try:
                    services.accept_as_existing_user(invitation, _user(request))
                except services.AccessError as failure:
                    messages.error(request, str(failure))
                else:
                    messages.success(
                        request, _("You now work in %(name)s.") % {"name": invitation.organisation}
                    )
                    return redirect("accounts:home")
            return render(request, "accounts/accept.html", context | {"mode": "confirm"})
        login_url = reverse("staff-login") + "?next=" + request.path
        return render(request, "accounts/accept.html", context | {"mode": "login", "login_url": login_url})
    if request.user.is_authenticated:
        return render(request, "accounts/accept.html", context | {"mode": "logout"})
    form = SetPasswordForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.accept_as_new_user(
                invitation,
                password=form.cleaned_data["password1"],
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"],
            )
        except (services.AccessError, ValidationError) as failure:
            form.add_error(None, failure.messages if isinstance(failure, ValidationError) else str(failure))
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(
                request, _("Welcome! You now work in %(name)s.") % {"name": invitation.organisation}
            )
            return redirect("accounts:home")
    status = 400 if form.errors else 200
    return render(
        request, "accounts/accept.html", context | {"mode": "password", "form": form}, status=status
    )


@staff_view
@two_factor_exempt
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    if two_factor.has_device(_user(request)):
        if not two_factor.is_verified(request):  # a password alone must not replace the device
            return redirect(reverse("accounts:two-factor-verify") + "?next=" + request.path)
        return render(request, "accounts/two_factor_setup.html", {"configured": True})
    device = two_factor.pending_device(_user(request))
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if two_factor.confirm(device, form.cleaned_data["token"]):
            django_otp.login(request, device)
            services.record_two_factor(_user(request), enabled=True)
            messages.success(request, _("Two-step verification is on."))
            return redirect(_next(request))
        form.add_error("token", _("The code did not match. Check the time on your phone and try again."))
    context = {
        "configured": False,
        "form": form,
        "qr": two_factor.qr_svg(device),
        "secret": two_factor.secret_text(device),
        "required": two_factor.required(_user(request)),
        "next": request.GET.get("next", ""),
    }
    return render(request, "accounts/two_factor_setup.html", context, status=400 if form.errors else 200)


@staff_view
@two_factor_exempt
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    if not two_factor.has_device(_user(request)):
        return redirect("accounts:two-factor-setup")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = django_otp.match_token(_user(request), form.cleaned_data["token"])
        if device is not None:
            django_otp.login(request, device)
            return redirect(_next(request))
        form.add_error("token", _("The code did not match. Check the time on your phone and try again."))
    context = {"form": form, "next": request.GET.get("next", "")}
    return render(request, "accounts/two_factor_verify.html", context, status=400 if form.errors else 200)


@require_POST
@staff_view
def two_factor_remove(request: HttpRequest) -> HttpResponse:
    two_factor.remove_devices(_user(request))
    services.record_two_factor(_user(request), enabled=False)
    messages.success(request, _("Two-step verification is off."))
    return redirect("accounts:home")


def in_language(url: str, language: str) -> str:
    """The same page in `language` (the URL's language prefix); a URL outside the site stays as it is."""
    return translate_url(url, language)


class StaffLoginView(LoginView):
    """Log-in; afterwards the staff pages open in the user's own language (their staff profile)."""

    template_name = "inforequests/staff/login.html"

    def get_success_url(self) -> str:
        return in_language(super().get_success_url(), services.staff_language(self.request.user))


@require_POST
@staff_view
def language(request: HttpRequest) -> HttpResponse:
    """The user's language for the staff pages and the staff e-mails sent to them."""
    chosen = request.POST.get("language", "")
    if chosen not in dict(settings.LANGUAGES):
        messages.error(request, _("Choose a language."))
        return redirect("accounts:home")
    services.set_staff_language(_user(request), chosen)
    target = in_language(_next(request), chosen)  # resolved in the page's own language, before switching
    with translation.override(chosen):
        messages.success(request, _("Language saved."))
    return redirect(target)
