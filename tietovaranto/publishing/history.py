"""The public change history: one entry per publication, described for people."""

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from tietovaranto.catalog.models import InformationResource, Item, Organisation, ServiceArea
from tietovaranto.publishing.models import Publication

_ENTITY_MODELS: dict[str, Any] = {
    "organisation": Organisation,
    "area": ServiceArea,
    "resource": InformationResource,
    "item": Item,
}
_FACT_LABELS = {
    "items": _("registers, data sets and systems"),
    "area": _("service area"),
    "criteria": _("search criteria"),
    "contacts": _("where to send a request"),
    "deciders": _("who decides on disclosure"),
    "interface": _("interface statements"),
}
_ENTITY_LABELS = {
    "organisation": _("organisation"),
    "area": _("service area"),
    "resource": _("information resource"),
    "item": _("register, data set or system"),
}
_CHANGE_LABELS = {"added": _("added"), "removed": _("removed"), "changed": _("changed")}


@dataclass
class ChangeLine:
    entity: str
    label: str
    change: str
    field: str
    old: str
    new: str


def field_label(entity: str, field: str) -> str:
    if field in _FACT_LABELS:
        return str(_FACT_LABELS[field])
    model = _ENTITY_MODELS.get(entity)
    if model is None or not field:
        return field
    try:
        return str(model._meta.get_field(field).verbose_name)
    except FieldDoesNotExist:
        return field


def change_lines(summary: list[dict[str, str]]) -> list[ChangeLine]:
    return [
        ChangeLine(
            entity=str(_ENTITY_LABELS.get(c["entity"], c["entity"])),
            label=c["label"],
            change=str(_CHANGE_LABELS.get(c["change"], c["change"])),
            field=field_label(c["entity"], c.get("field", "")),
            old=c.get("old", ""),
            new=c.get("new", ""),
        )
        for c in summary
    ]


def publications_public(organisation: Organisation) -> QuerySet[Publication]:
    return Publication.objects.filter(organisation=organisation).order_by("-number")


def publication_get(organisation: Organisation, number: int) -> Publication:
    publication = publications_public(organisation).filter(number=number).first()
    if publication is None:
        raise Http404("No such version")
    return publication


def latest_publication(organisation: Organisation) -> Publication | None:
    return publications_public(organisation).only("number", "created_at", "reason").first()
