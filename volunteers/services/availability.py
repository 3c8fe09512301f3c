"""One-off changes to a volunteer's weekly pattern: away (quarantined at home, a family matter) or
extra time free. The matcher reads them (`snapshot.py`); shift assignment treats an away period as a
rule a coordinator may override with a reason, since plans change by phone faster than in the app."""

from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from core.errors import DomainError
from core.messages import msg
from core.services import alert_raise, event_record
from orgs.models import Membership
from volunteers.models import LIVE, AvailabilityException, ShiftAssignment, TaskAssignment, VolunteerProfile

LONGEST = timedelta(days=60)


def away_during(profile: VolunteerProfile, start: datetime, end: datetime) -> list[AvailabilityException]:
    return list(
        profile.exceptions.filter(available=False, starts_at__lt=end, ends_at__gt=start).order_by("starts_at")
    )


@transaction.atomic
def availability_exception_add(
    *,
    actor: Any,
    profile: VolunteerProfile,
    starts_at: datetime,
    ends_at: datetime,
    available: bool = False,
    note: str = "",
) -> AvailabilityException:
    if ends_at <= starts_at:
        raise DomainError(_("结束时间必须晚于开始时间。"), field="ends_at")
    if ends_at <= timezone.now():
        raise DomainError(_("这段时间已经过去。"), field="ends_at")
    if ends_at - starts_at > LONGEST:
        raise DomainError(_("一次最长登记 60 天;更长请联系协调员调整常规可服务时间。"), field="ends_at")
    exc = AvailabilityException.objects.create(
        profile=profile, starts_at=starts_at, ends_at=ends_at, available=available, note=note.strip()[:120]
    )
    event_record(actor=actor, kind="availability_exception_added", subject=profile, org_id=profile.org_id,
                 data={"from": starts_at.isoformat(), "to": ends_at.isoformat(), "available": available})
    if not available:
        _tell_coordinators(profile, exc)
    return exc


def _tell_coordinators(profile: VolunteerProfile, exc: AvailabilityException) -> None:
    """Away over a shift or a task already given: the coordinators must find someone else."""
    shifts = list(ShiftAssignment.objects.filter(
        profile=profile, starts_at__lt=exc.ends_at, ends_at__gt=exc.starts_at
    ).exclude(status__in=["cancelled", "done"]).select_related("shift"))
    # A task row stores only its start: one already under way when the away period begins clashes too.
    tasks = [
        row for row in TaskAssignment.objects.filter(
            profile=profile, status__in=LIVE, starts_at__lt=exc.ends_at
        ).select_related("task")
        if row.ends_at > exc.starts_at
    ]
    if not shifts and not tasks:
        return
    # Whoever runs the shift or the task (often the hub's hotline rota) must hear it, not only the
    # volunteer's own org: a member org's coordinators cannot see or staff a hub shift.
    orgs = {profile.org_id} | {s.shift.org_id for s in shifts} | {r.task.org_id for r in tasks}
    coords = Membership.objects.filter(org_id__in=orgs, role=Membership.Role.COORDINATOR, active=True)
    alert_raise(
        users={m.user for m in coords.select_related("user")},
        key=f"away-clash:{exc.pk}",
        message=msg(gettext_noop("{name} 登记了 {start}–{end} 不可服务,与 {n} 项已安排的班次/任务冲突"),
                    name=profile.name, n=len(shifts) + len(tasks),
                    start=f"{timezone.localtime(exc.starts_at):%m-%d %H:%M}",
                    end=f"{timezone.localtime(exc.ends_at):%m-%d %H:%M}"),
        link=f"/volunteers/{profile.pk}/",
    )


@transaction.atomic
def availability_exception_remove(*, actor: Any, exception: AvailabilityException) -> None:
    if AvailabilityException.objects.filter(pk=exception.pk).delete()[0] != 1:
        raise DomainError(_("该登记已被删除。"))
    event_record(actor=actor, kind="availability_exception_removed", subject=exception.profile,
                 org_id=exception.profile.org_id,
                 data={"from": exception.starts_at.isoformat(), "to": exception.ends_at.isoformat()})
