from typing import Any

from django import template
from django.urls import translate_url

from tietovaranto.core.translation import localized, localized_language

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
