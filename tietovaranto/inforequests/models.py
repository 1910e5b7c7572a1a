"""Information requests (tietopyynnöt) and data subjects' access requests, with every event kept.

Personal data (names, contacts, identity codes) lives only on InformationRequest and is shown only
to the handling organisation's staff; `purge-requests` removes it after the retention period.
"""

import os
import secrets
from datetime import date

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils.translation import gettext_lazy as _

from tietovaranto.catalog.models import InformationResource, Organisation
from tietovaranto.inforequests.identifiers import mask_identity_code, mask_identity_codes


class RequestKind(models.TextChoices):
    PUBLIC = "public", _("Public documents (JulkL 9 §)")
    OWN_DATA = "own_data", _("My own personal data (GDPR art. 15, JulkL 12 §)")
    PARTY = "party", _("As a party to a matter (JulkL 11 §)")
    SECRET = "secret", _("Secret documents or personal data register data (JulkL 13 § 2 mom)")


class Delivery(models.TextChoices):
    EMAIL = "email", _("By e-mail")
    PAPER = "paper", _("As a paper copy by post")
    VIEWING = "viewing", _("Viewing on site")


class Channel(models.TextChoices):
    WEB = "web", _("web form")
    API = "api", _("interface (API)")
    EMAIL = "email", _("e-mail")
    POST = "post", _("post")
    PHONE = "phone", _("phone")
    IN_PERSON = "in_person", _("in person")


class Status(models.TextChoices):
    RECEIVED = "received", _("Received")
    IN_PROGRESS = "in_progress", _("In progress")
    WAITING = "waiting", _("Waiting for the requester")
    TRANSFERRED = "transferred", _("Transferred to another authority")
    ANSWERED = "answered", _("Answered")
    REFERRED = "referred", _("Written decision requested")
    DECIDED = "decided", _("Written decision given")


OPEN_STATUSES = (Status.RECEIVED, Status.IN_PROGRESS, Status.WAITING)
# Still waiting for staff: open, or a written decision asked for
ACTIVE_STATUSES = (*OPEN_STATUSES, Status.REFERRED)


class Outcome(models.TextChoices):
    DISCLOSED = "disclosed", _("Disclosed")
    PARTLY = "partly", _("Partly disclosed")
    REFUSED = "refused", _("Refused")
    NO_DOCUMENT = "no_document", _("No such document")


# Not (fully) disclosed: JulkL 14 § 3 mom applies (reason, offer of a written decision)
REFUSAL_OUTCOMES = (Outcome.PARTLY, Outcome.REFUSED, Outcome.NO_DOCUMENT)


def new_token() -> str:
    return secrets.token_urlsafe(32)


class ReferenceCounter(models.Model):
    """The last number given per year: TP-2026-000123."""

    year = models.PositiveIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class IdentityVerification(models.TextChoices):
    """How the requester's identity was verified (GDPR art. 12(6), JulkL 13 § 1 mom)."""

    IN_PERSON = "in_person", _("In person, with an identity document")
    STRONG_EID = "strong_eid", _("Strong electronic identification")
    SIGNED_LETTER = "signed_letter", _("A signed letter")


