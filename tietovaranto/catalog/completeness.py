"""The check against the law: what the 28 § description still lacks, per organisation and per resource.

`check_description(organisation)` is a pure read (a fixed number of queries, no writes) that returns
one `Finding` per element that TiHL 906/2019 28 § and good practice expect: present, missing or
stale, required or recommended, with the statute cited and a sentence in the active language.
The command `check-description` and the staff page `/staff/<org>/check/` both render it.

Decisions written down here, because the law leaves them open:
- Case register (asiarekisteri, TiHL 25 §): present when the organisation's `case_register` field
  names it, or when a published resource or one of its items is named like one ("asiarekisteri",
  "asianhallinta…", "ärenderegister", "case management" …), as the Kaarina page lists
  "Asianhallintajärjestelmä (katso kaupungin asiarekisteri)".
- Open availability (28 § 1 mom 5 k) is the `open` interface fact only: a 22 § disclosure to
  authorities or 23 § viewing access does not answer it; a statement whose status is "not stated"
  does not either. A negative statement ("not available") is complete.
- Bilingual authorities (`Organisation.bilingual`, kielilaki 423/2003): the base columns hold
  Finnish, the `_sv` columns Swedish; these rules ask for both. (The other rules accept a text in
  any language: a unilingual Swedish authority's description is written in Swedish only.)
- Review: the last change of the resource, its own facts or its items, compared with
  `REVIEW_PERIOD`. Staleness is recommended, not required, so it never fails a pipeline.
"""

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, NamedTuple

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Model
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from tietovaranto.catalog.models import (
    Availability,
    InformationResource,
    InterfaceAspect,
    Organisation,
    ResourceItem,
    ServiceArea,
)
from tietovaranto.catalog.selectors import FactResolver, ResourceFacts

Text = str | Promise  # a sentence, translated when rendered

# Good practice, not statute: a description nobody has touched for a year is probably out of date.
REVIEW_PERIOD = timedelta(days=365)

# Names that show the case register is described (fi, sv, en).
CASE_REGISTER_NAMES = re.compile(
    r"asiarekister|asianhallin|ärenderegist|ärendehanter|case regist|case manag", re.IGNORECASE
)


class Status(models.TextChoices):
    PRESENT = "present", _("present")
    MISSING = "missing", _("missing")
    STALE = "stale", _("out of date")


class Severity(models.TextChoices):
    REQUIRED = "required", _("required")
    RECOMMENDED = "recommended", _("recommended")


@dataclass(frozen=True)
class Rule:
    id: str
    element: Text
    statute: str
    severity: Severity
    missing: Text
    present: Text
    stale: Text = ""


TIHL = "TiHL 906/2019"
LANGUAGE_ACT = "Kielilaki 423/2003 32 §"

