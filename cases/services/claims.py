"""Claiming (认领), releasing (退回), referral (转介) and assignment (派单)."""

from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from cases.models import HelpRequest, Transfer
from cases.services._base import S, transition, update_fields
from core.errors import ConflictError, DomainError
from core.messages import msg
from core.models import Alert
from core.services import alert_raise, event_record
from orgs.models import Membership, Organisation


def _same_network(hr: HelpRequest, org: Organisation) -> None:
    if org.hub_id != hr.incident.hub_id:
        raise DomainError(_("该机构不属于本事件的协作网络。"))


@transaction.atomic
def help_request_claim(*, actor: Any, help_request: HelpRequest, org: Organisation) -> HelpRequest:
    """A member org takes a verified request; of two claiming at once exactly one wins."""
    hr = help_request
    _same_network(hr, org)
    if hr.status != S.VERIFIED:
        if hr.status == S.CLOSED:  # a closed case keeps its last org; "claimed by X" would mislead
            raise DomainError(_("该求助已结案,如仍有需要请先重新打开。"))
        if hr.claimed_by_id and hr.claimed_by_id != org.pk:
            raise ConflictError(_("该求助已被「{org}」认领。").format(org=hr.claimed_by.name))
        raise DomainError(_("只有已核实的求助可以认领。"))
    return transition(
        hr,
        to=S.CLAIMED,
        actor=actor,
        kind="claimed",
        data={"org": org.name},
        claimed_by=org,
        claimed_at=hr.claimed_at or timezone.now(),
    )


@transaction.atomic
def help_request_assign_org(*, actor: Any, help_request: HelpRequest, org: Organisation) -> HelpRequest:
    """The hub hands a new or verified request straight to a member org."""
    hr = help_request
    _same_network(hr, org)
    if hr.status not in (S.NEW, S.VERIFIED):
        raise DomainError(_("只有待核实或已核实的求助可以直接指派机构。"))
    return transition(
        hr,
        to=S.CLAIMED,
        actor=actor,
        kind="assigned_org",
        data={"org": org.name},
        claimed_by=org,
        claimed_at=hr.claimed_at or timezone.now(),
    )


@transaction.atomic
def help_request_release(*, actor: Any, help_request: HelpRequest, reason: str) -> HelpRequest:
    hr = help_request
    if not reason.strip():
        raise DomainError(_("退回时请说明原因。"), field="reason")
    if hr.status not in (S.CLAIMED, S.IN_PROGRESS):
        raise DomainError(_("只有已认领或处理中的求助可以退回。"))
    data: dict[str, Any] = {"reason": reason, "org": hr.claimed_by.name if hr.claimed_by else ""}
    if withdrawn := withdraw_pending_transfers(hr, actor=actor):
        data["transfers_withdrawn"] = withdrawn
    return transition(
        hr,
        to=S.VERIFIED,
        actor=actor,
        kind="released",
        data=data,
        claimed_by=None,
        assigned_to=None,
    )


def withdraw_pending_transfers(hr: HelpRequest, *, actor: Any) -> int:
    """Called inside release and close: a referral nobody decided on would otherwise keep the
    receiving org's access and its alert pointing at a case that is no longer the sender's to pass."""
    rows = Transfer.objects.filter(help_request=hr, status=Transfer.Status.PENDING)
    pending = list(rows.values_list("pk", flat=True))
    if not pending:
        return 0
    now = timezone.now()
    Transfer.objects.filter(pk__in=pending, status=Transfer.Status.PENDING).update(
        status=Transfer.Status.WITHDRAWN, decided_by=actor, decided_at=now
    )
    alerts = Alert.objects.filter(key__in=[f"transfer:{pk}" for pk in pending], read_at__isnull=True)
    alerts.update(read_at=now)
    return len(pending)


@transaction.atomic
def transfer_request(*, actor: Any, help_request: HelpRequest, to_org: Organisation, reason: str) -> Transfer:
    hr = help_request
    _same_network(hr, to_org)
    if not reason.strip():
        raise DomainError(_("转介时请说明原因。"), field="reason")
    if hr.status not in (S.CLAIMED, S.IN_PROGRESS) or hr.claimed_by_id is None:
        raise DomainError(_("只有已认领的求助可以转介。"))
    if to_org.pk == hr.claimed_by_id:
        raise DomainError(_("不能转介给本机构。"), field="to_org")
    try:
        with transaction.atomic():
            transfer = Transfer.objects.create(
                help_request=hr, from_org_id=hr.claimed_by_id, to_org=to_org, reason=reason, created_by=actor
            )
    except IntegrityError:
        raise ConflictError(_("该求助已有一个待处理的转介。"))
    event_record(
        actor=actor,
        kind="transfer_requested",
        subject=hr,
        incident_id=hr.incident_id,
        org_id=hr.claimed_by_id,
        data={"to": to_org.name, "reason": reason, "transfer": transfer.pk},
    )
    coordinators = Membership.objects.filter(org=to_org, role=Membership.Role.COORDINATOR, active=True)
    alert_raise(
        users=[m.user for m in coordinators.select_related("user")],
        key=f"transfer:{transfer.pk}",
        message=msg(gettext_noop("{org} 向贵机构转介求助 {code}:{reason}"),
                    org=hr.claimed_by.name, code=hr.code,
                    reason=reason[:120]),
        link=f"/requests/{hr.code}/",
    )
    return transfer


