"""Zones and their daily status (封控区 · 管控区 · 防范区)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from orgs.access import Seat
from volunteers import services as svc
from volunteers.access import Need, get_zone_for_user, staff_seat
from volunteers.forms import ZoneForm, ZoneStatusForm
from volunteers.models import Zone, ZoneStatus
from volunteers.views._base import form_errors, run


@login_required
def zones(request: HttpRequest) -> HttpResponse:
    return _zones(request, staff_seat(request.user), ZoneForm())


def _zones(request: HttpRequest, seat: Seat, form: ZoneForm) -> HttpResponse:
    rows = Zone.objects.filter(hub_id=seat.hub_id).prefetch_related("history")
    return render(
        request,
        "volunteers/zones.html",
        {
            "rows": rows,
            "form": form,
            "statuses": ZoneStatus.choices,
            "can_manage": seat.is_hub_coordinator,
        },
    )


@require_POST
@login_required
def zone_create(request: HttpRequest) -> HttpResponse:
    seat = staff_seat(request.user, Need.NETWORK)
    form = ZoneForm(request.POST)
    if not form.is_valid():
        form_errors(request, form)
        return _zones(request, seat, form)  # what was typed stays in the form
    d = form.cleaned_data
    created = run(
        request,
        lambda: svc.zone_create(
            actor=request.user,
            hub_id=seat.hub_id,
            name=d["name"],
            divisions=d["divisions"].split(),
            compounds=[c.strip() for c in d["compounds"].replace(",", ",").split(",") if c.strip()],
            status=d["status"],
        ),
        _("已添加区域。"),
    )
    return redirect("volunteers:zones") if created else _zones(request, seat, form)


@require_POST
@login_required
def zone_status(request: HttpRequest, pk: int) -> HttpResponse:
    zone = get_zone_for_user(request.user, pk, Need.NETWORK)[0]
    form = ZoneStatusForm(request.POST)
    if not form.is_valid():
        form_errors(request, form)
    else:
        run(
            request,
            lambda: svc.zone_set_status(actor=request.user, zone=zone, **form.cleaned_data),
            _("已更新状态。"),
        )
    return redirect("volunteers:zones")