RULES: dict[str, Rule] = {
    rule.id: rule
    for rule in [
        # -- organisation ----------------------------------------------------------------------
        Rule(
            "resources",
            _("Information resources"),
            f"{TIHL} 28 § 1 mom",
            Severity.REQUIRED,
            missing=_("The description lists no information resources."),
            present=_("The description lists information resources."),
        ),
        Rule(
            "registry-email",
            _("Registry office e-mail"),
            f"{TIHL} 28 § 1 mom 2 k",
            Severity.REQUIRED,
            missing=_(
                "The registry office (kirjaamo) e-mail address is empty: requests that name no "
                "information resource have nowhere to go."
            ),
            present=_("The registry office e-mail address is given."),
        ),
        Rule(
            "registry-postal",
            _("Registry office postal address"),
            f"{TIHL} 28 § 1 mom 2 k",
            Severity.RECOMMENDED,
            missing=_("The registry office postal address is empty: requests may also come by post."),
            present=_("The registry office postal address is given."),
        ),
        Rule(
            "case-register",
            _("Case register (asiarekisteri)"),
            f"{TIHL} 25 §, 28 § 1 mom",
            Severity.REQUIRED,
            missing=_(
                "The description does not say where the case register is kept: name it in the "
                "organisation settings, or list the case management system under a resource."
            ),
            present=_("The case register is referred to."),
        ),
        Rule(
            "sv-organisation",
            _("Organisation name in Swedish"),
            LANGUAGE_ACT,
            Severity.REQUIRED,
            missing=_("The organisation is bilingual but its name in Swedish is empty."),
            present=_("The organisation's name is given in Swedish."),
        ),
        Rule(
            "sv-area",
            _("Service area name in Swedish"),
            LANGUAGE_ACT,
            Severity.REQUIRED,
            missing=_("The organisation is bilingual but this service area has no name in Swedish."),
            present=_("The service area's name is given in Swedish."),
        ),
        # -- resource --------------------------------------------------------------------------
        Rule(
            "purpose",
            _("Purpose and description"),
            f"{TIHL} 28 § 1 mom 3 k",
            Severity.REQUIRED,
            missing=_("The resource has no text on its purpose and content."),
            present=_("The purpose and content are described."),
        ),
        Rule(
            "items",
            _("Registers, data sets or systems"),
            f"{TIHL} 28 § 1 mom 1 ja 3 k",
            Severity.REQUIRED,
            missing=_("No register, data set or information system is listed."),
            present=_("Registers, data sets or systems are listed."),
        ),
        Rule(
            "search-criteria",
            _("Search criteria (hakutekijät)"),
            f"{TIHL} 28 § 1 mom 4 k",
            Severity.REQUIRED,
            missing=_(
                "No search criteria are given, neither for the resource nor for its service area "
                "or organisation."
            ),
            present=_("Search criteria are given."),
        ),
        Rule(
            "request-contact",
            _("Where to send a request"),
            f"{TIHL} 28 § 1 mom 2 k",
            Severity.REQUIRED,
            missing=_(
                "No e-mail, postal address or phone for information requests, and the registry "
                "office has none either."
            ),
            present=_("Contact details for information requests are given."),
        ),
        Rule(
            "decider",
            _("Deciding authority"),
            f"{TIHL} 28 § 1 mom 2 k",
            Severity.REQUIRED,
            missing=_("The authority that decides on disclosing the data is not named."),
            present=_("The deciding authority is named."),
        ),
        Rule(
            "decider-contact",
            _("Contact details of the deciding authority"),
            f"{TIHL} 28 § 1 mom 2 k",
            Severity.RECOMMENDED,
            missing=_("The deciding authority has no e-mail address or phone number of its own."),
            present=_("The deciding authority's contact details are given."),
        ),
        Rule(
            "open-interface",
            _("Open availability through a technical interface"),
            f"{TIHL} 28 § 1 mom 5 k",
            Severity.REQUIRED,
            missing=_(
                "The description does not say whether the data is openly available through a "
                "technical interface. A negative statement is enough."
            ),
            present=_("Open availability through a technical interface is stated."),
        ),
        Rule(
            "review",
            _("Reviewed within 12 months"),
            f"{TIHL} 28 § 1 mom",
            Severity.RECOMMENDED,
            missing="",  # never missing: a resource always has a last change
            present=_("Changed within the last 12 months."),
            stale=_("Not changed for more than 12 months: check that it is still true and save it."),
        ),
        Rule(
            "fi-name",
            _("Name in Finnish"),
            LANGUAGE_ACT,
            Severity.REQUIRED,
            missing=_("The organisation is bilingual but the resource has no name in Finnish."),
            present=_("The name is given in Finnish."),
        ),
        Rule(
            "fi-description",
            _("Description in Finnish"),
            LANGUAGE_ACT,
            Severity.REQUIRED,
            missing=_("The organisation is bilingual but the resource has no description in Finnish."),
            present=_("The description is given in Finnish."),
        ),
        Rule(
            "sv-name",
            _("Name in Swedish"),
            LANGUAGE_ACT,
            Severity.REQUIRED,
            missing=_("The organisation is bilingual but the resource has no name in Swedish."),
            present=_("The name is given in Swedish."),
        ),
        Rule(
            "sv-description",
            _("Description in Swedish"),
            LANGUAGE_ACT,
            Severity.REQUIRED,
            missing=_("The organisation is bilingual but the resource has no description in Swedish."),
            present=_("The description is given in Swedish."),
        ),
        Rule(
            "sv-details",
            _("Items, search criteria and statements in Swedish"),
            LANGUAGE_ACT,
            Severity.REQUIRED,
            missing=_("The organisation is bilingual but some details have no Swedish text."),
            present=_("The details are given in Swedish."),
        ),
    ]
}


@dataclass(frozen=True)
class Target:
    """What to edit to fix a finding: an organisation, a service area or a resource, and a field."""

    kind: str  # "organisation", "area" or "resource"
    organisation_slug: str
    pk: int
    slug: str
    field: str = ""  # a model field name where there is one ("registry_email"), else a fact name
    uid: str = ""  # the row's identity in the draft, where the desk edits it

    @classmethod
    def of(cls, row: Organisation | ServiceArea | InformationResource, field: str = "") -> "Target":
        if isinstance(row, Organisation):
            return cls("organisation", row.slug, row.pk, row.slug, field, str(row.uid))
        kind = "area" if isinstance(row, ServiceArea) else "resource"
        return cls(kind, row.organisation.slug, row.pk, row.slug, field, str(row.uid))


