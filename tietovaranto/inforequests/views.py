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
    return request.META.get("REMOTE_ADDR", "")


@never_cache
def request_form(request: HttpRequest, org_slug: str) -> HttpResponse:
    organisation = organisation_get(slug=org_slug)
    all_resources = list(InformationResource.objects.filter(organisation=organisation))
    chosen_slugs = (
        request.POST.getlist("resource") if request.method == "POST" else request.GET.getlist("resource")
    )
    chosen = [r for r in all_resources if r.slug in chosen_slugs]
    form = RequestForm(request.POST or None, criteria=criteria_for(chosen))
    status = 200
    if request.method == "POST":
        if not services.submission_allowed(_client_address(request)):
            form.add_error(
                None,
                translation.gettext(
                    "Too many requests from your connection. Please try again in a few minutes."
                ),
            )
            status = 429
        elif form.is_valid():
            submitted = services.request_submit(
                services.Submission.from_form(
                    organisation,
                    chosen,
                    form,
                    language=translation.get_language() or "fi",
                )
            )
            return redirect("inforequests:status", token=submitted.token)
        else:
            status = 400
    context = {"organisation": organisation, "form": form, "resources": all_resources, "chosen": chosen}
    return render(request, "inforequests/request_form.html", context, status=status)


@never_cache
def status_page(request: HttpRequest, token: str) -> HttpResponse:
    """The requester's private page: receipt, status, due date, answers. No account needed."""
    info_request = get_object_or_404(InformationRequest.objects.select_related("organisation"), token=token)
    error = ""
    if request.method == "POST":
        text = request.POST.get("text", "")[:5000]
        try:
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
