"""Publications: each publish freezes the whole description of an organisation as one snapshot.

The catalog tables hold the live rows and, in a hidden draft copy of the organisation, the working
draft (see catalog.models.Organisation.draft_of). A Publication is the history record: who, when,
why, the whole content and the change list computed once, at publish time.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tietovaranto.catalog.models import Organisation


class Publication(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="publications", verbose_name=_("organisation")
    )
    number = models.PositiveIntegerField(verbose_name=_("number"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("published"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    user_display = models.CharField(max_length=255, blank=True, verbose_name=_("published by"))
    reason = models.TextField(verbose_name=_("reason for the change"))
    schema_version = models.PositiveIntegerField()
    content = models.JSONField()
    content_hash = models.CharField(max_length=64)
    summary = models.JSONField(default=list, verbose_name=_("changes"))
    restored_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["organisation", "-number"]
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "number"], name="publication_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.organisation} #{self.number}"

    def get_absolute_url(self) -> str:
        return reverse(
            "catalog:publication", kwargs={"org_slug": self.organisation.slug, "number": self.number}
        )


class ImportBaseline(models.Model):
    """What the last import of a page wrote into the draft: the base of a three-way merge on re-import."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="import_baseline"
    )
    source = models.CharField(max_length=1000)
    text_hash = models.CharField(max_length=64)
    content = models.JSONField()
    created_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.organisation}: {self.source}"
