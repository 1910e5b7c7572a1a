from typing import Any

from django import template
from django.urls import translate_url

from tietovaranto.core.translation import localized, localized_language
from tietovaranto.inforequests.identifiers import mask_identity_codes

register = template.Library()


@register.filter
def tr(obj: Any, field: str) -> str:
    """{{ resource|tr:"name" }}: the content field in the visitor's language, Finnish as fallback."""
    return localized(obj, field)


@register.filter
def tr_lang(obj: Any, field: str) -> str:
    """{{ resource|tr_lang:"name" }}: the language of what `tr` shows, for a `lang` attribute."""
    return localized_language(obj, field)


@register.simple_tag(takes_context=True)
def url_in_language(context: dict[str, Any], language: str) -> str:
    request = context.get("request")
    path = request.get_full_path() if request else "/"
    return translate_url(path, language)


@register.filter
def linebreaks_split(text: str) -> list[str]:
    """Paragraphs of a content field (separated by blank lines)."""
    return [part.strip() for part in str(text).split("\n\n") if part.strip()]


@register.filter
def get_item(mapping: dict[str, Any], key: str) -> Any:
    """{{ items|get_item:uid }}: a value from a dict (archived versions are plain JSON)."""
    return mapping.get(key) if isinstance(mapping, dict) else None


@register.filter
def mask_identity_codes_in(text: Any) -> str:
    """{{ request.subject|mask_identity_codes_in }}: identity codes typed into free text, masked.
    Everywhere but the request's own staff page (status page, lists, e-mails)."""
    return mask_identity_codes(str(text or ""))
