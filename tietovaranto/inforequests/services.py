"""Everything that happens to an information request, as plain functions.

Each step is one transaction: the request and its event are stored together with the e-mails it
causes, which go into django-mailer's queue in the same database. Nothing is sent before the
request is committed, and an SMTP outage only delays the queue (see README: send_mail).
"""

import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.mail import send_mail
from django.db import OperationalError, models, transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from tietovaranto.accounts import access
from tietovaranto.accounts.models import Role
from tietovaranto.accounts.services import staff_languages
from tietovaranto.catalog.models import InformationResource, Organisation, first_name
from tietovaranto.catalog.selectors import FactResolver
from tietovaranto.core.translation import localized
from tietovaranto.inforequests import deadlines
from tietovaranto.inforequests.courts import court_get
from tietovaranto.inforequests.identifiers import is_identity_code_field, mask_identity_codes
from tietovaranto.inforequests.models import (
    ACTIVE_STATUSES,
    REFUSAL_OUTCOMES,
    Attachment,
    Channel,
    EventKind,
    FeeItem,
    IdentityVerification,
    InformationRequest,
    Outcome,
    ReferenceCounter,
    RequestEvent,
    Status,
    SubmissionKey,
    SubmissionThrottle,
)
from tietovaranto.inforequests.selectors import organisation_channel, resource_channel

SUBMISSION_KEY_DAYS = 2

ADMINISTRATIVE_COURTS = [
    "Helsingin hallinto-oikeus",
    "Hämeenlinnan hallinto-oikeus",
    "Itä-Suomen hallinto-oikeus",
    "Pohjois-Suomen hallinto-oikeus",
    "Turun hallinto-oikeus",
    "Vaasan hallinto-oikeus",
    "Ahvenanmaan hallintotuomioistuin",
]

# Staff pages and e-mails: the site's language, not the requester's
STAFF_LANGUAGE = settings.LANGUAGE_CODE


class RequestActionError(Exception):
    """A step that is not possible now, with a message for the user."""


class SubmissionRateLimited(RequestActionError):
    """More accepted submissions from this client than REQUEST_RATE_LIMIT allows."""


class SubmissionKeyReused(RequestActionError):
    """A one-time token or Idempotency-Key sent again with different content."""

    def __init__(self, message: str, request: InformationRequest) -> None:
        super().__init__(message)
        self.request = request


# -- references, links and deadlines ---------------------------------------------------------------


def _locked_counter(year: int) -> ReferenceCounter:
    """The year's counter row, locked until the transaction ends (SELECT … FOR UPDATE on PostgreSQL;
    on SQLite the IMMEDIATE transaction already holds the database's write lock)."""
    counter, _created = ReferenceCounter.objects.select_for_update().get_or_create(year=year)
    return counter


