"""What a user is shown of a request: masked unless they may and chose to see it in clear."""

from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from cases.models import HelpRequest
from core.models import Event
from geo.divisions import path_names
from heli.lib.phones import mask_name, mask_phone


@dataclass
class Shown:
    requester_name: str
    requester_phone: str
    beneficiary_name: str
    beneficiary_phone: str
    address: str
    place: str


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
        )
    # The district stays visible: it is what a member org needs to decide whether to claim.
    return Shown(
        mask_name(hr.requester_name),
        mask_phone(hr.requester_phone),
        mask_name(hr.beneficiary_name),
        mask_phone(hr.beneficiary_phone),
        "***" if hr.address_detail else "",
        path_names(hr.county_code) if hr.county_code else "",
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
    text = f"{days}天{hours}小时" if days else f"{hours}小时{minutes}分" if hours else f"{minutes}分"
    if overdue:
        return f"已超时 {text}", "overdue"
    return f"剩余 {text}", "due-soon" if seconds < 3600 else ""


KIND_LABELS = {
    "created": "登记",
    "bulk_created": "批量导入",
    "verified": "核实",
    "reverified": "再次核实",
    "verify_attempt": "核实未果",
    "updated": "修改信息",
    "claimed": "认领",
    "assigned_org": "枢纽指派机构",
    "released": "退回",
    "transfer_requested": "发起转介",
    "transfer_accepted": "接受转介",
    "transfer_rejected": "拒绝转介",
    "assigned": "派单",
    "started": "开始处理",
    "delivered": "送达",
    "followup_unreachable": "回访未联系上",
    "reopened": "重新打开",
    "held": "暂缓",
    "resumed": "恢复",
    "closed": "结案",
    "contact_revealed": "查看完整联系方式",
    "deadline_breached": "超过时限",
}


def timeline(hr: HelpRequest) -> list[dict[str, Any]]:
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
                "actor": (actor.get_full_name() or actor.username) if actor else "系统",
                "summary": describe(e.data),
            }
        )
    return rows


_DATA_LABELS = {
    "reason": "原因",
    "note": "备注",
    "org": "机构",
    "volunteer": "志愿者",
    "to": "转给",
    "from": "来自",
    "outcome": "结果",
    "duplicate_of": "原求助",
    "count": "数量",
    "due": "时限",
}


def _label(value: Any) -> Any:
    """Show a stored choice value (e.g. 'no_answer') by its label (无人接听)."""
    from cases.models import FollowUp, VerificationAttempt

    for choices in (VerificationAttempt.Outcome, HelpRequest.CloseReason, FollowUp.Outcome):
        if value in choices.values:
            return choices(value).label
    return value


def describe(data: dict[str, Any]) -> str:
    """One line for the timeline: status change first, then the facts that explain it."""
    parts = []
    if "old" in data and "new" in data:
        parts.append(f"{HelpRequest.Status(data['old']).label} → {HelpRequest.Status(data['new']).label}")
    for key, label in _DATA_LABELS.items():
        if data.get(key):
            parts.append(f"{label}:{_label(data[key])}")
    for name, (old, new) in (data.get("changes") or {}).items():
        parts.append(f"{name}:{old} → {new}")
    return ";".join(parts)
