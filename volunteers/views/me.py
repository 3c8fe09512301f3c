"""The volunteer's own mobile page: 我的排班/任务, accept or decline, check in/out, fatigue self-check."""

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from orgs.access import seats_for
from volunteers import services as svc
from volunteers.access import Need, get_exception_for_user, get_my_task_row, get_profile_for_user, my_profile
from volunteers.forms import ExceptionForm, FatigueForm, ReasonForm
from volunteers.models import LIVE, Shift, ShiftAssignment, VolunteerProfile
from volunteers.views._base import form_errors, run
from volunteers.views.people import profile_page


def member_orgs(user: object) -> set[int]:
    return {s.org_id for s in seats_for(user)}


@login_required
def me(request: HttpRequest) -> HttpResponse:
    return _me(request, my_profile(request.user))


def _me(
    request: HttpRequest, p: VolunteerProfile, exception_form: ExceptionForm | None = None
) -> HttpResponse:
    now = timezone.now()
    shifts = p.shift_assignments.filter(ends_at__gt=now - timezone.timedelta(hours=12)).exclude(
        status="cancelled"
    )
    tasks = p.task_assignments.filter(status__in=LIVE).select_related("task__zone").order_by("starts_at")
    mine = set(shifts.values_list("shift_id", flat=True))
    open_shifts = [
        s
        for s in Shift.objects.filter(
            org_id__in=member_orgs(request.user),
            starts_at__gt=now,
            starts_at__lt=now + timezone.timedelta(days=3),
        ).annotate(taken=Count("assignments", filter=~Q(assignments__status="cancelled")))
        if s.taken < s.needed and s.pk not in mine
    ]
    fatigue_for = ShiftAssignment.objects.filter(pk=request.GET.get("fatigue") or 0, profile=p).first()
    return render(
        request,
        "volunteers/me.html",
        {
            "p": p,
            "shifts": shifts.select_related("shift").order_by("starts_at"),
            "tasks": tasks,
            "now": now,
            "fatigue": FatigueForm(initial={"assignment": fatigue_for.pk if fatigue_for else None}),
            "fatigue_for": fatigue_for,
            "open_shifts": open_shifts,
            "exceptions": p.exceptions.filter(ends_at__gt=now).order_by("starts_at"),
            "exception_form": exception_form or ExceptionForm(),
        },
    )


@require_POST
@login_required
def sign_up(request: HttpRequest, pk: int) -> HttpResponse:
    """A volunteer signs up for an open shift of their own org; the same wellbeing guard, no override."""
    p = my_profile(request.user)
    shift = Shift.objects.filter(
        pk=pk, org_id__in=member_orgs(request.user), ends_at__gt=timezone.now()
    ).first()
    if shift is None:
        raise Http404
    run(request, lambda: svc.shift_assign(actor=request.user, shift=shift, profile=p), _("已报名该班次。"))
    return redirect("volunteers:me")


@require_POST
@login_required
def accept(request: HttpRequest, pk: int) -> HttpResponse:
    row = get_my_task_row(request.user, pk)
    run(request, lambda: svc.task_accept(actor=request.user, row=row), _("已接受任务。"))
    return redirect("volunteers:me")


@require_POST
@login_required
def decline(request: HttpRequest, pk: int) -> HttpResponse:
    row = get_my_task_row(request.user, pk)
    form = ReasonForm(request.POST)
    form.is_valid()
    run(
        request,
        lambda: svc.task_decline(actor=request.user, row=row, reason=form.cleaned_data.get("reason", "")),
        _("已告知协调员,任务会重新派给其他志愿者。"),
    )
    return redirect("volunteers:me")


@require_POST
@login_required
def done(request: HttpRequest, pk: int) -> HttpResponse:
    row = get_my_task_row(request.user, pk)
    run(request, lambda: svc.task_done(actor=request.user, row=row), _("已完成,谢谢!"))
    return redirect("volunteers:me")


@require_POST
@login_required
def fatigue(request: HttpRequest) -> HttpResponse:
    p = my_profile(request.user)
    form = FatigueForm(request.POST)
    if not form.is_valid():
        form_errors(request, form)
        return redirect("volunteers:me")
    d = form.cleaned_data
    row = ShiftAssignment.objects.filter(pk=d.pop("assignment") or 0, profile=p).first()
    check = run(
        request, lambda: svc.fatigue_record(actor=request.user, profile=p, row=row, **d), _("谢谢你的反馈。")
    )
    if check and check.flagged:
        request.session["fatigue_flagged"] = True
    return redirect("volunteers:me")


def _add_exception(request: HttpRequest, profile: VolunteerProfile) -> ExceptionForm | None:
    """None once recorded; a refused form comes back to be shown again with what was typed."""
    form = ExceptionForm(request.POST)
    if not form.is_valid():
        form_errors(request, form)
        return form
    data = form.cleaned_data
    done = run(request, lambda: svc.availability_exception_add(actor=request.user, profile=profile, **data),
               _("已登记。"))
    return None if done else form


@require_POST
@login_required
def away(request: HttpRequest) -> HttpResponse:
    """The volunteer's own away / extra time, from the phone page."""
    p = my_profile(request.user)
    refused = _add_exception(request, p)
    # Retyping two date-times on a phone is the slow part: a refusal shows the page with them kept.
    return _me(request, p, refused) if refused else redirect("/volunteers/me/#away")


@require_POST
@login_required
def exception_add(request: HttpRequest, pk: int) -> HttpResponse:
    """A coordinator records it for the volunteer (told by phone)."""
    p, seat = get_profile_for_user(request.user, pk, Need.MANAGE)
    refused = _add_exception(request, p)
    if refused:
        return profile_page(request, p, seat, exception_form=refused)  # what was typed stays in the form
    return redirect("volunteers:profile", pk)


@require_POST
@login_required
def exception_remove(request: HttpRequest, pk: int) -> HttpResponse:
    exc = get_exception_for_user(request.user, pk)
    run(request, lambda: svc.availability_exception_remove(actor=request.user, exception=exc), _("已撤销。"))
    if exc.profile.user_id == request.user.pk:
        return redirect("/volunteers/me/#away")
    return redirect("volunteers:profile", exc.profile_id)
