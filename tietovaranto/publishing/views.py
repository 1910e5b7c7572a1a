"""Public change history (Muutoshistoria) per organisation: HTML, Atom and JSON."""

from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from tietovaranto.catalog.models import Organisation
from tietovaranto.catalog.selectors import organisation_get
from tietovaranto.publishing.history import change_lines, publication_get, publications_public
from tietovaranto.publishing.models import Publication


def history_page(request: HttpRequest, org_slug: str) -> HttpResponse:
    organisation = organisation_get(slug=org_slug)
    entries = [(p, change_lines(p.summary)) for p in publications_public(organisation)]
    return render(request, "publishing/history.html", {"organisation": organisation, "entries": entries})


def publication_page(request: HttpRequest, org_slug: str, number: int) -> HttpResponse:
    organisation = organisation_get(slug=org_slug)
    publication = publication_get(organisation, number)
    content = publication.content
    return render(
        request,
        "publishing/publication.html",
        {
            "organisation": organisation,
            "publication": publication,
            "changes": change_lines(publication.summary),
            "areas": {a["uid"]: a for a in content["areas"]},
            "items": {i["uid"]: i for i in content["items"]},
            "resources": content["resources"],
        },
    )


def history_json(request: HttpRequest, org_slug: str) -> JsonResponse:
    organisation = organisation_get(slug=org_slug)
    return JsonResponse(
        {
            "organisation": organisation.name,
            "publications": [
                {
                    "number": p.number,
                    "published_at": p.created_at.isoformat(),
                    "reason": p.reason,
                    "url": request.build_absolute_uri(p.get_absolute_url()),
                    "changes": p.summary,
                }
                for p in publications_public(organisation)
            ],
        },
        json_dumps_params={"ensure_ascii": False},
    )


class HistoryFeed(Feed):  # type: ignore[type-arg]
    feed_type = Atom1Feed

    def get_object(self, request: HttpRequest, org_slug: str) -> Organisation:  # type: ignore[override]
        return organisation_get(slug=org_slug)

    def title(self, organisation: Organisation) -> str:
        return _("Change history: %(name)s") % {"name": organisation.name}

    def link(self, organisation: Organisation) -> str:
        return reverse("catalog:history", kwargs={"org_slug": organisation.slug})

    def subtitle(self, organisation: Organisation) -> str:
        return _("Published changes to the description of information resources")

    def items(self, organisation: Organisation) -> list[Publication]:
        return list(publications_public(organisation)[:50])

    def item_title(self, item: Publication) -> str:
        return f"{item.number}: {item.reason}"

    def item_description(self, item: Publication) -> str:
        lines = change_lines(item.summary)
        return "; ".join(f"{c.label}: {c.field or c.entity} {c.change}" for c in lines[:50])

    def item_pubdate(self, item: Publication):  # type: ignore[no-untyped-def]
        return item.created_at

    def item_updateddate(self, item: Publication):  # type: ignore[no-untyped-def]
        return item.created_at

    def item_guid(self, item: Publication) -> str:
        # a stable tag URI: the same entry keeps its id across renders and host names
        return f"tag:tietovaranto,{item.created_at:%Y-%m-%d}:{item.organisation.uid}/{item.number}"

    def item_link(self, item: Publication) -> str:
        return item.get_absolute_url()
