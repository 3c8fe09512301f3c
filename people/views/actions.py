"""Every change on a person's page: POST → access → form → one service call → redirect.

One table maps each action to the permission it needs, its form and the service call.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from cases.services import NeedInput
from cases.views.actions import error_text
from core.errors import DomainError
from orgs.models import Organisation
from people import forms as f
from people import services as svc
from people.access import Need, get_person_for_user
from people.models import CheckInPlan, Medication, Person
from people.validation import HouseholdInput
from people.views._util import form_errors, int_or_none
from people.views.guardian import today_auto_id, today_page
from people.views.person import AUTO_IDS, context


def _user(pk: int | None, unknown: str) -> Any:
    user = get_user_model().objects.filter(pk=pk).first() if pk else None
    if pk and user is None:
        raise DomainError(unknown)
    return user


def _medication(person: Person, data: Any) -> Medication:
    # A tampered hidden id ("abc", "²") is an unknown record, not a ValueError from the query.
    pk = int_or_none(data.get("medication"))
    med = Medication.objects.filter(pk=pk, person=person).first() if pk else None
    if med is None:
        raise DomainError(_("未知的药品记录。"))
    if not med.active:
        # A page read before a coordinator stopped it: a recount or a second stop would be
        # reported as done and logged against a medication nobody follows any more.
        raise DomainError(_("该药品已停用。"))
    med.person = person
    return med


def _checkin(p: Person, u: Any, d: dict[str, Any]) -> Any:
    needs = (
        [NeedInput(category=d["need_category"], item=d["need_item"], qty_requested=d["need_qty"])]
        if d["need_category"]
        else None
    )
    return svc.checkin_record(
        actor=u,
        person=p,
        outcome=d["outcome"],
        channel=d["channel"],
        note=d["note"],
        needs=needs,
        urgency=d["urgency"],
    )


def _share(p: Person, u: Any, d: dict[str, Any]) -> Any:
    org = Organisation.objects.filter(pk=d["org"]).first()
    if org is None:
        raise DomainError(_("未知的机构。"))
    return svc.person_share(actor=u, person=p, org=org, purpose=d["purpose"], reason=d["reason"])


Handler = Callable[[Person, Any, dict[str, Any], Any], Any]


@dataclass(frozen=True)
class Spec:
    need: Need
    form: type[forms.Form] | None
    run: Handler
    done: Any  # a lazy translation


ACTIONS: dict[str, Spec] = {
    "checkin": Spec(
        Need.CHECKIN, f.CheckInForm, lambda p, u, d, post: _checkin(p, u, d), gettext_lazy("已记录探访。")
    ),
    "count": Spec(
        Need.CHECKIN,
        f.CountForm,
        lambda p, u, d, post: svc.medication_count(
            actor=u, medication=_medication(p, post), on_hand=d["on_hand"]
        ),
        gettext_lazy("已更新药品余量。"),
    ),
    "medication": Spec(
        Need.MANAGE,
        f.MedicationForm,
        lambda p, u, d, post: svc.medication_set(actor=u, person=p, data=svc.MedicationInput(**d)),
        gettext_lazy("已添加药品/必需品。"),
    ),
    "medication-stop": Spec(
        Need.MANAGE,
        None,
        lambda p, u, d, post: svc.medication_stop(actor=u, medication=_medication(p, post)),
        gettext_lazy("已停用。"),
    ),
    "household": Spec(
        Need.MANAGE,
        f.HouseholdForm,
        lambda p, u, d, post: svc.household_add(actor=u, person=p, member=HouseholdInput(**d)),
        gettext_lazy("已添加家庭成员。"),
    ),
    "guardian": Spec(
        Need.MANAGE,
        f.GuardianForm,
        lambda p, u, d, post: svc.guardian_assign(
            actor=u,
            person=p,
            # Whole sentences: "未知的{label}" glued a capitalised label into English ("Unknown Volunteer").
            guardian=_user(d["guardian"], _("未知的志愿者。")),
            backup=_user(d["backup"], _("未知的备岗志愿者。")),
            reason=d["reason"],
        ),
        gettext_lazy("已安排临时监护。"),
    ),
    "plan": Spec(
        Need.MANAGE,
        f.PlanForm,
        lambda p, u, d, post: svc.plan_set(actor=u, person=p, cadence=d["cadence"], channel=d["channel"]),
        gettext_lazy("已更新探访计划。"),
    ),
    "share": Spec(
        Need.MANAGE, f.ShareForm, lambda p, u, d, post: _share(p, u, d), gettext_lazy("已共享,已记录。")
    ),
}


# The forms worth keeping when refused (the context key the person page renders them under): a
# check-in note or a written share reason typed with the person on the phone must not be lost.
KEEP_TYPED = {
    "checkin": "checkin_form",
    "medication": "medication_form",
    "household": "household_form",
    "guardian": "guardian_form",
    "plan": "plan_form",
    "share": "share_form",
}


def _version(person: Person, name: str) -> int | None:
    """The version the guardian and plan forms carry: the page they were read from."""
    if name == "guardian":
        return person.version
    if name == "plan":
        return CheckInPlan.objects.filter(person=person).values_list("version", flat=True).first()
    return None


@login_required
@require_POST
def action(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    spec = ACTIONS.get(name)
    if spec is None:
        raise Http404
    person, _unused = get_person_for_user(request.user, pk, need=spec.need)
    form = spec.form(request.POST, auto_id=AUTO_IDS.get(spec.form, "id_%s")) if spec.form else None
    # Two coordinators on the same page: the second must see the first one's guardian or plan
    # before replacing it, not overwrite it silently (as on the request page).
    seen = request.POST.get("version", "")
    current = _version(person, name)
    if seen.isascii() and seen.isdigit() and current is not None and int(seen) != current:
        messages.error(request, _("该对象刚被他人更新,请查看最新内容后再操作。"))
        return _refused(request, person, name, form)
    if form is not None and not form.is_valid():
        form_errors(request, form)
        return _refused(request, person, name, form)
    try:
        spec.run(person, request.user, dict(form.cleaned_data) if form else {}, request.POST)
    except DomainError as exc:
        messages.error(request, error_text(exc, form))
        return _refused(request, person, name, form)
    messages.success(request, spec.done)
    return _back(request, person)


def _back(request: HttpRequest, person: Person) -> HttpResponse:
    if request.POST.get("next") == "today":
        return redirect("people:today")
    return redirect("people:detail", pk=person.pk)


def _refused(request: HttpRequest, person: Person, name: str, form: forms.Form | None) -> HttpResponse:
    """The person page again with the refused form as typed (400); the phone page and forms
    without free text go back as before."""
    key = KEEP_TYPED.get(name)
    if request.POST.get("next") == "today":
        if name != "checkin" or form is None:
            return _back(request, person)
        # The guardian typed the note on the phone page: keep it on that person's card.
        form.auto_id = today_auto_id(person.pk)
        return today_page(request, bound={person.pk: form}, status=400)
    if key is None or form is None:
        return _back(request, person)
    fresh, rel = get_person_for_user(request.user, person.pk)
    return render(
        request,
        "people/detail.html",
        context(request, fresh, rel, revealed=False, bound={key: form}),
        status=400,
    )
