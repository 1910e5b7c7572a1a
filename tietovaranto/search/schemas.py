"""The published shape of search results: GET /api/v1/search and `tietovaranto search --json`."""

from typing import Any, Literal

from django.conf import settings
from django.urls import reverse
from django.utils.http import urlencode
from ninja import Schema

from tietovaranto.catalog.models import InformationResource, Organisation
from tietovaranto.core.translation import localized, localized_language
from tietovaranto.search.services import FacetValue, SearchResults

FieldName = Literal["name", "items", "criteria", "description"]


class MatchedFieldOut(Schema):
    field: FieldName
    text: str
    highlighted: str  # the text, HTML-escaped, with the matching words in <mark>


class QueryWordOut(Schema):
    word: str
    synonyms: list[str]
    corrections: list[str]  # catalog words used for a word that looked like a typo


class SearchHitOut(Schema):
    rank: int
    score: float
    words_matched: int
    name: str
    language: Literal["fi", "sv", "en"] = "fi"  # of `name`: Swedish (English) for a resource named only so
    slug: str
    organisation: str
    organisation_slug: str
    area: str | None
    interface_status: Literal["yes", "no", "unknown"]
    url: str
    api_url: str
    request_url: str
    matched_fields: list[MatchedFieldOut]


class FacetOut(Schema):
    value: str
    label: str
    count: int


class FacetsOut(Schema):
    organisation: list[FacetOut]
    area: list[FacetOut]
    interface: list[FacetOut]


class SearchOut(Schema):
    query: str
    total: int
    offset: int
    limit: int = 20
    next: str | None = None  # the next page's address (API only)
    previous: str | None = None
    words: list[QueryWordOut]
    results: list[SearchHitOut]
    facets: FacetsOut
    suggestions: list[str]
    # slugs of the organisations the query names (their resources rank first), and of those of them
    # with no resource that has the query's other words (the results are other organisations')
    named_organisations: list[str] = []
    named_without_match: list[str] = []


def _named_slugs(results: SearchResults) -> tuple[list[str], list[str]]:
    """Slugs of the named organisations and of those of them without a match (a part of them): one
    query, and none for the most queries, which name no organisation."""
    if not results.named_organisations:
        return [], []
    slugs = dict(Organisation.objects.filter(pk__in=results.named_organisations).values_list("pk", "slug"))

    def listed(organisation_ids: list[int]) -> list[str]:
        return [slugs[pk] for pk in organisation_ids if pk in slugs]

    return listed(results.named_organisations), listed(results.named_without_match)


def _facets(values: list[FacetValue]) -> list[dict[str, object]]:
    return [{"value": v.value, "label": v.label, "count": v.count} for v in values]


def _page_link(site: str, filters: dict[str, str], limit: int, offset: int) -> str:
    return f"{site}/api/v1/search?{urlencode({**filters, 'limit': str(limit), 'offset': str(offset)})}"


def _resource_path_template() -> str:
    """The resource page's address in the active language with placeholders: one reverse() per
    search, not two per hit (slugs are URL-safe, so putting them in is exact)."""
    return reverse("catalog:resource", kwargs={"org_slug": "ORG-SLUG", "resource_slug": "RESOURCE-SLUG"})


def _request_path_template() -> str:
    return reverse("inforequests:new", kwargs={"org_slug": "ORG-SLUG"}) + "?"


def search_out(
    results: SearchResults, limit: int = 20, filters: dict[str, str] | None = None
) -> dict[str, Any]:
    """The JSON of `SearchOut` as plain data (built directly: pydantic validation of every hit and
    field cost more than the search itself; tests check that it validates as `SearchOut`).

    `filters`: the query parameters other than limit/offset, for the next/previous page links.
    """
    site = settings.SITE_URL.rstrip("/")
    resource_path = _resource_path_template()
    request_template = _request_path_template()
    hits = []
    for rank, hit in enumerate(results.hits, start=results.offset + 1):
        resource = hit.resource
        organisation = resource.organisation
        area = resource.area
        hits.append(
            {
                "rank": rank,
                "score": float(hit.score),
                "words_matched": hit.words_matched,
                "name": localized(resource, "name", "fi"),
                "language": localized_language(resource, "name", "fi"),
                "slug": resource.slug,
                "organisation": organisation.name,
                "organisation_slug": organisation.slug,
                "area": localized(area, "name", "fi") if area else None,
                "interface_status": hit.interface_status,
                "url": site
                + resource_path.replace("ORG-SLUG", organisation.slug).replace(
                    "RESOURCE-SLUG", resource.slug
                ),
                "api_url": f"{site}/api/v1/resources/{organisation.slug}/{resource.slug}",
                "request_url": site
                + request_template.replace("ORG-SLUG", organisation.slug)
                + urlencode({"resource": resource.slug}),
                "matched_fields": [
                    {"field": m.field, "text": m.text, "highlighted": str(m.highlighted)} for m in hit.matches
                ],
            }
        )
    filters = filters if filters is not None else {"q": results.query}
    end = results.offset + limit
    named, named_without_match = _named_slugs(results)
    return {
        "query": results.query,
        "total": results.total,
        "offset": results.offset,
        "limit": limit,
        "next": _page_link(site, filters, limit, end) if end < results.total and end <= 1000 else None,
        "previous": _page_link(site, filters, limit, max(results.offset - limit, 0))
        if results.offset
        else None,
        "words": [
            {"word": w.word, "synonyms": list(w.synonyms), "corrections": list(w.corrections)}
            for w in results.words
        ],
        "results": hits,
        "facets": {
            "organisation": _facets(results.facets.get("organisation", [])),
            "area": _facets(results.facets.get("area", [])),
            "interface": _facets(results.facets.get("interface", [])),
        },
        "suggestions": list(results.suggestions),
        "named_organisations": named,
        "named_without_match": named_without_match,
    }


def request_path(resource: InformationResource) -> str:
    """Where to make an information request about the resource: the form, with the resource chosen."""
    return (
        reverse("inforequests:new", kwargs={"org_slug": resource.organisation.slug})
        + "?"
        + urlencode({"resource": resource.slug})
    )
