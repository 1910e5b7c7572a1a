"""Reads of the public catalog. Inherited facts are resolved here, in a fixed number of queries."""

from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from django.db.models import Count, Max, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from tietovaranto.catalog.kinds import OrganisationKind, Region
from tietovaranto.catalog.models import (
    Availability,
    Decider,
    InformationResource,
    InterfaceAspect,
    InterfaceStatement,
    Item,
    ItemKind,
    Organisation,
    RequestContact,
    ResourceItem,
    ScopedModel,
    SearchCriterion,
    ServiceArea,
)
from tietovaranto.core.translation import localized

ScopeKey = tuple[str, int]


class ScopedResource(Protocol):
    """What fact resolution needs of a resource: a model instance or the search index's plain row."""

    pk: Any
    area_id: int | None
    organisation_id: int


SCOPE_COLUMNS = ("resource_id", "area_id", "organisation_id")


def _scope_key(row: ScopedModel) -> ScopeKey:
    if row.resource_id:
        return ("resource", row.resource_id)
    if row.area_id:
        return ("area", row.area_id)
    return ("organisation", row.organisation_id)


# plain values, looked up once: a rebuild asks every resource for its interface summary
_INTERFACE_ASPECTS = tuple(InterfaceAspect.values)
_YES, _NO, _UNKNOWN = Availability.YES.value, Availability.NO.value, Availability.UNKNOWN.value


def combined_availability(statuses: Collection[str]) -> str:
    """One answer to "available through a technical interface?" from a resource's interface
    statements: yes if any says yes, else no if any says no, else not stated."""
    if _YES in statuses:
        return _YES
    if _NO in statuses:
        return _NO
    return _UNKNOWN


def interface_status(statements: Iterable[Any]) -> str:
    """The combined status of a resource's interface statements (one per aspect), as
    ResourceFacts.interface_summary gives it."""
    return combined_availability({s.status for s in statements if s.aspect in _INTERFACE_ASPECTS})


@dataclass
class Inherited:
    """A value with where it was stated: 'resource', 'area' or 'organisation'."""

    value: Any
    source: str

    @property
    def inherited(self) -> bool:
        return self.source != "resource"


@dataclass
class ResourceFacts:
    criteria: list[Inherited] = field(default_factory=list)
    contacts: Inherited | None = None  # value: list[RequestContact]
    decider: Inherited | None = None  # value: Decider
    interface: dict[str, Inherited] = field(default_factory=dict)  # aspect -> InterfaceStatement

    def interface_summary(self, language: str = "fi") -> tuple[str, str]:
        """One status for "available through a technical interface?" and the page's own sentences (in
        `language`, else as the public pages fall back)."""
        statements = [self.interface[a].value for a in _INTERFACE_ASPECTS if a in self.interface]
        status = combined_availability({s.status for s in statements})
        return status, " ".join(text for text in (localized(s, "text", language) for s in statements) if text)


