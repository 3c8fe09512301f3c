"""`heli tick` for volunteers: zone statuses announced for today take effect; passes about to expire
are flagged to the coordinators. Both idempotent (the zone update is a compare on `status_on`, the
alert has a key per pass)."""

from datetime import datetime, timedelta

from django.utils import timezone
from django.utils.translation import gettext_noop

from core.messages import msg
from core.services import alert_raise
from orgs.models import Membership
from volunteers.models import Pass, Zone, ZoneStatusChange

PASS_WARNING = timedelta(hours=24)


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
