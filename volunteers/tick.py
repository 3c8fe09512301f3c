"""`heli tick` for volunteers: zone statuses announced for today take effect; passes about to expire
are flagged to the coordinators; tasks whose window ended unmatched or unconfirmed are flagged to
the coordinators of the org doing them. All idempotent (the zone update is a compare on
`status_on`, each alert has a key per pass or per task window)."""

from datetime import datetime, timedelta
from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_noop

from core.messages import msg
from core.services import alert_raise
from orgs.models import Membership
from volunteers.models import LIVE, Pass, Task, Zone, ZoneStatusChange

PASS_WARNING = timedelta(hours=24)
# Volunteers mark a task done from their phone after the visit; give them time before asking.
CONFIRM_GRACE = timedelta(hours=2)
# Older windows were flagged when they ended (or before heli ran): no alerts for ancient history.
LOOKBACK = timedelta(days=7)


def zones_tick(now: datetime) -> int:
    today = timezone.localtime(now).date()
    changed = 0
    due = ZoneStatusChange.objects.filter(on__lte=today).order_by("zone_id", "-on", "-created")
    latest: dict[int, ZoneStatusChange] = {}
    for change in due.filter(zone__status_on__lt=today):
        latest.setdefault(change.zone_id, change)
    for zone_id, change in latest.items():
        changed += Zone.objects.filter(pk=zone_id, status_on__lt=change.on).update(
            status=change.status, status_on=change.on
        )
    return changed


def passes_tick(now: datetime) -> int:
    raised = 0
    expiring = Pass.objects.filter(valid_until__gt=now, valid_until__lte=now + PASS_WARNING)
    for p in expiring.select_related("profile", "zone"):
        coords = Membership.objects.filter(
            org_id=p.profile.org_id, role=Membership.Role.COORDINATOR, active=True
        )
        raised += alert_raise(
            users=[m.user for m in coords.select_related("user")],
            key=f"pass-expiring:{p.pk}",
            message=msg(gettext_noop("{name} 的{zone}通行证将于 {when} 到期"),
                        name=p.profile.name, zone=p.zone.name,
                        when=f"{timezone.localtime(p.valid_until):%m-%d %H:%M}"),
            link=f"/volunteers/{p.profile_id}/",
            email=False,
        )
    return raised


def _coordinators(org_ids: set[int]) -> dict[int, list[Any]]:
    by_org: dict[int, list[Any]] = {org: [] for org in org_ids}
    rows = Membership.objects.filter(org_id__in=org_ids, role=Membership.Role.COORDINATOR, active=True)
    for m in rows.select_related("user"):
        by_org[m.org_id].append(m.user)
    return by_org


def tasks_tick(now: datetime) -> int:
    """One alert per task window: ended with nobody confirmed, or ended 2 h ago and not marked done.

    The key carries the window's end, so a task rescheduled and missed again is flagged again.
    """
    recent = Task.objects.filter(window_end__gt=now - LOOKBACK)
    waiting = (Task.Status.OPEN, Task.Status.PROPOSED)
    # A partly staffed task keeps waiting for its other places, yet someone was sent: not "nobody".
    sent = Q(assignments__status__in=LIVE)
    missed = recent.filter(status__in=waiting, window_end__lte=now).exclude(sent)
    unconfirmed = recent.filter(
        Q(status=Task.Status.ASSIGNED) | Q(status__in=waiting) & sent, window_end__lte=now - CONFIRM_GRACE
    ).distinct()
    flagged = [(t, "task-missed") for t in missed] + [(t, "task-unconfirmed") for t in unconfirmed]
    coordinators = _coordinators({t.org_id for t, _ in flagged})
    raised = 0
    for task, kind in flagged:
        text = (
            gettext_noop("任务「{title}」的时间窗({when})已过,仍无人接单:请改期或取消")
            if kind == "task-missed"
            else gettext_noop("任务「{title}」的时间窗({when})已过两小时,尚未标记完成:请与志愿者确认")
        )
        raised += alert_raise(
            users=coordinators[task.org_id],
            key=f"{kind}:{task.pk}:{task.window_end:%Y%m%d%H%M}",
            message=msg(text, title=task.title, when=f"{timezone.localtime(task.window_end):%m-%d %H:%M}"),
            link=f"/volunteers/tasks/{task.pk}/",
            email=task.urgency <= 2,  # life or harm within days: worth an email, not just a badge
        )
    return raised
