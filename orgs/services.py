from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from core.errors import DomainError
from core.services import event_record
from orgs.models import DEFAULT_POLICY, Incident, UrgencyPolicy, policy_cache_clear


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
