"""The proposal → confirmed → accepted/declined life of a task offer (派单)."""

from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from cases.services import help_request_assign_volunteer, help_request_unassign_volunteer
from core.errors import ConflictError, DomainError
from core.messages import msg
from core.services import alert_raise, event_record
from matching.assignment import assign
from orgs.models import Membership
from volunteers.models import LIVE, MatchPlan, Task, TaskAssignment, VolunteerProfile
from volunteers.services._base import require_fit
from volunteers.services.availability import away_during
from volunteers.services.matching import REASONS
from volunteers.services.snapshot import profiles_for_matching, take
from volunteers.services.wellbeing import Interval, overlapping, policy_for, problems, work_intervals

R = TaskAssignment.Status
P = MatchPlan.Status


def check_pair(task: Task, profile: VolunteerProfile, now: datetime | None = None) -> datetime:
    """Every hard rule, by the matcher's own code on a one-by-one instance; the start time or an error."""
    now = now or timezone.now()
    if profile.hub_id != task.hub_id:
        raise DomainError(_("该志愿者不属于本协作网络。"))
    if profile.health != "fit":
        raise DomainError(
            _("{name} 目前{health},不能派单。").format(name=profile.name, health=profile.get_health_display())
        )
    profiles = profiles_for_matching(VolunteerProfile.objects.filter(pk=profile.pk), now)
    if not profiles:
        raise DomainError(_("{name} 未通过审核或没有住址坐标。").format(name=profile.name))
    snap = take([task], profiles, now)
    if task.org_id not in snap.orgs[profile.pk]:
        raise DomainError(
            _("{name} 不是「{org}」的志愿者,不能派这项任务。").format(name=profile.name, org=task.org.name)
        )
    vol = snap.for_duty(0, task.duty)
    if vol.windows != snap.m_vols[0].windows and not assign(snap.m_tasks, [vol], k=1).assigned:
        raise DomainError(
            _("{name} 当天已承担其他类型的任务(核实、配送、热线分开安排)。").format(name=profile.name)
        )
    result = assign(snap.m_tasks, [vol], k=1)
    if not result.assigned:
        reason = next(iter(result.reasons.values()), None)
        raise DomainError(_("不能派给 {name}:{reason}。").format(
            name=profile.name, reason=_(REASONS[reason]) if reason else _("该任务已满")))
    return snap.at(float(result.start[0]))


@transaction.atomic
def plan_row_remove(*, actor: Any, row: TaskAssignment) -> None:
    if row.plan is None or row.plan.status != P.DRAFT:
        raise DomainError(_("只能修改待确认的方案。"))
    if TaskAssignment.objects.filter(pk=row.pk, status=R.PROPOSED).update(status=R.REMOVED) != 1:
        raise ConflictError(_("该建议已被修改。"))
    event_record(
        actor=actor,
        kind="plan_row_removed",
        subject=row.plan,
        data={"task": row.task_id, "volunteer": row.profile.name},
    )


@transaction.atomic
def plan_row_add(*, actor: Any, plan: MatchPlan, task: Task, profile: VolunteerProfile) -> TaskAssignment:
    if plan.status != P.DRAFT:
        raise DomainError(_("只能修改待确认的方案。"))
    if task.hub_id != plan.hub_id or task.status not in (Task.Status.OPEN, Task.Status.PROPOSED):
        raise DomainError(_("该任务不在待派单状态。"))
    if task.assignments.filter(profile=profile, status__in=[R.PROPOSED, *LIVE]).exists():
        raise ConflictError(_("该志愿者已在这项任务上。"))
    starts_at = check_pair(task, profile)
    row = TaskAssignment.objects.create(
        task=task, profile=profile, plan=plan, starts_at=starts_at, note="协调员调整"
    )
    Task.objects.filter(pk=task.pk, status=Task.Status.OPEN).update(status=Task.Status.PROPOSED)
    event_record(
        actor=actor, kind="plan_row_added", subject=plan, data={"task": task.pk, "volunteer": profile.name}
    )
    return row


def _sync_task(task: Task) -> None:
    live = task.assignments.filter(status__in=LIVE).count()
    status = Task.Status.ASSIGNED if live >= task.people else Task.Status.OPEN
    Task.objects.filter(pk=task.pk).exclude(status__in=[Task.Status.DONE, Task.Status.CANCELLED]).update(
        status=status
    )


