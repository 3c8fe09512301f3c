"""Hotline intake (热线登记): keyboard-fast form with an inline duplicate warning."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cases import forms as f
from cases.services import InvalidInput, NeedInput, RequestInput, help_request_create
from cases.views.queue import current_incident
from core.errors import DomainError
from geo.models import Division
from orgs.access import seat_in_network
from orgs.models import Organisation


def division_options(
    form: f.DivisionFields, default_area: str = "", chosen: dict[str, str] | None = None
) -> dict[str, Any]:
    """Server-rendered options so the cascade works before (and without) JavaScript."""
    if chosen is None:
        data = form.data if form.is_bound else {}
        chosen = {lvl: data.get(lvl, "") for lvl in ("province", "city", "county", "township")}
        if not form.is_bound and default_area:
            chosen.update(
                {"province": default_area[:2], "city": default_area[:4] if len(default_area) >= 4 else ""}
            )
    options = {"province": list(Division.objects.filter(level=1).values_list("code", "name"))}
    for level, parent in (("city", "province"), ("county", "city"), ("township", "county")):
        options[level] = (
            list(Division.objects.filter(parent_id=chosen.get(parent)).values_list("code", "name"))
            if chosen.get(parent)
            else []
        )
    return {"options": options, "chosen": chosen}


def needs_from(formset: Any) -> list[NeedInput]:
    return [
        NeedInput(
            category=d["category"],
            item=d.get("item", ""),
            qty_requested=d.get("qty_requested"),
            unit=d.get("unit", ""),
        )
        for d in formset.cleaned_data
        if d.get("category")
    ]


def request_input(form: f.RequestForm, needs: list[NeedInput]) -> RequestInput:
    data = {k: v for k, v in form.cleaned_data.items() if k not in ("province", "city", "county", "township")}
    return RequestInput.from_dict({**data, "division_code": form.division_code(), "needs": needs})


# The service names the stored field; the form shows it under the select the operator picked from.
FORM_FIELD = {"division_code": "county"}


def add_errors(form: Any, exc: InvalidInput) -> None:
    for field, errors in exc.errors.items():
        field = FORM_FIELD.get(field, field)
        form.add_error(field if field in form.fields else None, errors)


@login_required
@require_http_methods(["GET", "POST"])
def intake(request: HttpRequest) -> HttpResponse:
    incident, incidents = current_incident(request)
    seat = seat_in_network(request.user, incident.hub_id) if incident else None
    if seat is None or seat.role not in ("coordinator", "operator"):
        messages.error(request, _("只有协调员和热线/核实员可以登记求助。"))
        return redirect("home")
    form = f.RequestForm(request.POST or None)
    formset = f.NeedFormSet(request.POST or None, prefix="need")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            hr, _created = help_request_create(
                actor=request.user,
                incident=incident,
                data=request_input(form, needs_from(formset)),
                org=Organisation.objects.get(pk=seat.org_id),
            )
        except InvalidInput as exc:
            add_errors(form, exc)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("已登记 {code}。").format(code=hr.code))
            return redirect("cases:detail", code=hr.code)
    area = incident.area_id or ""
    return render(
        request,
        "cases/intake.html",
        {
            "form": form,
            "formset": formset,
            "incident": incident,
            "incidents": incidents,
            **division_options(form, area),
        },
    )
