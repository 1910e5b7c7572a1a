"""The staff page of the check against the law: every finding with a link to fix it."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from tietovaranto.accounts import access
from tietovaranto.accounts.permissions import Action
from tietovaranto.catalog.completeness import check_description
from tietovaranto.catalog.selectors import published_resource_slugs
from tietovaranto.publishing.services import draft_for


@never_cache
@login_required
def check_page(request: HttpRequest, org_slug: str) -> HttpResponse:
    organisation = access.require_role(request.user, org_slug, Action.OPEN_DESK)
    context = {
        "organisation": organisation,
        # what the records manager is about to publish: the draft (links go to the desk's edit pages)
        "report": check_description(draft_for(organisation)),
        "only_gaps": request.GET.get("show") == "gaps",
        # a resource only in the draft (new, or renamed) has no public page yet: its link is the preview
        "public_slugs": published_resource_slugs(organisation),
        # "Fix" links only to the edit pages this user may open (an administrator edits the
        # settings, not the areas and resources)
        "may_fix": {
            "organisation": access.may(request.user, organisation, Action.EDIT_SETTINGS),
            "area": access.may(request.user, organisation, Action.EDIT_CATALOG),
            "resource": access.may(request.user, organisation, Action.EDIT_CATALOG),
        },
    }
    return render(request, "catalog/staff/check.html", context)
