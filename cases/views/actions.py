"""Every state change on a request page: POST → access → form → one service call → redirect.

One table maps each action to the permission it needs, its form and the service call, so the
fifteen transitions share one tested path instead of fifteen near-identical views.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from cases import forms as f
from cases import services as svc
from cases.access import Action, get_help_request_for_user, parse_code, visible_help_requests
from cases.models import HelpRequest, Transfer
from cases.views.detail import AUTO_IDS, render_detail
from core.errors import DomainError
from orgs.access import Seat
from orgs.models import Organisation


def _org(hr: HelpRequest, pk: int) -> Organisation:
    org = Organisation.objects.filter(pk=pk).first()
    if org is None:
        raise DomainError(_("未知的机构。"), field="org")
    return org


def _duplicate(hr: HelpRequest, code: str) -> HelpRequest | None:
    if not code:
        return None
    parsed = parse_code(code)
    # The prefix counts: HN-000005 (another incident) must not link this case to XA-000005.
    original = None
    if parsed is not None and parsed[0] == hr.incident.code_prefix:
        original = HelpRequest.objects.filter(pk=parsed[1], incident=hr.incident).first()
    if original is None:
        raise DomainError(_("找不到该原求助编号。"), field="duplicate_of")
    return original


def _followup(hr: HelpRequest, user: Any, data: dict[str, Any]) -> Any:
    followup = hr.followups.filter(done_at__isnull=True).order_by("due_at").first()
    if followup is None:
        raise DomainError(_("没有待回访的记录。"))
    needs = [
        svc.NeedInput(category=data["need_category"], item=data["need_item"], qty_requested=data["need_qty"])
    ]
    return svc.followup_record(
        actor=user,
        followup=followup,
        outcome=data["outcome"],
        note=data["note"],
        new_needs=needs if data["need_category"] else None,
    )


def _transfer_decide(hr: HelpRequest, user: Any, data: dict[str, Any]) -> Any:
    transfer = (
        hr.transfers.filter(status=Transfer.Status.PENDING).select_related("from_org", "to_org").first()
    )
    if transfer is None:
        raise DomainError(_("没有待处理的转介。"))
    return svc.transfer_decide(actor=user, transfer=transfer, accept=data["accept"], reason=data["reason"])


def _volunteer(pk: int) -> Any:
    user = get_user_model().objects.filter(pk=pk).first()
    if user is None:
        raise DomainError(_("未知的志愿者。"), field="volunteer")
    return user


Handler = Callable[[HelpRequest, Any, dict[str, Any], Seat], Any]


@dataclass(frozen=True)
class Spec:
    need: Action
    form: type[forms.Form] | None
    run: Handler
    done: str


ACTIONS: dict[str, Spec] = {
    "verify": Spec(
        Action.VERIFY,
        f.VerifyForm,
        lambda hr, u, d, s: svc.verification_record(
            actor=u,
            help_request=hr,
            outcome=d["outcome"],
            channel=d["channel"],
            note=d["note"],
            changes=d["changes"],
        ),
        _("已记录核实结果。"),
    ),
    "triage": Spec(
        Action.TRIAGE,
        f.TriageForm,
        lambda hr, u, d, s: svc.help_request_update(
            actor=u, help_request=hr, changes={"urgency": d["urgency"]}, reason=d["reason"]
        ),
        _("已更新紧急程度。"),
    ),
    "claim": Spec(
        Action.CLAIM,
        None,
        lambda hr, u, d, s: svc.help_request_claim(
            actor=u, help_request=hr, org=Organisation.objects.get(pk=s.org_id)
        ),
        _("已认领。"),
    ),
    "assign-org": Spec(
        Action.ASSIGN_ORG,
        f.OrgForm,
        lambda hr, u, d, s: svc.help_request_assign_org(actor=u, help_request=hr, org=_org(hr, d["org"])),
        _("已指派机构。"),
    ),
    "release": Spec(
        Action.MANAGE,
        f.ReasonForm,
        lambda hr, u, d, s: svc.help_request_release(actor=u, help_request=hr, reason=d["reason"]),
        _("已退回。"),
    ),
    "transfer": Spec(
        Action.MANAGE,
        f.TransferForm,
        lambda hr, u, d, s: svc.transfer_request(
            actor=u, help_request=hr, to_org=_org(hr, d["to_org"]), reason=d["reason"]
        ),
        _("已发起转介。"),
    ),
    "transfer-decide": Spec(
        Action.DECIDE_TRANSFER,
        f.TransferDecideForm,
        lambda hr, u, d, s: _transfer_decide(hr, u, d),
        _("已处理转介。"),
    ),
    "assign": Spec(
        Action.MANAGE,
        f.AssignForm,
        lambda hr, u, d, s: svc.help_request_assign_volunteer(
            actor=u, help_request=hr, volunteer=_volunteer(d["volunteer"])
        ),
        _("已派单。"),
    ),
    "hand-back": Spec(
        Action.HAND_BACK,
        f.ReasonForm,
        lambda hr, u, d, s: svc.help_request_unassign_volunteer(actor=u, help_request=hr, reason=d["reason"]),
        _("已退回给认领机构重新派单。"),
    ),
    "start": Spec(
        Action.MANAGE,
        None,
        lambda hr, u, d, s: svc.help_request_start(actor=u, help_request=hr),
        _("已开始处理。"),
    ),
    "deliver": Spec(
        Action.DELIVER,
        f.DeliverForm,
        lambda hr, u, d, s: svc.help_request_deliver(
            actor=u, help_request=hr, delivered=d["delivered"], note=d["note"]
        ),
        _("已标记送达,已安排回访。"),
    ),
    "follow-up": Spec(
        Action.FOLLOW_UP, f.FollowUpForm, lambda hr, u, d, s: _followup(hr, u, d), _("已记录回访。")
    ),
    "hold": Spec(
        Action.MANAGE,
        f.ReasonForm,
        lambda hr, u, d, s: svc.help_request_hold(actor=u, help_request=hr, reason=d["reason"]),
        _("已暂缓。"),
    ),
    "resume": Spec(
        Action.MANAGE,
        None,
        lambda hr, u, d, s: svc.help_request_resume(actor=u, help_request=hr),
        _("已恢复。"),
    ),
    "close": Spec(
        Action.CLOSE,
        f.CloseForm,
        lambda hr, u, d, s: svc.help_request_close(
            actor=u,
            help_request=hr,
            reason=d["reason"],
            note=d["note"],
            duplicate_of=_duplicate(hr, d["duplicate_of"]),
        ),
        _("已结案。"),
    ),
    "reopen": Spec(
        Action.REOPEN,
        f.ReasonForm,
        lambda hr, u, d, s: svc.help_request_reopen(actor=u, help_request=hr, reason=d["reason"]),
        _("已重新打开。"),
    ),
}


def error_text(exc: DomainError, form: forms.Form | None) -> str:
    """A service's refusal as the user reads it: field errors under the form's labels, never
    the stored field names (requester_phone: …) that InvalidInput.message carries."""
    if not isinstance(exc, svc.InvalidInput):
        return str(exc.message)
    fields = form.fields if form is not None else {}
    return " ".join(
        f"{fields[key].label} {' '.join(map(str, errs))}" if key in fields else " ".join(map(str, errs))
        for key, errs in exc.errors.items()
    )


def bind(spec: Spec, hr: HelpRequest, data: Any) -> forms.Form | None:
    if spec.form is None:
        return None
    auto_id = AUTO_IDS.get(spec.form, "id_%s")
    if spec.form is f.DeliverForm:
        return f.DeliverForm(data, lines=list(hr.needs.all()), auto_id=auto_id)
    return spec.form(data, auto_id=auto_id)


@require_POST
@login_required
def action(request: HttpRequest, code: str, name: str) -> HttpResponse:
    spec = ACTIONS.get(name)
    if spec is None:
        raise Http404
    hr, seat = get_help_request_for_user(request.user, code, need=spec.need)
    form = bind(spec, hr, request.POST)
    # The page's forms carry the version it showed: a coordinator who read a stale page (someone
    # re-triaged or corrected it meanwhile) must see the change before acting on it, as in the API.
    seen = request.POST.get("version", "")
    if seen.isascii() and seen.isdigit() and int(seen) != hr.version:
        messages.error(request, _("该求助刚被他人更新,请查看最新内容后再操作。"))
        return _refused(request, hr, seat, name, form)
    if form is not None and not form.is_valid():
        for field, errors in form.errors.items():
            messages.error(
                request, f"{form.fields[field].label if field in form.fields else ''} {' '.join(errors)}"
            )
        return _refused(request, hr, seat, name, form)
    data = dict(form.cleaned_data) if form else {}
    if isinstance(form, f.VerifyForm):
        data["changes"] = form.changes()
    if isinstance(form, f.DeliverForm):
        data["delivered"] = form.delivered()
    try:
        spec.run(hr, request.user, data, seat)
    except DomainError as exc:
        messages.error(request, error_text(exc, form))
        # Keep the form only when the refusal is about what was typed; a transition that is not
        # allowed now goes back to the fresh page.
        about_input = isinstance(exc, svc.InvalidInput) or (form is not None and exc.field in form.fields)
        if about_input:
            return _refused(request, hr, seat, name, form)
        return redirect("cases:detail", code=hr.code)
    messages.success(request, spec.done)
    return _done(request, hr, seat)


def _done(request: HttpRequest, hr: HelpRequest, seat: Seat) -> HttpResponse:
    """Back to the request, unless the action just took it out of the user's sight (a volunteer's
    hand-back, a member org releasing an unshared case): that would land on a 404."""
    if visible_help_requests(request.user).filter(pk=hr.pk).exists():
        return redirect("cases:detail", code=hr.code)
    return redirect("cases:my-tasks" if seat.role == "volunteer" else "cases:queue")


# The forms worth keeping when refused: a verifier's corrections or a delivery's quantities are
# typed on the phone with the requester; a redirect would throw them away.
KEEP_TYPED = {
    "verify": "verify_form",
    "triage": "triage_form",
    "close": "close_form",
    "follow-up": "followup_form",
    "deliver": "deliver_form",
}


def _refused(
    request: HttpRequest, hr: HelpRequest, seat: Seat, name: str, form: forms.Form | None
) -> HttpResponse:
    key = KEEP_TYPED.get(name)
    if key is None or form is None:
        return redirect("cases:detail", code=hr.code)
    fresh, seat = get_help_request_for_user(request.user, hr.code)
    return render_detail(request, fresh, seat, bound={key: form}, status=400)
