"""Tasks for volunteers: from a help request (deliver, verify by visit, accompany, check-in visit) or a
shipment (drive)."""

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from cases.models import HelpRequest
from cases.services import help_request_unassign_volunteer
from core.errors import DomainError
from core.messages import msg
from core.services import alert_raise, event_record
from orgs.models import Incident, Organisation
from volunteers.models import LIVE, Task, Zone
from volunteers.services._base import check_skills
from volunteers.services.assignments import still_on

T = Task.Kind
# What a kind needs unless the coordinator says otherwise.
DEFAULT_SKILLS = {T.DRIVE: ["driver"], T.ACCOMPANY: []}


@dataclass
class TaskInput:
    kind: str
    window_start: datetime
    window_end: datetime
    title: str = ""
    skills: list[str] = field(default_factory=list)
    hours: Decimal = Decimal(1)
    people: int = 1
    urgency: int = 3
    lat: float | None = None
    lon: float | None = None
    division_code: str = ""
    address: str = ""
    shipment_ref: str = ""


def zone_for(hub_id: int, lat: float | None, lon: float | None, division_code: str) -> Zone | None:
    for zone in Zone.objects.filter(hub_id=hub_id).exclude(status="open"):
        if zone.contains(lat, lon, division_code):
            return zone
    return None


def _clean(data: TaskInput) -> None:
    if data.kind not in T.values:
        raise DomainError(_("未知的任务类型。"), field="kind")
    if data.window_end <= data.window_start:
        raise DomainError(_("任务时间窗的结束必须晚于开始。"), field="window_end")
    if data.hours <= 0 or float(data.hours) > (data.window_end - data.window_start).total_seconds() / 3600:
        raise DomainError(_("所需时长应大于 0 且不超过时间窗。"), field="hours")
    if not 1 <= data.people <= 20:
        raise DomainError(_("需要人数应为 1–20。"), field="people")
    if data.urgency not in (1, 2, 3, 4):
        raise DomainError(_("紧急程度应为 1–4。"), field="urgency")
    if data.lat is None or data.lon is None:
        raise DomainError(_("任务需要地点坐标才能匹配附近的志愿者。"), field="lat")


@transaction.atomic
def task_create(
    *,
    actor: Any,
    org: Organisation,
    incident: Incident,
    data: TaskInput,
    help_request: HelpRequest | None = None,
) -> Task:
    _clean(data)
    if incident.hub_id != org.hub_id:
        raise DomainError(_("该事件不属于本协作网络。"))
    skills = check_skills(data.skills or DEFAULT_SKILLS.get(data.kind, []))
    with translation.override(settings.LANGUAGE_CODE):
        default_title = str(T(data.kind).label)
    task = Task.objects.create(
        hub_id=org.hub_id,
        org=org,
        incident=incident,
        help_request=help_request,
        kind=data.kind,
        title=data.title or default_title,
        skills=skills,
        lat=data.lat,
        lon=data.lon,
        division_code=data.division_code,
        address=data.address[:200],
        shipment_ref=data.shipment_ref,
        zone=zone_for(org.hub_id, data.lat, data.lon, data.division_code),
        window_start=data.window_start,
        window_end=data.window_end,
        hours=data.hours,
        people=data.people,
        urgency=data.urgency,
        created_by=actor,
    )
    event_record(
        actor=actor,
        kind="task_created",
        subject=task,
        incident_id=incident.pk,
        org_id=org.pk,
        data={"kind": data.kind, "help_request": help_request.code if help_request else None},
    )
    return task


def task_from_help_request(*, actor: Any, help_request: HelpRequest, data: TaskInput) -> Task:
    """Place, urgency and district come from the request; it must be claimed (its org does the work)."""
    hr = help_request
    if hr.status not in ("claimed", "in_progress") or hr.claimed_by is None:
        raise DomainError(_("请先认领该求助,再为它创建志愿者任务。"))
    if data.kind == T.DRIVE:
        raise DomainError(_("运输任务来自配送单,不来自求助。"), field="kind")
    data.lat, data.lon = (
        data.lat if data.lat is not None else hr.lat,
        data.lon if data.lon is not None else hr.lon,
    )
    data.division_code = data.division_code or hr.township_code or hr.county_code
    data.address = data.address or hr.address_detail
    data.urgency = hr.urgency
    # Stored text is read by everyone: write it in the site's language, not the creator's.
    with translation.override(settings.LANGUAGE_CODE):
        data.title = data.title or f"{T(data.kind).label} · {hr.code}"
    return task_create(actor=actor, org=hr.claimed_by, incident=hr.incident, data=data, help_request=hr)


