"""Addresses (slugs) of organisations, areas and resources."""

from typing import Any

from django.db.models import QuerySet
from django.utils.text import slugify


def unique_slug(taken: QuerySet[Any], name: str) -> str:
    """`name` as an address, numbered (-2, -3, …) while `taken` already has a row with it."""
    base = slugify(name)[:180] or "x"
    candidate, number = base, 2
    while taken.filter(slug=candidate).exists():
        candidate, number = f"{base}-{number}", number + 1
    return candidate
