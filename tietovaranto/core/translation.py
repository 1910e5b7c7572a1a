"""Catalog content in Finnish, Swedish and English, shown in the visitor's language with Finnish fallback.

Translated fields are plain columns (`name`, `name_sv`, `name_en`): explicit, indexable by search,
covered by unique constraints and by django-simple-history without registration-order tricks.
"""

from typing import Any

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

CONTENT_LANGUAGES = ("fi", "sv", "en")


def localized(obj: Any, field: str, language: str | None = None) -> str:
    """The field in the given (or active) language, falling back to Finnish."""
    lang = (language or translation.get_language() or "fi")[:2]
    if lang != "fi":
        value = getattr(obj, f"{field}_{lang}", "")
        if value:
            return str(value)
    return str(getattr(obj, field, "") or "")


def localized_language(obj: Any, field: str, language: str | None = None) -> str:
    """The language `localized` shows: the visitor's, or "fi" when it fell back to Finnish.
    For `lang` attributes, so that hyphenation and screen readers use the text's own language."""
    lang = (language or translation.get_language() or "fi")[:2]
    if lang != "fi" and bool(getattr(obj, f"{field}_{lang}", None)):
        return lang
    return "fi"


class TimestampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated"))

    class Meta:
        abstract = True
