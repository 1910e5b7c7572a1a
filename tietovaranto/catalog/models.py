"""The 28 § description: organisation → service area → information resource → items.

Facts that a page states once for a whole area or organisation (search criteria, request
contacts, the deciding official, interface statements) are "scoped" rows: they always name
the organisation, and optionally an area or a resource. The narrowest scope wins for
contacts, decider and interface facts; search criteria add up (see selectors.effective_*).
"""

import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tietovaranto.catalog.kinds import OrganisationKind, Region, guess_kind
from tietovaranto.core.translation import TimestampedModel, localized
from tietovaranto.inforequests.courts import COURT_CHOICES


def named(prefix: str, field: str = "name") -> models.CheckConstraint:
    """A name in at least one language: a description written in Swedish (or English) only has no
    Finnish name, but every row must be called something."""
    return models.CheckConstraint(
        condition=~Q(**{field: ""}) | ~Q(**{f"{field}_sv": ""}) | ~Q(**{f"{field}_en": ""}),
        name=f"{prefix}_named",
        violation_error_message=_("Give a name in Finnish, Swedish or English."),
    )


def unique_name(prefix: str, *fields: str) -> models.UniqueConstraint:
    """Names are unique within an organisation; rows without a Finnish name are told apart by their
    Swedish or English one (the importer refuses a page that repeats a name)."""
    return models.UniqueConstraint(
        fields=[*fields, "name"], condition=~Q(name=""), name=f"{prefix}_unique_name"
    )


def first_name(row: Any, field: str = "name") -> str:
    """The row's (or a snapshot dict's) name in Finnish, else Swedish, else English: how staff pages,
    logs and the importer call it."""
    return localized(row, field, "fi")


class OrganisationManager(models.Manager["Organisation"]):
    """Live organisations only: an organisation's draft copy is reached through `draft_for()`."""

    def get_queryset(self) -> models.QuerySet["Organisation"]:
        return super().get_queryset().filter(draft_of__isnull=True)


class LiveManager(models.Manager[Any]):
    """Rows of live organisations only. Draft-aware code (snapshots, importer, editing) uses `all_objects`."""

    def __init__(self, organisation_path: str = "organisation") -> None:
        super().__init__()
        self.organisation_path = organisation_path

    def get_queryset(self) -> models.QuerySet[Any]:
        return super().get_queryset().filter(**{f"{self.organisation_path}__draft_of__isnull": True})


