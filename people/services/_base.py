"""Shared by the registry's services: the audit event, the compare-and-set write, who to alert."""

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.utils.translation import gettext as _

from core.errors import ConflictError, DomainError
from core.services import event_record
from core.versioning import cas_update
from orgs.models import Incident, Membership
from people.access import Need, can
from people.models import Person


def record(
    *, actor: Any, kind: str, person: Person, data: dict[str, Any] | None = None, at: datetime | None = None
) -> None:
    event_record(
        actor=actor,
        kind=kind,
        subject=person,
        incident_id=person.incident_id,
        org_id=person.org_id,
        data=data or {},
        at=at,
    )


def require(actor: Any, person: Person, need: Need) -> None:
    """Services check too, so the API, the admin and commands cannot skip the rule a view applies."""
    if actor is not None and not can(actor, person, need):
        raise DomainError(_("您没有权限对该对象执行此操作。"))


def person_cas(person: Person, **fields: Any) -> None:
    """Write fields if nobody changed the person since it was read."""
    if not cas_update(person, **fields):
        raise ConflictError(_("该对象刚被他人更新,请刷新页面后重试。"))


def incident_for(person: Person) -> Incident | None:
    """Requests need an active incident: the person's own, else the newest active one in their network."""
    if person.incident_id and person.incident and person.incident.status == Incident.Status.ACTIVE:
        return person.incident
    return (
        Incident.objects.filter(hub_id=person.hub_id, status=Incident.Status.ACTIVE)
        .order_by("-started_at")
        .first()
    )


def coordinators(org_ids: Iterable[int]) -> dict[int, list[Any]]:
    users: dict[int, list[Any]] = {}
    rows = Membership.objects.filter(org_id__in=set(org_ids), role=Membership.Role.COORDINATOR, active=True)
    for m in rows.select_related("user"):
        users.setdefault(m.org_id, []).append(m.user)
    return users


def person_link(person_id: int) -> str:
    return f"/people/{person_id}/"
