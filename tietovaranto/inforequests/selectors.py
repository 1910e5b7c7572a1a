"""Reads for the request pages: the inbox with deadlines, the requester's timeline, statistics."""

import statistics as stats
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from django.http import Http404

from tietovaranto.catalog.models import InformationResource, Organisation, SearchCriterion
from tietovaranto.catalog.selectors import FactResolver
from tietovaranto.inforequests import deadlines
from tietovaranto.inforequests.models import REFUSAL_OUTCOMES, InformationRequest

# A count smaller than this is shown as "< 5": a tiny number could identify a requester
STATISTICS_MIN_COUNT = 5


def criteria_for(resources: list[InformationResource]) -> list[SearchCriterion]:
    """The search criteria (hakutekijät) of the chosen resources, inherited ones included, once each."""
    if not resources:
        return []
    resolver = FactResolver({r.organisation_id for r in resources}, resources)
    seen: dict[str, SearchCriterion] = {}
    for resource in resources:
        for inherited in resolver.facts(resource).criteria:
            seen.setdefault(inherited.value.name.lower(), inherited.value)
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
    """Days left (none once closed), and whether the request is late or due within SOON_DAYS."""
    days = deadlines.days_left(request.due_date, on) if request.due_date and request.is_open else None
    return InboxRow(
        request,
        days,
        overdue=days is not None and days < 0,
        soon=days is not None and 0 <= days <= deadlines.SOON_DAYS,
    )


def inbox_rows(requests: QuerySet[InformationRequest], on: date) -> list[InboxRow]:
    return [inbox_row(request, on) for request in requests.order_by("due_date", "received_at")]


@dataclass
class MonthFigures:
    month: str  # YYYY-MM
    received: int
    answered: int
    on_time_share: float | None
    median_days: float | None
    refused: int

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
        answered = [r for r in requests if r.answered_at is not None]
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
            )
        )
    return figures


def organisation_get_for_staff(*, user: AbstractBaseUser | AnonymousUser, slug: str) -> Organisation:
    """The organisation named in a staff URL, if the user is its staff; else 404, as if it did not exist.

    The one access check of the organisation's staff pages (for now any StaffMembership; roles later).
    """
    organisation = None
    if user.is_authenticated:  # an anonymous pk of None would match organisations with no staff
        organisation = Organisation.objects.filter(slug=slug, staff__user_id=user.pk).first()
    if organisation is None:
        raise Http404("No such organisation")
    return organisation
