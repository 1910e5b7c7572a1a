from typing import Any

from django import template
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.html import format_html
from django.utils.http import urlencode

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


@register.filter
def tr_lang_attr(obj: Any, field: str) -> str:
    """{{ resource|tr_lang_attr:"name" }}: ` lang="sv"` where `tr` shows a text in another language than
    the page's (a Swedish name on a Finnish page, for want of a Finnish one), else nothing."""
    language = localized_language(obj, field)
    if not localized(obj, field) or language == (translation.get_language() or "fi")[:2]:
        return ""
    return format_html(' lang="{}"', language)


@register.filter
def tr_marked(obj: Any, field: str) -> str:
    """{{ criterion|tr_marked:"name" }}: what `tr` shows, inside `<span lang="sv">` where its language is
    not the page's: for texts inside a sentence or list, where no element of their own carries `lang`."""
    attribute = tr_lang_attr(obj, field)
    text = localized(obj, field)
    return format_html("<span{}>{}</span>", attribute, text) if attribute else text


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


def json_twin(url_name: str, kwargs: dict[str, Any], query: str) -> tuple[str, str] | None:
    """The machine-readable twin of a public page: (address, media type), or None."""
    org = kwargs.get("org_slug")
    api = "/api/v1"
    if url_name == "catalog:front":
        return f"{api}/catalog/organisations", "application/json"
    if url_name in ("catalog:organisation", "catalog:description", "inforequests:new"):
        return f"{api}/catalog/resources?{urlencode({'organisation': str(org)})}", "application/json"
    if url_name == "catalog:resource":
        return f"{api}/resources/{org}/{kwargs['resource_slug']}", "application/json"
    if url_name == "search:results":
        return (f"{api}/search?{query}" if query else f"{api}/catalog/resources"), "application/json"
    if url_name == "inforequests:statistics":
        return reverse("inforequests:statistics_csv", kwargs={"org_slug": org}), "text/csv"
    return None


@register.simple_tag(takes_context=True)
def alternate_link(context: dict[str, Any]) -> str:
    """<link rel="alternate"> to the page's data in the API, so a program can find it from the page."""
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    if request is None or match is None:
        return ""
    twin = json_twin(match.view_name, match.kwargs, request.GET.urlencode())
    if twin is None:
        return ""
    href, media_type = twin
    return format_html('<link rel="alternate" type="{}" href="{}">', media_type, href)
