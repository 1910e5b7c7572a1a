"""Public pages of information requests: the form, the receipt and status page, statistics."""

import csv

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.views.decorators.cache import never_cache

from tietovaranto.catalog.models import InformationResource
from tietovaranto.catalog.selectors import organisation_get
from tietovaranto.inforequests import services
from tietovaranto.inforequests.forms import RequestForm
from tietovaranto.inforequests.models import InformationRequest, Status
from tietovaranto.inforequests.selectors import STATISTICS_MIN_COUNT, criteria_for, monthly_statistics


def _client_address(request: HttpRequest) -> str:
    """The client's address (behind TRUSTED_PROXIES, see ClientAddressMiddleware)."""
    return request.META.get("REMOTE_ADDR", "")


@never_cache
def request_form(request: HttpRequest, org_slug: str) -> HttpResponse:
    organisation = organisation_get(slug=org_slug)
    all_resources = list(InformationResource.objects.filter(organisation=organisation))
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
            except services.SubmissionKeyReused as failure:
                form.renew_form_token()
                form.add_error(None, str(failure))
                status = 409
            else:
                return redirect("inforequests:status", token=submitted.token)
        else:
            status = 400
    context = {"organisation": organisation, "form": form, "resources": all_resources, "chosen": chosen}
    return render(request, "inforequests/request_form.html", context, status=status)


CLARIFICATION_MAX = 5000


@never_cache
def status_page(request: HttpRequest, token: str) -> HttpResponse:
    """The requester's private page: receipt, status, due date, answers. No account needed."""
    info_request = get_object_or_404(InformationRequest.objects.select_related("organisation"), token=token)
    error = ""
    if request.method == "POST":
        text = request.POST.get("text", "")
        try:
            if len(text) > CLARIFICATION_MAX:
                raise services.RequestActionError(
                    translation.gettext(
                        "Your text is %(length)s characters long; at most %(max)s fit. Shorten it and "
                        "send again."
                    )
                    % {"length": len(text), "max": CLARIFICATION_MAX}
                )
            if request.POST.get("action") == "clarify":
                services.receive_clarification(info_request, text)
            elif request.POST.get("action") == "decision":
                services.ask_for_written_decision(info_request, text)
            else:
                raise Http404("Unknown action")
        except services.RequestActionError as failure:
            error = str(failure)
        else:
            return redirect("inforequests:status", token=token)
    context = {
        "info_request": info_request,
        "organisation": info_request.organisation,
        "events": info_request.events.filter(public=True),
        "resources": info_request.resources.all(),
        "can_clarify": info_request.status == Status.WAITING,
        "can_ask_decision": info_request.can_ask_written_decision,
        "error": error,
        "typed": request.POST.get("text", "") if error else "",
        "action": request.POST.get("action", ""),
        "text_max": CLARIFICATION_MAX,
    }
    return render(request, "inforequests/status.html", context, status=400 if error else 200)


def statistics_page(request: HttpRequest, org_slug: str) -> HttpResponse:
    organisation = organisation_get(slug=org_slug)
    context = {
        "organisation": organisation,
        "months": monthly_statistics(organisation),
        "minimum": STATISTICS_MIN_COUNT,
    }
    return render(request, "inforequests/statistics.html", context)


def statistics_csv(request: HttpRequest, org_slug: str) -> HttpResponse:
    organisation = organisation_get(slug=org_slug)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{organisation.slug}-tietopyynnot.csv"'
    writer = csv.writer(response)
    writer.writerow(
        ["month", "received", "answered", "answered_on_time_share", "median_days_to_answer", "refused"]
    )
    for month in monthly_statistics(organisation):
        writer.writerow([month.month, *month.cells])
    return response
