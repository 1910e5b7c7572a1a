"""Form fields of model fields, shared by the records manager's desk and the admin."""

from typing import Any

from django import forms
from django.db import models

# Authorities' sites are served over HTTPS: "www.kaarina.fi" typed in a form means
# https://www.kaarina.fi (Django 6 makes this the default and warns until then).
URL_FIELD_OPTIONS = {"assume_scheme": "https"}


def formfield(field: models.Field, **kwargs: Any) -> forms.Field | None:  # type: ignore[type-arg]
    """The model field's form field; a web address typed without a scheme is taken as https://."""
    if isinstance(field, models.URLField):
        kwargs = {**URL_FIELD_OPTIONS, **kwargs}
    return field.formfield(**kwargs)
