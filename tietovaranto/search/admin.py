"""Synonyms for the superusers' admin: the starter list (no organisation) and each organisation's own.
They apply to the next search (saving one moves the index generation on)."""

from django.contrib import admin

from tietovaranto.search.models import Synonym


@admin.register(Synonym)
class SynonymAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["word", "means", "organisation"]
    list_filter = ["organisation"]
    search_fields = ["word", "means"]