def next_reference(year: int, counter: ReferenceCounter | None = None) -> str:
    """TP-2026-000123. The counter row is locked, so two submissions never get the same number."""
    counter = counter or _locked_counter(year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"TP-{year}-{counter.last:06d}"


# a request entered by staff was received at most this long ago
OLDEST_RECEIPT_DAYS = 366


def status_url(request: InformationRequest) -> str:
    """In the requester's language, whoever's action sends it (staff act in theirs)."""
    with translation.override(request.language):
        return settings.SITE_URL + reverse("inforequests:status", kwargs={"token": request.token})


def staff_url(request: InformationRequest, language: str = STAFF_LANGUAGE) -> str:
    """In the staff member's language, whatever language the requester used."""
    with translation.override(language):
        return settings.SITE_URL + reverse("staff:detail", kwargs={"reference": request.reference})


def compute_due_date(request: InformationRequest) -> date:
    if request.is_gdpr:
        return deadlines.gdpr_due_date(request.clock_started_at, extended=request.large)
    return deadlines.julkl_due_date(request.clock_started_at, large=request.large)


def today() -> date:
    return deadlines.local_date(timezone.now())


# -- e-mail ------------------------------------------------------------------------------------------


def _send(template: str, language: str, recipients: list[str], context: dict[str, Any]) -> None:
    """Render `inforequests/email/<template>.<language>.txt` (first line = subject) and queue it."""
    recipients = [r for r in recipients if r]
    if not recipients:
        return
    with translation.override(language):
        text = render_to_string(f"inforequests/email/{template}.{language}.txt", context)
    # No e-mail ever carries an identity code, also one typed into a subject or a message
    subject, _blank, body = mask_identity_codes(text.strip()).partition("\n")
    send_mail(subject.strip(), body.strip() + "\n", settings.DEFAULT_FROM_EMAIL, recipients)


def _to_requester(request: InformationRequest, template: str, **context: Any) -> None:
    if request.requester_email:
        context |= {"request": request, "status_url": status_url(request)}
        _send(template, request.language, [request.requester_email], context)


def routing_addresses(request: InformationRequest) -> list[str]:
    """The resources' request channel (e-mail contacts), else the organisation's channel or registry
    office: a request always reaches a human (the form is not published when nothing is left,
    selectors.request_channel_missing)."""
    resources = list(request.resources.select_related("organisation"))
    addresses: list[str] = []
    if resources:
        resolver = FactResolver([request.organisation_id], resources)
        for resource in resources:
            addresses += [a for a in resource_channel(resolver, resource) if a not in addresses]
    return addresses or organisation_channel(request.organisation)


def _to_staff(
    request: InformationRequest, template: str, recipients: list[str], context: dict[str, Any]
) -> None:
    """Each staff address in its owner's language (their staff profile; else the site's), never the
    requester's. Staff e-mails carry no personal data: they point to the staff page."""
    by_language: dict[str, list[str]] = {}
    for address, language in staff_languages(request.organisation, recipients).items():
        by_language.setdefault(language, []).append(address)
    for language, addresses in sorted(by_language.items()):
        context = context | {"request": request, "staff_url": staff_url(request, language)}
        _send(template, language, addresses, context)


def _to_organisation(request: InformationRequest, template: str, **context: Any) -> None:
    _to_staff(request, template, routing_addresses(request), context)


def _event(
    request: InformationRequest,
    kind: str,
    actor: User | None = None,
    text: str = "",
    public: bool = False,
    at: datetime | None = None,
) -> RequestEvent:
    return RequestEvent.objects.create(
        request=request, kind=kind, actor=actor, text=text, public=public, at=at or timezone.now()
    )


# -- rate limiting -----------------------------------------------------------------------------------


def client_key(address: str) -> str:
    """A salted hash: the limit works per client without storing addresses."""
    return hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()


def _count_submission(address: str) -> bool:
    """Count one accepted submission if the client is under REQUEST_RATE_LIMIT (e.g. 5 per 600 s).

    Called by request_submit while it holds the counter lock, so the check and the insert are one
    step, and inside its transaction, so only stored requests are counted: a form with errors, or a
    submission that fails, does not use up the client's allowance.
    """
    count, seconds = (int(part) for part in settings.REQUEST_RATE_LIMIT.split("/"))
    now = timezone.now()
    key = client_key(address)
    SubmissionThrottle.objects.filter(at__lt=now - timedelta(days=1)).delete()
    if (
        SubmissionThrottle.objects.filter(client_key=key, at__gte=now - timedelta(seconds=seconds)).count()
        >= count
    ):
        return False
    SubmissionThrottle.objects.create(client_key=key, at=now)
    return True


def submission_key(scope: str, token: str, address: str = "") -> str:
    """The stored form of a one-time token: scoped (form / API per client) and hashed."""
    return hashlib.sha256(f"{scope}:{client_key(address) if address else ''}:{token}".encode()).hexdigest()


# -- submission --------------------------------------------------------------------------------------


@dataclass
class Submission:
    organisation: Organisation
    resources: list[InformationResource]
    data: dict[str, Any]  # RequestForm.cleaned_data
    criteria_values: dict[str, str]
    identity_code_temporary: bool = False
    channel: str = Channel.WEB
    language: str = "fi"
    received_at: datetime | None = None

    @classmethod
    def from_form(
        cls, organisation: Organisation, resources: list[InformationResource], form: Any, **details: Any
    ) -> "Submission":
        """From a valid RequestForm; `details`: channel, language, received_at."""
        return cls(
            organisation=organisation,
            resources=resources,
            data=form.cleaned_data,
            criteria_values=form.criteria_values(),
            identity_code_temporary=form.identity_code_temporary,
            **details,
        )


def _fingerprint(submission: Submission) -> str:
    content = {
        "organisation": submission.organisation.pk,
        "resources": sorted(r.pk for r in submission.resources),
        "data": {k: v for k, v in submission.data.items() if k != "form_token"},
        "criteria": submission.criteria_values,
    }
    return hashlib.sha256(json.dumps(content, sort_keys=True, default=str).encode()).hexdigest()


class SubmissionBusy(RequestActionError):
    """The database stayed locked by another writer longer than its busy timeout; nothing was stored.

    On SQLite a long import or publication holds the one write lock; the visitor gets their text back
    with a request to send it again in a moment (503) rather than a bare server error."""


def request_submit(
    submission: Submission,
    actor: User | None = None,
    *,
    client_address: str | None = None,
    once_key: str = "",
) -> InformationRequest:
    """Store a request (see _store_request); SubmissionBusy when the database could not be written."""
    try:
        return _store_request(submission, actor, client_address=client_address, once_key=once_key)
    except OperationalError as error:
        if "locked" not in str(error).lower():
            raise
        raise SubmissionBusy(
            _(
                "The service is busy saving a large change right now, and your request was not sent yet. "
                "Your text is kept below: please send it again in a minute."
            )
        ) from error


@transaction.atomic
def _store_request(
    submission: Submission,
    actor: User | None = None,
    *,
    client_address: str | None = None,
    once_key: str = "",
) -> InformationRequest:
    """Store a request, with its receipt event, and queue the receipt and the routing e-mails.

    `client_address`: a public submission, counted against REQUEST_RATE_LIMIT (SubmissionRateLimited).
    `once_key` (see submission_key): the same key again returns the request it created, without
    a second request or e-mail; with different content it raises SubmissionKeyReused.
    Submissions take the year's counter lock first, so the key check, the rate limit and the
    numbering are done one submission at a time, on SQLite and PostgreSQL alike.
    """
    received_at = submission.received_at or timezone.now()
    if received_at > timezone.now() + timedelta(minutes=5):
        raise RequestActionError(_("The date of receipt cannot be in the future."))
    if received_at < timezone.now() - timedelta(days=OLDEST_RECEIPT_DAYS):
        # a mistyped year (1990) would number it TP-1990 and remind of it every day
        raise RequestActionError(_("The date of receipt is more than a year ago: check the year."))
    counter = _locked_counter(deadlines.local_date(received_at).year)
    fingerprint = _fingerprint(submission)
    if once_key:
        SubmissionKey.objects.filter(
            created_at__lt=timezone.now() - timedelta(days=SUBMISSION_KEY_DAYS)
        ).delete()
        used = SubmissionKey.objects.filter(key=once_key).select_related("request").first()
        if used and used.fingerprint == fingerprint:
            return used.request
        if used:
            raise SubmissionKeyReused(
                _(
                    "This form was already sent as request %(reference)s. To send another request, "
                    "check the text and send the form again."
                )
                % {"reference": used.request.reference},
                used.request,
            )
    if client_address is not None and not _count_submission(client_address):
        raise SubmissionRateLimited(
            _("Too many requests from your connection. Please try again in a few minutes.")
        )
    data = submission.data
    request = InformationRequest(
        organisation=submission.organisation,
        reference=next_reference(counter.year, counter),
        kind=data["kind"],
        channel=submission.channel,
        language=submission.language,
        received_at=received_at,
        clock_started_at=received_at,
        subject=data["subject"].strip(),
        criteria_values=submission.criteria_values,
        delivery=data["delivery"],
        requester_name=data.get("requester_name", "").strip(),
        requester_email=data.get("requester_email", "").strip(),
        requester_phone=data.get("requester_phone", "").strip(),
        requester_address=data.get("requester_address", "").strip(),
        identity_code=data.get("identity_code", ""),
        identity_code_temporary=submission.identity_code_temporary,
        business_id=data.get("business_id", ""),
        intended_use=data.get("intended_use", "").strip(),
    )
    request.due_date = compute_due_date(request)
    request.save()
    request.resources.set(submission.resources)
    _event(
        request, EventKind.RECEIVED, actor, text=request.get_channel_display(), public=True, at=received_at
    )
    _to_requester(request, "receipt", resources=submission.resources)
    _to_organisation(request, "routed", resources=submission.resources)
    if once_key:
        SubmissionKey.objects.create(
            key=once_key, fingerprint=fingerprint, request=request, created_at=timezone.now()
        )
    return request


# -- staff steps -------------------------------------------------------------------------------------


def requests_for_staff(user: User) -> QuerySet[InformationRequest]:
    """Only the requests of organisations where the user holds a request role; others do not exist (404)."""
    return access.requests_for(user)


def _lock(request: InformationRequest) -> None:
    """Lock the request's row for the rest of the transaction and re-read it, so that two staff
    members acting at once take turns and each step sees what the other one saved."""
    request.refresh_from_db(from_queryset=InformationRequest.objects.select_for_update())


def _refresh_due_date(request: InformationRequest) -> None:
    request.due_date = compute_due_date(request)


@transaction.atomic
def assign_handler(request: InformationRequest, handler: User, actor: User) -> None:
    _lock(request)
    if not access.has_role(handler, request.organisation, Role.HANDLER):
        raise RequestActionError(_("The handler must be staff of the same organisation."))
    request.handler = handler
    if request.status == Status.RECEIVED:
        request.status = Status.IN_PROGRESS
    request.save()
    _event(request, EventKind.ASSIGNED, actor, text=handler.get_username())


@transaction.atomic
def add_note(request: InformationRequest, text: str, actor: User) -> None:
    _lock(request)
    _event(request, EventKind.NOTE, actor, text=text)


def _require_open(request: InformationRequest) -> None:
    if not request.is_open:
        raise RequestActionError(_("This request has already been closed."))


@transaction.atomic
def ask_clarification(request: InformationRequest, message: str, actor: User) -> None:
    """JulkL 13 § 3 mom: help the requester to specify. The clock restarts when they answer."""
    _lock(request)
    _require_open(request)
    request.status = Status.WAITING
    request.save()
    _event(request, EventKind.CLARIFICATION_ASKED, actor, text=message, public=True)
    _to_requester(request, "clarification", message=message)


@transaction.atomic
def receive_clarification(
    request: InformationRequest, text: str, actor: User | None = None, at: datetime | None = None
) -> None:
    """The requester's answer (status page, or entered by staff): the legal period starts again."""
    _lock(request)
    if request.status != Status.WAITING:
        raise RequestActionError(_("No clarification was asked for."))
    at = at or timezone.now()
    request.status = Status.IN_PROGRESS
    request.clock_started_at = at
    _refresh_due_date(request)
    request.save()
    _event(request, EventKind.CLARIFIED, actor, text=text, public=True, at=at)
    _to_organisation(request, "clarified")


@transaction.atomic
def extend_deadline(request: InformationRequest, reason: str, actor: User) -> None:
    """JulkL 14 § 4 mom: 1 month for large requests. GDPR 12(3): +2 months, noticed within month 1."""
    _lock(request)
    _require_open(request)
    if request.large:
        raise RequestActionError(_("The deadline has already been extended."))
    if not reason.strip():
        raise RequestActionError(_("Record the reason for the extension."))
    if request.is_gdpr and today() > deadlines.gdpr_extension_deadline(request.clock_started_at):
        raise RequestActionError(_("A GDPR extension must be notified within the first month."))
    if not request.is_gdpr and today() > deadlines.julkl_due_date(request.clock_started_at, large=False):
        # extending a late request would hide it from the overdue list and its reminders
        raise RequestActionError(
            _("The two weeks have passed: a request can be extended to one month only within them.")
        )
    request.large = True
    request.extension_reason = reason.strip()
    _refresh_due_date(request)
    request.save()
    _event(request, EventKind.EXTENDED, actor, text=reason, public=True)
    _to_requester(request, "extended", reason=reason)


@transaction.atomic
def transfer(
    request: InformationRequest, authority: str, authority_email: str, message: str, actor: User
) -> None:
    """JulkL 15 §: transfer to the competent authority; the requester is told where it went."""
    _lock(request)
    _require_open(request)
    if not authority.strip() or not authority_email.strip():
        raise RequestActionError(_("Give the authority and its registry office e-mail."))
    request.status = Status.TRANSFERRED
    request.transferred_to = authority
    request.answered_at = timezone.now()
    request.save()
    _event(request, EventKind.TRANSFERRED, actor, text=f"{authority}\n{message}".strip(), public=True)
    _to_requester(request, "transferred", authority=authority, message=message)
    # The other authority gets the request itself, not the requester's identification data
    _send(
        "transfer", "fi", [authority_email], {"request": request, "authority": authority, "message": message}
    )


@transaction.atomic
def verify_identity(request: InformationRequest, method: str, actor: User) -> None:
    """Record how the requester was identified (GDPR art. 12(6), JulkL 13 § 1 mom)."""
    if method not in IdentityVerification.values:
        raise RequestActionError(_("Choose how the identity was verified."))
    request.identity_verified_by = method
    request.identity_verified_at = timezone.now()
    request.save()
    _event(
        request,
        EventKind.IDENTITY_VERIFIED,
        actor,
        text=request.get_identity_verified_by_display(),
        public=True,
    )


@transaction.atomic
def reveal_identity_code(request: InformationRequest, actor: User) -> dict[str, str]:
    """The full identity codes of a request, for one page view; every reveal is logged."""
    _event(request, EventKind.IDENTITY_REVEALED, actor)
    return identity_codes(request)


def identity_codes(request: InformationRequest) -> dict[str, str]:
    """Field label → full code, of the identity field and of criteria that hold identity codes."""
    codes = {name: value for name, value in request.criteria_values.items() if is_identity_code_field(name)}
    if request.identity_code:
        codes = {str(_("Personal identity code")): request.identity_code} | codes
    return codes


@transaction.atomic
def answer(
    request: InformationRequest,
    outcome: str,
    message: str,
    reason: str,
    actor: User,
    files: list[Any] | None = None,
) -> None:
    """Send the answer. A refusal (also partial, or no such document) states the reason and offers
    a written, appealable decision by the authority (JulkL 14 § 3 mom). Own data is disclosed only
    after the requester's identity was verified; refusing stays possible (GDPR art. 12(2), 12(6))."""
    _lock(request)
    _require_open(request)
    if outcome not in Outcome.values:
        raise RequestActionError(_("Choose the outcome."))
    if outcome in REFUSAL_OUTCOMES and not reason.strip():
        raise RequestActionError(_("Record the reason for the refusal."))
    if request.needs_identity and not request.identity_verified_by and outcome != Outcome.REFUSED:
        raise RequestActionError(
            _(
                "Verify the requester's identity first: in person, by strong electronic "
                "identification or by a signed letter."
            )
        )
    if request.fee_pending and outcome in (Outcome.DISCLOSED, Outcome.PARTLY):
        raise RequestActionError(_("The requester has not accepted the fee quote yet."))
    checked = [check_attachment(f) for f in files or []]
    request.status = Status.ANSWERED
    request.outcome = outcome
    request.answered_at = timezone.now()
    # JulkL 34 §: free, unless the requester accepted a quote before the work
    if request.fee_accepted_at and outcome in (Outcome.DISCLOSED, Outcome.PARTLY):
        request.fee_charged = request.fee_quote
    request.save()
    text = message if not reason else f"{message}\n\n{reason}"
    if request.fee_charged:
        text += "\n\n" + _("Fee: %(amount)s €") % {"amount": number_format(request.fee_charged, 2)}
    event = _event(request, EventKind.ANSWERED, actor, text=text.strip(), public=True)
    _attach(request, event, checked)
    _to_requester(
        request,
        "answer",
        message=message,
        reason=reason,
        offers_decision=outcome in REFUSAL_OUTCOMES,
        attachments=len(checked),
        fee=request.fee_charged,
    )


# -- fees (JulkL 34 §) -------------------------------------------------------------------------------


@transaction.atomic
def quote_fee(request: InformationRequest, amount: str, text: str, actor: User) -> None:
    """A quote by the price list, sent before any chargeable work; the requester accepts it on
    the status page. Getting information stays free otherwise (JulkL 34 §)."""
    from decimal import Decimal, InvalidOperation

    _require_open(request)
    if not FeeItem.objects.filter(organisation=request.organisation_id).exists():
        # the public fee page says requests are free: a quote would contradict it (JulkL 34 §)
        raise RequestActionError(
            _("The organisation has no price list, so nothing can be charged. Add the price list first.")
        )
    try:
        value = Decimal(amount.replace(",", ".").replace("€", "").strip())
    except InvalidOperation:
        value = Decimal(-1)
    if value <= 0 or value >= Decimal("1000000") or value != round(value, 2):
        raise RequestActionError(_("Give the fee in euros, e.g. 12,50."))
    if not text.strip():
        raise RequestActionError(_("Tell what the fee is for (the lines of the price list)."))
    request.fee_quote = value
    request.fee_quote_text = text.strip()
    request.fee_accepted_at = None
    request.save()
    _event(request, EventKind.FEE_QUOTED, actor, text=text.strip(), public=True)
    _to_requester(request, "reply", message=_fee_message(request), attachments=0)


def _fee_message(request: InformationRequest) -> str:
    with translation.override(request.language):
        return _(
            "Giving the information needs work that is charged by our price list (JulkL 34 §): "
            "%(amount)s €.\n%(text)s\n\nWe start the work when you accept the fee on your status page."
        ) % {"amount": number_format(request.fee_quote or 0, 2), "text": request.fee_quote_text}


@transaction.atomic
def accept_fee(request: InformationRequest) -> None:
    """The requester accepts the quote on the status page."""
    if not request.fee_pending:
        raise RequestActionError(_("There is no fee quote to accept."))
    request.fee_accepted_at = timezone.now()
    request.save()
    _event(request, EventKind.FEE_ACCEPTED, public=True)
    _to_organisation(request, "message")


# -- the message thread ------------------------------------------------------------------------------


@transaction.atomic
def requester_message(request: InformationRequest, text: str) -> None:
    """The requester writes to the authority from the status page, at any point."""
    if not text.strip():
        raise RequestActionError(_("Write a message."))
    if request.anonymised_at:
        raise RequestActionError(_("This request has already been closed."))
    _event(request, EventKind.MESSAGE, text=text.strip(), public=True)
    _to_organisation(request, "message")


@transaction.atomic
def reply(request: InformationRequest, text: str, actor: User, files: list[Any] | None = None) -> None:
    """Staff write to the requester (shown on the status page, and e-mailed)."""
    if not text.strip():
        raise RequestActionError(_("Write a message."))
    checked = [check_attachment(f) for f in files or []]
    event = _event(request, EventKind.REPLY, actor, text=text.strip(), public=True)
    _attach(request, event, checked)
    _to_requester(request, "reply", message=text.strip(), attachments=len(checked))


# -- attachments -------------------------------------------------------------------------------------

# Allowed types, recognised by the file's first bytes, not by its name or the browser's claim
_SIGNATURES: list[tuple[bytes, str, tuple[str, ...]]] = [
    (b"%PDF-", "application/pdf", (".pdf",)),
    (b"\x89PNG\r\n\x1a\n", "image/png", (".png",)),
    (b"\xff\xd8\xff", "image/jpeg", (".jpg", ".jpeg")),
    (
        b"PK\x03\x04",
        "application/zip",
        (".docx", ".xlsx", ".pptx", ".odt", ".ods", ".odp"),
    ),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "application/x-ole-storage", (".doc", ".xls", ".ppt")),
]
_OFFICE_TYPES = {
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
    ".odp": "application/vnd.oasis.opendocument.presentation",
    ".doc": "application/msword",
    ".xls": "application/vnd.ms-excel",
    ".ppt": "application/vnd.ms-powerpoint",
}


