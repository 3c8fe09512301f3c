"""Tasks, the online ranked list for one task, and the batch proposal (edit, confirm)."""

from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Exists, OuterRef, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cases.access import Action, get_help_request_for_user
from orgs.access import Seat
from orgs.models import Incident
from volunteers import services as svc
from volunteers.access import (
    Need,
    get_plan_for_user,
    get_profile_for_user,
    get_task_for_user,
    scope,
    staff_seat,
)
from volunteers.forms import AddRowForm, DriveTaskForm, TaskCancelForm, TaskForm, TaskRescheduleForm
from volunteers.models import LIVE, MatchPlan, Task, TaskAssignment
from volunteers.views._base import form_errors, run, seat_org

MISSED = "missed"


@login_required
def task_list(request: HttpRequest) -> HttpResponse:
    return _task_list(request, staff_seat(request.user), TaskForm())


def _task_list(request: HttpRequest, seat: Seat, form: TaskForm) -> HttpResponse:
    status = request.GET.get("status", "open")
    live = TaskAssignment.objects.filter(task=OuterRef("pk"), status__in=LIVE)
    tasks = (
        scope(Task.objects.all(), seat)
        .select_related("zone", "help_request__incident")
        .annotate(any_live=Exists(live))
    )
    now = timezone.now()
    if status == MISSED:  # derived, not stored: waiting, nobody sent, and the window already over
        tasks = tasks.filter(status__in=svc.RESCHEDULABLE, window_end__lte=now, any_live=False)
        tasks = tasks.order_by("-window_end")
    elif status in ("open", "proposed"):
        # A partly staffed task whose window is over stays here, flagged as awaiting confirmation.
        tasks = tasks.filter(Q(window_end__gt=now) | Q(any_live=True), status=status)
    else:
        tasks = tasks.filter(status=status)
    plans = scope(MatchPlan.objects.all(), seat).order_by("-created")[:5]
    return render(
        request,
        "volunteers/tasks.html",
        {
            "tasks": tasks[:300],
            "status": status,
            "statuses": [*Task.Status.choices, (MISSED, _("已错过"))],
            "form": form,
            "plans": plans,
            "can_manage": seat.role == "coordinator",
        },
    )


@require_POST
@login_required
def task_create(request: HttpRequest) -> HttpResponse:
    seat = staff_seat(request.user, Need.MANAGE)
    form = TaskForm(request.POST)
    if not form.is_valid():
        form_errors(request, form)
        return _task_list(request, seat, form)  # what was typed stays in the form
    d = dict(form.cleaned_data)
    hr = get_help_request_for_user(request.user, d.pop("help_request"), Action.MANAGE)[0]
    data = svc.TaskInput(skills=d.pop("skills").split(), **d)
    task = run(
        request,
        lambda: svc.task_from_help_request(actor=request.user, help_request=hr, data=data),
        _("已创建任务。"),
    )
    return redirect("volunteers:task", task.pk) if task else _task_list(request, seat, form)


@require_GET
@login_required
def task_drive(request: HttpRequest) -> HttpResponse:
    """The drive-task form, filled in from the supplies board's link (shipment ref, warehouse, place)."""
    seat = staff_seat(request.user, Need.MANAGE)
    fields = ("incident", "shipment_ref", "title", "address", "lat", "lon", "urgency")
    form = DriveTaskForm(initial={k: request.GET[k] for k in fields if request.GET.get(k)})
    return render(request, "volunteers/drive.html", {"form": form, "seat": seat})


@require_POST
@login_required
def task_drive_save(request: HttpRequest) -> HttpResponse:
    seat = staff_seat(request.user, Need.MANAGE)
    form = DriveTaskForm(request.POST)
    if not form.is_valid():
        form_errors(request, form)
        return render(request, "volunteers/drive.html", {"form": form, "seat": seat})
    d = dict(form.cleaned_data)
    incident = Incident.objects.filter(pk=d.pop("incident"), hub_id=seat.hub_id).first()
    if incident is None:
        raise Http404
    vehicle = d.pop("vehicle")
    task = run(
        request,
        lambda: svc.task_for_shipment(
            actor=request.user, org=seat_org(seat), incident=incident, data=svc.TaskInput(kind="drive", **d),
            vehicle=vehicle,
        ),
        _("已创建运输任务,请为它匹配司机。"),
    )
    if task is None:
        return render(request, "volunteers/drive.html", {"form": form, "seat": seat})
    return redirect("volunteers:task", task.pk)


@login_required
def task_detail(request: HttpRequest, pk: int) -> HttpResponse:
    task, seat = get_task_for_user(request.user, pk)
    return _task_detail(request, task, seat)


