"""A person's page (history, access log) and revealing the ID number and phone."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from cases.models import HelpRequest
from core.models import Event
from orgs.access import orgs_in_network
from people import forms as f
from people.access import Need, can, get_person_for_user
from people.models import CheckInPlan, ConsentPurpose, Person, ShareGrant
from people.services import guardian_candidates, person_reveal, person_view_log

LOG_KINDS = ["person_viewed", "person_revealed"]
# The audit kinds the registry services write, as the person page names them.
KIND_LABELS = {
    "person_registered": _("登记"),
    "persons_imported": _("批量导入"),
    "person_updated": _("修改信息"),
    "person_shared": _("共享给其他机构"),
    "household_added": _("添加家庭成员"),
    "guardian_assigned": _("安排临时监护"),
    "guardian_handover": _("监护交接"),
    "plan_changed": _("修改探访计划"),
    "checkin_recorded": _("记录探访"),
    "medication_added": _("添加药品/必需品"),
    "medication_changed": _("修改药品"),
    "medication_counted": _("盘点"),
    "medication_delivered": _("药品送达"),
    "medication_stopped": _("停用药品"),
    "runway_requests_opened": _("断药预警"),
}


# Several forms on one page share field names (channel, note, name…): distinct ids keep each label
# pointing at its own input. The action view binds a refused form with the same ids.
AUTO_IDS: dict[type, str] = {
    f.CheckInForm: "id_checkin_%s",
    f.MedicationForm: "id_med_%s",
    f.HouseholdForm: "id_household_%s",
    f.PlanForm: "id_plan_%s",
    f.ShareForm: "id_share_%s",
    f.GuardianForm: "id_guardian_%s",
}


def context(
    request: HttpRequest,
    person: Person,
    rel: set[str],
    revealed: bool,
    bound: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The person page; `bound` puts a refused action form back with what the user typed."""
    manage = can(request.user, person, Need.MANAGE)
    plan = CheckInPlan.objects.filter(person=person).first()
    links = list(
        person.request_links.select_related("help_request__incident", "medication").order_by("-created_at")
    )
    requests = {link.help_request_id: link for link in links}
    return {
        "person": person,
        "rel": rel,
        "revealed": revealed,
        "manage": manage,
        "can_checkin": can(request.user, person, Need.CHECKIN),
        "household": list(person.household.all()),
        "medications": list(person.medications.order_by("-active", "runs_out_on")),
        "guardianships": list(
            person.guardianships.select_related("guardian", "backup", "assigned_by").order_by("-from_at")
        ),
        "plan": plan,
        "checkins": list(person.checkins.select_related("actor")[:60]),
        "requests": list(requests.values()),
        "statuses": dict(HelpRequest.Status.choices),
        "shares": _shares(person) if manage else [],
        "access_log": _log(person, exclude=not can(request.user, person, Need.AUDIT)),
        "history": _history(person) if manage else [],
        "candidates": guardian_candidates(person=person) if manage else [],
        "share_orgs": orgs_in_network(person.hub_id).exclude(pk=person.org_id).exclude(kind="government")
        if manage
        else [],
        "checkin_form": f.CheckInForm(auto_id=AUTO_IDS[f.CheckInForm]),
        "medication_form": f.MedicationForm(auto_id=AUTO_IDS[f.MedicationForm]),
        "household_form": f.HouseholdForm(auto_id=AUTO_IDS[f.HouseholdForm]),
        # The current plan, not the first choices: saving only a new channel must not also reset
        # the cadence to "daily".
        "plan_form": f.PlanForm(
            initial={"cadence": plan.cadence, "channel": plan.channel} if plan else None,
            auto_id=AUTO_IDS[f.PlanForm],
        ),
        "share_form": f.ShareForm(auto_id=AUTO_IDS[f.ShareForm]),
        "guardian_form": f.GuardianForm(auto_id=AUTO_IDS[f.GuardianForm]),
        "reveal_form": f.RevealForm(auto_id="id_reveal_%s"),
        **(bound or {}),
    }


def _log(person: Person, exclude: bool) -> list[Event]:
    if exclude:
        return []
    return list(
        Event.objects.filter(subject_type="person", subject_id=person.pk, kind__in=LOG_KINDS)
        .select_related("actor")
        .order_by("-created")[:200]
    )


def _history(person: Person) -> list[Event]:
    events = list(
        Event.objects.filter(subject_type="person", subject_id=person.pk)
        .exclude(kind__in=LOG_KINDS)
        .select_related("actor")
        .order_by("-created")[:100]
    )
    for e in events:
        e.label = KIND_LABELS.get(e.kind, e.kind)
    return events


def _shares(person: Person) -> list[ShareGrant]:
    grants = list(person.shares.select_related("org", "granted_by").order_by("-created_at"))
    purposes = dict(ConsentPurpose.choices)
    for g in grants:
        g.purpose_label = purposes.get(g.purpose, g.purpose)
    return grants


@login_required
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    person, rel = get_person_for_user(request.user, pk)
    person_view_log(actor=request.user, person=person)
    return render(request, "people/detail.html", context(request, person, rel, revealed=False))


@login_required
@require_POST
def reveal(request: HttpRequest, pk: int) -> HttpResponse:
    """ID number and phone in clear for this one response; written to the access log."""
    person, rel = get_person_for_user(request.user, pk, need=Need.REVEAL)
    form = f.RevealForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    person_reveal(actor=request.user, person=person, reason=reason)
    return render(request, "people/detail.html", context(request, person, rel, revealed=True))