@dataclass
class CheckedFile:
    upload: Any
    name: str
    content_type: str
    size: int


def check_attachment(upload: Any) -> CheckedFile:
    """Size and type limits; the type is read from the content and must agree with the name."""
    import os.path

    name = os.path.basename(str(upload.name or "liite"))[:200]
    extension = os.path.splitext(name)[1].lower()
    if upload.size > settings.REQUEST_ATTACHMENT_MAX_BYTES:
        raise RequestActionError(
            _("%(name)s is too large: at most %(mb)s MB.")
            % {"name": name, "mb": settings.REQUEST_ATTACHMENT_MAX_BYTES // (1024 * 1024)}
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    for magic, content_type, extensions in _SIGNATURES:
        if head.startswith(magic) and extension in extensions:
            return CheckedFile(upload, name, _OFFICE_TYPES.get(extension, content_type), upload.size)
    raise RequestActionError(
        _("%(name)s is not an allowed file: PDF, office documents (docx, xlsx, odt…) and images (PNG, JPEG).")
        % {"name": name}
    )


def _attach(request: InformationRequest, event: RequestEvent, files: list[CheckedFile]) -> None:
    for checked in files:
        attachment = Attachment(
            request=request,
            event=event,
            name=checked.name,
            content_type=checked.content_type,
            size=checked.size,
        )
        # stored under a random name: the original name is only metadata
        attachment.file.save(f"{new_file_name()}.bin", checked.upload, save=False)
        attachment.save()


def new_file_name() -> str:
    import secrets

    return secrets.token_hex(16)


@transaction.atomic
def attachment_downloaded(attachment: Attachment) -> None:
    """Counted, and noted in the staff timeline."""
    Attachment.objects.filter(pk=attachment.pk).update(downloads=models.F("downloads") + 1)
    _event(attachment.request, EventKind.ATTACHMENT_DOWNLOADED, text=attachment.name)


def decision_downloaded(request: InformationRequest, filename: str) -> None:
    """The requester downloaded the decision as PDF: noted in the staff timeline."""
    _event(request, EventKind.DECISION_DOWNLOADED, text=filename)


@transaction.atomic
def ask_for_written_decision(request: InformationRequest, text: str = "") -> None:
    """The requester wants the refusal decided by the authority in writing (JulkL 14 § 3 mom)."""
    _lock(request)
    if request.decision_requested_at is not None:  # a second press of the button, or a second tab
        raise RequestActionError(_("A written decision has already been asked for."))
    if not request.can_ask_written_decision:
        raise RequestActionError(_("A written decision can be asked for after a refusal."))
    now = timezone.now()
    request.status = Status.REFERRED
    request.decision_requested_at = now
    request.decision_due_date = deadlines.decision_due_date(now, large=request.large)
    request.save()
    _event(request, EventKind.DECISION_REQUESTED, text=text, public=True, at=now)
    _to_organisation(request, "decision_requested")


@transaction.atomic
def give_written_decision(
    request: InformationRequest, reasons: str, decider: str, court: str, actor: User
) -> None:
    """A reasoned decision (hallintolaki 45 §) with appeal instructions to the administrative court."""
    _lock(request)
    if request.status != Status.REFERRED:
        raise RequestActionError(_("No written decision has been requested."))
    if not reasons.strip() or not decider.strip():
        raise RequestActionError(_("Record the reasons and who decided."))
    if court_get(court) is None:
        raise RequestActionError(_("Choose the administrative court."))
    document = decision_text(request, reasons=reasons, decider=decider, court=court)
    if request.fee_charged:
        with translation.override(request.language):
            document += "\n\n" + _("Fee: %(amount)s €") % {"amount": number_format(request.fee_charged, 2)}
    request.status = Status.DECIDED
    request.save()
    _event(request, EventKind.DECIDED, actor, text=document, public=True)
    _to_requester(request, "decision", document=document)


def decision_text(request: InformationRequest, *, reasons: str, decider: str, court: str) -> str:
    """The decision in the requester's language: the court's and the organisation's names in Swedish
    for a Swedish decision ("Åbo förvaltningsdomstol"), with the court's address for the appeal."""
    language = request.language
    chosen = court_get(court)
    organisation = request.organisation
    organisation_name = localized(organisation, "name", language)
    with translation.override(language):
        return render_to_string(
            f"inforequests/decision.{language}.txt",
            {
                "request": request,
                "reasons": reasons,
                "decider": decider,
                "court": chosen.name(language) if chosen else court,
                "court_address": chosen.address(language) if chosen else "",
                "court_email": chosen.email if chosen else "",
                "organisation_name": organisation_name,
                "date": today(),
            },
        ).strip()


@dataclass
class DecisionDefaults:
    decider: str
    court: str  # a key of courts.COURTS


def decision_defaults(request: InformationRequest) -> DecisionDefaults:
    """Prefill for the written decision: the catalog's deciding official of the (first) resource,
    else of the organisation; the organisation's default administrative court."""
    resources = list(request.resources.all())
    decider = None
    if resources:
        resolver = FactResolver([request.organisation_id], resources)
        for resource in resources:
            found = resolver.facts(resource).decider
            if found:
                decider = found.value
                break
    if decider is None:
        from tietovaranto.catalog.models import Decider

        decider = Decider.objects.filter(
            organisation=request.organisation, area__isnull=True, resource__isnull=True
        ).first()
    text = ""
    if decider is not None:
        title = (decider.title_sv if request.language == "sv" else "") or first_name(decider, "title")
        text = ", ".join(part for part in (title, decider.name) if part) or decider.authority
    return DecisionDefaults(decider=text, court=request.organisation.default_court)


# -- reminders, retention ---------------------------------------------------------------------------


def requests_needing_reminder(on: date) -> QuerySet[InformationRequest]:
    soon = on + timedelta(days=deadlines.SOON_DAYS)
    return InformationRequest.objects.filter(
        models.Q(status__in=[Status.RECEIVED, Status.IN_PROGRESS], due_date__lte=soon)
        | models.Q(status=Status.REFERRED, decision_due_date__lte=soon)
    ).select_related("organisation", "handler")


def send_reminders(on: date | None = None) -> int:
    """E-mail the handler (else the request channel) of every request due within 3 days or late."""
    on = on or today()
    count = 0
    for request in requests_needing_reminder(on):
        due = request.current_due_date
        days = deadlines.days_left(due, on) if due else 0
        with transaction.atomic():
            handler_email = request.handler.email if request.handler else ""
            context = {"request": request, "days_left": days, "overdue": days < 0}
            _to_staff(
                request, "reminder", [handler_email] if handler_email else routing_addresses(request), context
            )
            _event(request, EventKind.REMINDER, text=str(days))
        count += 1
    return count


def anonymise_old_requests(now: datetime | None = None) -> int:
    """Remove the personal data of requests closed longer ago than REQUEST_RETENTION_DAYS.

    What remains (dates, kind, outcome, organisation) keeps the public statistics right.
    """
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.REQUEST_RETENTION_DAYS)
    old = InformationRequest.objects.filter(anonymised_at__isnull=True, answered_at__lt=cutoff).exclude(
        status__in=ACTIVE_STATUSES
    )
    count = 0
    for request in old:
        with transaction.atomic():
            RequestEvent.objects.filter(request=request).update(text="")
            for attachment in Attachment.objects.filter(request=request):
                attachment.file.delete(save=False)  # answers may hold the requester's own data
                attachment.delete()
            InformationRequest.objects.filter(pk=request.pk).update(
                subject="",
                criteria_values={},
                requester_name="",
                requester_email="",
                requester_phone="",
                requester_address="",
                identity_code="",
                business_id="",
                intended_use="",
                extension_reason="",
                anonymised_at=now,
            )
        count += 1
    return count


def purge_mail_log(now: datetime | None = None) -> int:
    """Delete django-mailer's log of sent and failed e-mail (full message bodies) older than
    REQUEST_RETENTION_DAYS, with the messages that never went out in that time."""
    from mailer.models import Message, MessageLog

    cutoff = (now or timezone.now()) - timedelta(days=settings.REQUEST_RETENTION_DAYS)
    logged, _by_model = MessageLog.objects.filter(when_attempted__lt=cutoff).delete()
    stuck, _by_model = Message.objects.filter(when_added__lt=cutoff).delete()
    return logged + stuck
