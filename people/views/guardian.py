"""The guardian's phone page (今日探访) and the coordinator's handover form."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.db.models import Count, F, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from core.errors import DomainError
from orgs.models import Membership, Organisation
from people import forms as f
from people.access import carer_of, coordinator_seats, managed_persons, require_coordinator
from people.models import CheckInPlan, Medication
from people.services import guardian_handover
from people.services.guardians import ACTIVE, absent_user_ids
from people.views._util import add_errors


@login_required
@require_GET
def today(request: HttpRequest) -> HttpResponse:
    return today_page(request)


def today_page(
    request: HttpRequest, bound: dict[int, f.CheckInForm] | None = None, status: int = 200
) -> HttpResponse:
    """Everyone the user guards or backs up whose check-in is due by the end of today, most overdue first.

    `bound` puts a refused check-in back on its person's card as typed (person id → form)."""
    bound = bound or {}
    now = timezone.now()
    end = timezone.localtime(now).replace(hour=23, minute=59, second=59)
    mine = carer_of(request.user, prefix="person__")
    plans = (
        CheckInPlan.objects.filter(mine, active=True, person__status__in=ACTIVE)
        .select_related("person")
        .order_by(F("next_due_at").asc(nulls_first=True))
    )
    # A refused card stays on the page even if that person is not due today (an early call).
    due = [p for p in plans if p.next_due_at is None or p.next_due_at <= end or p.person_id in bound]
    later = [p for p in plans if p not in due]
    low = Medication.objects.filter(
        person__in=[p.person for p in due],
        active=True,
        runs_out_on__lte=timezone.localdate(now) + timedelta(days=3),
    )
    low_by_person: dict[int, list[Medication]] = {}
    for med in low:
        low_by_person.setdefault(med.person_id, []).append(med)
    rows = [
        {
            "plan": p,
            "person": p.person,
            "overdue": p.is_overdue(now),
            "late": p.next_due_at and p.next_due_at < now,
            "as_backup": p.person.guardian_id != request.user.pk,
            "low": low_by_person.get(p.person_id, []),
            # One form per card with its own ids: with a shared id, tapping 「一切正常」 on the
            # second card would tick the radio of the first (a label's for= wins over nesting).
            "form": bound.get(p.person_id) or f.CheckInForm(auto_id=today_auto_id(p.person_id)),
        }
        for p in due
    ]
    return render(request, "people/today.html", {"rows": rows, "later": later[:50]}, status=status)


def today_auto_id(person_id: int) -> str:
    return f"id_p{person_id}_%s"


@login_required
@require_http_methods(["GET", "POST"])
def handover(request: HttpRequest) -> HttpResponse:
    require_coordinator(request.user)
    scope = managed_persons(request.user)
    form = f.HandoverForm(request.POST or None, initial={"guardian": request.GET.get("guardian")})
    if request.method == "POST" and form.is_valid():
        users = get_user_model().objects.in_bulk(
            [form.cleaned_data["guardian"], form.cleaned_data["new_guardian"] or 0]
        )
        guardian = users.get(form.cleaned_data["guardian"])
        try:
            if guardian is None:
                raise DomainError(_("未知的志愿者。"), field="guardian")
            result = guardian_handover(
                actor=request.user,
                guardian=guardian,
                scope=scope,
                reason=form.cleaned_data["reason"],
                absence=form.cleaned_data["absence"],
                new_guardian=users.get(form.cleaned_data["new_guardian"] or 0),
            )
        except DomainError as exc:
            add_errors(form, exc)
        else:
            messages.success(
                request,
                _("已交接 {n} 位;{m} 位暂无监护人,已列入「无监护人」名单。").format(
                    n=result.total, m=len(result.no_guardian)
                ),
            )
            return redirect("people:no-guardian" if result.no_guardian else "people:handover")
    guardians = (
        get_user_model()
        .objects.filter(guarded_persons__in=scope.filter(status__in=ACTIVE))
        .annotate(n=Count("guarded_persons"))
        .order_by("-n", "username")[:300]
    )
    absent = absent_user_ids()
    return render(
        request,
        "people/handover.html",
        {"form": form, "guardians": guardians, "absent": absent, "takers": _takers(request.user, absent)},
    )


def _takers(user: object, absent: set[int]) -> list[object]:
    """Who may take over: the volunteers of the orgs this coordinator manages (the whole network for
    the hub), available now — not only those who already guard someone, or a fresh volunteer
    could never be named."""
    orgs = Q(pk__in=[])
    for seat in coordinator_seats(user):
        network = Q(org__parent_id=seat.hub_id) | Q(org_id=seat.hub_id)
        orgs |= network if seat.is_hub else Q(org_id=seat.org_id)
    members = Membership.objects.filter(orgs, active=True, role=Membership.Role.VOLUNTEER).exclude(
        org__kind=Organisation.Kind.GOVERNMENT
    )
    return list(
        get_user_model()
        .objects.filter(pk__in=members.values("user_id"))
        .exclude(pk__in=absent)
        .annotate(n=Count("guarded_persons", filter=Q(guarded_persons__status__in=ACTIVE)))
        .order_by("n", "username")[:500]
    )
