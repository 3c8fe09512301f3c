from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Case, When
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from cases import forms as f
from cases.access import Action, can, get_help_request_for_user, visible_help_requests
from cases.models import HelpRequest
from cases.presenters import present, timeline
from cases.services import find_possible_duplicates, help_request_reveal
from orgs.access import orgs_in_network
from orgs.models import Membership

# Several action forms share field names (urgency, note, reason): distinct ids per form.
AUTO_IDS: dict[type, str] = {
    f.VerifyForm: "id_verify_%s",
    f.CloseForm: "id_close_%s",
    f.FollowUpForm: "id_followup_%s",
    f.DeliverForm: "id_deliver_%s",
    f.TriageForm: "id_triage_%s",
}


def _context(request: HttpRequest, hr: HelpRequest, seat: Any, revealed: bool) -> dict[str, Any]:
    allowed = {a.value for a in Action if can(request.user, seat, hr, a)}
    network_orgs = orgs_in_network(hr.incident.hub_id).exclude(kind="government").order_by("name")
    # Whoever of the claiming org can go: volunteers first, staff who deliver themselves after,
    # read-only seats never (the service refuses them too).
    seats = Membership.objects.filter(org_id=hr.claimed_by_id, active=True)
    seats = seats.exclude(role=Membership.Role.VIEWER)
    order = Case(When(role=Membership.Role.VOLUNTEER, then=0), default=1)
    volunteers = seats.select_related("user").order_by(order, "user__username")
    return {
        "hr": hr,
        "p": present(hr, full=revealed),
        "allowed": allowed,
        "revealed": revealed,
        "can_reveal": "view_full" in allowed,
        "needs": list(hr.needs.all()),
        "attempts": list(hr.attempts.select_related("actor")),
        "events": timeline(hr, full=revealed),
        "followups": list(hr.followups.all()),
        "pending_transfer": hr.transfers.filter(status="pending")
        .select_related("to_org", "from_org")
        .first(),
        "orgs": network_orgs,
        "volunteers": [m.user for m in volunteers],
        "verify_form": f.VerifyForm(auto_id=AUTO_IDS[f.VerifyForm]),
        "close_form": f.CloseForm(auto_id=AUTO_IDS[f.CloseForm]),
        "followup_form": f.FollowUpForm(auto_id=AUTO_IDS[f.FollowUpForm]),
        "deliver_form": f.DeliverForm(lines=hr.needs.all(), auto_id=AUTO_IDS[f.DeliverForm]),
        "triage_form": f.TriageForm(initial={"urgency": hr.urgency}, auto_id=AUTO_IDS[f.TriageForm]),
        "seat": seat,
        "duplicates": _possible_duplicates(request.user, hr, allowed),
    }


def _possible_duplicates(user: Any, hr: HelpRequest, allowed: set[str]) -> list[HelpRequest]:
    if hr.status == "closed" or "close" not in allowed and "verify" not in allowed:
        return []
    found = find_possible_duplicates(
        incident=hr.incident,
        phones=[hr.requester_phone, hr.beneficiary_phone],
        address_key=hr.address_key,
        exclude_pk=hr.pk,
    )
    # Only those the user may open: a link to another org's unshared case would 404, and its code
    # and status would tell that this phone number asked someone else for help.
    ids = [d.pk for d in found]
    visible = set(visible_help_requests(user).filter(pk__in=ids).values_list("pk", flat=True))
    return [d for d in found if d.pk in visible]


@login_required
@require_http_methods(["GET"])
def detail(request: HttpRequest, code: str) -> HttpResponse:
    hr, seat = get_help_request_for_user(request.user, code)
    return render_detail(request, hr, seat)


def render_detail(
    request: HttpRequest,
    hr: HelpRequest,
    seat: Any,
    *,
    bound: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    """The request page; `bound` puts a refused action form back with what the user typed."""
    ctx = _context(request, hr, seat, revealed=False)
    ctx.update(bound or {})
    return render(request, "cases/detail.html", ctx, status=status)


@login_required
@require_http_methods(["POST"])
def reveal(request: HttpRequest, code: str) -> HttpResponse:
    """Show name, phone and address in clear; writes an audit event (查看完整号码)."""
    hr, seat = get_help_request_for_user(request.user, code, need=Action.VIEW_FULL)
    help_request_reveal(actor=request.user, help_request=hr, reason=request.POST.get("reason", "")[:200])
    return render(request, "cases/detail.html", _context(request, hr, seat, revealed=True))
