"""Public pages of information requests: the form, the receipt and status page, statistics."""

import csv

from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.views.decorators.cache import never_cache

from tietovaranto.catalog.models import Organisation
from tietovaranto.catalog.selectors import organisation_get
from tietovaranto.federation.selectors import requests_elsewhere
from tietovaranto.inforequests import services
from tietovaranto.inforequests.forms import RequestForm
from tietovaranto.inforequests.models import Attachment, EventKind, FeeItem, InformationRequest, Status
from tietovaranto.inforequests.selectors import (
    STATISTICS_MIN_COUNT,
    criteria_for,
    monthly_statistics,
    request_channel_missing,
    resource_statistics,
    routable_resources,
)


def _client_address(request: HttpRequest) -> str:
    """The client's address (behind TRUSTED_PROXIES, see ClientAddressMiddleware)."""
    return request.META.get("REMOTE_ADDR", "")


@never_cache
def request_form(request: HttpRequest, org_slug: str) -> HttpResponse:
    organisation = organisation_get(slug=org_slug)
    elsewhere = requests_elsewhere(organisation, request.GET.getlist("resource"))
    if elsewhere:
        # a harvested organisation handles its requests in its own installation
        return render(
            request, "inforequests/elsewhere.html", {"organisation": organisation, "url": elsewhere}
        )
    if request_channel_missing(organisation):
        # a request must reach a human: no form until the organisation has a channel
        return render(request, "inforequests/no_channel.html", {"organisation": organisation})
    # only resources whose requests reach someone; a request naming none goes to the
    # organisation's channel (selectors.organisation_channel), which a published form always has
    all_resources = routable_resources(organisation)
    chosen_slugs = (
        request.POST.getlist("resource") if request.method == "POST" else request.GET.getlist("resource")
    )
    chosen = [r for r in all_resources if r.slug in chosen_slugs]
    unknown = sorted(set(chosen_slugs) - {r.slug for r in chosen})
    form = RequestForm(request.POST or None, criteria=criteria_for(chosen))
    status = 200
    if request.method == "POST":
        if unknown:
            form.add_error(
                None,
                translation.gettext("No such information resource: %(slugs)s. Choose from the list.")
                % {"slugs": ", ".join(unknown)},
            )
        if form.is_valid():
            token = form.cleaned_data.get("form_token", "")
            try:
                submitted = services.request_submit(
                    services.Submission.from_form(
                        organisation,
                        chosen,
                        form,
                        language=translation.get_language() or "fi",
                    ),
                    client_address=_client_address(request),
                    once_key=services.submission_key("form", token) if token else "",
                )
            except services.SubmissionRateLimited as failure:
                form.add_error(None, str(failure))
                status = 429
            except services.SubmissionBusy as failure:
                form.add_error(None, str(failure))
                status = 503
            except services.SubmissionKeyReused as failure:
                form.renew_form_token()
                form.add_error(None, str(failure))
                status = 409
            else:
                return redirect("inforequests:status", token=submitted.token)
        else:
            status = 400
    context = {
        "organisation": organisation,
        "form": form,
        "resources": all_resources,
        "chosen": chosen,
    }
    response = render(request, "inforequests/request_form.html", context, status=status)
    if status == 503:
        response["Retry-After"] = "60"
    return response


CLARIFICATION_MAX = 5000


@never_cache
def status_page(request: HttpRequest, token: str) -> HttpResponse:
    """The requester's private page: receipt, status, due date, answers. No account needed."""
    info_request = get_object_or_404(InformationRequest.objects.select_related("organisation"), token=token)
    error, failed_action, typed = "", "", ""
    if request.method == "POST":
        text = request.POST.get("text", "")
        action = request.POST.get("action")
        try:
            if len(text) > CLARIFICATION_MAX:
                raise services.RequestActionError(
                    translation.gettext(
                        "Your text is %(length)s characters long; at most %(max)s fit. Shorten it and "
                        "send again."
                    )
                    % {"length": len(text), "max": CLARIFICATION_MAX}
                )
            if action == "clarify":
                services.receive_clarification(info_request, text)
            elif action == "decision":
                services.ask_for_written_decision(info_request, text)
            elif action == "message":
                services.requester_message(info_request, text)
            elif action == "accept_fee":
                services.accept_fee(info_request)
            else:
                raise Http404("Unknown action")
        except services.RequestActionError as failure:
            error, failed_action, typed = str(failure), action or "", text
        else:
            return redirect("inforequests:status", token=token)
    context = {
        "info_request": info_request,
        "organisation": info_request.organisation,
        "events": info_request.events.filter(public=True).prefetch_related("attachments"),
        "resources": info_request.resources.all(),
        "can_clarify": info_request.status == Status.WAITING,
        "can_ask_decision": info_request.can_ask_written_decision,
        "decision": info_request.events.filter(kind=EventKind.DECIDED).last(),
        "error": error,
        "failed_action": failed_action,
        "typed": typed,
        "action": failed_action,
        "text_max": CLARIFICATION_MAX,
    }
    return render(request, "inforequests/status.html", context, status=400 if error else 200)


