"""Shifts: create, assign under the wellbeing guard, check in and out, and the fatigue self-check."""

from datetime import datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from core.errors import ConflictError, DomainError
from core.messages import msg
from core.services import alert_raise, event_record
from orgs.models import Membership, Organisation
from volunteers.models import Duty, FatigueCheck, Shift, ShiftAssignment, ShiftTemplate, VolunteerProfile
from volunteers.services._base import require_fit, same_network
from volunteers.services.availability import away_during
from volunteers.services.wellbeing import Interval, overlapping, policy_for, problems, work_intervals

A = ShiftAssignment.Status
FATIGUE_FLAG_TOTAL = 8  # of 12: three answers 0–4; any single 4 flags too
REST_AFTER_FLAG = timedelta(hours=24)
EARLIEST_CHECK_IN = timedelta(hours=1)


@transaction.atomic
def shift_create(
    *,
    actor: Any,
    org: Organisation,
    starts_at: datetime,
    ends_at: datetime,
    name: str = "",
    duty: str = "hotline",
    high_stress: bool = False,
    needed: int = 2,
    template: ShiftTemplate | None = None,
) -> Shift:
    if template is not None:
        name, duty, high_stress, needed = template.name, template.duty, template.high_stress, template.needed
    if ends_at <= starts_at:
        raise DomainError(_("班次结束时间必须晚于开始时间。"), field="ends_at")
    if ends_at - starts_at > timedelta(hours=24):
        raise DomainError(_("一个班次不能超过 24 小时。"), field="ends_at")
    shift = Shift.objects.create(
        hub_id=org.hub_id,
        org=org,
        template=template,
        name=name or "班次",
        duty=duty,
        starts_at=starts_at,
        ends_at=ends_at,
        high_stress=high_stress,
        needed=max(needed, 1),
    )
    event_record(actor=actor, kind="shift_created", subject=shift, org_id=org.pk, data={"name": shift.name})
    return shift


@transaction.atomic
def shift_template_create(
    *,
    actor: Any,
    hub_id: int,
    name: str,
    start: time,
    end: time,
    duty: str = Duty.HOTLINE,
    high_stress: bool = False,
    needed: int = 2,
) -> ShiftTemplate:
    """A named daily pattern (热线 早班 08–14) the whole network fills shifts from; an end not after
    the start means the next morning (20–08)."""
    name = name.strip()
    if not name:
        raise DomainError(_("请填写模板名称。"), field="name")
    if duty not in Duty.values:
        raise DomainError(_("未知的职责。"), field="duty")
    if start == end:
        raise DomainError(_("开始和结束时间相同:请写明班次时段(跨夜班结束时间早于开始)。"), field="end")
    if not 1 <= needed <= 100:
        raise DomainError(_("需要人数应为 1–100。"), field="needed")
    try:
        with transaction.atomic():  # the unique constraint decides between two coordinators at once
            template = ShiftTemplate.objects.create(
                hub_id=hub_id, name=name, duty=duty, start=start, end=end, high_stress=high_stress,
                needed=needed,
            )
    except IntegrityError:
        raise ConflictError(_("已有同名、同时段的班次模板。"), field="name") from None
    event_record(
        actor=actor,
        kind="shift_template_created",
        subject=template,
        org_id=hub_id,
        data={"name": str(template), "high_stress": high_stress},
    )
    return template


def shift_from_template(*, actor: Any, org: Organisation, template: ShiftTemplate, day: Any) -> Shift:
    start = timezone.make_aware(datetime.combine(day, template.start))
    end = timezone.make_aware(datetime.combine(day, template.end))
    if end <= start:  # 20:00–08:00 ends the next morning
        end += timedelta(days=1)
    return shift_create(actor=actor, org=org, starts_at=start, ends_at=end, template=template)


