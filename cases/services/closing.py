"""On hold, resume, close with a reason, reopen, and revealing contact details."""

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import HelpRequest
from cases.services._base import S, transition
from cases.services.claims import withdraw_pending_transfers
from core.errors import DomainError
from core.services import event_record

CloseReason = HelpRequest.CloseReason


@transaction.atomic
def help_request_hold(*, actor: Any, help_request: HelpRequest, reason: str) -> HelpRequest:
    if not reason.strip():
        raise DomainError(_("暂缓时请说明原因。"), field="reason")
    hr = help_request
    return transition(
        hr, to=S.ON_HOLD, actor=actor, kind="held", data={"reason": reason}, held_from=hr.status
    )


@transaction.atomic
def help_request_resume(*, actor: Any, help_request: HelpRequest) -> HelpRequest:
    hr = help_request
    if hr.status != S.ON_HOLD:
        raise DomainError(_("该求助没有暂缓。"))
    return transition(hr, to=hr.held_from or S.NEW, actor=actor, kind="resumed", held_from="")


@transaction.atomic
def help_request_close(
    *,
    actor: Any,
    help_request: HelpRequest,
    reason: str,
    note: str = "",
    duplicate_of: HelpRequest | None = None,
) -> HelpRequest:
    hr = help_request
    if reason not in CloseReason.values:
        raise DomainError(_("请选择结案原因。"), field="reason")
    if reason == CloseReason.DUPLICATE:
        if duplicate_of is None:
            raise DomainError(_("重复求助请填写原求助编号。"), field="duplicate_of")
        if duplicate_of.pk == hr.pk or duplicate_of.incident_id != hr.incident_id:
            raise DomainError(_("原求助须是同一事件中的另一条求助。"), field="duplicate_of")
    elif duplicate_of is not None:
        raise DomainError(_("只有「重复求助」需要原求助编号。"), field="duplicate_of")
    data = {"reason": reason, "note": note, "duplicate_of": duplicate_of.code if duplicate_of else None}
    if withdrawn := withdraw_pending_transfers(hr, actor=actor):
        data["transfers_withdrawn"] = withdrawn
    return transition(
        hr,
        to=S.CLOSED,
        actor=actor,
        kind="closed",
        data=data,
        close_reason=reason,
        closed_at=timezone.now(),
        duplicate_of=duplicate_of,
    )


@transaction.atomic
def help_request_reopen(*, actor: Any, help_request: HelpRequest, reason: str) -> HelpRequest:
    """A closed case comes back verified and unclaimed, with fresh deadlines from now."""
    if not reason.strip():
        raise DomainError(_("重新打开时请说明原因。"), field="reason")
    hr = help_request
    if hr.status != S.CLOSED:
        # ALLOWED lets other states reach verified (verify, release); reopening is only for closed cases.
        raise DomainError(_("只有已结案的求助可以重新打开。"))
    now = timezone.now()
    claim, resolve = hr.incident.deadlines(hr.urgency)
    return transition(
        hr,
        to=S.VERIFIED,
        actor=actor,
        kind="reopened",
        data={"reason": reason},
        close_reason="",
        closed_at=None,
        duplicate_of=None,
        claimed_by=None,
        assigned_to=None,
        claim_due_at=now + claim,
        resolve_due_at=now + resolve,
        next_due_at=now + claim,
    )


def help_request_reveal(*, actor: Any, help_request: HelpRequest, reason: str = "") -> HelpRequest:
    """Showing a phone number in clear is an audited act (查看完整号码)."""
    event_record(
        actor=actor,
        kind="contact_revealed",
        subject=help_request,
        incident_id=help_request.incident_id,
        # NUL would fail the jsonb insert on PostgreSQL; the page's reason comes straight from a POST.
        data={"reason": reason.replace("\x00", "")},
    )
    return help_request
