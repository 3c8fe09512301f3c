"""Read-only queries for the board and the dashboard (no writes, few queries)."""

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.db.models import Count, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from orgs.access import Seat
from volunteers.access import scope
from volunteers.models import MatchPlan, ShiftAssignment, Task, VolunteerProfile, VolunteerSkill
from volunteers.services.wellbeing import policy_for

NEAR = 0.8  # share of a limit that counts as "near"


@dataclass
class NearLimit:
    profile: VolunteerProfile
    week_hours: float
    limit: int
    note: str


def week_start(now: datetime) -> datetime:
    local = timezone.localtime(now)
    return (local - timedelta(days=local.weekday())).replace(hour=0, minute=0, second=0, microsecond=0)


def planned_hours(profiles: QuerySet[VolunteerProfile], since: datetime, until: datetime) -> dict[int, float]:
    """Scheduled shift hours per volunteer in [since, until) (checked-out hours where known)."""
    rows = ShiftAssignment.objects.filter(
        profile__in=profiles, starts_at__gte=since, starts_at__lt=until
    ).exclude(status="cancelled")
    out: dict[int, float] = Counter()
    for pid, start, end, hours in rows.values_list("profile_id", "starts_at", "ends_at", "hours"):
        out[pid] += float(hours) if hours is not None else (end - start).total_seconds() / 3600
    return out


def near_limit(seat: Seat, now: datetime) -> list[NearLimit]:
    profiles = scope(VolunteerProfile.objects.filter(status="approved"), seat)
    policy = policy_for(seat.hub_id)
    since = now - timedelta(days=7)
    hours = planned_hours(profiles, since, now + timedelta(days=1))
    out = []
    for p in (
        profiles.filter(pk__in=[pid for pid, h in hours.items() if h >= NEAR * policy.max_hours_week])
        | profiles.filter(rest_until__gt=now)
        | profiles.filter(needs_support=True)
    ):
        note = (
            _(_("已标记休息"))
            if p.rest_until and p.rest_until > now
            else (_("需要心理支持") if p.needs_support else "")
        )
        out.append(NearLimit(p, round(hours.get(p.pk, 0.0), 1), policy.max_hours_week, note))
    return sorted(out, key=lambda n: -n.week_hours)


def dashboard(seat: Seat, now: datetime) -> dict[str, object]:
    profiles = scope(VolunteerProfile.objects.filter(status="approved"), seat)
    by_tier = dict(profiles.values_list("tier").annotate(n=Count("pk")))
    by_skill = dict(
        VolunteerSkill.objects.filter(profile__in=profiles).values_list("skill").annotate(n=Count("pk"))
    )
    by_district = list(profiles.values("division_code").annotate(n=Count("pk")).order_by("-n")[:15])
    since = week_start(now)
    week = ShiftAssignment.objects.filter(profile__in=profiles, starts_at__gte=since, starts_at__lt=now)
    done_hours = week.aggregate(h=Sum("hours"))["h"] or Decimal(0)
    tasks = scope(Task.objects.all(), seat)
    plan = scope(MatchPlan.objects.all(), seat).order_by("-created").first()
    return {
        "by_tier": by_tier,
        "by_skill": by_skill,
        "by_district": by_district,
        "total": profiles.count(),
        "health": dict(profiles.values_list("health").annotate(n=Count("pk"))),
        "week_hours": round(float(done_hours), 1),
        "planned_hours": round(sum(planned_hours(profiles, since, since + timedelta(days=7)).values()), 1),
        "open_tasks": tasks.filter(status="open", window_end__gt=now).count(),
        "tasks_by_status": dict(tasks.values_list("status").annotate(n=Count("pk"))),
        "unassigned": plan.unassigned if plan else [],
        "plan": plan,
    }