def _task_detail(
    request: HttpRequest,
    task: Task,
    seat: Seat,
    reschedule: TaskRescheduleForm | None = None,
    cancel: TaskCancelForm | None = None,
) -> HttpResponse:
    missed = task.is_missed
    # Ranking checks who is free inside the task's window: a window in the past has nobody.
    ranked = svc.rank_for_task(task) if task.status in ("open", "proposed") and not missed else []
    rows = task.assignments.select_related("profile", "plan").order_by("-created")
    # The coordinator's own draft first: the hub's plan covers every member org's tasks.
    drafts = MatchPlan.objects.filter(hub_id=task.hub_id, status="draft").order_by("-created")
    draft = drafts.filter(org_id=seat.org_id).first() or drafts.filter(org_id=task.org_id).first()
    return render(
        request,
        "volunteers/task.html",
        {
            "task": task,
            "missed": missed,
            "ranked": ranked,
            "rows": rows,
            "draft": draft,
            "can_manage": seat.role == "coordinator",
            # A partly staffed task is open too, but its confirmed volunteers pin the window.
            "can_reschedule": seat.role == "coordinator" and task.status in svc.RESCHEDULABLE
            and not task.assignments.filter(status__in=LIVE).exists(),
            "reschedule_form": reschedule or TaskRescheduleForm(),
            "cancel_form": cancel or TaskCancelForm(),
        },
    )


@require_POST
@login_required
def task_reschedule(request: HttpRequest, pk: int) -> HttpResponse:
    return _task_form_action(
        request, pk, TaskRescheduleForm, "reschedule",
        lambda task, data: svc.task_reschedule(actor=request.user, task=task, **data),
        _("已改期,任务重新进入待派单。"),
    )


@require_POST
@login_required
def task_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    return _task_form_action(
        request, pk, TaskCancelForm, "cancel",
        lambda task, data: svc.task_cancel(actor=request.user, task=task, reason=data["reason"]),
        _("已取消任务。"),
    )


def _task_form_action(
    request: HttpRequest,
    pk: int,
    form_class: type[TaskRescheduleForm] | type[TaskCancelForm],
    slot: str,
    call: Callable[[Task, dict[str, Any]], Any],
    ok: str,
) -> HttpResponse:
    """Access → form → one service call → back to the task; a refusal re-renders what was typed."""
    task, seat = get_task_for_user(request.user, pk, Need.MANAGE)
    form = form_class(request.POST)
    if not form.is_valid():
        form_errors(request, form)
    elif run(request, lambda: call(task, form.cleaned_data), ok):
        return redirect("volunteers:task", task.pk)
    return _task_detail(request, task, seat, **{slot: form})


@require_POST
@login_required
def match(request: HttpRequest) -> HttpResponse:
    seat = staff_seat(request.user, Need.MANAGE)
    plan = run(
        request,
        lambda: svc.match_run(actor=request.user, org=seat_org(seat)),
        _("已生成派单方案,请核对后确认。"),
    )
    return redirect("volunteers:plan", plan.pk) if plan else redirect("volunteers:tasks")


@login_required
def plan(request: HttpRequest, pk: int) -> HttpResponse:
    plan, seat = get_plan_for_user(request.user, pk)
    rows = plan.rows.exclude(status=TaskAssignment.Status.REMOVED).select_related("task__zone", "profile")
    return render(
        request,
        "volunteers/plan.html",
        {
            "plan": plan,
            "rows": rows.order_by("task__urgency", "starts_at"),
            "now": timezone.now(),
            "can_edit": seat.role == "coordinator" and plan.status == MatchPlan.Status.DRAFT,
        },
    )


@require_POST
@login_required
def plan_remove(request: HttpRequest, pk: int, row: int) -> HttpResponse:
    plan = get_plan_for_user(request.user, pk, Need.MANAGE)[0]
    item = plan.rows.filter(pk=row).select_related("plan", "profile").first()
    if item is None:
        raise Http404
    run(request, lambda: svc.plan_row_remove(actor=request.user, row=item), _("已撤下。"))
    return redirect("volunteers:plan", pk)


@require_POST
@login_required
def plan_add(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_plan_for_user(request.user, pk, Need.MANAGE)[0]
    form = AddRowForm(request.POST)
    if not form.is_valid():
        form_errors(request, form)
        return redirect("volunteers:plan", pk)
    task = get_task_for_user(request.user, form.cleaned_data["task"], Need.MANAGE)[0]
    profile = get_profile_for_user(request.user, form.cleaned_data["volunteer"], Need.MANAGE)[0]
    run(
        request,
        lambda: svc.plan_row_add(actor=request.user, plan=plan, task=task, profile=profile),
        _("已加入方案。"),
    )
    return redirect("volunteers:plan", pk)


@require_POST
@login_required
def plan_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_plan_for_user(request.user, pk, Need.MANAGE)[0]
    run(
        request,
        lambda: svc.plan_confirm(actor=request.user, plan=plan),
        _("已派单,志愿者会在手机上收到任务。"),
    )
    return redirect("volunteers:plan", pk)
