from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest

from cases.services import InvalidInput
from core.errors import DomainError


def form_errors(request: HttpRequest, form: forms.Form) -> None:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        messages.error(request, f"{label} {' '.join(errors)}".strip())


# The service names the stored field; the form shows it under the select the user picked from.
FORM_FIELD = {"division_code": "county"}


def add_errors(form: forms.Form, exc: DomainError) -> None:
    """Put a service's errors next to the fields they are about."""
    if isinstance(exc, InvalidInput):
        for field, errors in exc.errors.items():
            field = FORM_FIELD.get(field, field)
            form.add_error(field if field in form.fields else None, errors)
    else:
        field = FORM_FIELD.get(exc.field or "", exc.field)
        form.add_error(field if field in form.fields else None, exc.message)


def int_or_none(value: Any) -> int | None:
    """An id or count typed in ASCII digits; anything else ("²", "abc", a 40-digit number) is None."""
    text = str(value).strip() if value is not None else ""
    if not (text.isascii() and text.lstrip("-").isdigit()) or len(text) > 18:
        return None
    return int(text)