class FactResolver:
    """Loads every scoped fact of some organisations once and answers per resource."""

    def __init__(
        self,
        organisation_ids: Iterable[int],
        resources: Iterable[InformationResource] | None = None,
        columns: dict[type[ScopedModel], tuple[str, ...]] | None = None,
    ) -> None:
        """Facts of whole organisations, or, given `resources`, only what those resources need.

        `columns`: only these kinds of fact, as plain named rows of these columns instead of model
        instances (the search index reads a few columns of every fact in the catalog).
        """
        ids = list(set(organisation_ids))
        scope = Q(organisation_id__in=ids)
        if resources is not None:
            resources = list(resources)
            scope &= (
                Q(resource_id__in=[r.pk for r in resources])
                | Q(resource__isnull=True, area_id__in={r.area_id for r in resources if r.area_id})
                | Q(resource__isnull=True, area__isnull=True)
            )
        self._rows: dict[type[ScopedModel], dict[ScopeKey, list[Any]]] = defaultdict(dict)
        for model in (SearchCriterion, RequestContact, Decider, InterfaceStatement):
            if columns is not None and model not in columns:
                continue
            rows: Iterable[Any] = model.all_objects.filter(scope).order_by("position", "pk")
            if columns is not None:
                rows = rows.values_list(*SCOPE_COLUMNS, *columns[model], named=True)  # type: ignore[attr-defined]
            grouped: dict[ScopeKey, list[Any]] = defaultdict(list)
            for row in rows:
                grouped[_scope_key(row)].append(row)
            self._rows[model] = grouped

    def _chain(self, resource: "ScopedResource") -> list[ScopeKey]:
        chain: list[ScopeKey] = [("resource", resource.pk)]
        if resource.area_id:
            chain.append(("area", resource.area_id))
        chain.append(("organisation", resource.organisation_id))
        return chain

    def _stated(self, model: type[ScopedModel], chain: Iterable[ScopeKey]) -> Iterator[tuple[Any, str]]:
        """Each row of this kind of fact along the chain, with the scope it was stated for."""
        by_scope = self._rows[model]
        for key in chain:
            for row in by_scope.get(key, ()):
                yield row, key[0]

    def _criteria(self, chain: list[ScopeKey]) -> Iterator[tuple[Any, str]]:
        # search criteria add up: organisation-wide ones apply to every resource
        return self._stated(SearchCriterion, reversed(chain))

    def _interface(self, chain: list[ScopeKey]) -> dict[str, tuple[Any, str]]:
        statements: dict[str, tuple[Any, str]] = {}
        for statement, source in self._stated(InterfaceStatement, chain):
            statements.setdefault(statement.aspect, (statement, source))  # the narrowest wins
        return statements

    def plain_interface(self, resource: "ScopedResource") -> list[Any]:
        """The resource's interface statements, one per aspect, as `facts` gives them, without where
        each was stated."""
        return self._plain_interface(self._chain(resource))

    def _plain_interface(self, chain: list[ScopeKey]) -> list[Any]:
        return [row for row, _ in self._interface(chain).values()]

    def indexed(self, resource: "ScopedResource") -> tuple[list[list[Any]], list[Any]]:
        """What the search index reads of a resource's facts, along one chain of scopes: its search
        criteria as the rows of each scope, broadest first, in `facts`' order, and its interface
        statements as plain_interface gives them. The criteria lists are the resolver's own, shared
        by every resource of a scope: the index works out an organisation-wide list's texts once,
        not once per resource."""
        chain = self._chain(resource)
        by_scope = self._rows[SearchCriterion]
        criteria = [by_scope[key] for key in reversed(chain) if key in by_scope]
        return criteria, self._plain_interface(chain)

    def facts(self, resource: "ScopedResource", contacts: bool = True) -> ResourceFacts:
        """The resource's facts; without `contacts`, no registry-office fallback (which needs the
        organisation's row)."""
        chain = self._chain(resource)
        result = ResourceFacts()
        result.criteria = [Inherited(row, source) for row, source in self._criteria(chain)]
        result.interface = {aspect: Inherited(*stated) for aspect, stated in self._interface(chain).items()}
        for key in chain:  # the narrowest statement wins
            rows = self._rows[RequestContact].get(key)
            if rows and result.contacts is None:
                result.contacts = Inherited(rows, key[0])
            deciders = self._rows[Decider].get(key)
            if deciders and result.decider is None:
                result.decider = Inherited(deciders[0], key[0])
        if result.contacts is None and contacts and isinstance(resource, InformationResource):
            registry = _registry_office_contacts(resource.organisation)
            if registry:
                result.contacts = Inherited(registry, "organisation")
        return result


def _registry_office_contacts(organisation: Organisation) -> list[RequestContact]:
    """The organisation's registry office (kirjaamo) as the fallback request channel."""
    pairs = [
        ("email", organisation.registry_email),
        ("postal", organisation.registry_postal_address),
        ("phone", organisation.registry_phone),
    ]
    return [
        RequestContact(organisation=organisation, kind=kind, value=value) for kind, value in pairs if value
    ]


def organisations_public() -> QuerySet[Organisation]:
    """Organisations whose description has been published (never a draft copy)."""
    return Organisation.objects.filter(published_at__isnull=False).order_by("name")


@dataclass
class Directory:
    """The front page of a multi-organisation installation: organisations by kind, filtered."""

    groups: list[tuple[str, list[Organisation]]]
    kinds: list[tuple[str, str]]
    regions: list[tuple[str, str]]
    kind: str
    region: str
    total: int
    published: int