@dataclass(frozen=True)
class Finding:
    rule: Rule
    status: Status
    target: Target
    detail: Text = ""  # a second sentence: what was found, or why it does not count

    @property
    def rule_id(self) -> str:
        return self.rule.id

    @property
    def element(self) -> Text:
        return self.rule.element

    @property
    def severity(self) -> Severity:
        return self.rule.severity

    @property
    def statute(self) -> str:
        return self.rule.statute

    @property
    def is_gap(self) -> bool:
        return self.status != Status.PRESENT

    @property
    def message(self) -> str:
        sentence = {Status.PRESENT: self.rule.present, Status.MISSING: self.rule.missing}.get(
            self.status, self.rule.stale
        )
        return " ".join(str(part) for part in (sentence, self.detail) if str(part))

    @property
    def fix_url(self) -> str:
        return fix_url_for(self)

    def as_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule.id,
            "element": str(self.rule.element),
            "status": self.status.value,
            "severity": self.severity.value,
            "statute": self.statute,
            "message": self.message,
            "target": {"kind": self.target.kind, "slug": self.target.slug, "field": self.target.field},
            "fix_url": self.fix_url,
        }


@dataclass
class ResourceReport:
    resource: InformationResource
    findings: list[Finding]

    @property
    def gaps(self) -> list[Finding]:
        return [f for f in self.findings if f.is_gap]


@dataclass
class CompletenessReport:
    organisation: Organisation
    checked_at: datetime
    findings: list[Finding]  # the organisation's own and its service areas'
    resources: list[ResourceReport] = field(default_factory=list)

    @property
    def gaps(self) -> list[Finding]:
        """The organisation's and its service areas' findings that are not present."""
        return [f for f in self.findings if f.is_gap]

    def all_findings(self) -> Iterator[Finding]:
        yield from self.findings
        for resource in self.resources:
            yield from resource.findings

    @property
    def missing_required(self) -> list[Finding]:
        return [
            f for f in self.all_findings() if f.status == Status.MISSING and f.severity == Severity.REQUIRED
        ]

    @property
    def missing_recommended(self) -> list[Finding]:
        return [
            f
            for f in self.all_findings()
            if f.status == Status.MISSING and f.severity == Severity.RECOMMENDED
        ]

    @property
    def stale(self) -> list[Finding]:
        return [f for f in self.all_findings() if f.status == Status.STALE]

    @property
    def complete(self) -> bool:
        """Nothing required is missing (recommended and stale elements do not count)."""
        return not self.missing_required

    def as_dict(self) -> dict[str, Any]:
        return {
            "organisation": self.organisation.slug,
            "name": self.organisation.name,
            "checked_at": self.checked_at.isoformat(),
            "complete": self.complete,
            "missing_required": len(self.missing_required),
            "missing_recommended": len(self.missing_recommended),
            "stale": len(self.stale),
            "findings": [f.as_dict() for f in self.findings],
            "resources": [
                {
                    "slug": r.resource.slug,
                    "name": str(r.resource),
                    "findings": [f.as_dict() for f in r.findings],
                }
                for r in self.resources
            ],
        }


# -- where to fix ------------------------------------------------------------------------------

# The desk's edit pages, by target kind (kwargs: org_slug, and the area's or resource's uid)
DESK_URL_NAMES = {"organisation": "desk:organisation", "area": "desk:area", "resource": "desk:resource"}
TARGET_MODELS: dict[str, type[Model]] = {
    "organisation": Organisation,
    "area": ServiceArea,
    "resource": InformationResource,
}


def fix_url_for(finding: Finding) -> str:
    """The edit page of the finding's target, with `#id_<field>` when the field is on that form."""
    target = finding.target
    kwargs = {"org_slug": target.organisation_slug}
    if target.kind != "organisation":
        kwargs["uid"] = target.uid
    url = reverse(DESK_URL_NAMES[target.kind], kwargs=kwargs)
    try:
        TARGET_MODELS[target.kind]._meta.get_field(target.field)
    except FieldDoesNotExist:
        return url
    return f"{url}#id_{target.field}"


