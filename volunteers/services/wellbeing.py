"""The wellbeing guard (轮岗休息): pure rules over a volunteer's work intervals.

Shifts and confirmed tasks both count as work. Overlap is a hard error; every other rule yields a
reason that a coordinator may override with a logged reason.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from volunteers.models import LIVE, ShiftAssignment, TaskAssignment, VolunteerProfile, WellbeingPolicy


@dataclass(frozen=True)
class Interval:
    start: datetime
    end: datetime
    high_stress: bool = False
    shift: bool = True  # the rest rule is between shifts; a one-hour task is not a shift

    @property
    def hours(self) -> float:
        return (self.end - self.start).total_seconds() / 3600

    @property
    def day(self) -> date:
        return timezone.localtime(self.start).date()


def policy_for(hub_id: int) -> WellbeingPolicy:
    return WellbeingPolicy.objects.filter(hub_id=hub_id).first() or WellbeingPolicy(hub_id=hub_id)


def work_intervals(profile: VolunteerProfile, since: datetime, until: datetime) -> list[Interval]:
    shifts = ShiftAssignment.objects.filter(profile=profile, starts_at__lt=until, ends_at__gt=since).exclude(
        status=ShiftAssignment.Status.CANCELLED
    )
    out = [Interval(s.starts_at, s.ends_at, s.shift.high_stress) for s in shifts.select_related("shift")]
    tasks = TaskAssignment.objects.filter(profile=profile, status__in=LIVE, starts_at__lt=until)
    for row in tasks.select_related("task"):
        if row.ends_at > since:
            out.append(Interval(row.starts_at, row.ends_at, False, shift=False))
    return sorted(out, key=lambda i: i.start)


def hours_by_day(interval: Interval) -> dict[date, float]:
    """The interval's hours on each local calendar day it touches."""
    out: dict[date, float] = {}
    start, end = timezone.localtime(interval.start), timezone.localtime(interval.end)
    while start < end:
        midnight = (start + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
        stop = min(end, midnight)
        out[start.date()] = out.get(start.date(), 0.0) + (stop - start).total_seconds() / 3600
        start = stop
    return out


def overlapping(new: Interval, existing: list[Interval]) -> Interval | None:
    return next((e for e in existing if e.start < new.end and e.end > new.start), None)


def problems(policy: WellbeingPolicy, new: Interval, existing: list[Interval]) -> list[str]:
    out: list[str] = []
    # Hours are counted on the calendar day they are worked: a 20:00-08:00 hotline night is 4 h on
    # one day and 8 h on the next, not a 12 h day that the default 10 h limit would refuse.
    for day, hours in hours_by_day(new).items():
        day_hours = hours + sum(hours_by_day(e).get(day, 0.0) for e in existing)
        if day_hours > policy.max_hours_day:
            out.append(
                _("当天工作将达 {hours} 小时,超过每日上限 {limit} 小时").format(
                    hours=f"{day_hours:.1f}", limit=policy.max_hours_day
                )
            )
            break
    week = [e for e in existing if new.day - timedelta(days=6) <= e.day <= new.day]
    week_hours = new.hours + sum(e.hours for e in week)
    if week_hours > policy.max_hours_week:
        out.append(
            _("近7天工作将达 {hours} 小时,超过每周上限 {limit} 小时").format(
                hours=f"{week_hours:.1f}", limit=policy.max_hours_week
            )
        )
    rest = timedelta(hours=policy.min_rest_hours)
    for e in existing:
        if not (e.shift and new.shift):
            continue
        gap = new.start - e.end if e.end <= new.start else e.start - new.end
        if gap < rest:
            out.append(
                _("与 {when} 的班次间隔不足 {limit} 小时").format(
                    when=f"{timezone.localtime(e.start):%m-%d %H:%M}", limit=policy.min_rest_hours
                )
            )
            break
    days = {e.day for e in existing} | {new.day}
    run, d = 1, new.day
    while d - timedelta(days=1) in days:
        run, d = run + 1, d - timedelta(days=1)
    d = new.day
    while d + timedelta(days=1) in days:
        run, d = run + 1, d + timedelta(days=1)
    if run > policy.max_consecutive_days:
        out.append(
            _("将连续工作 {n} 天,超过上限 {limit} 天").format(n=run, limit=policy.max_consecutive_days)
        )
    if new.high_stress and _stress_run(new, existing) > policy.max_consecutive_high_stress:
        out.append(
            _("将连续 {n} 个高压班次,超过上限 {limit} 个").format(
                n=_stress_run(new, existing), limit=policy.max_consecutive_high_stress
            )
        )
    return out


def _stress_run(new: Interval, existing: list[Interval]) -> int:
    shifts = sorted([e for e in existing if e.shift] + [new], key=lambda i: i.start)
    i = shifts.index(new)
    lo = i
    while lo > 0 and shifts[lo - 1].high_stress:
        lo -= 1
    hi = i
    while hi + 1 < len(shifts) and shifts[hi + 1].high_stress:
        hi += 1
    return hi - lo + 1


def hours_left(policy: WellbeingPolicy, day: date, existing: list[Interval]) -> float:
    """Hours a volunteer may still work on ``day`` before the daily or weekly cap (for matching)."""
    day_used = sum(e.hours for e in existing if e.day == day)
    week_used = sum(e.hours for e in existing if day - timedelta(days=6) <= e.day <= day)
    return max(0.0, min(policy.max_hours_day - day_used, policy.max_hours_week - week_used))
