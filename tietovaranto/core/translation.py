"""Catalog content in Finnish, Swedish and English, shown in the visitor's language with Finnish fallback
(and Swedish or English where there is no Finnish: a description written in Swedish only).

Translated fields are plain columns (`name`, `name_sv`, `name_en`): explicit, indexable by search,
covered by unique constraints and by django-simple-history without registration-order tricks.
"""

from collections.abc import Mapping
from typing import Any

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

CONTENT_LANGUAGES = ("fi", "sv", "en")


def _field(obj: Any, name: str) -> Any:
    # archived versions and search cards are plain JSON: the same fields, as keys
    return obj.get(name, "") if isinstance(obj, Mapping) else getattr(obj, name, "")


def _shown(obj: Any, field: str, language: str | None) -> tuple[str, str]:
    """(language, text): the visitor's language, else Finnish, else the first of Swedish and English
    that has a text (a description written in Swedish only has no Finnish to fall back on)."""
    wanted = (language or translation.get_language() or "fi")[:2]
    order = [wanted, *(lang for lang in CONTENT_LANGUAGES if lang != wanted)]
    for lang in order if wanted in CONTENT_LANGUAGES else CONTENT_LANGUAGES:
        value = _field(obj, field if lang == "fi" else f"{field}_{lang}")
        if value:
            return lang, str(value)
    return "fi", ""


def localized(obj: Any, field: str, language: str | None = None) -> str:
    """The field in the given (or active) language, falling back to Finnish, then Swedish, English."""
    return _shown(obj, field, language)[1]


def localized_language(obj: Any, field: str, language: str | None = None) -> str:
    """The language `localized` shows: the visitor's, or the one it fell back to ("fi" when there is
    no text at all). For `lang` attributes, so that hyphenation and screen readers use the text's own
    language, and a Swedish text shown for want of a Finnish one is not read out as Finnish."""
    return _shown(obj, field, language)[0]


class TimestampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated"))

    class Meta:
        abstract = True