class InformationRequest(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="requests", verbose_name=_("organisation")
    )
    resources = models.ManyToManyField(
        InformationResource, blank=True, related_name="requests", verbose_name=_("information resources")
    )
    reference = models.CharField(max_length=20, unique=True, verbose_name=_("reference"))
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    kind = models.CharField(max_length=20, choices=RequestKind.choices, verbose_name=_("kind of request"))
    channel = models.CharField(max_length=20, choices=Channel.choices, default=Channel.WEB)
    language = models.CharField(max_length=5, default="fi")
    received_at = models.DateTimeField(verbose_name=_("received"))
    # The legal clock: receipt, or the receipt of the clarification (see deadlines.py)
    clock_started_at = models.DateTimeField()
    subject = models.TextField(verbose_name=_("what is requested"))
    criteria_values = models.JSONField(default=dict, blank=True, verbose_name=_("search criteria given"))
    delivery = models.CharField(max_length=20, choices=Delivery.choices, verbose_name=_("form of delivery"))
    # Contact for the answer and identification: personal data, staff-only
    requester_name = models.CharField(max_length=200, blank=True)
    requester_email = models.EmailField(blank=True)
    requester_phone = models.CharField(max_length=50, blank=True)
    requester_address = models.CharField(max_length=300, blank=True)
    identity_code = models.CharField(max_length=11, blank=True)
    identity_code_temporary = models.BooleanField(default=False)
    business_id = models.CharField(max_length=9, blank=True)
    intended_use = models.TextField(blank=True)

    status = models.CharField(max_length=20, choices=Status.choices, default=Status.RECEIVED)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    large = models.BooleanField(default=False)
    extension_reason = models.TextField(blank=True)
    due_date = models.DateField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    transferred_to = models.CharField(max_length=255, blank=True)
    identity_verified_by = models.CharField(
        max_length=20,
        choices=IdentityVerification.choices,
        blank=True,
        verbose_name=_("identity verified by"),
    )
    identity_verified_at = models.DateTimeField(null=True, blank=True)
    # A written decision asked for (JulkL 14 § 3 mom): its own period, see deadlines.decision_due_date
    decision_requested_at = models.DateTimeField(null=True, blank=True)
    decision_due_date = models.DateField(null=True, blank=True)
    # Fees (JulkL 34 §): free unless a quote was accepted before the work; the fee is recorded
    fee_quote = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    fee_quote_text = models.TextField(blank=True)
    fee_accepted_at = models.DateTimeField(null=True, blank=True)
    fee_charged = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    anonymised_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("information request")
        verbose_name_plural = _("information requests")
        indexes = [
            models.Index(fields=["organisation", "status", "due_date"]),
            models.Index(fields=["organisation", "received_at"]),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def masked_identity_code(self) -> str:
        return mask_identity_code(self.identity_code) if self.identity_code else ""

    @property
    def masked_subject(self) -> str:
        """The subject with any identity code typed into it masked: for lists and e-mails."""
        return mask_identity_codes(self.subject)

    @property
    def is_gdpr(self) -> bool:
        return self.kind == RequestKind.OWN_DATA

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def needs_identity(self) -> bool:
        """Own data: identity is verified before anything is disclosed (GDPR art. 12(6))."""
        return self.kind == RequestKind.OWN_DATA

    @property
    def fee_pending(self) -> bool:
        """A quote is waiting for the requester's acceptance: no chargeable work before it."""
        return self.fee_quote is not None and self.fee_accepted_at is None

    @property
    def current_due_date(self) -> "date | None":
        """The date that binds staff now: none while waiting for the requester (the clock restarts
        on their clarification), the decision's own date once a written decision is asked for."""
        if self.status == Status.REFERRED:
            return self.decision_due_date
        if self.status in (Status.RECEIVED, Status.IN_PROGRESS):
            return self.due_date
        return None

    @property
    def can_ask_written_decision(self) -> bool:
        return self.status == Status.ANSWERED and self.outcome in REFUSAL_OUTCOMES


class EventKind(models.TextChoices):
    RECEIVED = "received", _("Request received")
    ASSIGNED = "assigned", _("Handler assigned")
    NOTE = "note", _("Internal note")
    CLARIFICATION_ASKED = "clarification_asked", _("Requester asked to clarify")
    CLARIFIED = "clarified", _("Clarification received")
    EXTENDED = "extended", _("Deadline extended")
    TRANSFERRED = "transferred", _("Transferred to another authority")
    ANSWERED = "answered", _("Answer sent")
    DECISION_REQUESTED = "decision_requested", _("Requester asked for a written decision")
    DECIDED = "decided", _("Written decision given")
    REMINDER = "reminder", _("Deadline reminder sent")
    MESSAGE = "message", _("Message from the requester")
    REPLY = "reply", _("Message to the requester")
    IDENTITY_VERIFIED = "identity_verified", _("Identity verified")
    IDENTITY_REVEALED = "identity_revealed", _("Personal identity code shown")
    ATTACHMENT_DOWNLOADED = "attachment_downloaded", _("Attachment downloaded by the requester")
    DECISION_DOWNLOADED = "decision_downloaded", _("Decision downloaded by the requester (PDF)")
    FEE_QUOTED = "fee_quoted", _("Fee quoted")
    FEE_ACCEPTED = "fee_accepted", _("Fee accepted by the requester")


# What the requester reads on the status page: the same events, told to them
REQUESTER_EVENT_TEXTS = {
    EventKind.RECEIVED: _("We received your request"),
    EventKind.CLARIFICATION_ASKED: _("We asked you to clarify your request"),
    EventKind.CLARIFIED: _("You sent a clarification"),
    EventKind.EXTENDED: _("The time for the answer was extended"),
    EventKind.TRANSFERRED: _("Your request was transferred to another authority"),
    EventKind.ANSWERED: _("We answered your request"),
    EventKind.DECISION_REQUESTED: _("You asked for a written decision"),
    EventKind.DECIDED: _("The written decision was given"),
    EventKind.MESSAGE: _("Your message"),
    EventKind.REPLY: _("Message from the authority"),
    EventKind.IDENTITY_VERIFIED: _("Your identity was verified"),
    EventKind.FEE_QUOTED: _("We sent you a fee quote"),
    EventKind.FEE_ACCEPTED: _("You accepted the fee"),
}


class RequestEvent(models.Model):
    request = models.ForeignKey(InformationRequest, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField()
    kind = models.CharField(max_length=30, choices=EventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    text = models.TextField(blank=True)
    # Shown to the requester on the status page (messages to them); internal notes are not
    public = models.BooleanField(default=False)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.request} {self.kind}"

    @property
    def requester_label(self) -> str:
        return str(REQUESTER_EVENT_TEXTS.get(self.kind, self.get_kind_display()))  # type: ignore[call-overload]


class SubmissionThrottle(models.Model):
    """One row per public submission: a salted hash of the client address, for rate limiting."""

    client_key = models.CharField(max_length=64, db_index=True)
    at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"submission at {self.at}"


class SubmissionKey(models.Model):
    """A one-time form token or an API Idempotency-Key that has been used, and what it created.

    A double click, a resent form or a retried API call finds its key here and gets the first request
    back instead of creating a second one. Kept for SUBMISSION_KEY_DAYS.
    """

    key = models.CharField(max_length=64, unique=True)  # sha256 of the scope and the token
    fingerprint = models.CharField(max_length=64)  # sha256 of what was sent with it
    request = models.ForeignKey(InformationRequest, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"submission key of {self.request_id}"


class PrivateStorage(FileSystemStorage):
    """Attachments live outside the web root (PRIVATE_MEDIA_ROOT, read at each use); only the
    requester's status link serves them (views.attachment)."""

    @property  # type: ignore[override]
    def base_location(self) -> str:
        return str(settings.PRIVATE_MEDIA_ROOT)

    @property  # type: ignore[override]
    def location(self) -> str:
        return os.path.abspath(self.base_location)


def private_storage() -> FileSystemStorage:
    return PrivateStorage(base_url=None)


class Attachment(models.Model):
    """A file sent with an answer or a message to the requester."""

    request = models.ForeignKey(InformationRequest, on_delete=models.CASCADE, related_name="attachments")
    event = models.ForeignKey(RequestEvent, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(storage=private_storage, upload_to="attachments/%Y/%m/", max_length=255)
    name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    downloads = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name


class FeeItem(models.Model):
    """One line of an organisation's public price list (JulkL 34 §): copies, special-effort searches.

    Getting information is free; a fee may cover only the costs and the price list must be public."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="fee_items", verbose_name=_("organisation")
    )
    name = models.CharField(max_length=200, verbose_name=_("name"))
    name_sv = models.CharField(max_length=200, blank=True, verbose_name=_("name in Swedish"))
    name_en = models.CharField(max_length=200, blank=True, verbose_name=_("name in English"))
    unit = models.CharField(max_length=100, verbose_name=_("unit"), help_text=_("e.g. page, started hour"))
    price = models.DecimalField(max_digits=8, decimal_places=2, verbose_name=_("price (EUR, VAT included)"))
    position = models.PositiveIntegerField(default=0, verbose_name=_("position"))

    class Meta:
        ordering = ["organisation", "position", "pk"]
        verbose_name = _("fee")
        verbose_name_plural = _("price list (JulkL 34 §)")

    def __str__(self) -> str:
        return f"{self.name}: {self.price} € / {self.unit}"