@transaction.atomic
def shift_assign(
    *, actor: Any, shift: Shift, profile: VolunteerProfile, override_reason: str = ""
) -> ShiftAssignment:
    """Put a volunteer on a shift unless it breaks a rule.

    The volunteer's row is locked first, so two coordinators assigning the same person to overlapping
    shifts at once are serialised: the second sees the first's row and gets the overlap error.
    """
    locked = VolunteerProfile.objects.select_for_update().get(pk=profile.pk)
    same_network(locked, shift.hub_id)
    require_fit(locked)
    new = Interval(shift.starts_at, shift.ends_at, shift.high_stress)
    existing = work_intervals(locked, shift.starts_at - timedelta(days=8), shift.ends_at + timedelta(days=8))
    clash = overlapping(new, existing)
    if clash is not None:
        raise ConflictError(
            _("{name} 在 {start}–{end} 已有安排,与该班次重叠。").format(
                name=locked.name,
                start=f"{timezone.localtime(clash.start):%m-%d %H:%M}",
                end=f"{timezone.localtime(clash.end):%H:%M}",
            )
        )
    found = problems(policy_for(shift.hub_id), new, existing)
    for away in away_during(locked, shift.starts_at, shift.ends_at):
        found.append(
            _("已登记 {start}–{end} 不可服务{note}").format(
                start=f"{timezone.localtime(away.starts_at):%m-%d %H:%M}",
                end=f"{timezone.localtime(away.ends_at):%m-%d %H:%M}",
                note=f"({away.note})" if away.note else "",
            )
        )
    if locked.rest_until and locked.rest_until > shift.starts_at:
        found.append(
            _("已被标记需要休息至 {when}").format(when=f"{timezone.localtime(locked.rest_until):%m-%d %H:%M}")
        )
    reason = override_reason.strip()
    if found and not reason:
        if profile.user_id is not None and profile.user_id == getattr(actor, "pk", None):
            # Signing oneself up: only a coordinator can override, so say who to ask.
            raise DomainError(
                _("不能报名:{rules}。请休息,或请协调员安排。").format(rules=";".join(found))
            )
        raise DomainError(
            _("不能排班:{rules}。如确需安排,请填写越过规则的理由。").format(rules=";".join(found))
        )
    # Lock the shift too: two coordinators filling its last seat with two different people must not
    # both see one seat free (the volunteer lock above only serialises the same person).
    Shift.objects.select_for_update().filter(pk=shift.pk).first()
    taken = shift.assignments.exclude(status=A.CANCELLED).count()
    if taken >= shift.needed:
        raise DomainError(_("该班次人数已满。"))
    row = ShiftAssignment.objects.create(
        shift=shift,
        profile=locked,
        starts_at=shift.starts_at,
        ends_at=shift.ends_at,
        override_reason=reason if found else "",
        assigned_by=actor,
    )
    data = {"volunteer": locked.name, "shift": shift.name}
    if found:
        data |= {"override": reason, "rules": found}
    event_record(actor=actor, kind="shift_assigned", subject=shift, org_id=shift.org_id, data=data)
    return row


@transaction.atomic
def shift_unassign(*, actor: Any, row: ShiftAssignment) -> None:
    if ShiftAssignment.objects.filter(pk=row.pk, status=A.ASSIGNED).update(status=A.CANCELLED) != 1:
        raise ConflictError(_("只能取消尚未签到的排班。"))
    event_record(
        actor=actor, kind="shift_unassigned", subject=row.shift, data={"volunteer": row.profile.name}
    )


@transaction.atomic
def shift_check_in(*, actor: Any, row: ShiftAssignment) -> ShiftAssignment:
    now = timezone.now()
    if now < row.starts_at - EARLIEST_CHECK_IN or now > row.ends_at:
        raise DomainError(_("只能在班次开始前一小时至结束前签到。"))
    if (
        ShiftAssignment.objects.filter(pk=row.pk, status=A.ASSIGNED).update(
            status=A.CHECKED_IN, check_in_at=now
        )
        != 1
    ):
        raise ConflictError(_("该排班已签到或已取消。"))
    row.status, row.check_in_at = A.CHECKED_IN, now
    event_record(
        actor=actor, kind="shift_checked_in", subject=row.shift, data={"volunteer": row.profile.name}
    )
    return row


CHECK_OUT_GRACE = timedelta(hours=2)


@transaction.atomic
def shift_check_out(*, actor: Any, row: ShiftAssignment) -> ShiftAssignment:
    now = timezone.now()
    if row.check_in_at is None:
        raise DomainError(_("请先签到。"))
    # A forgotten check-out must not log 40 hours and put the volunteer on the near-limit list:
    # time counts up to two hours past the shift's end at most (the event says when it was capped).
    until = min(now, row.shift.ends_at + CHECK_OUT_GRACE)
    hours = _hours(row.check_in_at, until)
    rows = ShiftAssignment.objects.filter(pk=row.pk, status=A.CHECKED_IN).update(
        status=A.DONE, check_out_at=now, hours=hours
    )
    if rows != 1:
        raise ConflictError(_("该排班不在签到状态。"))
    row.status, row.check_out_at, row.hours = A.DONE, now, hours
    event_record(
        actor=actor,
        kind="shift_checked_out",
        subject=row.shift,
        data={"volunteer": row.profile.name, "hours": str(hours), "capped": until < now},
    )
    return row


