"""Delivery (送达) and the follow-up visit (回访)."""

from datetime import timedelta
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import FollowUp, HelpRequest, NeedLine
from cases.services._base import S, transition, update_fields
from cases.services.intake import MAX_QTY, InvalidInput, NeedInput, need_errors
from core.errors import ConflictError, DomainError
from core.services import event_record

CloseReason = HelpRequest.CloseReason


def _check_quantities(quantities: dict[int, int], field: str) -> None:
    if any(q < 0 for q in quantities.values()):
        raise DomainError(_("送达数量不能为负数。"), field=field)
    if any(q > MAX_QTY for q in quantities.values()):
        raise DomainError(_("送达数量最多为 {n}。").format(n=MAX_QTY), field=field)


@transaction.atomic
def help_request_deliver(
    *, actor: Any, help_request: HelpRequest, delivered: dict[int, int] | None = None, note: str = ""
) -> HelpRequest:
    """Mark delivered; `delivered` maps need-line id -> quantity delivered now (absent = all requested)."""
    hr = help_request
    if hr.status not in (S.CLAIMED, S.IN_PROGRESS):
        raise DomainError(_("只有已认领或处理中的求助可以标记送达。"))
    lines = {line.pk: line for line in hr.needs.select_for_update()}
    delivered = delivered or {}
    unknown = set(delivered) - set(lines)
    if unknown:
        raise DomainError(_("需求明细不属于该求助。"), field="delivered")
    _check_quantities(delivered, "delivered")
    summary = {}
    for pk, line in lines.items():
        qty = delivered.get(pk, max((line.qty_requested or 0) - line.qty_delivered, 0))
        if qty:
            NeedLine.objects.filter(pk=pk).update(qty_delivered=line.qty_delivered + qty)
            summary[line.item or line.category] = line.qty_delivered + qty
    getattr(hr, "_prefetched_objects_cache", {}).pop("needs", None)  # quantities just changed
    now = timezone.now()
    transition(
        hr,
        to=S.DELIVERED,
        actor=actor,
        kind="delivered",
        delivered_at=now,
        data={"quantities": summary, "note": note},
    )
    FollowUp.objects.create(help_request=hr, due_at=now + timedelta(days=hr.incident.followup_after_days))
    return hr


@transaction.atomic
def followup_record(
    *, actor: Any, followup: FollowUp, outcome: str, note: str = "", new_needs: list[NeedInput] | None = None
) -> FollowUp:
    """Satisfied closes the case; still in need reopens it to the same org with new need lines."""
    if outcome not in FollowUp.Outcome.values:
        raise DomainError(_("未知的回访结果。"), field="outcome")
    hr = followup.help_request
    if hr.status != S.DELIVERED:
        raise DomainError(_("只有已送达的求助需要回访。"))
    now = timezone.now()
    rows = FollowUp.objects.filter(pk=followup.pk, done_at__isnull=True).update(
        done_at=now, done_by=actor, outcome=outcome, note=note[:300]
    )
    if rows != 1:
        raise ConflictError(_("该回访已被他人记录。"))
    followup.refresh_from_db()
    data = {"outcome": outcome, "note": note, "followup": followup.pk}
    if outcome == FollowUp.Outcome.SATISFIED:
        partial = any(line.is_partial for line in NeedLine.objects.filter(help_request=hr))
        reason = CloseReason.PARTIAL if partial else CloseReason.FULFILLED
        transition(
            hr,
            to=S.CLOSED,
            actor=actor,
            kind="closed",
            closed_at=now,
            close_reason=reason,
            data={**data, "reason": reason},
        )
    elif outcome == FollowUp.Outcome.STILL_IN_NEED:
        if not new_needs:
            raise DomainError(_("仍有需求时请填写新的需求明细。"), field="new_needs")
        errors = need_errors(new_needs, "new_needs")
        if errors:
            raise InvalidInput(errors)
        NeedLine.objects.bulk_create([NeedLine(help_request=hr, **vars(n)) for n in new_needs])
        resolve = now + (hr.resolve_due_at - hr.created_at)
        transition(
            hr,
            to=S.CLAIMED,
            actor=actor,
            kind="reopened",
            resolve_due_at=resolve,
            next_due_at=resolve,
            data={**data, "needs": [vars(n) for n in new_needs]},
        )
    else:
        # Try again tomorrow; the coordinator may close as unreachable.
        FollowUp.objects.create(help_request=hr, due_at=now + timedelta(days=1))
        update_fields(hr, actor=actor, kind="followup_unreachable", data=data)
    return followup


@transaction.atomic
def need_lines_add_delivered(
    *, actor: Any, help_request: HelpRequest, quantities: dict[int, int], note: str = ""
) -> HelpRequest:
    """Book goods that reached the household outside the delivery step (e.g. a later shipment):
    the quantities grow, the status stays."""
    lines = {line.pk: line for line in help_request.needs.select_for_update()}
    if set(quantities) - set(lines):
        raise DomainError(_("需求明细不属于该求助。"), field="quantities")
    _check_quantities(quantities, "quantities")
    for pk, qty in quantities.items():
        if qty:
            NeedLine.objects.filter(pk=pk).update(qty_delivered=F("qty_delivered") + qty)
    getattr(help_request, "_prefetched_objects_cache", {}).pop("needs", None)
    booked = {lines[pk].item or lines[pk].category: q for pk, q in quantities.items()}
    event_record(
        actor=actor,
        kind="quantities_delivered",
        subject=help_request,
        incident_id=help_request.incident_id,
        org_id=help_request.claimed_by_id,
        data={"quantities": booked, "note": note},
    )
    return help_request
