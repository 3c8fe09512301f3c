"""Check-in plans and check-ins (探访/联络)."""

from datetime import datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.services import NeedInput
from core.errors import ConflictError, DomainError
from people.access import Need
from people.models import (
    INTERVAL,
    Cadence,
    Channel,
    CheckIn,
    CheckInDay,
    CheckInPlan,
    Guardianship,
    Outcome,
    Person,
    PersonRequest,
)
from people.models.care import GRACE
from people.services._base import person_cas, record, require
from people.services.linked import has_open, request_open

# After "not reachable", try again soon rather than a whole interval later.
RETRY = timedelta(hours=4)
ENDS_CARE = {Outcome.MOVED: Person.Status.MOVED, Outcome.DECEASED: Person.Status.DECEASED}


def _plan_cas(plan: CheckInPlan, **fields: Any) -> None:
    rows = CheckInPlan.objects.filter(pk=plan.pk, version=plan.version).update(
        version=F("version") + 1, **fields
    )
    if rows != 1:
        raise ConflictError(_("探访计划刚被他人更新,请刷新后重试。"))
    for key, value in fields.items():
        setattr(plan, key, value)
    plan.version += 1


def schedule(plan: CheckInPlan, due: datetime | None) -> dict[str, Any]:
    escalate = due + GRACE[Cadence(plan.cadence)] if due is not None else None
    return {"next_due_at": due, "escalate_at": escalate, "alert_level": CheckInPlan.Level.NONE}


@transaction.atomic
def plan_set(*, actor: Any, person: Person, cadence: str, channel: str) -> CheckInPlan:
    require(actor, person, Need.MANAGE)
    if cadence not in Cadence.values or channel not in Channel.values:
        raise DomainError(_("未知的联络频率或方式。"), field="cadence")
    plan = CheckInPlan.objects.select_for_update().get(person=person)
    # A tighter cadence brings the next due time forward; a looser one never pushes a due call away.
    due = plan.next_due_at
    last = person.checkins.order_by("-at").values_list("at", flat=True).first()
    if last is not None and due is not None:
        due = min(due, last + INTERVAL[Cadence(cadence)])
    old = {"cadence": plan.cadence, "channel": plan.channel}
    plan.cadence = cadence
    _plan_cas(plan, cadence=cadence, channel=channel, **schedule(plan, due))
    record(
        actor=actor,
        kind="plan_changed",
        person=person,
        data={"old": old, "new": {"cadence": cadence, "channel": channel}},
    )
    return plan


def day_count(checkin: CheckIn) -> None:
    """Add the check-in to its org/district/day counter (the coverage dashboard reads those)."""
    key = {
        "org_id": checkin.org_id,
        "county_code": checkin.county_code,
        "day": timezone.localdate(checkin.at),
    }
    bump = {"n": F("n") + 1, "on_time": F("on_time") + int(checkin.on_time)}
    if CheckInDay.objects.filter(**key).update(**bump):
        return
    try:
        with transaction.atomic():
            CheckInDay.objects.create(**key, n=1, on_time=int(checkin.on_time))
    except IntegrityError:  # another check-in created today's row first
        CheckInDay.objects.filter(**key).update(**bump)


@transaction.atomic
def checkin_record(
    *,
    actor: Any,
    person: Person,
    outcome: str,
    channel: str = "",
    note: str = "",
    needs: list[NeedInput] | None = None,
    urgency: int = 3,
) -> CheckIn:
    """Record one contact. "Needs something" opens the linked help request in the same step; a second
    "not reachable" in a row opens an urgent door-visit request."""
    require(actor, person, Need.CHECKIN)
    if outcome not in Outcome.values:
        raise DomainError(_("未知的探访结果。"), field="outcome")
    if channel and channel not in Channel.values:
        raise DomainError(_("未知的联络方式。"), field="channel")
    if "\x00" in (note or ""):
        # PostgreSQL cannot store NUL; the API passes the note through without a form.
        raise DomainError(_("含有无效字符(NUL)。"), field="note")
    if outcome == Outcome.NEEDS and not needs:
        raise DomainError(_("选择「需要帮助」时请填写需要什么。"), field="needs")
    if person.status in ENDS_CARE.values():
        raise DomainError(_("该对象已不在册。"))
    plan = CheckInPlan.objects.select_for_update().get(person=person)
    now = timezone.now()
    due = plan.next_due_at
    checkin = CheckIn.objects.create(
        person=person,
        org_id=person.org_id,
        county_code=person.county_code,
        actor=actor,
        at=now,
        channel=channel or plan.channel,
        outcome=outcome,
        note=(note or "")[:300],
        due_at=due,
        on_time=due is None or now <= due + plan.grace,
    )
    day_count(checkin)
    streak = plan.unreachable_streak + 1 if outcome == Outcome.NOT_REACHABLE else 0
    data: dict[str, Any] = {"outcome": outcome, "on_time": checkin.on_time, "checkin": checkin.pk}
    if outcome == Outcome.NEEDS:
        hr = request_open(
            actor=actor,
            person=person,
            needs=needs or [],
            urgency=urgency,
            description=_("探访发现需求:{note}").format(note=note)[:5000],
            reason=PersonRequest.Reason.CHECKIN,
        )
        data["request"] = hr.pk
    if streak >= 2 and not has_open(person, PersonRequest.Reason.DOOR_VISIT):
        hr = request_open(
            actor=actor,
            person=person,
            urgency=1,
            reason=PersonRequest.Reason.DOOR_VISIT,
            needs=[NeedInput(category="care", item="上门探访")],
            description=_("重点对象连续 {n} 次联系不上,请尽快上门查看。").format(n=streak),
        )
        data["door_visit_request"] = hr.pk
    if outcome in ENDS_CARE:
        _plan_cas(plan, active=False, unreachable_streak=0, **schedule(plan, None))
        Guardianship.objects.filter(person=person, to_at__isnull=True).update(to_at=now, end_reason=outcome)
        person_cas(person, status=ENDS_CARE[outcome], guardian=None, backup=None)
        person.medications.update(active=False)
    else:
        step = min(RETRY, plan.interval) if outcome == Outcome.NOT_REACHABLE else plan.interval
        _plan_cas(plan, unreachable_streak=streak, **schedule(plan, now + step))
        status = Person.Status.HOSPITALISED if outcome == Outcome.HOSPITALISED else Person.Status.ACTIVE
        if person.status != status:
            person_cas(person, status=status)
    record(actor=actor, kind="checkin_recorded", person=person, data=data, at=now)
    return checkin