# -- the check ---------------------------------------------------------------------------------


def check_description(organisation: Organisation, *, now: datetime | None = None) -> CompletenessReport:
    """Every rule for the organisation, its service areas and each of its resources."""
    now = now or timezone.now()
    resources = list(
        InformationResource.all_objects.filter(organisation=organisation)
        .select_related("area")
        .order_by("area__position", "position", "name")
    )
    items = _items_by_resource(organisation)
    for resource in resources:
        resource.organisation = organisation  # one object, no query per resource
    areas = list(ServiceArea.all_objects.filter(organisation=organisation).order_by("position", "name"))
    resolver = FactResolver([organisation.pk])
    report = CompletenessReport(
        organisation, now, _organisation_findings(organisation, areas, resources, items)
    )
    for resource in resources:
        findings = _resource_findings(resource, resolver.facts(resource), items[resource.pk], now)
        report.resources.append(ResourceReport(resource, findings))
    return report


class ItemRow(NamedTuple):
    """What the rules read of an item: plain values, no model instances (1,000 resources × 8 items)."""

    name: str
    name_sv: str
    name_en: str
    note: str
    updated_at: datetime


def _items_by_resource(organisation: Organisation) -> dict[int, list[ItemRow]]:
    rows = (
        ResourceItem.all_objects.filter(resource__organisation=organisation)
        .order_by("resource_id", "position")
        .values_list(
            "resource_id", "item__name", "item__name_sv", "item__name_en", "item__note", "item__updated_at"
        )
    )
    items: dict[int, list[ItemRow]] = defaultdict(list)
    for resource_id, name, name_sv, name_en, note, updated_at in rows:
        items[resource_id].append(ItemRow(name, name_sv, name_en, note, updated_at))
    return items


def _finding(rule_id: str, ok: bool, target: Target, detail: Text = "") -> Finding:
    return Finding(RULES[rule_id], Status.PRESENT if ok else Status.MISSING, target, detail)


def _organisation_findings(
    organisation: Organisation,
    areas: list[ServiceArea],
    resources: list[InformationResource],
    items: dict[int, list[ItemRow]],
) -> list[Finding]:
    def at(field: str) -> Target:
        return Target.of(organisation, field)

    case_register = _case_register_reference(organisation, resources, items)
    findings = [
        _finding("resources", bool(resources), at("")),
        _finding("registry-email", bool(organisation.registry_email), at("registry_email")),
        _finding(
            "registry-postal", bool(organisation.registry_postal_address), at("registry_postal_address")
        ),
        _finding(
            "case-register",
            bool(case_register),
            at("case_register"),
            format_lazy(_("Found: {where}."), where=case_register) if case_register else "",
        ),
    ]
    if organisation.bilingual:
        findings.append(_finding("sv-organisation", bool(organisation.name_sv), at("name_sv")))
        for area in areas:
            area.organisation = organisation  # for the target, without a query
            findings.append(
                _finding(
                    "sv-area",
                    bool(area.name_sv),
                    Target.of(area, "name_sv"),
                    format_lazy(_("Service area: {name}."), name=str(area)),
                )
            )
    return findings


def _case_register_reference(
    organisation: Organisation, resources: list[InformationResource], items: dict[int, list[ItemRow]]
) -> str:
    """Where the case register is referred to: the organisation's field, else a resource or item name."""
    if organisation.case_register.strip():
        return organisation.case_register.strip()
    for resource in resources:
        rows: list[Any] = [resource, *items[resource.pk]]
        for row in rows:
            texts = [row.name, row.name_sv, row.name_en, getattr(row, "note", "")]
            if any(CASE_REGISTER_NAMES.search(text) for text in texts if text):
                return next(text for text in texts if text)
    return ""


