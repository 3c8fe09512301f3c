"""Phone verification (核实): each call attempt is a record; outcomes drive the lifecycle."""

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from cases.models import HelpRequest, VerificationAttempt
from cases.services._base import S, transition, update_fields
from cases.services.intake import apply_corrections
from core.errors import DomainError
from core.messages import msg
from core.services import alert_raise
from orgs.models import Membership

Outcome = VerificationAttempt.Outcome
UNANSWERED_LIMIT = 3
# Outcomes that settle the request without help from us.
CLOSING = {
    Outcome.ALREADY_HELPED: HelpRequest.CloseReason.DONE_BY_OTHERS,
    Outcome.NOT_NEEDED: HelpRequest.CloseReason.NOT_NEEDED,
    Outcome.FALSE: HelpRequest.CloseReason.FALSE_REPORT,
}


def hub_coordinators(hr: HelpRequest) -> Any:
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(
        memberships__org_id=hr.incident.hub_id,
        memberships__role=Membership.Role.COORDINATOR,
        memberships__active=True,
    )


@transaction.atomic
def verification_record(
    *,
    actor: Any,
    help_request: HelpRequest,
    outcome: str,
    channel: str = "phone",
    note: str = "",
    changes: dict[str, Any] | None = None,
) -> VerificationAttempt:
    hr = help_request
    if outcome not in Outcome.values:
        raise DomainError(_("未知的核实结果。"), field="outcome")
    if hr.status == S.CLOSED:
        raise DomainError(_("已结案的求助无需核实。"))
    if outcome == Outcome.CORRECTED and not changes:
        raise DomainError(_("选择「核实并更正」时请修改至少一项信息。"), field="outcome")
    if changes and outcome == Outcome.CONFIRMED:
        # Corrections typed under the default outcome: the caller confirmed *and* corrected. They
        # used to be dropped without a word while the page said the verification was recorded.
        outcome = Outcome.CORRECTED
    if changes and outcome != Outcome.CORRECTED:
        raise DomainError(_("只有「核实无误」或「核实并更正」时才能更正信息;请清空更正内容或改选结果。"),
                          field="outcome")
    now = timezone.now()
    attempt = VerificationAttempt.objects.create(
        help_request=hr, actor=actor, at=now, channel=channel, outcome=outcome, note=note[:300]
    )
    data: dict[str, Any] = {"attempt": attempt.pk, "outcome": outcome, "note": note}
    if outcome == Outcome.CORRECTED:
        data["changes"] = apply_corrections(hr, changes or {})
    if outcome in (Outcome.CONFIRMED, Outcome.CORRECTED):
        if hr.status == S.NEW:
            transition(
                hr, to=S.VERIFIED, actor=actor, kind="verified", data=data, verified_at=now, no_answer_count=0
            )
        else:  # a re-verification of a request already in hand
            update_fields(hr, actor=actor, kind="reverified", data=data, verified_at=now)
    elif outcome in CLOSING:
        transition(
            hr,
            to=S.CLOSED,
            actor=actor,
            kind="closed",
            closed_at=now,
            data={**data, "reason": CLOSING[outcome]},
            close_reason=CLOSING[outcome],
        )
    else:  # no answer, wrong number
        count = hr.no_answer_count + 1
        update_fields(hr, actor=actor, kind="verify_attempt", data=data, no_answer_count=count)
        if count >= UNANSWERED_LIMIT:
            alert_raise(
                users=hub_coordinators(hr),
                key=f"unreachable:{hr.pk}",
                message=msg(gettext_noop("求助 {code} 已 {n} 次无法联系,请决定是否结案(无法联系?)"),
                            code=hr.code, n=count),
                link=f"/requests/{hr.code}/",
            )
    return attempt
