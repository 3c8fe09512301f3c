"""Timed work for `heli tick`: deadline breaches and follow-ups that fell due. Idempotent."""

from datetime import datetime

from django.db.models import F, Q
from django.utils.translation import gettext_noop

from cases.models import FollowUp, HelpRequest
from cases.services._base import S
from core.messages import msg
from core.services import alert_raise, event_record
from orgs.models import Membership

BATCH = 500


def _coordinators(org_ids: set[int]) -> dict[int, list]:
    users: dict[int, list] = {}
    rows = Membership.objects.filter(org_id__in=org_ids, role=Membership.Role.COORDINATOR, active=True)
    for m in rows.select_related("user"):
        users.setdefault(m.org_id, []).append(m.user)
    return users


def deadlines_tick(now: datetime) -> int:
    """Alert the hub's coordinators (and the claiming org's) once per missed deadline."""
    breached = (
        HelpRequest.objects.filter(
            status__in=[S.NEW, S.VERIFIED, S.CLAIMED, S.IN_PROGRESS], next_due_at__lt=now
        )
        .filter(Q(alerted_due_at__isnull=True) | ~Q(alerted_due_at=F("next_due_at")))
        .select_related("incident")
        .order_by("next_due_at")[:BATCH]
    )
    breached = list(breached)
    coords = _coordinators({hr.incident.hub_id for hr in breached} | {hr.claimed_by_id for hr in breached})
    for hr in breached:
        # Two whole sentences, not a translated word inside one: each reader's language is applied later.
        template = (gettext_noop("求助 {code}({level}级)已超过认领时限") if hr.status in (S.NEW, S.VERIFIED)
                    else gettext_noop("求助 {code}({level}级)已超过解决时限"))
        users = coords.get(hr.incident.hub_id, []) + coords.get(hr.claimed_by_id, [])
        alert_raise(
            users=users,
            key=f"overdue:{hr.pk}:{hr.next_due_at.isoformat()}",
            message=msg(template, code=hr.code, level=hr.urgency),
            link=f"/requests/{hr.code}/",
        )
        HelpRequest.objects.filter(pk=hr.pk).update(alerted_due_at=hr.next_due_at)
        event_record(
            actor=None,
            kind="deadline_breached",
            subject=hr,
            incident_id=hr.incident_id,
            org_id=hr.claimed_by_id,
            data={"due": hr.next_due_at.isoformat(), "status": hr.status},
            at=now,
        )
    return len(breached)


def followups_tick(now: datetime) -> int:
    due = list(
        FollowUp.objects.filter(
            done_at__isnull=True, due_at__lte=now, help_request__status=S.DELIVERED
        ).select_related("help_request__incident")[:BATCH]
    )
    coords = _coordinators({f.help_request.claimed_by_id for f in due if f.help_request.claimed_by_id})
    raised = 0
    for f in due:
        hr = f.help_request
        raised += alert_raise(
            users=coords.get(hr.claimed_by_id, []),
            key=f"followup:{f.pk}",
            message=msg(gettext_noop("求助 {code} 到了回访时间"), code=hr.code),
            link=f"/requests/{hr.code}/",
            email=False,
        )
    return raised
