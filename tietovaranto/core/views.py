"""Site-wide error pages."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

# Typed text worth giving back after a failed CSRF check (never passwords or hidden fields)
TEXT_FIELDS = ("subject", "text", "message", "intended_use", "reasons", "reason")


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """The site's own page: why it happened, what to do, and the text the visitor typed to copy.

    The typed text is shown to copy, not re-sent: a one-click re-post would undo the CSRF protection.
    """
    typed = []
    if request.method == "POST" and request.content_type in (
        "application/x-www-form-urlencoded",
        "multipart/form-data",
    ):
        typed = [(name, request.POST[name]) for name in TEXT_FIELDS if request.POST.get(name, "").strip()]
    referer = request.META.get("HTTP_REFERER", "")
    back = referer if referer.startswith("/") or request.get_host() in referer.split("/")[2:3] else ""
    context = {"typed": typed, "back": back or request.path}
    return render(request, "core/csrf_failure.html", context, status=403)
