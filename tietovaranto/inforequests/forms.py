"""The request form, shared by the public page, the JSON API and staff entry of requests."""

import secrets
from typing import Any, cast

from django import forms
from django.core import signing
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from tietovaranto.catalog.models import SearchCriterion
from tietovaranto.inforequests.identifiers import (
    is_identity_code_field,
    parse_identity_code,
    validate_business_id,
)
from tietovaranto.inforequests.models import Channel, Delivery, RequestKind

SUBJECT_MAX = 5000
FORM_TOKEN_SALT = "inforequests.form-token"
FORM_TOKEN_MAX_AGE = 7 * 24 * 3600  # a form left open for a week can still be sent


def new_form_token() -> str:
    """A one-time token for one filled-in form (signed, so only tokens this site issued count)."""
    return signing.dumps(secrets.token_urlsafe(18), salt=FORM_TOKEN_SALT)


IDENTIFIED_KINDS = (RequestKind.OWN_DATA, RequestKind.PARTY, RequestKind.SECRET)


def _identity_code_validator(value: str) -> None:
    if value.strip():
        parse_identity_code(value)


class RequestForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What kind of request is this?"),
        choices=RequestKind.choices,
        initial=RequestKind.PUBLIC,
        widget=forms.RadioSelect,
    )
    subject = forms.CharField(
        label=_("What information do you ask for?"),
        help_text=_(
            "Describe the documents or data as well as you can: subject, time period, names of matters."
        ),
        max_length=SUBJECT_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    delivery = forms.ChoiceField(
        label=_("How do you want to receive the information?"),
        choices=Delivery.choices,
        initial=Delivery.EMAIL,
        widget=forms.RadioSelect,
    )
    requester_email = forms.EmailField(
        label=_("E-mail address for the answer"), required=False, max_length=254
    )
    requester_address = forms.CharField(
        label=_("Postal address for the answer"), required=False, max_length=300
    )
    requester_phone = forms.CharField(label=_("Phone"), required=False, max_length=50)
    requester_name = forms.CharField(
        label=_("Name"),
        required=False,
        max_length=200,
        help_text=_("Not needed for public documents: you may ask anonymously (JulkL 13 §)."),
    )
    identity_code = forms.CharField(
        label=_("Personal identity code"),
        required=False,
        max_length=11,
        help_text=_("Only for requests about your own data or secret data, to identify you."),
    )
    business_id = forms.CharField(label=_("Business ID (y-tunnus)"), required=False, max_length=9)
    intended_use = forms.CharField(
        label=_("Intended use of the data"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Needed for secret documents and personal data registers (JulkL 13 § 2 mom)."),
    )
    # A spam trap: hidden from people by CSS and from screen readers; bots fill it in
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    # One-time token: the same filled-in form sent twice (double click, reload, resend) creates
    # one request. Optional, so that clients which never fetched the form can still post.
    form_token = forms.CharField(required=False, max_length=200, widget=forms.HiddenInput)

    def __init__(self, *args: Any, criteria: list[SearchCriterion] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.fields["form_token"].initial = new_form_token()
        self.criteria = criteria or []
        for criterion in self.criteria:
            self.fields[self.criterion_field(criterion)] = forms.CharField(
                label=str(criterion), required=False, max_length=200
            )
            if is_identity_code_field(str(criterion)):
                # checked like the identity field, and masked wherever the request is listed
                self.fields[self.criterion_field(criterion)].validators.append(_identity_code_validator)

    @staticmethod
    def criterion_field(criterion: SearchCriterion) -> str:
        return f"criterion_{criterion.pk}"

    def criterion_fields(self) -> list[forms.BoundField]:
        return [self[self.criterion_field(c)] for c in self.criteria]

    def clean_identity_code(self) -> str:
        value: str = self.cleaned_data["identity_code"]
        if not value.strip():
            return ""
        code = parse_identity_code(value)
        self.identity_code_temporary = code.temporary
        return code.code

    def clean_form_token(self) -> str:
        value: str = self.cleaned_data["form_token"]
        if not value:
            return ""
        try:
            signing.loads(value, salt=FORM_TOKEN_SALT, max_age=FORM_TOKEN_MAX_AGE)
        except signing.BadSignature as error:
            self.renew_form_token()
            raise ValidationError(
                _("The form had expired. Check what you typed and send the form again."), code="expired"
            ) from error
        return value

    def renew_form_token(self) -> None:
        """The form is shown again with a fresh one-time token; what was typed stays."""
        data = cast(Any, self.data).copy()  # a QueryDict copy is mutable
        data["form_token"] = new_form_token()
        self.data = data

    def clean_business_id(self) -> str:
        value: str = self.cleaned_data["business_id"]
        return validate_business_id(value) if value.strip() else ""

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("website"):
            raise ValidationError(_("The form could not be sent."), code="spam")
        kind, delivery = data.get("kind"), data.get("delivery")
        # An address that is there but malformed already has its own error
        if (
            delivery == Delivery.EMAIL
            and not data.get("requester_email")
            and "requester_email" not in self.errors
        ):
            self.add_error("requester_email", _("Give an e-mail address for the answer."))
        if delivery == Delivery.PAPER and not data.get("requester_address"):
            self.add_error("requester_address", _("Give a postal address for the paper copy."))
        if (
            delivery == Delivery.VIEWING
            and not (data.get("requester_email") or data.get("requester_phone"))
            and "requester_email" not in self.errors
        ):
            self.add_error(
                "requester_email", _("Give an e-mail address or a phone number to agree on the visit.")
            )
        if kind in IDENTIFIED_KINDS and not data.get("requester_name"):
            self.add_error(
                "requester_name", _("Your name is needed to identify you for this kind of request.")
            )
        if kind == RequestKind.SECRET and not data.get("intended_use"):
            self.add_error("intended_use", _("Tell what the data will be used for (JulkL 13 § 2 mom)."))
        return data

    identity_code_temporary = False

    def criteria_values(self) -> dict[str, str]:
        values = {}
        for c in self.criteria:
            value = self.cleaned_data.get(self.criterion_field(c), "").strip()
            if value:
                values[str(c)] = value.upper() if is_identity_code_field(str(c)) else value
        return values


class StaffEntryForm(RequestForm):
    """A request that came by phone, post, e-mail or in person, entered with its true date of receipt."""

    channel = forms.ChoiceField(
        label=_("Received by"),
        choices=[(c.value, c.label) for c in Channel if c not in (Channel.WEB, Channel.API)],
    )
    received_at = forms.DateTimeField(
        label=_("Received at"),
        # the value a datetime-local input takes (the locale's "28.11.2026 03.14" it shows as empty)
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    language = forms.ChoiceField(
        label=_("Language of the answers"), choices=[("fi", "suomi"), ("sv", "svenska"), ("en", "English")]
    )