def organisations_directory(kind: str = "", region: str = "") -> Directory:
    """Published organisations with their resource counts, grouped by kind (in the kinds' own order).

    Unknown filter values are ignored rather than refused: the filters come from a plain GET form.
    """
    kind = kind if kind in OrganisationKind.values else ""
    region = region if region in Region.values else ""
    # one query: the filters, the filter choices and the counts are all read from the same list
    everyone = list(organisations_public().annotate(resource_count=Count("resources")))
    present_kinds = {organisation.kind for organisation in everyone}
    present_regions = {organisation.region for organisation in everyone}
    by_kind: dict[str, list[Organisation]] = {}
    for organisation in everyone:
        if (not kind or organisation.kind == kind) and (not region or organisation.region == region):
            by_kind.setdefault(organisation.kind, []).append(organisation)
    labels = dict(OrganisationKind.choices)
    order = [*OrganisationKind.values, ""]
    groups = [(str(labels.get(key, _("Authorities"))), by_kind[key]) for key in order if key in by_kind]
    return Directory(
        groups=groups,
        kinds=[(value, str(label)) for value, label in OrganisationKind.choices if value in present_kinds],
        regions=[(value, str(label)) for value, label in Region.choices if value in present_regions],
        kind=kind,
        region=region,
        total=sum(len(members) for __, members in groups),
        published=len(everyone),
    )


def resources_public(organisation: Organisation | None = None) -> QuerySet[InformationResource]:
    """Resources of one organisation as given (a draft's for a preview), or of every published one."""
    queryset = InformationResource.all_objects.select_related("organisation", "area").prefetch_related(
        Prefetch(
            "resource_items", queryset=ResourceItem.all_objects.select_related("item").order_by("position")
        )
    )
    if organisation is not None:
        queryset = queryset.filter(organisation=organisation)
    else:
        queryset = queryset.filter(
            organisation__draft_of__isnull=True, organisation__published_at__isnull=False
        )
    return queryset.order_by("organisation__name", "area__position", "position", "name")


def organisation_get(*, slug: str) -> Organisation:
    try:
        return organisations_public().get(slug=slug)
    except Organisation.DoesNotExist as error:
        raise Http404("No such organisation") from error


def resource_get_public(*, org_slug: str, resource_slug: str) -> InformationResource:
    resource = resources_public().filter(organisation__slug=org_slug, slug=resource_slug).first()
    if resource is None:
        raise Http404("No such information resource")
    return resource


def areas_with_resources(
    organisation: Organisation,
) -> list[tuple[ServiceArea | None, list[InformationResource]]]:
    resources = list(resources_public(organisation))
    grouped: dict[int | None, list[InformationResource]] = defaultdict(list)
    for resource in resources:
        grouped[resource.area_id].append(resource)
    areas: list[tuple[ServiceArea | None, list[InformationResource]]] = []
    if grouped.get(None):
        areas.append((None, grouped[None]))
    for area in ServiceArea.all_objects.filter(organisation=organisation).order_by("position", "name"):
        areas.append((area, grouped.get(area.pk, [])))
    return areas


def organisation_last_changed(organisation: Organisation) -> datetime | None:
    dates = [
        organisation.updated_at,
        InformationResource.all_objects.filter(organisation=organisation).aggregate(m=Max("updated_at"))["m"],
        ServiceArea.all_objects.filter(organisation=organisation).aggregate(m=Max("updated_at"))["m"],
    ]
    present = [d for d in dates if d is not None]
    return max(present) if present else None


# Reads for the JSON API and the exports. Every public read starts from organisations_public() or
# resources_public(), so a rule about what is public (e.g. only published organisations) applies here too.


def areas_public(organisation: Organisation | None = None) -> QuerySet[ServiceArea]:
    queryset = ServiceArea.objects.filter(organisation__in=organisations_public()).select_related(
        "organisation"
    )
    if organisation is not None:
        queryset = queryset.filter(organisation=organisation)
    return queryset.order_by("organisation__name", "position", "name")


def systems_public(organisation: Organisation | None = None) -> QuerySet[Item]:
    """Information systems (items of kind system), each with the resources it serves."""
    queryset = (
        Item.objects.filter(kind=ItemKind.SYSTEM, organisation__in=organisations_public())
        .select_related("organisation")
        .prefetch_related(
            Prefetch(
                "resource_items",
                queryset=ResourceItem.objects.select_related("resource").order_by(
                    "resource__position", "resource__name"
                ),
            )
        )
    )
    if organisation is not None:
        queryset = queryset.filter(organisation=organisation)
    return queryset.order_by("organisation__name", "name")


