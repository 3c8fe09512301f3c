"""Zones change status day by day (封控 → 管控 → 防范 → 解封); passes let volunteers into sealed ones."""

from datetime import date, datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import ConflictError, DomainError
from core.services import event_record
from volunteers.models import Pass, VolunteerProfile, Zone, ZoneStatus, ZoneStatusChange
from volunteers.services._base import same_network


@transaction.atomic
def zone_create(
    *,
    actor: Any,
    hub_id: int,
    name: str,
    divisions: list[str],
    compounds: list[str] | None = None,
    polygon: list[list[float]] | None = None,
    status: str = ZoneStatus.SEALED,
) -> Zone:
    if not name.strip():
        raise DomainError(_("请填写区域名称。"), field="name")
    if not divisions and not compounds and len(polygon or []) < 3:
        raise DomainError(_("请填写区划代码、小区名单或至少三个点的范围。"), field="divisions")
    if status not in ZoneStatus.values:
        raise DomainError(_("未知的区域状态。"), field="status")
    try:
        with transaction.atomic():
            zone = Zone.objects.create(
                hub_id=hub_id,
                name=name.strip(),
                divisions=divisions,
                compounds=compounds or [],
                polygon=polygon or [],
                status=status,
            )
    except IntegrityError:
        raise ConflictError(_("已有同名区域。"), field="name") from None
    ZoneStatusChange.objects.create(zone=zone, status=status, on=zone.status_on, set_by=actor, note="创建")
    event_record(actor=actor, kind="zone_created", subject=zone, data={"name": zone.name, "status": status})
    return zone


@transaction.atomic
def zone_set_status(*, actor: Any, zone: Zone, status: str, on: date | None = None, note: str = "") -> Zone:
    """Today's status (or a future day's, announced ahead); the history keeps every day's value."""
    if status not in ZoneStatus.values:
        raise DomainError(_("未知的区域状态。"), field="status")
    on = on or timezone.localdate()
    ZoneStatusChange.objects.create(zone=zone, status=status, on=on, set_by=actor, note=note[:200])
    old = zone.status
    if on <= timezone.localdate():
        Zone.objects.filter(pk=zone.pk).update(status=status, status_on=on)
        zone.status, zone.status_on = status, on
    event_record(
        actor=actor, kind="zone_status", subject=zone, data={"old": old, "new": status, "on": str(on)}
    )
    return zone


@transaction.atomic
def pass_issue(
    *, actor: Any, profile: VolunteerProfile, zone: Zone, valid_until: datetime, number: str = ""
) -> Pass:
    same_network(profile, zone.hub_id)
    if valid_until <= timezone.now():
        raise DomainError(_("通行证有效期已过,请填写今后的日期。"), field="valid_until")
    issued = Pass.objects.create(profile=profile, zone=zone, valid_until=valid_until, number=number[:40])
    event_record(
        actor=actor,
        kind="pass_issued",
        subject=profile,
        org_id=profile.org_id,
        data={"zone": zone.name, "until": valid_until.isoformat()},
    )
    return issued
