"""The search index: one analysed document per information resource, plus staff synonyms.

The terms are stored per field (name, items, criteria, description) as space-separated analyser
terms. The full-text index over them is backend specific and kept in sync by database triggers
(migrations 0003 and 0006): an FTS5 table over the term columns on SQLite, a weighted tsvector with a
GIN index on PostgreSQL.
"""

import json
from collections.abc import Callable
from functools import cache
from typing import Any

from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models.expressions import Expression
from django.utils.translation import gettext_lazy as _

from tietovaranto.catalog.models import (
    Availability,
    InformationResource,
    Organisation,
    ServiceArea,
)

# Field weights for ranking: the order, name first and free text last.
FIELDS = ("name", "items", "criteria", "description")


@cache
def _json_encoder() -> Callable[[Any], bytes]:
    # imported on first use: a process that writes no search entry need not load it
    from pydantic_core import to_json

    return to_json


class JSONTextField(models.TextField):  # type: ignore[type-arg]
    """JSON in a plain text column, read back as Python values. A search reads these columns as
    text for every candidate: PostgreSQL converting jsonb to text was a tenth of its time per search.
    """

    def from_db_value(
        self, value: str | None, expression: Expression, connection: BaseDatabaseWrapper
    ) -> Any:
        return None if value is None else json.loads(value)

    def to_python(self, value: Any) -> Any:
        return json.loads(value) if isinstance(value, str) else value

    def get_prep_value(self, value: Any) -> str | None:
        # compact UTF-8 JSON, encoded in Rust: a rebuild writes two of these per resource
        return None if value is None else _json_encoder()(value).decode()


class SearchEntry(models.Model):
    # No reference the database checks, only Django's cascades (migrations 0013 and 0017): the
    # checks of the organisation and area, and an index of the organisation beside the one below
    # that starts with it, were a tenth of writing the entries in a rebuild. The resource's check
    # locked resource rows from inside a rebuild, which holds the index's lock: a transaction renaming
    # one of them and then waiting for that lock would deadlock with it (indexing.lock_index).
    resource = models.OneToOneField(
        InformationResource, on_delete=models.CASCADE, related_name="search_entry", db_constraint=False
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="+", db_constraint=False, db_index=False
    )
    area = models.ForeignKey(
        ServiceArea, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", db_constraint=False
    )
    interface_status = models.CharField(
        max_length=10, choices=Availability.choices, default=Availability.UNKNOWN
    )
    name_terms = models.TextField(blank=True)
    items_terms = models.TextField(blank=True)
    criteria_terms = models.TextField(blank=True)
    description_terms = models.TextField(blank=True)
    # The texts per field, as shown in results: highlighting needs no catalog queries
    texts = JSONTextField(default=dict)
    # What ranking reads of the resource, so that the candidates' rows need no join (half a
    # millisecond a search on PostgreSQL). Nullable: SQLite adds a nullable column in place, where a
    # default would rebuild the table and lose its full-text triggers (migration 0008 fills them).
    resource_name = models.CharField(max_length=255, null=True, blank=True)  # noqa: DJ001
    resource_position = models.PositiveIntegerField(null=True, blank=True)
    # What a result shows of the resource, its organisation and area (slugs and names per
    # language): the result page is read from this table alone. A four-table join there took longer
    # to plan on PostgreSQL than to run. Nullable for the same reason as the two above.
    card = JSONTextField(null=True, blank=True)
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("search index entry")
        verbose_name_plural = _("search index entries")
        indexes = [models.Index(fields=["organisation", "area", "interface_status"])]

    def __str__(self) -> str:
        return f"search entry of resource {self.resource_id}"

    def field_terms(self) -> dict[str, frozenset[str]]:
        return {name: frozenset(getattr(self, f"{name}_terms").split()) for name in FIELDS}


class SearchIndexState(models.Model):
    """A counter bumped on every index change, so each process knows when its vocabulary is stale."""

    generation = models.PositiveBigIntegerField(default=0)
    # Bumped when a live organisation's rows change outside publishing (the admin, a shell): public
    # pages are cached by the organisation's publication time and this counter (search/caching.py).
    catalog_generation = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"search index generation {self.generation}"


class SearchLexicon(models.Model):
    """The index vocabulary and document frequencies of one index generation, computed once.

    A freshly started worker reads this one row instead of scanning every entry, so its first search
    is as fast as the others.
    """

    generation = models.PositiveBigIntegerField(unique=True)
    # zlib-compressed JSON: {"documents": n, "frequency": {term: n}, "common": header or null}
    data = models.BinaryField()
    # PostgreSQL: the commonest terms' entry ids (search/postings.py), compressed
    postings = models.BinaryField(default=b"", blank=True)

    def __str__(self) -> str:
        return f"search lexicon of generation {self.generation}"


class Synonym(models.Model):
    """A word people use and the catalog's words for it, applied at query time.

    Rows without an organisation are the shipped starter list and apply everywhere.
    """

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="synonyms",
        verbose_name=_("organisation"),
        help_text=_(
            "The organisation whose word it is (removed with it); empty for the starter list. Every "
            "search uses every synonym: it adds the catalog words to the query."
        ),
    )
    word = models.CharField(max_length=100, verbose_name=_("word people use"), help_text=_('e.g. "budjetti"'))
    means = models.CharField(
        max_length=255,
        verbose_name=_("catalog words"),
        help_text=_('Words used in the catalog, separated by commas, e.g. "talousarvio"'),
    )

    class Meta:
        ordering = ["word"]
        verbose_name = _("synonym")
        verbose_name_plural = _("synonyms")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "word"], name="synonym_unique_word"),
        ]

    def __str__(self) -> str:
        return f"{self.word} → {self.means}"