def interface_status_by_resource(resources: QuerySet[InformationResource]) -> dict[int, str]:
    """The interface summary of each resource (as ResourceFacts.interface_summary) from plain rows.

    Used to filter by interface status before paging, without loading every other fact.
    """
    rows: list[Any] = list(resources.values_list("pk", "area_id", "organisation_id", named=True))
    resolver = FactResolver(
        {row.organisation_id for row in rows}, columns={InterfaceStatement: ("aspect", "status")}
    )
    return {row.pk: interface_status(resolver.plain_interface(row)) for row in rows}


_FACT_MODELS: tuple[type[ScopedModel], ...] = (SearchCriterion, RequestContact, Decider, InterfaceStatement)


def changed_since(since: datetime) -> Q:
    """Resources whose published description may differ since `since`, inherited facts included.

    A resource changes with its own row, its items, its facts, and the facts and rows of its area
    and organisation. History rows also catch deletions (a removed contact changes the resource).
    """
    org_ids: set[int] = set(Organisation.objects.filter(updated_at__gte=since).values_list("pk", flat=True))
    area_ids: set[int] = set(ServiceArea.objects.filter(updated_at__gte=since).values_list("pk", flat=True))
    resource_ids: set[int] = set(
        ResourceItem.objects.filter(item__updated_at__gte=since).values_list("resource_id", flat=True)
    )
    resource_ids |= set(
        ResourceItem.history.filter(history_date__gte=since).values_list("resource_id", flat=True)
    )
    for model in _FACT_MODELS:
        for source in (
            model._default_manager.filter(updated_at__gte=since),
            model.history.filter(history_date__gte=since),  # type: ignore[attr-defined]
        ):
            for resource_id, area_id, organisation_id in source.values_list(
                "resource_id", "area_id", "organisation_id"
            ):
                if resource_id:
                    resource_ids.add(resource_id)
                elif area_id:
                    area_ids.add(area_id)
                else:
                    org_ids.add(organisation_id)
    return (
        Q(updated_at__gte=since)
        | Q(organisation_id__in=org_ids)
        | Q(area_id__in=area_ids)
        | Q(pk__in=resource_ids)
    )


def catalog_last_modified(organisation: Organisation | None = None) -> datetime | None:
    """When anything public of the catalog (or of one organisation) last changed, deletions included."""
    # only published organisations' rows: a draft's edits (and their history) must not move the date
    if organisation is not None:
        org_ids = [organisation.pk]
    else:
        org_ids = list(organisations_public().values_list("pk", flat=True))
    dates: list[datetime | None] = []
    models: tuple[type[Any], ...] = (Organisation, ServiceArea, InformationResource, Item, *_FACT_MODELS)
    for model in models:
        key = "pk" if model is Organisation else "organisation_id"
        history_key = "id" if model is Organisation else "organisation_id"
        rows = model._default_manager.filter(**{f"{key}__in": org_ids})
        history = model.history.filter(**{f"{history_key}__in": org_ids})
        dates.append(rows.aggregate(m=Max("updated_at"))["m"])
        dates.append(history.aggregate(m=Max("history_date"))["m"])
    links = ResourceItem.history.filter(
        resource_id__in=InformationResource.objects.filter(organisation_id__in=org_ids).values("pk")
    )
    dates.append(links.aggregate(m=Max("history_date"))["m"])
    present = [d for d in dates if d is not None]
    return max(present) if present else None


def published_resource_slugs(organisation: Organisation) -> set[str]:
    """The addresses of the organisation's public resource pages (none before its first publication)."""
    if not organisation.published_at:
        return set()
    return set(InformationResource.objects.filter(organisation=organisation).values_list("slug", flat=True))


def most_given_contacts(organisation: Organisation) -> dict[str, str]:
    """Kind -> the request contact of that kind the organisation's resources and areas give most
    often: on a page that names the kirjaamo for each resource, the kirjaamo's."""
    given = RequestContact.objects.filter(organisation=organisation).values_list("kind", "value")
    best: dict[str, str] = {}
    for (kind, value), _count in Counter(given).most_common():
        best.setdefault(kind, value)
    return best
