"""Reads for the request pages: the inbox with deadlines, the requester's timeline, statistics."""

import statistics as stats
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import Q, QuerySet
from django.db.models.functions import Coalesce

from tietovaranto.catalog.models import (
    ContactKind,
    InformationResource,
    Organisation,
    RequestContact,
    SearchCriterion,
)
from tietovaranto.catalog.selectors import FactResolver, most_given_contacts
from tietovaranto.inforequests import deadlines
from tietovaranto.inforequests.identifiers import is_identity_code_field, mask_identity_code
from tietovaranto.inforequests.models import (
    REFUSAL_OUTCOMES,
    InformationRequest,
    Status,
)

# A count smaller than this is shown as "< 5": a tiny number could identify a requester
STATISTICS_MIN_COUNT = 5


def organisation_channel(organisation: Organisation) -> list[str]:
    """Where a request about no particular resource goes: the organisation-wide request channel
    (its e-mail contacts), else the registry office (kirjaamo) e-mail."""
    addresses = list(
        RequestContact.objects.filter(
            organisation=organisation, area__isnull=True, resource__isnull=True, kind=ContactKind.EMAIL
        )
        .order_by("position", "pk")
        .values_list("value", flat=True)
    )
    if not addresses and organisation.registry_email.strip():
        addresses.append(organisation.registry_email.strip())
    if not addresses and ContactKind.EMAIL in (given := most_given_contacts(organisation)):
        addresses.append(given[ContactKind.EMAIL])  # the address the search page shows as the kirjaamo
    return list(dict.fromkeys(addresses))


def resource_channel(resolver: FactResolver, resource: InformationResource) -> list[str]:
    """The e-mail addresses of a resource's request channel (stated for it, its area or organisation)."""
    contacts = resolver.facts(resource).contacts
    return [c.value for c in (contacts.value if contacts else []) if c.kind == ContactKind.EMAIL]


def routable_resources(organisation: Organisation) -> list[InformationResource]:
    """The resources whose requests reach someone: their own channel, or the organisation's."""
    resources = list(
        InformationResource.objects.filter(organisation=organisation).select_related("organisation")
    )
    if organisation_channel(organisation):
        return resources
    resolver = FactResolver([organisation.pk], resources)
    return [r for r in resources if resource_channel(resolver, r)]


def request_channel_missing(organisation: Organisation) -> bool:
    """True when no request to the organisation would reach a human: no organisation-wide request
    e-mail, no registry office e-mail, and no resource with an e-mail request channel. Its request
    form is then not published (the page says to send the request by e-mail or post instead).

    With resource channels only, the form is published but a resource must be chosen."""
    return not organisation_channel(organisation) and not routable_resources(organisation)


def masked_criteria(request: InformationRequest) -> dict[str, str]:
    """Search criteria as listed to staff: values of identity-code fields masked (131052-****)."""
    return {
        name: mask_identity_code(value) if is_identity_code_field(name) else value
        for name, value in request.criteria_values.items()
    }


def criteria_for(resources: list[InformationResource]) -> list[SearchCriterion]:
    """The search criteria (hakutekijät) of the chosen resources, inherited ones included, once each."""
    if not resources:
        return []
    resolver = FactResolver({r.organisation_id for r in resources}, resources)
    seen: dict[str, SearchCriterion] = {}
    for resource in resources:
        for inherited in resolver.facts(resource).criteria:
            seen.setdefault(str(inherited.value).lower(), inherited.value)
    return list(seen.values())


@dataclass
class InboxRow:
    request: InformationRequest
    days_left: int | None
    overdue: bool
    soon: bool

    @property
    def days_late(self) -> int:
        return -self.days_left if self.days_left is not None and self.days_left < 0 else 0


def inbox_row(request: InformationRequest, on: date) -> InboxRow:
    """Days left to the date that binds now (none while waiting for the requester or once closed;
    the written decision's own date once asked for), and whether it is late or due soon."""
    due = request.current_due_date
    days = deadlines.days_left(due, on) if due else None
    return InboxRow(
        request,
        days,
        overdue=days is not None and days < 0,
        soon=days is not None and 0 <= days <= deadlines.SOON_DAYS,
    )


def inbox_rows(requests: QuerySet[InformationRequest], on: date) -> list[InboxRow]:
    return [inbox_row(request, on) for request in inbox_order(requests)]


def inbox_order(requests: QuerySet[InformationRequest]) -> QuerySet[InformationRequest]:
    """Earliest binding date first (a written decision's own date once asked for)."""
    return requests.annotate(binding_due=Coalesce("decision_due_date", "due_date")).order_by(
        "binding_due", "received_at"
    )