def _hours(start: datetime, end: datetime) -> Decimal:
    return Decimal(max(0.0, (end - start).total_seconds() / 3600)).quantize(Decimal("0.01"))


@transaction.atomic
def shift_attendance_record(
    *, actor: Any, row: ShiftAssignment, check_in_at: datetime, check_out_at: datetime, reason: str
) -> ShiftAssignment:
    """A coordinator records attendance after the fact (a paper sign-in sheet, a phone that died, a
    wrong tap), with a reason: hours feed the wellbeing limits and the subsidy, so they must be right.

    The same bounds as live check-in and check-out apply: from an hour before the shift to two hours
    after it, and not in the future.
    """
    if not reason.strip():
        raise DomainError(_("补录考勤时请说明原因。"), field="reason")
    if row.status == A.CANCELLED:
        raise DomainError(_("该排班已取消。"))
    if check_out_at <= check_in_at:
        raise DomainError(_("签退时间必须晚于签到时间。"), field="check_out_at")
    if check_out_at > timezone.now():
        raise DomainError(_("签退时间不能晚于现在。"), field="check_out_at")
    if check_in_at < row.starts_at - EARLIEST_CHECK_IN:
        raise DomainError(_("签到时间最早为班次开始前一小时。"), field="check_in_at")
    if check_out_at > row.ends_at + CHECK_OUT_GRACE:
        raise DomainError(_("签退时间最晚为班次结束后两小时。"), field="check_out_at")
    before = {"status": row.status, "check_in_at": row.check_in_at, "check_out_at": row.check_out_at}
    hours = _hours(check_in_at, check_out_at)
    if (
        ShiftAssignment.objects.filter(pk=row.pk, **before).update(
            status=A.DONE, check_in_at=check_in_at, check_out_at=check_out_at, hours=hours
        )
        != 1
    ):
        raise ConflictError(_("该排班刚被他人修改,请刷新后再试。"))
    row.status, row.check_in_at, row.check_out_at, row.hours = A.DONE, check_in_at, check_out_at, hours
    event_record(
        actor=actor,
        kind="shift_attendance_recorded",
        subject=row.shift,
        org_id=row.shift.org_id,
        data={
            "volunteer": row.profile.name,
            "hours": str(hours),
            "reason": reason.strip(),
            "before": {k: v.isoformat() if isinstance(v, datetime) else v for k, v in before.items()},
        },
    )
    return row


@transaction.atomic
def fatigue_record(
    *,
    actor: Any,
    profile: VolunteerProfile,
    exhaustion: int,
    sleep: int,
    distress: int,
    note: str = "",
    row: ShiftAssignment | None = None,
) -> FatigueCheck:
    """A high score flags the volunteer for rest and psychological support and tells the coordinators."""
    answers = (exhaustion, sleep, distress)
    if any(a not in range(5) for a in answers):
        raise DomainError(_("每题请选 0–4。"))
    flagged = sum(answers) >= FATIGUE_FLAG_TOTAL or max(answers) == 4
    check = FatigueCheck.objects.create(
        profile=profile,
        assignment=row,
        exhaustion=exhaustion,
        sleep=sleep,
        distress=distress,
        note=note[:300],
        flagged=flagged,
    )
    if flagged:
        until = timezone.now() + REST_AFTER_FLAG
        VolunteerProfile.objects.filter(pk=profile.pk).update(rest_until=until, needs_support=True)
        profile.rest_until, profile.needs_support = until, True
        coords = Membership.objects.filter(
            org_id=profile.org_id, role=Membership.Role.COORDINATOR, active=True
        )
        alert_raise(
            users=[m.user for m in coords.select_related("user")],
            key=f"fatigue:{check.pk}",
            message=msg(
                gettext_noop("{name} 自评疲劳较重,已安排休息24小时,请联系心理支持组。"), name=profile.name
            ),
            link=f"/volunteers/{profile.pk}/",
        )
    event_record(
        actor=actor,
        kind="fatigue_check",
        subject=profile,
        org_id=profile.org_id,
        data={"total": sum(answers), "flagged": flagged},
    )
    return check
