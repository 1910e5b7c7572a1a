"""Staff pages: the inbox of the user's own organisations, one request with its timeline, actions."""

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from tietovaranto.catalog.models import Organisation
from tietovaranto.inforequests import services
from tietovaranto.inforequests.forms import StaffEntryForm
from tietovaranto.inforequests.models import ACTIVE_STATUSES, InformationRequest, Outcome, Status
from tietovaranto.inforequests.selectors import criteria_for, inbox_row, inbox_rows


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)  # login_required: never anonymous here


def _own_request(request: HttpRequest, reference: str) -> InformationRequest:
    return get_object_or_404(services.requests_for_staff(_user(request)), reference=reference)


@never_cache
@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    requests = services.requests_for_staff(_user(request))
    status = request.GET.get("status", "open")
    if status == "open":
        requests = requests.filter(status__in=ACTIVE_STATUSES)
    elif status in Status.values:
        requests = requests.filter(status=status)
    context = {
        "rows": inbox_rows(requests, services.today()),
        "status": status,
        "statuses": Status.choices,
        "organisations": Organisation.objects.filter(staff__user=_user(request)),
    }
    return render(request, "inforequests/staff/inbox.html", context)


@never_cache
@login_required
def detail(request: HttpRequest, reference: str) -> HttpResponse:
    info_request = _own_request(request, reference)
    colleagues = get_user_model().objects.filter(memberships__organisation=info_request.organisation)
    context = {
        "info_request": info_request,
        "row": inbox_row(info_request, services.today()),
        "events": info_request.events.select_related("actor"),
        "resources": info_request.resources.all(),
        "colleagues": colleagues,
        "outcomes": Outcome.choices,
        "courts": services.ADMINISTRATIVE_COURTS,
        "routing": services.routing_addresses(info_request),
    }
    return render(request, "inforequests/staff/detail.html", context)


def _text(request: HttpRequest, name: str) -> str:
    return request.POST.get(name, "").strip()[:5000]


ACTIONS: dict[str, Any] = {
    "assign": lambda r, req, user: services.assign_handler(
        r, get_object_or_404(get_user_model(), pk=req.POST.get("handler")), user
    ),
    "note": lambda r, req, user: services.add_note(r, _text(req, "text"), user),
    "clarify": lambda r, req, user: services.ask_clarification(r, _text(req, "text"), user),
    "clarified": lambda r, req, user: services.receive_clarification(r, _text(req, "text"), user),
    "extend": lambda r, req, user: services.extend_deadline(r, _text(req, "reason"), user),
    "transfer": lambda r, req, user: services.transfer(
        r, _text(req, "authority"), _text(req, "authority_email"), _text(req, "text"), user
    ),
    "answer": lambda r, req, user: services.answer(
        r, req.POST.get("outcome", ""), _text(req, "text"), _text(req, "reason"), user
    ),
    "decide": lambda r, req, user: services.give_written_decision(
        r, _text(req, "reasons"), _text(req, "decider"), req.POST.get("court", ""), user
    ),
}


@require_POST
@login_required
def action(request: HttpRequest, reference: str, name: str) -> HttpResponse:
    info_request = _own_request(request, reference)
    if name not in ACTIONS:
        raise Http404("Unknown action")
    if name == "answer" and request.POST.get("outcome") not in Outcome.values:
        messages.error(request, _("Choose the outcome."))
    else:
        try:
            ACTIONS[name](info_request, request, _user(request))
        except services.RequestActionError as failure:
            messages.error(request, str(failure))
        else:
            messages.success(request, _("Saved."))
    return redirect("staff:detail", reference=reference)


@never_cache
@login_required
def new_request(request: HttpRequest) -> HttpResponse:
    """A request that came by phone, post, e-mail or in person."""
    organisations = list(Organisation.objects.filter(staff__user=_user(request)))
    if not organisations:
        raise Http404("No organisation")
    organisation = organisations[0]
    resources = list(organisation.resources.all())
    chosen = [r for r in resources if r.slug in request.POST.getlist("resource")]
    form = StaffEntryForm(
        request.POST or None, criteria=criteria_for(chosen), initial={"received_at": timezone.localtime()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            created = services.request_submit(
                services.Submission.from_form(
                    organisation,
                    chosen,
                    form,
                    channel=form.cleaned_data["channel"],
                    language=form.cleaned_data["language"],
                    received_at=form.cleaned_data["received_at"],
                ),
                actor=_user(request),
                once_key=services.submission_key("staff", token)
                if (token := form.cleaned_data["form_token"])
                else "",
            )
        except services.SubmissionKeyReused as failure:
            form.add_error(None, str(failure))
        except services.RequestActionError as failure:
            form.add_error("received_at", str(failure))
        else:
            messages.success(request, _("Request %(reference)s saved.") % {"reference": created.reference})
            return redirect("staff:detail", reference=created.reference)
    context = {"form": form, "organisation": organisation, "resources": resources, "chosen": chosen}
    return render(request, "inforequests/staff/new.html", context, status=400 if form.errors else 200)
