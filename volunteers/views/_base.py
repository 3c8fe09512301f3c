"""Shared by the views: run one service call and turn a domain error into a message."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest
from django.utils.translation import gettext as _

from core.errors import DomainError
from orgs.access import Seat
from orgs.models import Organisation


def run(request: HttpRequest, call: Callable[[], Any], ok: str) -> Any:
    try:
        result = call()
    except DomainError as exc:
        messages.error(request, exc.message)
        return None
    messages.success(request, ok)
    return result if result is not None else True


def form_errors(request: HttpRequest, form: forms.Form) -> None:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        text = " ".join(errors)
        messages.error(request, _("{label}:{errors}").format(label=label, errors=text) if label else text)


def seat_org(seat: Seat) -> Organisation:
    return Organisation.objects.get(pk=seat.org_id)
