"""Who may see and do what with a help request. Deny by default; every view and API call goes here."""

import enum
import re
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from cases.models import HelpRequest, Offer, Transfer
from orgs.access import Seat, seat_in_network, seats_for
from orgs.models import Membership

Role = Membership.Role
_NUMBER = re.compile(r"[0-9]{1,18}")  # a code's number; 18 digits still fit a 64-bit primary key


class Action(enum.Enum):
    VIEW = "view"
    VIEW_FULL = "view_full"
    VERIFY = "verify"
    TRIAGE = "triage"
    CLAIM = "claim"
    ASSIGN_ORG = "assign_org"
    MANAGE = "manage"  # release, transfer, assign a volunteer, start, hold
    HAND_BACK = "hand_back"  # the assigned volunteer (or whoever manages it) takes the volunteer off
    DECIDE_TRANSFER = "decide_transfer"
    DELIVER = "deliver"
    FOLLOW_UP = "follow_up"
    CLOSE = "close"
    REOPEN = "reopen"


def _own(seat: Seat, hr: HelpRequest) -> bool:
    """The seat's org holds the case: it claimed it, or it took the call."""
    return hr.claimed_by_id == seat.org_id or hr.created_by_org_id == seat.org_id


def _offered(seat: Seat, hr: HelpRequest) -> bool:
    """A referral to the seat's org awaits its answer: it must see the case (masked) to decide."""
    return hr.transfers.filter(status=Transfer.Status.PENDING, to_org_id=seat.org_id).exists()


def can(user: Any, seat: Seat | None, hr: HelpRequest, action: Action) -> bool:
    if seat is None or seat.hub_id != hr.incident.hub_id:
        return False
    staff = seat.role in (Role.COORDINATOR, Role.OPERATOR)
    coord = seat.role == Role.COORDINATOR
    claimed_here = hr.claimed_by_id == seat.org_id
    assigned_me = hr.assigned_to_id == user.pk
    hub_coord = seat.is_hub_coordinator
    match action:
        case Action.VIEW:
            return seat.is_hub_staff or assigned_me or (
                staff and (_own(seat, hr) or hr.consent_share or _offered(seat, hr))
            )
        case Action.VIEW_FULL:
            return seat.is_hub_staff or assigned_me or (staff and _own(seat, hr))
        case Action.VERIFY:
            return seat.is_hub_staff or (staff and _own(seat, hr))
        case Action.TRIAGE | Action.ASSIGN_ORG | Action.REOPEN:
            return hub_coord
        case Action.CLAIM:
            return coord and (hr.consent_share or _own(seat, hr) or seat.is_hub)
        case Action.MANAGE | Action.CLOSE:
            return hub_coord or (coord and claimed_here)
        case Action.HAND_BACK:
            return hr.assigned_to_id is not None and (assigned_me or hub_coord or (coord and claimed_here))
        case Action.DECIDE_TRANSFER:
            pending = hr.transfers.filter(status="pending").first()
            return pending is not None and (hub_coord or (coord and pending.to_org_id == seat.org_id))
        case Action.DELIVER:
            return hub_coord or assigned_me or (staff and claimed_here)
        case Action.FOLLOW_UP:
            return seat.is_hub_staff or (staff and claimed_here)
    return False


def visible_help_requests(user: Any) -> QuerySet[HelpRequest]:
    """Every request the user may see at least masked; the lists start here."""
    cond = Q(pk__in=[])
    for seat in seats_for(user):
        in_net = Q(incident__hub_id=seat.hub_id)
        if seat.is_hub_staff:
            cond |= in_net
        elif seat.role in (Role.COORDINATOR, Role.OPERATOR):
            # A subquery, not a join: a request with several past referrals must list once.
            offered = Transfer.objects.filter(status=Transfer.Status.PENDING, to_org_id=seat.org_id)
            mine = (Q(claimed_by_id=seat.org_id) | Q(created_by_org_id=seat.org_id) | Q(consent_share=True)
                    | Q(pk__in=offered.values("help_request_id")))
            cond |= in_net & mine
        elif seat.role == Role.VOLUNTEER:
            cond |= in_net & Q(assigned_to_id=user.pk)
    return HelpRequest.objects.filter(cond).select_related("incident", "claimed_by")


def parse_code(code: str) -> tuple[str, int] | None:
    prefix, _, number = code.strip().upper().rpartition("-")
    # ASCII digits only: str.isdigit() also takes "²", which int() then refuses (a 500 on a typo).
    # The prefix fits the column and has no NUL, which PostgreSQL's driver refuses (a 500 there).
    if not prefix or len(prefix) > 6 or "\x00" in prefix or not _NUMBER.fullmatch(number):
        return None
    return prefix, int(number)


def get_offer_for_user(user: Any, pk: int) -> tuple[Offer, Seat]:
    """Offers are the network's shared list: any coordinator or operator seated in its hub."""
    offer = Offer.objects.select_related("incident").filter(pk=pk).first()
    seat = seat_in_network(user, offer.incident.hub_id) if offer else None
    if offer is None or seat is None or seat.role not in (Role.COORDINATOR, Role.OPERATOR):
        raise Http404
    return offer, seat


def get_help_request_for_user(user: Any, code: str, need: Action = Action.VIEW) -> tuple[HelpRequest, Seat]:
    """The request and the user's seat in its network, or 404 (cannot see) / 403 (can see, may not act)."""
    parsed = parse_code(code)
    if parsed is None:
        raise Http404
    hr = (
        HelpRequest.objects.select_related("incident", "claimed_by", "assigned_to", "duplicate_of__incident")
        .filter(pk=parsed[1], incident__code_prefix=parsed[0])
        .first()
    )
    if hr is None:
        raise Http404
    seat = seat_in_network(user, hr.incident.hub_id)
    if not can(user, seat, hr, Action.VIEW):
        raise Http404
    if need is not Action.VIEW and not can(user, seat, hr, need):
        raise PermissionDenied
    return hr, seat  # type: ignore[return-value]
