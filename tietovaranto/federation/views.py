from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from tietovaranto.federation.selectors import harvest_sources_for


@never_cache
@login_required
def harvest_list(request: HttpRequest) -> HttpResponse:
    """The installation's harvests and their last results (`tietovaranto harvest --all` runs them)."""
    sources = harvest_sources_for(request.user)
    if sources is None:
        raise Http404("No such page")
    return render(request, "federation/harvests.html", {"sources": sources})
