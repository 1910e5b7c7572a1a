from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from tietovaranto.federation.models import HarvestSource


@never_cache
@login_required
def harvest_list(request: HttpRequest) -> HttpResponse:
    """The installation's harvests and their last results (`tietovaranto harvest --all` runs them)."""
    if not request.user.is_superuser:  # harvests fill the whole installation: its administrators only
        raise Http404("No such page")
    sources = HarvestSource.objects.select_related("organisation").order_by("organisation__name", "url")
    return render(request, "federation/harvests.html", {"sources": sources})
