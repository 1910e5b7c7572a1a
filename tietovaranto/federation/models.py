"""Organisations copied from another installation (a harvest), read-only here."""

from urllib.parse import urldefrag, urlsplit

from django.db import models
from django.utils.translation import gettext_lazy as _

from tietovaranto.catalog.models import Organisation


class HarvestStatus(models.TextChoices):
    HARVESTED = "harvested", _("changes taken")
    UNCHANGED = "unchanged", _("nothing changed")
    FAILED = "failed", _("failed")


class HarvestSource(models.Model):
    """One organisation's JSON export on another tietovaranto installation, or a DCAT-AP catalog (and
    which of its publishers), harvested on a schedule.

    The organisation it fills is read-only here: the desk does not offer it, imports refuse it, and its
    information requests go to the source installation (or its registry office e-mail).
    """

    url = models.URLField(max_length=500, unique=True, verbose_name=_("address of the export"))
    organisation = models.OneToOneField(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="harvest_source",
        verbose_name=_("organisation"),
    )
    etag = models.CharField(max_length=255, blank=True)
    last_modified = models.CharField(max_length=64, blank=True)
    content_hash = models.CharField(max_length=64, blank=True)
    # the source's clock at the last harvest: the next one asks for what changed since
    synced_at = models.DateTimeField(null=True, blank=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True, verbose_name=_("last harvest"))
    last_success_at = models.DateTimeField(null=True, blank=True, verbose_name=_("last successful harvest"))
    last_status = models.CharField(max_length=20, choices=HarvestStatus.choices, blank=True)
    last_message = models.TextField(blank=True, verbose_name=_("result"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["url"]
        verbose_name = _("harvest source")
        verbose_name_plural = _("harvest sources")

    def __str__(self) -> str:
        return self.url

    @property
    def is_dcat(self) -> bool:
        """A DCAT-AP catalog rather than another tietovaranto's JSON export."""
        return not urlsplit(self.url).path.endswith("/export.json")

    @property
    def download_url(self) -> str:
        return urldefrag(self.url).url

    @property
    def chosen_organisation(self) -> str:
        """For a DCAT catalog of many publishers, the one harvested (its name as a slug)."""
        fragment = urldefrag(self.url).fragment
        return fragment.removeprefix("organisation=") if fragment.startswith("organisation=") else ""

    @property
    def source_slug(self) -> str:
        """The organisation's address at the source (…/<slug>/export.json)."""
        return urlsplit(self.url).path.rstrip("/").split("/")[-2]

    @property
    def site_url(self) -> str:
        """The source installation's address (`https://host/prefix`), without the organisation's path."""
        if self.organisation is None:
            return self.url
        marker = f"/{self.organisation.slug}/export.json"
        return self.url[: -len(marker)] if self.url.endswith(marker) else self.url.rsplit("/", 2)[0]

    def request_url(self, resource_slug: str = "") -> str:
        """Where a request about this organisation is made: the source installation's own form."""
        assert self.organisation is not None
        query = f"?resource={resource_slug}" if resource_slug else ""
        return f"{self.site_url}/{self.organisation.slug}/request/{query}"
