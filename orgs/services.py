from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from core.errors import DomainError
from core.services import event_record
from orgs.models import (
    DEFAULT_POLICY,
    Incident,
    Membership,
    Organisation,
    UrgencyPolicy,
    WorkingGroup,
    policy_cache_clear,
)


@transaction.atomic
def incident_policy_update(
    *, actor: Any, incident: Incident, deadlines: dict[int, tuple[int, int]]
) -> Incident:
    """Set (claim, resolve) minutes per urgency level. Open requests keep the deadlines they were given:
    a promise made to a requester is not moved by a later policy change."""
    # Levels never edited run on the defaults: record those as the old values, or the first edit's
    # audit entry cannot say what the deadlines were before it.
    stored = {p.level: (p.claim_minutes, p.resolve_minutes) for p in incident.policies.all()}
    old = {**DEFAULT_POLICY, **stored}
    for level, (claim, resolve) in deadlines.items():
        if level not in (1, 2, 3, 4):
            raise DomainError(_("紧急程度须为 1 到 4。"))
        if claim <= 0 or resolve <= 0 or resolve < claim:
            raise DomainError(
                _("{level}级:时限须为正数,且解决时限不短于响应时限。").format(level=level),
                field=f"level{level}",
            )
        if resolve > timedelta(days=365).total_seconds() / 60:
            raise DomainError(_("{level}级:时限不能超过一年。").format(level=level), field=f"level{level}")
        UrgencyPolicy.objects.update_or_create(
            incident=incident, level=level, defaults={"claim_minutes": claim, "resolve_minutes": resolve}
        )
    policy_cache_clear(incident.pk)
    transaction.on_commit(lambda: policy_cache_clear(incident.pk))  # a read during the transaction re-cached
    event_record(
        actor=actor,
        kind="policy_updated",
        subject=incident,
        incident_id=incident.pk,
        org_id=incident.hub_id,
        data={"old": {str(k): v for k, v in old.items()}, "new": {str(k): v for k, v in deadlines.items()}},
    )
    return incident


def _scope(obj: Any) -> tuple[int | None, int | None]:
    """(incident_id, org_id) an admin change belongs to, for the audit log's filters."""
    if isinstance(obj, Incident):
        return obj.pk, obj.hub_id
    if isinstance(obj, Organisation):
        return None, obj.pk
    if isinstance(obj, Membership):
        return None, obj.org_id
    if isinstance(obj, WorkingGroup):
        return None, obj.hub_id
    return None, None


def reference_change_record(*, actor: Any, obj: Any, action: str, changed: list[str] | None = None) -> None:
    """Audit a change to reference data made in the Django admin (organisations, memberships, working
    groups, incidents). The admin saves the row itself; this is the one Event it writes with it, so
    who granted whom a seat — and with it access to personal data — is on record."""
    incident_id, org_id = _scope(obj)
    data: dict[str, Any] = {"name": str(obj)[:200], "changed": sorted(changed or [])}
    if isinstance(obj, Membership):
        data |= {"user": obj.user.get_username(), "role": obj.role, "active": obj.active}
    event_record(
        actor=actor,
        kind=f"{obj._meta.model_name}_{action}",
        subject=obj,
        incident_id=incident_id,
        org_id=org_id,
        data=data,
    )