def task_for_shipment(
    *, actor: Any, org: Organisation, incident: Incident, data: TaskInput, vehicle: str = ""
) -> Task:
    """A volunteer driver for a supplies shipment, picked up at `data`'s place (the warehouse).

    The shipment is named by reference only: supplies and volunteers are sibling apps and do not
    import each other; the supplies board links here with the shipment's details filled in.
    """
    if not data.shipment_ref.strip():
        raise DomainError(_("请填写配送单号。"), field="shipment_ref")
    data.kind = T.DRIVE
    data.skills = ["driver", *([f"vehicle:{vehicle}"] if vehicle else [])]
    return task_create(actor=actor, org=org, incident=incident, data=data)


@transaction.atomic
def task_cancel(*, actor: Any, task: Task, reason: str) -> Task:
    if not reason.strip():
        raise DomainError(_("取消任务时请说明原因。"), field="reason")
    if (
        Task.objects.filter(pk=task.pk).exclude(status__in=["done", "cancelled"]).update(status="cancelled")
        != 1
    ):
        raise DomainError(_("该任务已完成或已取消。"))
    live = task.assignments.filter(status__in=["proposed", "confirmed", "accepted"])
    # Volunteers who were sent (not merely proposed) are on their way or planning to be: tell them.
    sent = [r.profile.user for r in live.exclude(status="proposed").select_related("profile__user")
            if r.profile.user_id]
    live.update(status="removed")
    task.status = "cancelled"
    _release_help_request(actor, task, {u.pk for u in sent}, reason)
    alert_raise(
        users=sent,
        key=f"task-cancelled:{task.pk}",
        message=msg(gettext_noop("任务「{title}」已取消:{reason}"), title=task.title, reason=reason),
        link="/volunteers/me/",
    )
    event_record(
        actor=actor, kind="task_cancelled", subject=task, incident_id=task.incident_id, org_id=task.org_id,
        data={"reason": reason},
    )
    return task


def _release_help_request(actor: Any, task: Task, sent: set[int], reason: str) -> None:
    """A request still naming a volunteer who was just told the task is off goes back to its org
    (as after a decline), so its board shows it unstaffed instead of under someone not coming."""
    hr = HelpRequest.objects.filter(pk=task.help_request_id).first()
    if hr is None or hr.status != HelpRequest.Status.IN_PROGRESS or hr.assigned_to_id not in sent:
        return
    if not still_on(hr):
        help_request_unassign_volunteer(actor=actor, help_request=hr, reason=reason, notify=False)


# A task nobody was matched to in time can be moved; once volunteers are confirmed it is theirs to
# decline or the coordinator's to cancel, so those states are left alone.
RESCHEDULABLE = (Task.Status.OPEN, Task.Status.PROPOSED)


@transaction.atomic
def task_reschedule(
    *, actor: Any, task: Task, window_start: datetime, window_end: datetime, now: datetime | None = None
) -> Task:
    """Give a task a new time window and send it back to matching (drafted proposals are dropped:
    they were checked against the old window)."""
    now = now or timezone.now()
    if window_end <= window_start:
        raise DomainError(_("任务时间窗的结束必须晚于开始。"), field="window_end")
    if window_end <= now:
        raise DomainError(_("新的时间窗已经过去,请选一个将来的时间。"), field="window_end")
    if float(task.hours) > (window_end - window_start).total_seconds() / 3600:
        raise DomainError(_("所需时长应大于 0 且不超过时间窗。"), field="window_end")
    # A partly staffed task is still open: moving it would leave its confirmed volunteers going at
    # the old time (their rows keep the old start), so they are released by a cancel, not a move.
    if task.assignments.filter(status__in=LIVE).exists():
        raise DomainError(_("已有志愿者按原时间接单,不能改期;请取消该任务(会通知已派的志愿者)后重新创建。"))
    old = (task.window_start, task.window_end)
    moved = Task.objects.filter(
        pk=task.pk, status__in=RESCHEDULABLE, window_start=old[0], window_end=old[1]
    ).update(window_start=window_start, window_end=window_end, status=Task.Status.OPEN)
    if moved != 1:
        raise DomainError(_("该任务已派单、完成、取消或刚被他人修改,请刷新后再试。"))
    dropped = task.assignments.filter(status="proposed").update(status="removed")
    task.window_start, task.window_end, task.status = window_start, window_end, Task.Status.OPEN
    event_record(
        actor=actor,
        kind="task_rescheduled",
        subject=task,
        incident_id=task.incident_id,
        org_id=task.org_id,
        data={
            # Local time both ways: the form gives local times, the row read back gives UTC.
            "from": [timezone.localtime(t).isoformat() for t in old],
            "to": [timezone.localtime(t).isoformat() for t in (window_start, window_end)],
            "proposals_dropped": dropped,
        },
    )
    return task
