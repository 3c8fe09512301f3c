"""Map the database to the matcher's dataclasses (matching.assignment), and back.

Times become hours since local midnight of the planning day. A volunteer's windows are their weekly
pattern for today and tomorrow, plus "extra time" exceptions, minus "away" exceptions and minus the
time they are already booked (shifts, confirmed tasks) — so the matcher never double-books anyone.
"""

from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from matching.assignment import Task as MTask
from matching.assignment import Volunteer as MVolunteer
from volunteers.models import LIVE, Pass, ShiftAssignment, Task, TaskAssignment, VolunteerProfile, ZoneStatus
from volunteers.services.wellbeing import Interval, hours_left, policy_for

HORIZON = timedelta(days=2)


@dataclass
class Snapshot:
    base: datetime
    tasks: list[Task]
    profiles: list[VolunteerProfile]
    m_tasks: list[MTask]
    m_vols: list[MVolunteer]
    duties: dict[int, dict[int, set[str]]]  # profile id → day (0 today, 1 tomorrow) → duty lines held
    orgs: dict[int, set[int]]  # profile id → orgs the volunteer is an active member of

    def at(self, hours: float) -> datetime:
        return self.base + timedelta(hours=hours)

    def for_duty(self, j: int, duty: str) -> MVolunteer:
        """Volunteer j as seen by tasks of one duty line: only the days they hold no other line."""
        held = self.duties[self.profiles[j].pk]
        v = self.m_vols[j]
        ok = [w for w in v.windows if held.get(int(w[0] // 24), set()) <= {duty}]
        return v if len(ok) == len(v.windows) else replace(v, windows=tuple(ok))


def _hours(dt: datetime, base: datetime) -> float:
    return (dt - base).total_seconds() / 3600


def _subtract(
    windows: list[tuple[float, float]], cut: list[tuple[float, float]]
) -> list[tuple[float, float]]:
    for c0, c1 in cut:
        out = []
        for w0, w1 in windows:
            if c1 <= w0 or c0 >= w1:
                out.append((w0, w1))
                continue
            if c0 > w0:
                out.append((w0, c0))
            if c1 < w1:
                out.append((c1, w1))
        windows = out
    return windows


def _windows(p: VolunteerProfile, base: datetime, busy: list[Interval]) -> list[tuple[float, float]]:
    wins = []
    for offset in range(HORIZON.days):
        day = (base + timedelta(days=offset)).date()
        for a in p.availability.all():
            if a.weekday == day.weekday():
                s = timezone.make_aware(datetime.combine(day, a.start))
                e = timezone.make_aware(datetime.combine(day, a.end))
                wins.append((_hours(s, base), _hours(e, base)))
    exc = list(p.exceptions.all())
    wins += [(_hours(x.starts_at, base), _hours(x.ends_at, base)) for x in exc if x.available]
    away = [(_hours(x.starts_at, base), _hours(x.ends_at, base)) for x in exc if not x.available]
    away += [(_hours(b.start, base), _hours(b.end, base)) for b in busy]
    return sorted(_subtract(wins, away))


def volunteer(
    p: VolunteerProfile, base: datetime, now: datetime, policy: Any
) -> tuple[MVolunteer, dict[int, set[str]]]:
    # from the prefetched rows (see profiles_for_matching): no query per volunteer
    shifts = [s for s in p.shift_assignments.all() if s.status != "cancelled"]
    live = [row for row in p.task_assignments.all() if row.status in LIVE]
    busy = [Interval(s.starts_at, s.ends_at, s.shift.high_stress) for s in shifts]
    busy += [Interval(row.starts_at, row.ends_at, False, shift=False) for row in live]
    duties: dict[int, set[str]] = defaultdict(set)
    for when, duty in [(r.starts_at, r.task.duty) for r in live] + [
        (x.starts_at, x.shift.duty) for x in shifts
    ]:
        duties[(timezone.localtime(when).date() - base.date()).days].add(duty)
    tokens: set[str] = set()
    for s in p.skills.all():
        tokens |= s.tokens()
    passes = frozenset(str(x.zone_id) for x in p.passes.all() if x.valid_until > now)
    return MVolunteer(
        id=str(p.pk),
        lat=p.lat or 0.0,
        lon=p.lon or 0.0,
        skills=frozenset(tokens),
        passes=passes,
        windows=tuple(_windows(p, base, busy)),
        capacity=p.capacity,
        load=len(live),
        hours_left=hours_left(policy, base.date(), busy),
        fit=p.is_fit(now) and p.status == VolunteerProfile.Status.APPROVED and p.lat is not None,
    ), dict(duties)


def task(t: Task, base: datetime) -> MTask:
    taken = sum(1 for row in t.assignments.all() if row.status in LIVE)
    sealed = t.zone is not None and t.zone.status == ZoneStatus.SEALED
    return MTask(
        id=str(t.pk),
        lat=t.lat or 0.0,
        lon=t.lon or 0.0,
        skills=frozenset(t.skills),
        zone=str(t.zone_id) if t.zone_id else None,
        sealed=sealed,
        start=_hours(t.window_start, base),
        end=_hours(t.window_end, base),
        hours=float(t.hours),
        urgency=t.urgency,
        people=max(0, t.people - taken),
    )


def profiles_for_matching(qs: QuerySet[VolunteerProfile], now: datetime) -> list[VolunteerProfile]:
    return list(
        qs.filter(status=VolunteerProfile.Status.APPROVED, lat__isnull=False).prefetch_related(
            "user__memberships",
            "skills",
            "availability",
            "exceptions",
            Prefetch("passes", queryset=Pass.objects.filter(valid_until__gt=now)),
            Prefetch(
                "task_assignments",
                queryset=TaskAssignment.objects.filter(status__in=LIVE).select_related("task"),
            ),
            Prefetch(
                "shift_assignments",
                queryset=ShiftAssignment.objects.filter(
                    starts_at__gte=now - timedelta(days=8), starts_at__lt=now + HORIZON
                ).select_related("shift"),
            ),
        )
    )


def take(tasks: list[Task], profiles: list[VolunteerProfile], now: datetime | None = None) -> Snapshot:
    now = now or timezone.now()
    base = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    policies: dict[int, Any] = {}
    vols, duties = [], {}
    for p in profiles:
        policy = policies.setdefault(p.hub_id, policy_for(p.hub_id))
        v, d = volunteer(p, base, now, policy)
        vols.append(v)
        duties[p.pk] = d
    orgs = {p.pk: {p.org_id} | {m.org_id for m in p.user.memberships.all() if m.active} for p in profiles}
    return Snapshot(base, tasks, profiles, [task(t, base) for t in tasks], vols, duties, orgs)
