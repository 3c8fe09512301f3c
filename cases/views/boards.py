"""Working lists: my organisation's cases, a volunteer's tasks, follow-ups due."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import F, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cases.access import get_offer_for_user, visible_help_requests
from cases.models import FollowUp, HelpRequest, Offer, Transfer
from cases.presenters import countdown, present
from cases.services import offer_set_status
from cases.services.offers import OFFER_MOVES
from core.errors import DomainError
from orgs.access import seats_for

S = HelpRequest.Status


@login_required
@require_GET
def org_board(request: HttpRequest) -> HttpResponse:
    org_ids = [s.org_id for s in seats_for(request.user) if s.role in ("coordinator", "operator")]
    qs = visible_help_requests(request.user).filter(claimed_by_id__in=org_ids).exclude(status=S.CLOSED)
    columns = {s: [] for s in (S.CLAIMED, S.IN_PROGRESS, S.DELIVERED, S.ON_HOLD)}
    now = timezone.now()
    ordered = qs.select_related("assigned_to").order_by(F("next_due_at").asc(nulls_last=True))[:400]
    for hr in ordered:
        if hr.status in columns:
            columns[hr.status].append({"hr": hr, "left": countdown(hr.next_due_at, now)})
    incoming = Transfer.objects.filter(to_org_id__in=org_ids, status=Transfer.Status.PENDING).select_related(
        "help_request__incident", "from_org"
    )
    return render(
        request,
        "cases/org_board.html",
        {
            "columns": [(S(s).label, rows) for s, rows in columns.items()],
            "incoming": incoming,
            "has_org": bool(org_ids),
        },
    )


@login_required
@require_GET
def my_tasks(request: HttpRequest) -> HttpResponse:
    """A volunteer's phone page: what to deliver, where, to whom (in clear: they must reach them)."""
    qs = visible_help_requests(request.user).filter(
        assigned_to=request.user, status__in=[S.IN_PROGRESS, S.CLAIMED]
    )
    now = timezone.now()
    tasks = [
        {
            "hr": hr,
            "p": present(hr, full=True),
            "left": countdown(hr.next_due_at, now),
            "needs": list(hr.needs.all()),
        }
        for hr in qs.prefetch_related("needs").order_by("next_due_at")
    ]
    done = visible_help_requests(request.user).filter(
        assigned_to=request.user, status__in=[S.DELIVERED, S.CLOSED]
    )
    return render(request, "cases/my_tasks.html", {"tasks": tasks, "done": done.order_by("-updated_at")[:20]})


@login_required
@require_GET
def followups(request: HttpRequest) -> HttpResponse:
    # Only the calls this user may record: the hub's staff for the network, a member org's staff
    # for what it claimed. Shared cases of other orgs are visible, but not theirs to call back.
    callable_ = Q(pk__in=[])
    for seat in seats_for(request.user):
        if seat.is_hub_staff:
            callable_ |= Q(incident__hub_id=seat.hub_id)
        elif seat.role in ("coordinator", "operator"):
            callable_ |= Q(claimed_by_id=seat.org_id)
    visible = visible_help_requests(request.user).filter(callable_, status=S.DELIVERED)
    due = (
        FollowUp.objects.filter(done_at__isnull=True, help_request__in=visible)
        .select_related("help_request__incident", "help_request__claimed_by")
        .order_by("due_at")[:300]
    )
    now = timezone.now()
    return render(
        request, "cases/followups.html", {"rows": [{"f": fu, "due": fu.due_at <= now} for fu in due]}
    )


@login_required
@require_GET
def offers(request: HttpRequest) -> HttpResponse:
    """Help on offer (资源信息) in the user's networks; contacts are for staff only."""
    hubs = {s.hub_id for s in seats_for(request.user) if s.role in ("coordinator", "operator")}
    status = request.GET.get("status", Offer.Status.OPEN)
    status = status if status in Offer.Status.values else Offer.Status.OPEN
    rows = Offer.objects.filter(incident__hub_id__in=hubs, status=status).select_related("incident")
    return render(
        request,
        "cases/offers.html",
        {
            "offers": rows.order_by("-created_at")[:300],
            "status": status,
            "statuses": Offer.Status.choices,
            "moves": sorted(OFFER_MOVES[status]),
        },
    )


@login_required
@require_POST
def offer_status(request: HttpRequest, pk: int) -> HttpResponse:
    offer, _seat = get_offer_for_user(request.user, pk)
    try:
        offer_set_status(
            actor=request.user, offer=offer, status=request.POST.get("status", ""),
            note=request.POST.get("note", ""),
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已更新资源信息状态。"))
    return redirect(f"{reverse('cases:offers')}?status={offer.status}")
