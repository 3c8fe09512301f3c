"""What a user is shown of a request: masked unless they may and chose to see it in clear."""

import re
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cases.models import HelpRequest
from core.models import Event
from geo.divisions import path_names
from heli.lib.phones import mask_name, mask_phone

_MOBILE_IN_TEXT = re.compile(r"(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)")


def redact_phones(text: str) -> str:
    """Free text (a forwarded WeChat message) often carries the phone number too: 138****5678."""
    return _MOBILE_IN_TEXT.sub(r"\1****\2", text)


@dataclass
class Shown:
    requester_name: str
    requester_phone: str
    beneficiary_name: str
    beneficiary_phone: str
    address: str
    place: str
    description: str


def present(hr: HelpRequest, *, full: bool) -> Shown:
    code = hr.township_code or hr.county_code
    if full:
        return Shown(
            hr.requester_name,
            hr.requester_phone,
            hr.beneficiary_name,
            hr.beneficiary_phone,
            hr.address_detail,
            path_names(code) if code else "",
            hr.description,
        )
    # The district stays visible: it is what a member org needs to decide whether to claim.
    return Shown(
        mask_name(hr.requester_name),
        mask_phone(hr.requester_phone),
        mask_name(hr.beneficiary_name),
        mask_phone(hr.beneficiary_phone),
        "***" if hr.address_detail else "",
        path_names(hr.county_code) if hr.county_code else "",
        redact_phones(hr.description),
    )


def countdown(due: Any, now: Any = None) -> tuple[str, str]:
    """('剩余 3小时12分', css class) for a deadline."""
    if due is None:
        return "", ""
    seconds = int((due - (now or timezone.now())).total_seconds())
    overdue = seconds < 0
    seconds = abs(seconds)
    days, rem = divmod(seconds, 86400)
    hours, rem = divmod(rem, 3600)
    minutes = rem // 60
    if days:
        text = gettext("{d}天{h}小时").format(d=days, h=hours)
    elif hours:
        text = gettext("{h}小时{m}分").format(h=hours, m=minutes)
    else:
        text = gettext("{m}分").format(m=minutes)
    if overdue:
        return gettext("已超时 {t}").format(t=text), "overdue"
    return gettext("剩余 {t}").format(t=text), "due-soon" if seconds < 3600 else ""


KIND_LABELS = {
    "created": _("登记"),
    "bulk_created": _("批量导入"),
    "verified": _("核实"),
    "reverified": _("再次核实"),
    "verify_attempt": _("核实未果"),
    "updated": _("修改信息"),
    "claimed": _("认领"),
    "assigned_org": _("枢纽指派机构"),
    "released": _("退回"),
    "transfer_requested": _("发起转介"),
    "transfer_accepted": _("接受转介"),
    "transfer_rejected": _("拒绝转介"),
    "assigned": _("派单"),
    "unassigned": _("撤回派单"),  # a volunteer handed the task back, or was taken off it
    "started": _("开始处理"),
    "delivered": _("送达"),
    "followup_unreachable": _("回访未联系上"),
    "reopened": _("重新打开"),
    "held": _("暂缓"),
    "resumed": _("恢复"),
    "closed": _("结案"),
    "contact_revealed": _("查看完整联系方式"),
    "deadline_breached": _("超过时限"),
    "duplicate_linked": _("重复信息已关联"),
    "quantities_delivered": _("补充送达"),
    "messages_imported": _("消息导入"),
}


def timeline(hr: HelpRequest, *, full: bool = False) -> list[dict[str, Any]]:
    """The request's events; contact corrections stay masked unless the user revealed them."""
    events = list(
        Event.objects.filter(subject_type="helprequest", subject_id=hr.pk).order_by("created", "pk")
    )
    users = get_user_model().objects.in_bulk({e.actor_id for e in events if e.actor_id})
    rows = []
    for e in events:
        actor = users.get(e.actor_id)
        rows.append(
            {
                "at": e.created,
                "kind": KIND_LABELS.get(e.kind, e.kind),
                "actor": (actor.get_full_name() or actor.username) if actor else _("系统"),
                "summary": describe(e.data, full=full),
            }
        )
    return rows


_DATA_LABELS = {
    "reason": _("原因"),
    "note": _("备注"),
    "org": _("机构"),
    "volunteer": _("志愿者"),
    "to": _("转给"),
    "from": _("来自"),
    "outcome": _("结果"),
    "duplicate_of": _("原求助"),
    "count": _("数量"),
    "due": _("时限"),
}


def _label(value: Any) -> Any:
    """Show a stored choice value (e.g. 'no_answer') by its label (无人接听)."""
    from cases.models import FollowUp, VerificationAttempt

    for choices in (VerificationAttempt.Outcome, HelpRequest.CloseReason, FollowUp.Outcome):
        if value in choices.values:
            return choices(value).label
    return value


# A verifier's corrections are stored old → new; shown like the fields themselves (masked by default),
# on the page and in the API's timeline alike.
MASKED_CHANGES: dict[str, Any] = {
    "requester_name": mask_name,
    "beneficiary_name": mask_name,
    "requester_phone": mask_phone,
    "beneficiary_phone": mask_phone,
    "address_detail": lambda v: "***" if v else "",
    "raw_text": lambda v: "***" if v else "",
    "lat": lambda v: "***" if v is not None else "",
    "lon": lambda v: "***" if v is not None else "",
    "description": lambda v: redact_phones(v or ""),
}


# Typed by staff ("家属电话 13912345678 无人接"): masked like the description unless revealed.
FREE_TEXT = ("reason", "note")


def _field_label(name: str) -> Any:
    try:
        return HelpRequest._meta.get_field(name).verbose_name
    except FieldDoesNotExist:
        return name


def _when(value: Any) -> Any:
    """Stored deadlines are ISO strings in UTC; show them as the page shows every time (local)."""
    if isinstance(value, str):
        parsed = parse_datetime(value)
        if parsed is not None and timezone.is_aware(parsed):
            return timezone.localtime(parsed).strftime("%m-%d %H:%M")
    return value


def describe(data: dict[str, Any], *, full: bool = False) -> str:
    """One line for the timeline: status change first, then the facts that explain it."""
    parts = []
    if "old" in data and "new" in data:
        parts.append(f"{HelpRequest.Status(data['old']).label} → {HelpRequest.Status(data['new']).label}")
    for key, label in _DATA_LABELS.items():
        if data.get(key):
            value = _when(data[key]) if key == "due" else _label(data[key])
            if not full and key in FREE_TEXT and isinstance(value, str):
                value = redact_phones(value)
            parts.append(f"{label}: {value}")
    for name, (old, new) in (data.get("changes") or {}).items():
        mask = None if full else MASKED_CHANGES.get(name)
        if mask is not None:
            old, new = mask(old), mask(new)
        parts.append(f"{_field_label(name)}: {old} → {new}")
    return "; ".join(parts)
