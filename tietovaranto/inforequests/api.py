from datetime import date

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Header, Router, Schema, Status
from pydantic import Field

from tietovaranto.catalog.models import InformationResource
from tietovaranto.catalog.selectors import organisation_get
from tietovaranto.federation.selectors import requests_elsewhere
from tietovaranto.inforequests import services
from tietovaranto.inforequests.forms import RequestForm
from tietovaranto.inforequests.models import Delivery, RequestKind
from tietovaranto.inforequests.selectors import criteria_for, request_channel_missing

router = Router(tags=["information requests"])


class RequestIn(Schema):
    organisation: str = Field(description="organisation slug")
    resources: list[str] = Field(default_factory=list, description="resource slugs of that organisation")
    kind: RequestKind = RequestKind.PUBLIC
    subject: str = Field(description="what is requested")
    delivery: Delivery = Delivery.EMAIL
    criteria: dict[str, str] = Field(default_factory=dict, description="search criterion name → value")
    requester_email: str = ""
    requester_address: str = ""
    requester_phone: str = ""
    requester_name: str = ""
    identity_code: str = ""
    business_id: str = ""
    intended_use: str = ""
    language: str = Field("fi", pattern="^(fi|sv|en)$", description="language of the answers")


class RequestCreatedOut(Schema):
    reference: str
    status: str
    due_date: date
    status_url: str = Field(description="the requester's private status link")


class ErrorsOut(Schema):
    errors: dict[str, list[str]]


def _refused(status: int, field: str, messages: list[str]) -> Status[object]:
    """An answer with messages about one field ("__all__": the whole request), already in the client's
    language (Accept-Language, see ApiLanguageMiddleware)."""
    return Status(status, ErrorsOut(errors={field: messages}))


@router.post(
    "/requests",
    response={
        201: RequestCreatedOut,
        404: ErrorsOut,
        409: ErrorsOut,
        422: ErrorsOut,
        429: ErrorsOut,
        503: ErrorsOut,
    },
    summary="Submit an information request",
)
def submit_request(
    request: HttpRequest,
    payload: RequestIn,
    idempotency_key: str = Header(
        "",
        alias="Idempotency-Key",
        max_length=200,
        description="Optional. The same key again (for 2 days) returns the request it created instead "
        "of a second one; with different content: 409.",
    ),
) -> Status[object]:
    """The same request as the web form, e.g. from a national portal or a chatbot.

    Answers 201 with the reference, the legal due date and the requester's status link, or 422 with
    messages per field. Public documents may be asked anonymously; a contact for the answer is needed.
    Only accepted requests count against the rate limit (429).
    """
    organisation = organisation_get(slug=payload.organisation)
    resources = list(
        InformationResource.objects.filter(organisation=organisation, slug__in=payload.resources)
    )
    unknown = sorted(set(payload.resources) - {r.slug for r in resources})
    if unknown:
        return _refused(422, "resources", [_("unknown resource: %(slug)s") % {"slug": s} for s in unknown])
    elsewhere = requests_elsewhere(organisation, payload.resources)
    if elsewhere:
        message = _("this organisation takes requests in its own service: %(url)s") % {"url": elsewhere}
        return _refused(422, "organisation", [message])
    if request_channel_missing(organisation):
        return _refused(422, "organisation", [_("this organisation takes no requests through this service")])
    criteria = criteria_for(resources)
    data = payload.model_dump(exclude={"organisation", "resources", "criteria", "language"})
    by_name = {str(c).lower(): RequestForm.criterion_field(c) for c in criteria}
    unknown_criteria = sorted(name for name in payload.criteria if name.lower() not in by_name)
    if unknown_criteria:  # dropped without a word before: the request then lacked what was sent
        known = ", ".join(str(c) for c in criteria)
        message = (
            _("unknown search criterion: %(name)s (known: %(known)s)")
            if known
            else _("unknown search criterion: %(name)s (known: none)")
        )
        return _refused(422, "criteria", [message % {"name": n, "known": known} for n in unknown_criteria])
    for name, value in payload.criteria.items():
        data[by_name[name.lower()]] = value
    # errors under the criterion's name as the client sent it, not the form's internal field name
    names = {RequestForm.criterion_field(c): f"criteria.{c}" for c in criteria}
    # messages in the client's language (Accept-Language, see ApiLanguageMiddleware); `language` is
    # the requester's, for the answer
    form = RequestForm(data, criteria=criteria)
    if not form.is_valid():
        return Status(
            422,
            ErrorsOut(
                errors={
                    names.get(field, field): [str(m) for m in messages]
                    for field, messages in form.errors.items()
                }
            ),
        )
    address = request.META.get("REMOTE_ADDR", "")
    try:
        created = services.request_submit(
            services.Submission.from_form(
                organisation,
                resources,
                form,
                channel="api",
                language=payload.language,
            ),
            client_address=address,
            once_key=services.submission_key("api", idempotency_key, address) if idempotency_key else "",
        )
    except services.SubmissionRateLimited:
        return _refused(429, "__all__", [_("too many requests; try again in a few minutes")])
    except services.SubmissionBusy:
        # SQLite's one write lock is held by a long import; nothing was stored, the client may resend
        return _refused(503, "__all__", [_("the service is busy; send the same request again in a minute")])
    except services.SubmissionKeyReused as reused:
        message = _("Idempotency-Key already used for %(reference)s") % {
            "reference": reused.request.reference
        }
        return _refused(409, "__all__", [message])
    assert created.due_date is not None
    return Status(
        201,
        RequestCreatedOut(
            reference=created.reference,
            status=created.status,
            due_date=created.due_date,
            status_url=services.status_url(created),
        ),
    )