INBOX_FILTERS = ("open", "all", "mine", "unassigned", "overdue", "waiting")


def inbox_filter(
    requests: QuerySet[InformationRequest], *, show: str, user_id: int, query: str, on: date
) -> QuerySet[InformationRequest]:
    """The inbox's filters: open (default), all, mine, unassigned, overdue, awaiting the requester,
    or one status; and a free-text search over reference, subject and the requester's name and
    e-mail."""
    open_or_referred = Q(status__in=[Status.RECEIVED, Status.IN_PROGRESS, Status.WAITING, Status.REFERRED])
    if show == "open":
        requests = requests.filter(open_or_referred)
    elif show == "mine":
        requests = requests.filter(open_or_referred, handler_id=user_id)
    elif show == "unassigned":
        requests = requests.filter(open_or_referred, handler__isnull=True)
    elif show == "overdue":
        requests = requests.filter(
            Q(status__in=[Status.RECEIVED, Status.IN_PROGRESS], due_date__lt=on)
            | Q(status=Status.REFERRED, decision_due_date__lt=on)
        )
    elif show == "waiting":
        requests = requests.filter(status=Status.WAITING)
    elif show in Status.values:
        requests = requests.filter(status=show)
    query = query.strip()
    if query:
        requests = requests.filter(
            Q(reference__icontains=query)
            | Q(subject__icontains=query)
            | Q(requester_name__icontains=query)
            | Q(requester_email__icontains=query)
        )
    return requests


@dataclass
class MonthFigures:
    month: str  # YYYY-MM
    received: int
    answered: int
    on_time_share: float | None
    median_days: float | None
    refused: int
    transferred: int = 0

    def shown(self, value: int) -> str:
        return str(value) if value == 0 or value >= STATISTICS_MIN_COUNT else f"< {STATISTICS_MIN_COUNT}"

    @property
    def cells(self) -> list[str]:
        """As published: small counts hidden; share and median only when there are enough answers."""
        return [
            self.shown(self.received),
            self.shown(self.answered),
            "" if self.on_time_share is None else f"{self.on_time_share:.0%}",
            "" if self.median_days is None else f"{self.median_days:g}",
            self.shown(self.refused),
            self.shown(self.transferred),
        ]


def monthly_statistics(organisation: Organisation) -> list[MonthFigures]:
    """Per month of receipt: counts, share answered by the due date, median days to answer, refusals."""
    by_month: dict[str, list[InformationRequest]] = defaultdict(list)
    for request in InformationRequest.objects.filter(organisation=organisation).only(
        "received_at", "answered_at", "due_date", "outcome", "status"
    ):
        by_month[deadlines.local_date(request.received_at).strftime("%Y-%m")].append(request)
    figures = []
    for month in sorted(by_month, reverse=True):
        requests = by_month[month]
        # a transfer (JulkL 15 §) ends the request here but answers nothing: counted apart
        answered = [r for r in requests if r.answered_at is not None and r.status != Status.TRANSFERRED]
        answer_days = [
            (deadlines.local_date(r.answered_at) - deadlines.local_date(r.received_at)).days
            for r in answered
            if r.answered_at
        ]
        on_time = [
            r
            for r in answered
            if r.answered_at and r.due_date and deadlines.local_date(r.answered_at) <= r.due_date
        ]
        small = len(answered) < STATISTICS_MIN_COUNT
        figures.append(
            MonthFigures(
                month=month,
                received=len(requests),
                answered=len(answered),
                on_time_share=None if small else len(on_time) / len(answered),
                median_days=None if small else float(stats.median(answer_days)),
                refused=sum(1 for r in requests if r.outcome in REFUSAL_OUTCOMES),
                transferred=sum(1 for r in requests if r.status == Status.TRANSFERRED),
            )
        )
    return figures


@dataclass
class ResourceFigures:
    resource: InformationResource
    received: int

    @property
    def shown(self) -> str:
        return str(self.received) if self.received >= STATISTICS_MIN_COUNT else f"< {STATISTICS_MIN_COUNT}"


def resource_statistics(organisation: Organisation) -> list[ResourceFigures]:
    """Which information resources people ask about: requests per resource, most asked first."""
    counts: dict[int, int] = defaultdict(int)
    through = InformationRequest.resources.through
    for resource_id in through.objects.filter(informationrequest__organisation=organisation).values_list(
        "informationresource_id", flat=True
    ):
        counts[resource_id] += 1
    figures = [ResourceFigures(r, counts[r.pk]) for r in InformationResource.objects.filter(pk__in=counts)]
    return sorted(figures, key=lambda f: (-f.received, str(f.resource)))