@never_cache
def attachment(request: HttpRequest, token: str, pk: int) -> FileResponse:
    """An attachment of an answer, only through the requester's private link; each download counted."""
    found = get_object_or_404(
        Attachment.objects.select_related("request"), pk=pk, request__token=token, request__anonymised_at=None
    )
    services.attachment_downloaded(found)
    response = FileResponse(found.file.open("rb"), as_attachment=True, filename=found.name)
    response["Content-Type"] = found.content_type
    response["X-Content-Type-Options"] = "nosniff"
    return response


@never_cache
def decision_document(request: HttpRequest, token: str) -> HttpResponse:
    """The written decision as a printable document (print stylesheet; "save as PDF" in a browser)."""
    info_request = get_object_or_404(InformationRequest.objects.select_related("organisation"), token=token)
    decision = info_request.events.filter(kind=EventKind.DECIDED).last()
    if decision is None:
        raise Http404("No decision")
    context = {"info_request": info_request, "organisation": info_request.organisation, "document": decision}
    return render(request, "inforequests/decision_document.html", context)


@never_cache
def decision_pdf(request: HttpRequest, token: str) -> HttpResponse:
    """The written decision as a PDF file, only through the private link; each download noted."""
    from tietovaranto.inforequests import documents  # fpdf2 only when a PDF is asked for

    info_request = get_object_or_404(
        InformationRequest.objects.select_related("organisation"), token=token, anonymised_at=None
    )
    decision = info_request.events.filter(kind=EventKind.DECIDED).last()
    if decision is None:
        raise Http404("No decision")
    filename = documents.pdf_filename(info_request, "decision")
    content = documents.decision_pdf(info_request, decision)
    services.decision_downloaded(info_request, filename)
    return documents.pdf_response(content, filename)


def privacy_notice(request: HttpRequest, org_slug: str) -> HttpResponse:
    """GDPR art. 13 for information requests: the organisation's own text, else the default."""
    organisation = organisation_get(slug=org_slug)
    context = {
        "organisation": organisation,
        "notice": privacy_notice_text(organisation, translation.get_language() or "fi"),
        "retention_years": round(settings.REQUEST_RETENTION_DAYS / 365, 1),
        "retention_days": settings.REQUEST_RETENTION_DAYS,
    }
    return render(request, "inforequests/privacy_notice.html", context)


def privacy_notice_text(organisation: Organisation, language: str) -> str:
    """The organisation's notice in the language, else in Finnish; empty: the default is shown."""
    localised = getattr(organisation, f"privacy_notice_{language}", "") if language != "fi" else ""
    return str(localised or organisation.privacy_notice)


def price_list(request: HttpRequest, org_slug: str) -> HttpResponse:
    """The public price list (JulkL 34 §); without one, information is free."""
    organisation = organisation_get(slug=org_slug)
    context = {"organisation": organisation, "items": FeeItem.objects.filter(organisation=organisation)}
    return render(request, "inforequests/price_list.html", context)


def accessibility_statement(request: HttpRequest) -> HttpResponse:
    """The site's accessibility statement (laki 306/2019), when an organisation has none of its own."""
    return render(request, "inforequests/accessibility.html", {})


def statistics_page(request: HttpRequest, org_slug: str) -> HttpResponse:
    organisation = organisation_get(slug=org_slug)
    context = {
        "organisation": organisation,
        "months": monthly_statistics(organisation),
        "resources": resource_statistics(organisation),
        "minimum": STATISTICS_MIN_COUNT,
    }
    return render(request, "inforequests/statistics.html", context)


def statistics_csv(request: HttpRequest, org_slug: str) -> HttpResponse:
    organisation = organisation_get(slug=org_slug)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{organisation.slug}-tietopyynnot.csv"'
    writer = csv.writer(response)
    writer.writerow(
        [
            "month",
            "received",
            "answered",
            "answered_on_time_share",
            "median_days_to_answer",
            "refused",
            "transferred",
        ]
    )
    for month in monthly_statistics(organisation):
        writer.writerow([month.month, *month.cells])
    return response