@transaction.atomic
def transfer_decide(*, actor: Any, transfer: Transfer, accept: bool, reason: str = "") -> Transfer:
    hr = transfer.help_request
    if not accept and not reason.strip():
        raise DomainError(_("拒绝转介时请说明原因。"), field="reason")
    rows = Transfer.objects.filter(pk=transfer.pk, status=Transfer.Status.PENDING).update(
        status=Transfer.Status.ACCEPTED if accept else Transfer.Status.REJECTED,
        decided_by=actor,
        decided_at=timezone.now(),
        decision_reason=reason,
    )
    if rows != 1:
        raise ConflictError(_("该转介已被处理。"))
    transfer.refresh_from_db()
    if not accept:
        event_record(
            actor=actor,
            kind="transfer_rejected",
            subject=hr,
            incident_id=hr.incident_id,
            org_id=transfer.to_org_id,
            data={"to": transfer.to_org.name, "reason": reason},
        )
        return transfer
    if hr.claimed_by_id != transfer.from_org_id:
        raise ConflictError(_("求助的认领机构已变更,转介失效。"))
    if hr.status not in (S.CLAIMED, S.IN_PROGRESS):
        # Closed (or held, delivered) since the referral: taking it over would change the org of a
        # case nobody is working on. Refusing it stays possible.
        raise ConflictError(_("该求助已不在处理中,不能再接受转介。"))
    # A referral hands the case over whole; the new org picks its own volunteer.
    data = {"from": transfer.from_org.name, "to": transfer.to_org.name}
    if hr.status == S.IN_PROGRESS:
        transition(
            hr,
            to=S.CLAIMED,
            actor=actor,
            kind="transfer_accepted",
            data=data,
            claimed_by=transfer.to_org,
            assigned_to=None,
        )
    else:
        update_fields(
            hr, actor=actor, kind="transfer_accepted", data=data, claimed_by=transfer.to_org, assigned_to=None
        )
    return transfer


@transaction.atomic
def help_request_assign_volunteer(*, actor: Any, help_request: HelpRequest, volunteer: Any) -> HelpRequest:
    hr = help_request
    if hr.status not in (S.CLAIMED, S.IN_PROGRESS):
        raise DomainError(_("请先认领,再派单给志愿者。"))
    # A read-only seat (a funder, a department) cannot act on a case, so it cannot be sent to one.
    seats = Membership.objects.filter(user=volunteer, org_id=hr.claimed_by_id, active=True)
    if not seats.exclude(role=Membership.Role.VIEWER).exists():
        raise DomainError(_("只能派给认领机构的志愿者。"), field="volunteer")
    name = volunteer.get_full_name() or volunteer.username
    if hr.status == S.IN_PROGRESS:
        update_fields(hr, actor=actor, kind="assigned", data={"volunteer": name}, assigned_to=volunteer)
    else:
        transition(
            hr,
            to=S.IN_PROGRESS,
            actor=actor,
            kind="assigned",
            data={"volunteer": name},
            assigned_to=volunteer,
        )
    alert_raise(
        users=[volunteer],
        key=f"task:{hr.pk}:{hr.version}",
        message=msg(gettext_noop("新任务:{code}"), code=hr.code),
        link="/my/tasks/",
        email=False,
    )
    return hr


@transaction.atomic
def help_request_unassign_volunteer(
    *, actor: Any, help_request: HelpRequest, reason: str, notify: bool = True
) -> HelpRequest:
    """The volunteer cannot go (or the org takes the task back): back to the claiming org, unassigned.

    The request stays with the org that claimed it, so its deadline keeps running and it shows on
    that org's board to be sent to someone else; the volunteer's reason is on the timeline.
    """
    hr = help_request
    if not reason.strip():
        raise DomainError(_("请说明原因。"), field="reason")
    if hr.status != S.IN_PROGRESS or hr.assigned_to_id is None:
        raise DomainError(_("这条求助没有派给志愿者。"))
    volunteer = hr.assigned_to
    name = volunteer.get_full_name() or volunteer.username
    transition(hr, to=S.CLAIMED, actor=actor, kind="unassigned", data={"volunteer": name, "reason": reason},
               assigned_to=None)
    if not notify:  # the caller tells the coordinators itself (a declined volunteer task)
        return hr
    coordinators = Membership.objects.filter(
        org_id=hr.claimed_by_id, role=Membership.Role.COORDINATOR, active=True
    ).exclude(user=actor)
    alert_raise(
        users=[m.user for m in coordinators.select_related("user")],
        key=f"unassigned:{hr.pk}:{hr.version}",
        message=msg(gettext_noop("{name} 无法执行 {code}:{reason}"),
                    name=name, code=hr.code, reason=reason[:120]),
        link=f"/requests/{hr.code}/",
        email=False,
    )
    return hr


@transaction.atomic
def help_request_start(*, actor: Any, help_request: HelpRequest) -> HelpRequest:
    return transition(help_request, to=S.IN_PROGRESS, actor=actor, kind="started")
