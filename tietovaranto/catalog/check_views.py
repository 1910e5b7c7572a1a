"""The staff page of the check against the law: every finding with a link to fix it."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from tietovaranto.catalog.completeness import check_description
from tietovaranto.inforequests.selectors import organisation_get_for_staff


@never_cache
@login_required
def check_page(request: HttpRequest, org_slug: str) -> HttpResponse:
    organisation = organisation_get_for_staff(user=request.user, slug=org_slug)
    context = {
        "organisation": organisation,
        "report": check_description(organisation),
        "only_gaps": request.GET.get("show") == "gaps",
    }
    return render(request, "catalog/staff/check.html", context)