@transaction.atomic
def plan_confirm(*, actor: Any, plan: MatchPlan) -> MatchPlan:
    """Send the offers. Each volunteer is locked and re-checked: another plan may have booked them since."""
    if (
        MatchPlan.objects.filter(pk=plan.pk, status=P.DRAFT).update(
            status=P.CONFIRMED, confirmed_at=timezone.now()
        )
        != 1
    ):
        raise ConflictError(_("该方案已确认或已作废。"))
    rows = list(plan.rows.filter(status=R.PROPOSED).select_related("task__help_request", "profile__user"))
    locked = {
        p.pk: p
        for p in VolunteerProfile.objects.select_for_update()
        .filter(pk__in={r.profile_id for r in rows})
        .order_by("pk")
    }
    policy = policy_for(plan.hub_id) if rows else None
    for row in rows:
        _recheck(locked[row.profile_id], row, policy)
        # Compare-and-set: the rows were read before the locks; a task cancelled or rescheduled
        # since has removed its proposals, and those must not come back as offers.
        sent = TaskAssignment.objects.filter(pk=row.pk, status=R.PROPOSED).update(
            status=R.CONFIRMED, decided_at=timezone.now()
        )
        if sent != 1:
            raise ConflictError(
                _("「{title}」刚被改期或取消,请刷新方案后再确认。").format(title=row.task.title)
            )
        hr = row.task.help_request
        if hr is not None and hr.assigned_to_id != row.profile.user_id and not still_on(hr):
            # the request shows its current volunteer: the first one, or a replacement after a decline
            help_request_assign_volunteer(actor=actor, help_request=hr, volunteer=row.profile.user)
        alert_raise(
            users=[row.profile.user],
            key=f"vtask:{row.pk}",
            message=msg(gettext_noop("新任务:{title},{when}"), title=row.task.title,
                        when=f"{timezone.localtime(row.starts_at):%m-%d %H:%M}"),
            link="/volunteers/me/",
            email=False,
        )
    for task in Task.objects.filter(pk__in=plan.rows.values("task_id")):
        _sync_task(task)  # fully staffed → assigned; rows removed in the edit → open again
    plan.status = P.CONFIRMED
    event_record(
        actor=actor, kind="match_confirmed", subject=plan, org_id=plan.org_id, data={"offers": len(rows)}
    )
    return plan


def _recheck(profile: VolunteerProfile, row: TaskAssignment, policy: Any) -> None:
    """The hard rules again, at confirmation: since the plan was drafted the volunteer may have been
    marked sick, put on a shift or given another task. Confirming nothing beats breaking a rule."""
    if row.ends_at <= timezone.now():
        # A draft left until the task's window passed: the task is missed (reschedule or cancel
        # it), not something to send a volunteer to now.
        raise ConflictError(
            _("「{title}」的派单时间({when})已过,请撤下该行,或改期后重新匹配。").format(
                title=row.task.title, when=f"{timezone.localtime(row.starts_at):%m-%d %H:%M}"
            )
        )
    try:
        require_fit(profile)
    except DomainError as exc:
        raise ConflictError(_("{reason} 请重新匹配。").format(reason=exc.message)) from exc
    # The draft was solved against the availability of its moment; away time recorded since (a
    # quarantine, a family matter) is what the volunteer told us, not a rule to break silently.
    away = away_during(profile, row.starts_at, row.ends_at)
    if away:
        raise ConflictError(
            _("{name} 已登记 {start}–{end} 不可服务,请重新匹配。").format(
                name=profile.name,
                start=f"{timezone.localtime(away[0].starts_at):%m-%d %H:%M}",
                end=f"{timezone.localtime(away[0].ends_at):%m-%d %H:%M}",
            )
        )
    new = Interval(row.starts_at, row.ends_at, False, shift=False)
    existing = [
        i for i in work_intervals(profile, row.starts_at - timedelta(days=8), row.ends_at + timedelta(days=8))
        if not (i.start == row.starts_at and i.end == row.ends_at and not i.shift)  # itself, if live
    ]
    if overlapping(new, existing):
        raise ConflictError(
            _("{name} 在 {when} 已有别的任务或班次,请重新匹配。").format(
                name=profile.name, when=f"{timezone.localtime(row.starts_at):%H:%M}"
            )
        )
    found = problems(policy, new, existing)
    if found:
        rules = ";".join(found)
        raise ConflictError(_("{name}:{rules}。请重新匹配。").format(name=profile.name, rules=rules))


