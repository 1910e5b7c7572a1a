"""Staff pages: the inbox of the user's own organisations, one request with its timeline, actions."""

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from tietovaranto.accounts import access
from tietovaranto.accounts.models import Role
from tietovaranto.accounts.permissions import Action, action_for_request_step
from tietovaranto.inforequests import services
from tietovaranto.inforequests.courts import COURTS
from tietovaranto.inforequests.forms import StaffEntryForm
from tietovaranto.inforequests.models import (
    EventKind,
    IdentityVerification,
    InformationRequest,
    Outcome,
    RequestEvent,
    Status,
)
from tietovaranto.inforequests.selectors import (
    INBOX_FILTERS,
    criteria_for,
    inbox_filter,
    inbox_order,
    inbox_row,
    masked_criteria,
    request_channel_missing,
)

INBOX_PAGE_SIZE = 50


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)  # login_required: never anonymous here


def _own_request(
    request: HttpRequest, reference: str, action: str = Action.VIEW_REQUESTS
) -> InformationRequest:
    return access.request_for(_user(request), reference, action)


@never_cache
@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    status = request.GET.get("status", "open")
    if status not in INBOX_FILTERS and status not in Status.values:
        status = "open"
    query = request.GET.get("q", "")[:200]
    on = services.today()
    requests = inbox_filter(
        services.requests_for_staff(user), show=status, user_id=user.pk, query=query, on=on
    )
    page = Paginator(inbox_order(requests), INBOX_PAGE_SIZE).get_page(request.GET.get("page"))
    organisations = list(access.organisations_for(user, Action.VIEW_REQUESTS))
    context = {
        "rows": [inbox_row(r, on) for r in page.object_list],
        "page": page,
        "status": status,
        "query": query,
        "statuses": Status.choices,
        "organisations": organisations,
        "without_channel": [o for o in organisations if request_channel_missing(o)],
        "check_organisations": access.organisations_for(user, Action.OPEN_DESK),
    }
    return render(request, "inforequests/staff/inbox.html", context)


@never_cache
@login_required
def detail(request: HttpRequest, reference: str) -> HttpResponse:
    return _detail(request, _own_request(request, reference))


def _detail(
    request: HttpRequest,
    info_request: InformationRequest,
    *,
    failed: str = "",
    revealed: dict[str, str] | None = None,
    status: int = 200,
) -> HttpResponse:
    """The request page; after a failed action the form shows what was typed (`failed` = its name)."""
    colleagues = access.colleagues(info_request.organisation, Role.HANDLER)
    defaults = services.decision_defaults(info_request)
    posted = request.POST if failed else {}
    context = {
        "info_request": info_request,
        "row": inbox_row(info_request, services.today()),
        "events": info_request.events.select_related("actor").prefetch_related("attachments"),
        "resources": info_request.resources.all(),
        "criteria": masked_criteria(info_request),
        "revealed": revealed,
        "colleagues": colleagues,
        "outcomes": Outcome.choices,
        "verifications": IdentityVerification.choices,
        "courts": COURTS,
        "decider_default": posted.get("decider", defaults.decider)
        if failed == "decide"
        else defaults.decider,
        "court_default": posted.get("court", defaults.court) if failed == "decide" else defaults.court,
        "routing": services.routing_addresses(info_request),
        "failed": failed,
        "posted": posted,
        "decision": info_request.events.filter(kind=EventKind.DECIDED).last(),
        "fee_items": info_request.organisation.fee_items.all(),
        "may": access.allowed_actions(_user(request), info_request.organisation),
    }
    return render(request, "inforequests/staff/detail.html", context, status=status)


def _text(request: HttpRequest, name: str) -> str:
    return request.POST.get(name, "").strip()[:5000]


