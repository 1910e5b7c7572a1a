from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from tietovaranto.catalog.models import Availability, ContactKind, Organisation, RequestContact
from tietovaranto.catalog.selectors import most_given_contacts
from tietovaranto.core.translation import localized
from tietovaranto.inforequests.selectors import organisation_channel
from tietovaranto.search.schemas import request_path
from tietovaranto.search.services import MAX_QUERY_LENGTH, SearchResults, grouped_matches, search

PAGE_SIZE = 20
FACET_PARAMS = ("organisation", "area", "interface")
FIELD_LABELS = {
    "name": _("Name"),
    "items": _("Registers, data sets and systems"),
    "criteria": _("Search criteria"),
    "description": _("Description"),
}


MAX_ID = 2**63 - 1  # larger numbers cannot be an id, and would overflow the database's integers


def _int_or_none(value: str | None) -> int | None:
    if not value or not value.isascii() or not value.isdigit():
        return None
    number = int(value)
    return number if number <= MAX_ID else None


def search_page(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    selected = {name: request.GET.get(name) or None for name in FACET_PARAMS}
    if selected["interface"] not in (None, *Availability.values):
        selected["interface"] = None
    page = max(_int_or_none(request.GET.get("page")) or 1, 1)
    context: dict[str, Any] = {"query": query, "selected": selected}
    if query:
        results = search(
            query,
            organisation=selected["organisation"],
            area=_int_or_none(selected["area"]),
            interface=selected["interface"],
            limit=PAGE_SIZE,
            offset=(page - 1) * PAGE_SIZE,
        )
        context.update(
            results=results,
            hits=[
                {
                    "hit": hit,
                    "matches": [(FIELD_LABELS[f], ms) for f, ms in grouped_matches(hit).items()],
                    "request_url": request_path(hit.resource),
                }
                for hit in results.hits
            ],
            facets=_facet_links(query, selected, results.facets),
            previous_url=_url(query, selected, page=page - 1) if page > 1 else None,
            next_url=_url(query, selected, page=page + 1)
            if results.offset + PAGE_SIZE < results.total
            else None,
            first_rank=results.offset + 1,
            contact_blocks=_contact_blocks(results, selected["organisation"]),
        )
    return render(request, "search/results.html", context)


def registry_contacts(organisation: Organisation) -> list[tuple[str, str]]:
    """(kind, value) of the organisation's registry office: its own fields, else the request contacts
    stated for the whole organisation, else the ones most of its resources give (usually the kirjaamo)."""
    own: list[tuple[str, str]] = [
        (str(kind), value)
        for kind, value in (
            (ContactKind.EMAIL, organisation.registry_email),
            (ContactKind.PHONE, organisation.registry_phone),
            (ContactKind.POSTAL, organisation.registry_postal_address),
        )
        if value
    ]
    if own:
        return own
    contacts = RequestContact.objects.filter(organisation=organisation).exclude(kind=ContactKind.PERSON)
    wide = [(c.kind, c.value) for c in contacts if c.resource_id is None and c.area_id is None]
    if wide:
        return wide
    best = most_given_contacts(organisation)
    return [
        (kind, best[kind])
        for kind in (ContactKind.EMAIL, ContactKind.PHONE, ContactKind.POSTAL)
        if kind in best
    ]


def _contact_blocks(results: SearchResults, selected_slug: str | None) -> list[dict[str, Any]]:
    labels = dict(ContactKind.choices)
    return [
        {
            "organisation": organisation,
            "contacts": [
                (labels[kind], value, kind == ContactKind.EMAIL)
                for kind, value in registry_contacts(organisation)
            ],
            # the general request form is offered only where such a request reaches someone
            "general_request": bool(organisation_channel(organisation)),
        }
        for organisation in _contact_organisations(results, selected_slug)
    ]


def _contact_organisations(results: SearchResults, selected_slug: str | None) -> list[Organisation]:
    """Whose registry office to offer: when nothing was found, the organisation searched within or
    named in the query, or the only one of the installation; when only other organisations' resources
    were found, those named in the query."""
    if results.total:
        return list(Organisation.objects.filter(pk__in=results.named_without_match))
    if selected_slug:
        return list(Organisation.objects.filter(slug=selected_slug))
    if results.named_organisations:
        return list(Organisation.objects.filter(pk__in=results.named_organisations))
    organisations = list(Organisation.objects.all()[:2])
    return organisations if len(organisations) == 1 else []


def _url(query: str, selected: dict[str, str | None], **changes: Any) -> str:
    params = {"q": query, **{k: v for k, v in selected.items() if v}, **changes}
    return "?" + urlencode({k: v for k, v in params.items() if v not in (None, "", 1)})


def _facet_links(
    query: str, selected: dict[str, str | None], facets: dict[str, list[Any]]
) -> list[dict[str, Any]]:
    """Each facet with links that narrow the results, and one that removes the choice (no JavaScript)."""
    titles = {
        "organisation": _("Organisation"),
        "area": _("Service area"),
        "interface": _("Available through a technical interface"),
    }
    status_labels = dict(Availability.choices)
    groups = []
    for name in FACET_PARAMS:
        values = facets.get(name, [])
        if not values and not selected[name]:
            continue
        groups.append(
            {
                "name": name,
                "title": titles[name],
                "clear_url": _url(query, {**selected, name: None}) if selected[name] else None,
                "values": [
                    {
                        "label": status_labels.get(v.value, v.label)
                        if name == "interface"
                        else localized(v, "label"),
                        "count": v.count,
                        "url": _url(query, {**selected, name: v.value}),
                        "selected": selected[name] == v.value,
                    }
                    for v in values
                ],
            }
        )
    return groups
