"""The public change history: one entry per publication, described for people."""

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db.models import BooleanField, Field, QuerySet
from django.http import Http404
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from tietovaranto.catalog.models import (
    Availability,
    ContactKind,
    InformationResource,
    InterfaceAspect,
    Item,
    Organisation,
    ServiceArea,
)
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


def _model_field(entity: str, field: str) -> "Field[Any, Any] | None":
    model = _ENTITY_MODELS.get(entity)
    if model is None or not field:
        return None
    try:
        model_field = model._meta.get_field(field)
    except FieldDoesNotExist:
        return None
    return model_field if isinstance(model_field, Field) else None


def field_label(entity: str, field: str) -> str:
    if field in _FACT_LABELS:
        return str(_FACT_LABELS[field])
    model_field = _model_field(entity, field)
    return str(model_field.verbose_name) if model_field is not None else field


def _fact_line(key: str, line: str) -> str:
    """One fact of a change summary (as publishing.snapshot._fact_text wrote it: "email: …",
    "open: no – …") with its kind, aspect and status named in the active language."""
    head, separator, rest = line.partition(": ")
    if not separator:
        return line
    if key == "contacts" and head in ContactKind.values:
        return f"{capfirst(ContactKind(head).label)}: {rest}"
    if key == "interface" and head in InterfaceAspect.values:
        status, dash, text = rest.partition(" – ")
        if status in Availability.values:
            return f"{capfirst(InterfaceAspect(head).label)}: {Availability(status).label}{dash}{text}"
    return line


def value_text(entity: str, field: str, value: str) -> str:
    """A value of a change summary for people: summaries keep the stored keys ("email", "open: no",
    "register", "True"), which are shown as the models' labels in the active language."""
    if field in ("contacts", "interface"):
        return "\n".join(_fact_line(field, line) for line in value.split("\n"))
    model_field = _model_field(entity, field)
    if model_field is None or not value:
        return value
    if isinstance(model_field, BooleanField):
        return str({"True": _("yes"), "False": _("no")}.get(value, value))
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    return value


def change_lines(summary: list[dict[str, str]]) -> list[ChangeLine]:
    return [
        ChangeLine(
            entity=str(_ENTITY_LABELS.get(c["entity"], c["entity"])),
            label=c["label"],
            change=str(_CHANGE_LABELS.get(c["change"], c["change"])),
            field=field_label(c["entity"], c.get("field", "")),
            old=value_text(c["entity"], c.get("field", ""), c.get("old", "")),
            new=value_text(c["entity"], c.get("field", ""), c.get("new", "")),
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