def _resource_findings(
    resource: InformationResource, facts: ResourceFacts, items: list[ItemRow], now: datetime
) -> list[Finding]:
    def at(field: str) -> Target:
        return Target.of(resource, field)

    contacts = facts.contacts.value if facts.contacts else []
    reachable = [c for c in contacts if c.kind in ("email", "postal", "phone") and c.value.strip()]
    decider = facts.decider.value if facts.decider else None
    open_found, open_detail = _open_interface(facts)
    findings = [
        # in any language: a description written in Swedish only describes its purpose too
        _finding("purpose", bool(_any_text(resource, "description")), at("description")),
        _finding(
            "items",
            bool(items),
            at("items"),
            format_lazy(_("Number listed: {count}."), count=len(items)) if items else "",
        ),
        _finding(
            "search-criteria",
            bool(facts.criteria),
            at("search_criteria"),
            _stated_for(facts.criteria[-1].source) if facts.criteria else "",
        ),
        _finding(
            "request-contact",
            bool(reachable),
            at("request_contacts"),
            _stated_for(facts.contacts.source) if facts.contacts and reachable else "",
        ),
        _finding(
            "decider",
            decider is not None,
            at("decider"),
            _stated_for(facts.decider.source) if facts.decider else "",
        ),
        _finding(
            "decider-contact",
            decider is not None and bool(decider.email or decider.phone),
            at("decider"),
        ),
        _finding("open-interface", open_found, at("interface"), open_detail),
        _review(resource, facts, items, now),
    ]
    if resource.organisation.bilingual:
        findings += [
            _finding("fi-name", bool(resource.name), at("name")),
            _finding("fi-description", bool(resource.description.strip()), at("description")),
            _finding("sv-name", bool(resource.name_sv), at("name_sv")),
            _finding("sv-description", bool(resource.description_sv.strip()), at("description_sv")),
            _swedish_details(resource, facts, items),
        ]
    return findings


def _any_text(row: Any, field: str) -> str:
    return next((t for t in (getattr(row, f"{field}{s}").strip() for s in ("", "_sv", "_en")) if t), "")


def _stated_for(source: str) -> Text:
    return {
        "resource": _("Stated for the resource."),
        "area": _("Stated for the whole service area."),
        "organisation": _("Stated for the whole organisation."),
    }[source]


def _open_interface(facts: ResourceFacts) -> tuple[bool, Text]:
    """28 § 1 mom 5 k asks about *open* availability; yes or no answers it, "not stated" does not."""
    stated = facts.interface.get(InterfaceAspect.OPEN)
    if stated is not None and stated.value.status == Availability.YES:
        return True, _("The statement says the data is available.")
    if stated is not None and stated.value.status == Availability.NO:
        return True, _("The statement says the data is not available.")
    if stated is not None and stated.value.text:
        return False, format_lazy(
            _("The statement given does not say yes or no: “{text}”"), text=stated.value.text
        )
    if facts.interface:
        return False, _(
            "The statements given concern disclosure to other authorities (22 §) or viewing access "
            "(23 §), not open availability."
        )
    return False, ""


def _review(
    resource: InformationResource, facts: ResourceFacts, items: list[ItemRow], now: datetime
) -> Finding:
    """Stale when neither the resource, nor a fact stated for it, nor one of its items changed lately."""
    own_facts = [f.value for f in facts.criteria if not f.inherited]
    own_facts += [f.value for f in facts.interface.values() if not f.inherited]
    if facts.decider and not facts.decider.inherited:
        own_facts.append(facts.decider.value)
    if facts.contacts and not facts.contacts.inherited:
        own_facts += facts.contacts.value
    dates = [resource.updated_at] + [row.updated_at for row in own_facts + items if row.updated_at]
    last = timezone.localtime(max(dates))
    status = Status.PRESENT if now - last <= REVIEW_PERIOD else Status.STALE
    detail = format_lazy(
        _("Last changed on {date}."),
        date=f"{last.day}.{last.month}.{last.year}",  # as the site, j.n.Y
    )
    return Finding(RULES["review"], status, Target.of(resource, "review"), detail)


def _swedish_details(resource: InformationResource, facts: ResourceFacts, items: list[ItemRow]) -> Finding:
    """Items, search criteria, the decider's title and interface statements, each with its Swedish."""
    missing: list[Text] = []
    unnamed = [item for item in items if not item.name_sv]
    if unnamed:
        missing.append(format_lazy(_("{count} of {total} items"), count=len(unnamed), total=len(items)))
    criteria = [c.value for c in facts.criteria]
    untranslated = [c for c in criteria if not c.name_sv]
    if untranslated:
        missing.append(
            format_lazy(_("{count} of {total} search criteria"), count=len(untranslated), total=len(criteria))
        )
    if facts.decider and facts.decider.value.title and not facts.decider.value.title_sv:
        missing.append(_("the deciding official's title"))
    if any(f.value.text and not f.value.text_sv for f in facts.interface.values()):
        missing.append(_("interface statements"))
    detail: Text = ""
    if missing:
        detail = format_lazy(_("Without Swedish: {list}."), list=", ".join(str(m) for m in missing))
    return _finding("sv-details", not missing, Target.of(resource, "swedish"), detail)