class Organisation(TimestampedModel):
    """A tiedonhallintayksikkö: a municipality, wellbeing services county or state agency.

    Each live organisation may have one hidden draft copy (`draft_of` set) that editors, imports and the
    write API change; publishing copies the draft's rows onto the live rows (see publishing.services).
    """

    uid = models.UUIDField(default=uuid.uuid4, editable=False)
    draft_of = models.OneToOneField(
        "self", on_delete=models.CASCADE, null=True, blank=True, editable=False, related_name="draft"
    )
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    name = models.CharField(max_length=200, verbose_name=_("name"))
    name_sv = models.CharField(max_length=200, blank=True, verbose_name=_("name in Swedish"))
    name_en = models.CharField(max_length=200, blank=True, verbose_name=_("name in English"))
    slug = models.SlugField(max_length=200, verbose_name=_("slug"))
    business_id = models.CharField(max_length=9, blank=True, verbose_name=_("business ID (y-tunnus)"))
    kind = models.CharField(
        max_length=30, blank=True, choices=OrganisationKind.choices, verbose_name=_("kind of authority")
    )
    region = models.CharField(
        max_length=30,
        blank=True,
        choices=Region.choices,
        verbose_name=_("region"),
        help_text=_("Leave empty for an authority that serves the whole country."),
    )
    website = models.URLField(blank=True, verbose_name=_("website"))
    registry_email = models.EmailField(blank=True, verbose_name=_("registry office e-mail"))
    registry_postal_address = models.CharField(
        max_length=255, blank=True, verbose_name=_("registry office postal address")
    )
    registry_phone = models.CharField(max_length=100, blank=True, verbose_name=_("registry office phone"))
    registry_visiting_address = models.CharField(
        max_length=255, blank=True, verbose_name=_("registry office visiting address")
    )
    accessibility_statement_url = models.URLField(blank=True, verbose_name=_("accessibility statement"))
    page_title = models.CharField(max_length=255, blank=True, verbose_name=_("title of the description"))
    # Kielilaki 423/2003: a bilingual authority publishes in Finnish and Swedish (checked by
    # catalog.completeness). The base content columns hold Finnish, the `_sv` columns Swedish.
    bilingual = models.BooleanField(
        default=False,
        verbose_name=_("bilingual (Finnish and Swedish)"),
        help_text=_("The description is expected in both Finnish and Swedish (Language Act 423/2003)."),
    )
    case_register = models.CharField(
        max_length=255,
        blank=True,
        verbose_name=_("case register (asiarekisteri)"),
        help_text=_(
            "Where the case register (TiHL 25 §) is kept, e.g. the case management system's name "
            "or the address of its public listing."
        ),
    )
    # Information requests: the GDPR art. 13 notice of the request form (empty: the site's default
    # text) and the administrative court named in appeal instructions (a key of inforequests.courts)
    privacy_notice = models.TextField(blank=True, verbose_name=_("privacy notice of information requests"))
    privacy_notice_sv = models.TextField(blank=True, verbose_name=_("privacy notice in Swedish"))
    privacy_notice_en = models.TextField(blank=True, verbose_name=_("privacy notice in English"))
    default_court = models.CharField(
        max_length=40, blank=True, choices=COURT_CHOICES, verbose_name=_("administrative court for appeals")
    )

    history = HistoricalRecords()

    objects = OrganisationManager()
    all_objects = models.Manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        base_manager_name = "all_objects"
        constraints = [
            models.UniqueConstraint(
                fields=["name"], condition=Q(draft_of__isnull=True), name="organisation_unique_name"
            ),
            models.UniqueConstraint(
                fields=["slug"], condition=Q(draft_of__isnull=True), name="organisation_unique_slug"
            ),
        ]

    @property
    def is_draft(self) -> bool:
        return self.draft_of_id is not None

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        if self.draft_of_id is not None and self.name_taken():
            # the unique constraint covers live rows only: publishing the draft would break it
            raise ValidationError({"name": _("Another organisation already has this name.")})

    def name_taken(self) -> bool:
        """Whether another organisation (live, or the draft of another) has this one's name."""
        own = self.draft_of_id or self.pk
        return (
            Organisation.all_objects.filter(name=self.name)
            .exclude(pk=own)
            .exclude(draft_of=own)
            .exclude(pk=self.pk)
            .exists()
        )

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Every way in (import, harvest, admin) gets the kind the name suggests; the desk can change it.
        if self._state.adding and not self.kind:
            self.kind = guess_kind(self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("catalog:organisation", kwargs={"org_slug": self.slug})


class ServiceArea(TimestampedModel):
    """Palvelualue: the part of the organisation under which resources are listed."""

    uid = models.UUIDField(default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="areas", verbose_name=_("organisation")
    )
    name = models.CharField(max_length=200, blank=True, verbose_name=_("name"))
    name_sv = models.CharField(max_length=200, blank=True, verbose_name=_("name in Swedish"))
    name_en = models.CharField(max_length=200, blank=True, verbose_name=_("name in English"))
    slug = models.SlugField(max_length=200, verbose_name=_("slug"))
    description = models.TextField(blank=True, verbose_name=_("description"))
    description_sv = models.TextField(blank=True, verbose_name=_("description in Swedish"))
    description_en = models.TextField(blank=True, verbose_name=_("description in English"))
    position = models.PositiveIntegerField(default=0, verbose_name=_("position"))
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords()

    objects = LiveManager()
    all_objects = models.Manager()

    class Meta:
        default_manager_name = "all_objects"
        ordering = ["organisation", "position", "name"]
        verbose_name = _("service area")
        verbose_name_plural = _("service areas")
        constraints = [
            unique_name("area", "organisation"),
            named("area"),
            models.UniqueConstraint(fields=["organisation", "slug"], name="area_unique_slug"),
            models.UniqueConstraint(fields=["organisation", "uid"], name="area_unique_uid"),
        ]

    def __str__(self) -> str:
        return first_name(self)


class InformationResource(TimestampedModel):
    """Tietovaranto."""

    uid = models.UUIDField(default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="resources", verbose_name=_("organisation")
    )
    area = models.ForeignKey(
        ServiceArea,
        on_delete=models.PROTECT,
        related_name="resources",
        null=True,
        blank=True,
        verbose_name=_("service area"),
    )
    name = models.CharField(max_length=255, blank=True, verbose_name=_("name"))
    name_sv = models.CharField(max_length=255, blank=True, verbose_name=_("name in Swedish"))
    name_en = models.CharField(max_length=255, blank=True, verbose_name=_("name in English"))
    slug = models.SlugField(max_length=255, verbose_name=_("slug"))
    description = models.TextField(blank=True, verbose_name=_("purpose and description"))
    description_sv = models.TextField(blank=True, verbose_name=_("description in Swedish"))
    description_en = models.TextField(blank=True, verbose_name=_("description in English"))
    position = models.PositiveIntegerField(default=0, verbose_name=_("position"))
    version = models.PositiveIntegerField(default=1, editable=False)
    items: "models.ManyToManyField[Item, ResourceItem]" = models.ManyToManyField(
        "Item", through="ResourceItem", related_name="resources", verbose_name=_("items")
    )

    history = HistoricalRecords()

    objects = LiveManager()
    all_objects = models.Manager()

    class Meta:
        default_manager_name = "all_objects"
        ordering = ["organisation", "area__position", "position", "name"]
        verbose_name = _("information resource")
        verbose_name_plural = _("information resources")
        constraints = [
            unique_name("resource", "organisation"),
            named("resource"),
            models.UniqueConstraint(fields=["organisation", "slug"], name="resource_unique_slug"),
            models.UniqueConstraint(fields=["organisation", "uid"], name="resource_unique_uid"),
        ]

    def __str__(self) -> str:
        return first_name(self)

    def get_absolute_url(self) -> str:
        return reverse(
            "catalog:resource", kwargs={"org_slug": self.organisation.slug, "resource_slug": self.slug}
        )


class ItemKind(models.TextChoices):
    REGISTER = "register", _("register")  # rekisteri
    DATASET = "dataset", _("data set")  # tietoaineisto
    SYSTEM = "system", _("information system")  # tietojärjestelmä
    COLLECTION = "collection", _("collection")  # a named group of data sets, e.g. a sub-resource


class Item(TimestampedModel):
    """A register, data set, information system or collection. One system may serve several resources."""

    uid = models.UUIDField(default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="items", verbose_name=_("organisation")
    )
    kind = models.CharField(max_length=20, choices=ItemKind.choices, verbose_name=_("kind"))
    name = models.CharField(max_length=255, blank=True, verbose_name=_("name"))
    name_sv = models.CharField(max_length=255, blank=True, verbose_name=_("name in Swedish"))
    name_en = models.CharField(max_length=255, blank=True, verbose_name=_("name in English"))
    note = models.CharField(
        max_length=500, blank=True, verbose_name=_("note"), help_text=_('e.g. "excel", "tietokanta"')
    )

    history = HistoricalRecords()

    objects = LiveManager()
    all_objects = models.Manager()

    class Meta:
        default_manager_name = "all_objects"
        ordering = ["organisation", "kind", "name"]
        verbose_name = _("item")
        verbose_name_plural = _("items")
        constraints = [
            unique_name("item", "organisation", "kind"),
            named("item"),
            models.UniqueConstraint(fields=["organisation", "uid"], name="item_unique_uid"),
        ]

    def __str__(self) -> str:
        return f"{first_name(self)} ({self.get_kind_display()})"


class ResourceItem(models.Model):
    resource = models.ForeignKey(InformationResource, on_delete=models.CASCADE, related_name="resource_items")
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="resource_items")
    position = models.PositiveIntegerField(default=0)

    history = HistoricalRecords()

    objects = LiveManager("resource__organisation")
    all_objects = models.Manager()  # noqa: DJ012

    class Meta:
        default_manager_name = "all_objects"
        ordering = ["resource", "position"]
        constraints = [
            models.UniqueConstraint(fields=["resource", "item"], name="resource_item_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.resource} – {self.item}"


class ScopedModel(TimestampedModel):
    """A fact stated for a whole organisation, one service area, or one resource."""

    uid = models.UUIDField(default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="+", verbose_name=_("organisation")
    )
    area = models.ForeignKey(
        ServiceArea, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("area")
    )
    resource = models.ForeignKey(
        InformationResource,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("information resource"),
    )
    position = models.PositiveIntegerField(default=0, verbose_name=_("position"))

    objects = LiveManager()
    all_objects = models.Manager()

    class Meta:
        abstract = True
        ordering = ["position"]
        default_manager_name = "all_objects"

    @classmethod
    def one_scope_constraint(cls, name: str) -> models.CheckConstraint:
        return models.CheckConstraint(condition=Q(area__isnull=True) | Q(resource__isnull=True), name=name)

    @property
    def scope_label(self) -> str:
        if self.resource_id:
            return "resource"
        if self.area_id:
            return "area"
        return "organisation"


class SearchCriterion(ScopedModel):
    """Hakutekijä (28 § 4): a term by which documents can be searched, e.g. "nimi", "hetu"."""

    name = models.CharField(max_length=200, blank=True, verbose_name=_("search criterion"))
    name_sv = models.CharField(max_length=200, blank=True, verbose_name=_("in Swedish"))
    name_en = models.CharField(max_length=200, blank=True, verbose_name=_("in English"))

    history = HistoricalRecords()

    class Meta(ScopedModel.Meta):
        verbose_name = _("search criterion")
        verbose_name_plural = _("search criteria")
        constraints = [ScopedModel.one_scope_constraint("criterion_one_scope"), named("criterion")]

    def __str__(self) -> str:
        return first_name(self)


class ContactKind(models.TextChoices):
    EMAIL = "email", _("e-mail")
    POSTAL = "postal", _("postal address")
    PHONE = "phone", _("phone")
    PERSON = "person", _("named recipient")  # a person or unit, e.g. "Kaarinan kaupunginarkisto"


def is_email_address(value: str) -> bool:
    """Whether requests can be sent to it, and a mailto: URI made of it."""
    try:
        validate_email(value)
    except ValidationError:
        return False
    return True


class RequestContact(ScopedModel):
    """Where to send an information request (the request channel, usually the registry office)."""

    kind = models.CharField(max_length=20, choices=ContactKind.choices, verbose_name=_("kind"))
    value = models.CharField(max_length=255, verbose_name=_("value"))

    history = HistoricalRecords()

    class Meta(ScopedModel.Meta):
        verbose_name = _("request contact")
        verbose_name_plural = _("request contacts")
        constraints = [ScopedModel.one_scope_constraint("contact_one_scope")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.value}"

    def clean(self) -> None:
        super().clean()
        self.check_value(self.kind, self.value)

    @staticmethod
    def check_value(kind: str, value: str) -> None:
        """ValidationError on `value` for an e-mail contact that is no address: requests are sent
        there, and the DCAT export writes it as a mailto: URI."""
        if kind == ContactKind.EMAIL and not is_email_address(value):
            raise ValidationError({"value": _("Enter a valid email address.")})


class Decider(ScopedModel):
    """28 § 2: the authority deciding on disclosure: a role, optionally a named person, with contacts."""

    authority = models.CharField(max_length=255, blank=True, verbose_name=_("authority or body"))
    title = models.CharField(max_length=200, blank=True, verbose_name=_("title or role"))
    title_sv = models.CharField(max_length=200, blank=True, verbose_name=_("title in Swedish"))
    title_en = models.CharField(max_length=200, blank=True, verbose_name=_("title in English"))
    name = models.CharField(max_length=200, blank=True, verbose_name=_("name"))
    email = models.EmailField(blank=True, verbose_name=_("e-mail"))
    phone = models.CharField(max_length=200, blank=True, verbose_name=_("phone"))

    history = HistoricalRecords()

    class Meta(ScopedModel.Meta):
        verbose_name = _("deciding official")
        verbose_name_plural = _("deciding officials")
        constraints = [
            ScopedModel.one_scope_constraint("decider_one_scope"),
            models.CheckConstraint(
                condition=~Q(title="") | ~Q(title_sv="") | ~Q(title_en="") | ~Q(name="") | ~Q(authority=""),
                name="decider_named",
            ),
        ]

    def __str__(self) -> str:
        return " ".join(part for part in (first_name(self, "title"), self.name) if part) or self.authority


class InterfaceAspect(models.TextChoices):
    OPEN = "open", _("open availability through a technical interface (28 § 5)")
    AUTHORITIES = "authorities", _("disclosure to other authorities through an interface (22 §)")
    VIEWING = "viewing", _("viewing access (23 §)")


class Availability(models.TextChoices):
    YES = "yes", _("yes")
    NO = "no", _("no")
    UNKNOWN = "unknown", _("not stated")


class InterfaceStatement(ScopedModel):
    """One interface fact with the page's own sentence."""

    aspect = models.CharField(max_length=20, choices=InterfaceAspect.choices, verbose_name=_("aspect"))
    status = models.CharField(
        max_length=10, choices=Availability.choices, default=Availability.UNKNOWN, verbose_name=_("status")
    )
    text = models.TextField(blank=True, verbose_name=_("statement"))
    text_sv = models.TextField(blank=True, verbose_name=_("statement in Swedish"))
    text_en = models.TextField(blank=True, verbose_name=_("statement in English"))
    url = models.URLField(blank=True, verbose_name=_("interface or open data address"))

    history = HistoricalRecords()

    class Meta(ScopedModel.Meta):
        verbose_name = _("interface statement")
        verbose_name_plural = _("interface statements")
        constraints = [ScopedModel.one_scope_constraint("interface_one_scope")]

    def __str__(self) -> str:
        return f"{self.get_aspect_display()}: {self.get_status_display()}"
