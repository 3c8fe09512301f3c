"""The shift board (排班): shifts of the coming days, who is on them, and wellbeing warnings."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from orgs.access import Seat
from volunteers import services as svc
from volunteers.access import (
    Need,
    get_profile_for_user,
    get_shift_for_user,
    get_shift_row_for_coordinator,
    get_shift_row_for_user,
    scope,
    staff_seat,
)
from volunteers.forms import AttendanceForm, ShiftAssignForm, ShiftForm, ShiftTemplateForm, TemplateShiftForm
from volunteers.models import Shift, ShiftAssignment, ShiftTemplate, VolunteerProfile
from volunteers.selectors import near_limit
from volunteers.views._base import form_errors, run, seat_org

DAYS = 3


@login_required
def board(request: HttpRequest) -> HttpResponse:
    return _board(request, staff_seat(request.user), ShiftForm())


def _board(
    request: HttpRequest, seat: Seat, form: ShiftForm, template_form: ShiftTemplateForm | None = None
) -> HttpResponse:
    now = timezone.now()
    start = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    shifts = scope(Shift.objects.all(), seat).filter(
        ends_at__gt=start, starts_at__lt=start + timedelta(days=DAYS)
    )
    shifts = shifts.select_related("org").prefetch_related("assignments__profile")
    volunteers = scope(VolunteerProfile.objects.filter(status="approved", health="fit"), seat).order_by(
        "name"
    )
    return render(
        request,
        "volunteers/shifts.html",
        {
            "shifts": shifts,
            "form": form,
            "volunteers": volunteers,
            "near": near_limit(seat, now),
            "templates": ShiftTemplate.objects.filter(hub_id=seat.hub_id),
            "can_manage": seat.role == "coordinator",
            "can_edit_templates": seat.is_hub_coordinator,
            "template_form": template_form or ShiftTemplateForm(),
        },
    )


@require_POST
@login_required
def shift_create(request: HttpRequest) -> HttpResponse:
    seat = staff_seat(request.user, Need.MANAGE)
    form = ShiftForm(request.POST)
    if not form.is_valid():
        form_errors(request, form)
        return _board(request, seat, form)  # what was typed stays in the form
    if not run(
        request,
        lambda: svc.shift_create(actor=request.user, org=seat_org(seat), **form.cleaned_data),
        _("已添加班次。"),
    ):
        return _board(request, seat, form)
    return redirect("volunteers:shifts")


@require_POST
@login_required
def template_create(request: HttpRequest) -> HttpResponse:
    seat = staff_seat(request.user, Need.NETWORK)
    form = ShiftTemplateForm(request.POST)
    if not form.is_valid():
        form_errors(request, form)
        return _board(request, seat, ShiftForm(), form)
    if not run(
        request,
        lambda: svc.shift_template_create(actor=request.user, hub_id=seat.hub_id, **form.cleaned_data),
        _("已添加班次模板。"),
    ):
        return _board(request, seat, ShiftForm(), form)
    return redirect("volunteers:shifts")


@require_POST
@login_required
def from_template(request: HttpRequest) -> HttpResponse:
    seat = staff_seat(request.user, Need.MANAGE)
    form = TemplateShiftForm(request.POST)
    template = ShiftTemplate.objects.filter(hub_id=seat.hub_id, pk=request.POST.get("template") or 0).first()
    if not form.is_valid() or template is None:
        form_errors(request, form) if template else messages.error(request, _("请选择班次模板。"))
        return redirect("volunteers:shifts")
    run(
        request,
        lambda: svc.shift_from_template(
            actor=request.user, org=seat_org(seat), template=template, day=form.cleaned_data["day"]
        ),
        _("已按模板添加班次。"),
    )
    return redirect("volunteers:shifts")


@require_POST
@login_required
def shift_assign(request: HttpRequest, pk: int) -> HttpResponse:
    shift = get_shift_for_user(request.user, pk, Need.MANAGE)[0]
    form = ShiftAssignForm(request.POST)
    if not form.is_valid():
        form_errors(request, form)
        return redirect("volunteers:shifts")
    profile = get_profile_for_user(request.user, form.cleaned_data["volunteer"], Need.MANAGE)[0]
    run(
        request,
        lambda: svc.shift_assign(
            actor=request.user,
            shift=shift,
            profile=profile,
            override_reason=form.cleaned_data["override_reason"],
        ),
        _("已排班。"),
    )
    return redirect("volunteers:shifts")


@require_POST
@login_required
def check_in(request: HttpRequest, pk: int) -> HttpResponse:
    row = get_shift_row_for_user(request.user, pk)
    run(request, lambda: svc.shift_check_in(actor=request.user, row=row), _("已签到。"))
    return redirect("volunteers:me" if row.profile.user_id == request.user.pk else "volunteers:shifts")


@require_POST
@login_required
def check_out(request: HttpRequest, pk: int) -> HttpResponse:
    row = get_shift_row_for_user(request.user, pk)
    done = run(request, lambda: svc.shift_check_out(actor=request.user, row=row), _("已签退,辛苦了!"))
    if done and row.shift.high_stress and row.profile.user_id == request.user.pk:
        return redirect(f"/volunteers/me/?fatigue={row.pk}#fatigue")
    return redirect("volunteers:me" if row.profile.user_id == request.user.pk else "volunteers:shifts")


def _seen(row: ShiftAssignment) -> str:
    return "|".join(str(v) for v in (row.status, row.check_in_at, row.check_out_at))


@require_GET
@login_required
def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    """The form to record or correct one volunteer's attendance on a shift."""
    row = get_shift_row_for_coordinator(request.user, pk)
    form = AttendanceForm(initial={"check_in_at": row.check_in_at or row.starts_at,
                                   "check_out_at": row.check_out_at or row.ends_at, "seen": _seen(row)})
    return render(request, "volunteers/attendance.html", {"row": row, "form": form})


@require_POST
@login_required
def attendance_save(request: HttpRequest, pk: int) -> HttpResponse:
    row = get_shift_row_for_coordinator(request.user, pk)
    form = AttendanceForm(request.POST)
    if not form.is_valid():
        form_errors(request, form)
    elif (seen := form.cleaned_data.pop("seen")) and seen != _seen(row):
        # The volunteer checked out (or someone corrected it) since this page was drawn: show the
        # row as it is now rather than overwrite times the coordinator never saw.
        messages.error(request, _("该排班刚被他人修改,请核对后再保存。"))
        form = AttendanceForm({**request.POST.dict(), "seen": _seen(row)})
    elif run(
        request,
        lambda: svc.shift_attendance_record(actor=request.user, row=row, **form.cleaned_data),
        _("已补录考勤。"),
    ):
        return redirect("volunteers:profile", row.profile_id)
    return render(request, "volunteers/attendance.html", {"row": row, "form": form})  # typed values kept