ACTIONS: dict[str, Any] = {
    "assign": lambda r, req, user: services.assign_handler(
        r, access.colleague_for(r.organisation, req.POST.get("handler"), Role.HANDLER), user
    ),
    "note": lambda r, req, user: services.add_note(r, _text(req, "text"), user),
    "clarify": lambda r, req, user: services.ask_clarification(r, _text(req, "text"), user),
    "clarified": lambda r, req, user: services.receive_clarification(r, _text(req, "text"), user),
    "extend": lambda r, req, user: services.extend_deadline(r, _text(req, "reason"), user),
    "transfer": lambda r, req, user: services.transfer(
        r, _text(req, "authority"), _text(req, "authority_email"), _text(req, "text"), user
    ),
    "answer": lambda r, req, user: services.answer(
        r,
        req.POST.get("outcome", ""),
        _text(req, "text"),
        _text(req, "reason"),
        user,
        files=req.FILES.getlist("files"),
    ),
    "reply": lambda r, req, user: services.reply(
        r, _text(req, "text"), user, files=req.FILES.getlist("files")
    ),
    "quote": lambda r, req, user: services.quote_fee(r, _text(req, "amount"), _text(req, "text"), user),
    "verify": lambda r, req, user: services.verify_identity(r, req.POST.get("method", ""), user),
    "decide": lambda r, req, user: services.give_written_decision(
        r, _text(req, "reasons"), _text(req, "decider"), req.POST.get("court", ""), user
    ),
}


@require_POST
@login_required
def action(request: HttpRequest, reference: str, name: str) -> HttpResponse:
    if name != "reveal" and name not in ACTIONS:
        raise Http404("Unknown action")
    info_request = _own_request(request, reference, action_for_request_step(name))
    if name == "reveal":
        # shown on this response only; the reveal is logged in the timeline
        revealed = services.reveal_identity_code(info_request, _user(request))
        return _detail(request, info_request, revealed=revealed)
    try:
        ACTIONS[name](info_request, request, _user(request))
    except services.RequestActionError as failure:
        # nothing typed is lost: the page comes back with the form as it was sent
        messages.error(request, str(failure))
        info_request.refresh_from_db()
        return _detail(request, info_request, failed=name, status=400)
    messages.success(request, _("Saved."))
    return redirect("staff:detail", reference=reference)


@never_cache
@login_required
def decision_document(request: HttpRequest, reference: str) -> HttpResponse:
    """The written decision, printable (also as a PDF from the browser's print dialogue)."""
    info_request = _own_request(request, reference)
    decision = info_request.events.filter(kind=EventKind.DECIDED).last()
    if decision is None:
        raise Http404("No decision")
    context = {"info_request": info_request, "organisation": info_request.organisation, "document": decision}
    return render(request, "inforequests/decision_document.html", context)


def _latest_to_requester(info_request: InformationRequest) -> RequestEvent | None:
    """What a paper letter carries: the latest answer, decision, reply or request to clarify."""
    return (
        info_request.events.filter(
            kind__in=[EventKind.ANSWERED, EventKind.DECIDED, EventKind.REPLY, EventKind.CLARIFICATION_ASKED]
        )
        .prefetch_related("attachments")
        .last()
    )


@never_cache
@login_required
def letter(request: HttpRequest, reference: str) -> HttpResponse:
    """A letter for paper delivery: sender, the requester's address, the reference and the latest
    message to the requester (answer, decision or reply), laid out to print in a window envelope."""
    info_request = _own_request(request, reference)
    latest = _latest_to_requester(info_request)
    context = {
        "info_request": info_request,
        "organisation": info_request.organisation,
        "event": latest,
        "today": services.today(),
    }
    return render(request, "inforequests/staff/letter.html", context)


@never_cache
@login_required
def decision_pdf(request: HttpRequest, reference: str) -> HttpResponse:
    """The written decision as a PDF file (the same document the requester downloads)."""
    from tietovaranto.inforequests import documents  # fpdf2 only when a PDF is asked for

    info_request = _own_request(request, reference)
    decision = info_request.events.filter(kind=EventKind.DECIDED).last()
    if decision is None:
        raise Http404("No decision")
    content = documents.decision_pdf(info_request, decision)
    return documents.pdf_response(content, documents.pdf_filename(info_request, "decision"))


@never_cache
@login_required
def letter_pdf(request: HttpRequest, reference: str) -> HttpResponse:
    """The letter for paper delivery as a PDF file (the same content as the print page)."""
    from tietovaranto.inforequests import documents  # fpdf2 only when a PDF is asked for

    info_request = _own_request(request, reference)
    content = documents.letter_pdf(info_request, _latest_to_requester(info_request), services.today())
    return documents.pdf_response(content, documents.pdf_filename(info_request, "letter"))


@never_cache
@login_required
def new_request(request: HttpRequest) -> HttpResponse:
    """A request that came by phone, post, e-mail or in person."""
    organisations = list(access.organisations_for(_user(request), Action.HANDLE_REQUESTS))
    if not organisations:
        return redirect("staff:inbox")  # which explains how to get a membership
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