def still_on(hr: Any) -> bool:
    return (
        hr.assigned_to_id is not None
        and TaskAssignment.objects.filter(
            task__help_request=hr, profile__user_id=hr.assigned_to_id, status__in=LIVE
        ).exists()
    )


@transaction.atomic
def task_accept(*, actor: Any, row: TaskAssignment) -> TaskAssignment:
    if (
        TaskAssignment.objects.filter(pk=row.pk, status=R.CONFIRMED).update(
            status=R.ACCEPTED, decided_at=timezone.now()
        )
        != 1
    ):
        raise ConflictError(_("该任务已处理。"))
    row.status = R.ACCEPTED
    event_record(
        actor=actor,
        kind="task_accepted",
        subject=row.task,
        org_id=row.task.org_id,
        data={"volunteer": row.profile.name},
    )
    return row


@transaction.atomic
def task_decline(*, actor: Any, row: TaskAssignment, reason: str = "") -> TaskAssignment:
    """The volunteer says no: the task re-opens for matching and the coordinators are told."""
    rows = TaskAssignment.objects.filter(pk=row.pk, status__in=LIVE).update(
        status=R.DECLINED, decided_at=timezone.now(), note=reason[:200]
    )
    if rows != 1:
        raise ConflictError(_("该任务已处理。"))
    row.status = R.DECLINED
    _sync_task(row.task)
    hr = row.task.help_request
    mine = hr is not None and hr.assigned_to_id is not None and hr.assigned_to_id == row.profile.user_id
    if mine and not still_on(hr):
        # The request named this volunteer: hand it back to its org so it does not sit under a
        # volunteer who said no (the task itself re-opens for matching above).
        help_request_unassign_volunteer(
            actor=actor, help_request=hr, reason=reason or _("志愿者无法执行该任务"), notify=False
        )
    coords = Membership.objects.filter(org_id=row.task.org_id, role=Membership.Role.COORDINATOR, active=True)
    alert_raise(
        users=[m.user for m in coords.select_related("user")],
        key=f"vdecline:{row.pk}",
        message=msg(gettext_noop("{name} 无法执行任务:{title} {reason}"), name=row.profile.name,
                    title=row.task.title, reason=reason[:120]),
        link=f"/volunteers/tasks/{row.task_id}/",
        email=False,
    )
    event_record(
        actor=actor,
        kind="task_declined",
        subject=row.task,
        org_id=row.task.org_id,
        data={"volunteer": row.profile.name, "reason": reason},
    )
    return row


@transaction.atomic
def task_done(*, actor: Any, row: TaskAssignment) -> TaskAssignment:
    if (
        TaskAssignment.objects.filter(pk=row.pk, status__in=LIVE).update(
            status=R.DONE, decided_at=timezone.now()
        )
        != 1
    ):
        raise ConflictError(_("该任务已处理。"))
    task = row.task
    if not task.assignments.filter(status__in=LIVE).exists():
        # Done by whoever went, also when fewer came than asked for (a partly staffed task stays
        # "open" for its remaining places): left open, it would read as missed once its window ended.
        finished = Task.objects.filter(
            pk=task.pk, status__in=[Task.Status.ASSIGNED, Task.Status.OPEN, Task.Status.PROPOSED]
        ).update(status=Task.Status.DONE)
        if finished:
            task.assignments.filter(status=R.PROPOSED).update(status=R.REMOVED, note="任务已完成")
    event_record(
        actor=actor, kind="task_done", subject=task, org_id=task.org_id, data={"volunteer": row.profile.name}
    )
    return row


def release_open_rows(*, actor: Any, profile: VolunteerProfile, why: str) -> int:
    """Offers not yet started go back to matching (the volunteer fell sick, or was flagged for rest)."""
    rows = list(
        TaskAssignment.objects.filter(
            profile=profile, status__in=[R.PROPOSED, *LIVE], starts_at__gt=timezone.now()
        ).select_related("task")
    )
    for row in rows:
        TaskAssignment.objects.filter(pk=row.pk).update(status=R.REMOVED, note=why[:200])
        _sync_task(row.task)
    return len(rows)
