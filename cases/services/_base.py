"""The lifecycle: allowed transitions and the one compare-and-set write every transition goes through."""

from typing import Any

from django.utils.translation import gettext as _

from cases.models import HelpRequest
from core.errors import ConflictError, DomainError
from core.services import event_record
from core.versioning import cas_update

S = HelpRequest.Status

ALLOWED: dict[str, set[str]] = {
    S.NEW: {S.VERIFIED, S.CLAIMED, S.ON_HOLD, S.CLOSED},  # NEW -> CLAIMED only by the hub's direct assignment
    S.VERIFIED: {S.CLAIMED, S.ON_HOLD, S.CLOSED},
    S.CLAIMED: {S.IN_PROGRESS, S.VERIFIED, S.DELIVERED, S.ON_HOLD, S.CLOSED},
    S.IN_PROGRESS: {S.DELIVERED, S.CLAIMED, S.VERIFIED, S.ON_HOLD, S.CLOSED},
    S.DELIVERED: {S.CLOSED, S.CLAIMED},
    S.CLOSED: {S.VERIFIED},
    S.ON_HOLD: {S.NEW, S.VERIFIED, S.CLAIMED, S.IN_PROGRESS, S.CLOSED},
}
OPEN = [S.NEW, S.VERIFIED, S.CLAIMED, S.IN_PROGRESS, S.DELIVERED, S.ON_HOLD]


def next_due(status: str, hr: HelpRequest) -> Any:
    if status in (S.NEW, S.VERIFIED):
        return hr.claim_due_at
    if status in (S.CLAIMED, S.IN_PROGRESS):
        return hr.resolve_due_at
    return None


def status_label(status: str) -> str:
    return str(S(status).label)


def transition(
    hr: HelpRequest, *, to: str, actor: Any, kind: str, data: dict[str, Any] | None = None, **fields: Any
) -> HelpRequest:
    """Move `hr` to `to` if allowed and nobody changed it since it was read; write one Event."""
    old = hr.status
    if to not in ALLOWED[old]:
        raise DomainError(
            _("当前状态为「{old}」,不能变为「{new}」。").format(old=status_label(old), new=status_label(to))
        )
    fields.setdefault("next_due_at", next_due(to, hr))
    if not cas_update(hr, expect={"status": old}, status=to, **fields):
        raise stale_error(hr)
    event_record(
        actor=actor,
        kind=kind,
        subject=hr,
        incident_id=hr.incident_id,
        org_id=hr.claimed_by_id,
        data={"old": old, "new": to, **(data or {})},
        at=hr.updated_at,
    )
    return hr


def stale_error(hr: HelpRequest) -> ConflictError:
    current = HelpRequest.objects.select_related("claimed_by").filter(pk=hr.pk).first()
    if current and current.claimed_by and current.claimed_by_id != hr.claimed_by_id:
        return ConflictError(_("该求助已被「{org}」认领。").format(org=current.claimed_by.name))
    return ConflictError(_("该求助刚被他人更新,请刷新页面后重试。"))


def update_fields(
    hr: HelpRequest, *, actor: Any, kind: str, data: dict[str, Any] | None = None, **fields: Any
) -> HelpRequest:
    """Change fields without changing the status: the same compare-and-set and one Event."""
    if not cas_update(hr, expect={"status": hr.status}, **fields):
        raise stale_error(hr)
    event_record(
        actor=actor,
        kind=kind,
        subject=hr,
        incident_id=hr.incident_id,
        org_id=hr.claimed_by_id,
        data=data or {},
        at=hr.updated_at,
    )
    return hr
