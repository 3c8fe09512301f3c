"""Creating requests (form, hotline, API, bulk) and correcting their fields."""

import hashlib
import json
from dataclasses import dataclass, field, fields
from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import HelpRequest, IdempotencyKey, NeedLine
from cases.services._base import OPEN, S, next_due
from core.choices import NeedCategory, VulnerableGroup
from core.errors import DomainError
from core.services import event_record
from geo.divisions import names as division_names
from heli.lib import sql
from heli.lib.phones import normalise_phone
from heli.lib.text import normalise_address
from orgs.models import Incident, Organisation

MAX_TEXT = 5000
# A need line's quantity (and one delivery of it): far above any household's need, and far below
# the 32-bit column PostgreSQL gives a PositiveIntegerField, which a typo's extra zeros overflowed.
MAX_QTY = 1_000_000
# Need lines per request: the form offers ten; thousands sent through the API made the request's
# page (one delivery field per line) megabytes long.
MAX_NEEDS = 50
# TextChoices.values is rebuilt on every access; bulk intake checks these per row.
CHANNELS = frozenset(HelpRequest.Channel.values)
NEED_CATEGORIES = frozenset(NeedCategory.values)
GROUPS = frozenset(VulnerableGroup.values)


class InvalidInput(DomainError):
    """Field errors, keyed by field name, all reported at once."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__("; ".join(f"{k}: {' '.join(v)}" for k, v in errors.items()))
        self.errors = errors


@dataclass
class NeedInput:
    category: str
    item: str = ""
    qty_requested: int | None = None
    unit: str = ""


@dataclass
class RequestInput:
    channel: str
    requester_name: str
    requester_phone: str
    division_code: str = ""
    address_detail: str = ""
    people_count: int = 1
    urgency: int = 3
    description: str = ""
    raw_text: str = ""
    for_other: bool = False
    beneficiary_name: str = ""
    beneficiary_phone: str = ""
    groups: list[str] = field(default_factory=list)
    consent_share: bool = False
    lat: float | None = None
    lon: float | None = None
    needs: list[NeedInput] = field(default_factory=list)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "RequestInput":
        known = {f.name for f in fields(cls)}
        kwargs = {k: v for k, v in data.items() if k in known and k != "needs"}
        needs = [n if isinstance(n, NeedInput) else NeedInput(**n) for n in data.get("needs") or []]
        return cls(**kwargs, needs=needs)


def need_errors(needs: list[NeedInput], name: str = "needs") -> dict[str, list[str]]:
    """Field errors of need lines, keyed `needs[0].qty_requested`; empty when all are good."""
    errors: dict[str, list[str]] = {}
    if len(needs) > MAX_NEEDS:
        return {name: [_("最多 {n} 条需求明细。").format(n=MAX_NEEDS)]}
    for i, need in enumerate(needs):
        if "\x00" in (need.item or "") or "\x00" in (need.unit or ""):
            errors.setdefault(f"{name}[{i}].item", []).append(_("含有无效字符(NUL)。"))
    for i, need in enumerate(needs):
        if need.category not in NEED_CATEGORIES:
            errors.setdefault(f"{name}[{i}].category", []).append(_("未知的需求类别。"))
        qty = need.qty_requested
        if qty is not None and (not isinstance(qty, int) or isinstance(qty, bool) or not 1 <= qty <= MAX_QTY):
            errors.setdefault(f"{name}[{i}].qty_requested", []).append(
                _("数量须为 1 到 {n} 之间的整数。").format(n=MAX_QTY)
            )
        if len(need.item or "") > 100 or len(need.unit or "") > 12:
            errors.setdefault(f"{name}[{i}].item", []).append(_("物品名称或单位过长。"))
    return errors


def _check(data: RequestInput) -> dict[str, Any]:
    """Validate and normalise; raise InvalidInput with every field error found."""
    errors: dict[str, list[str]] = {}

    def bad(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    for key in ("requester_name", "requester_phone", "beneficiary_name", "beneficiary_phone",
                "address_detail", "description", "raw_text", "division_code"):
        if "\x00" in (getattr(data, key) or ""):
            # PostgreSQL cannot store NUL; it arrives with binary pasted into a form or a file.
            bad(key, _("含有无效字符(NUL)。"))
    if data.channel not in CHANNELS:
        bad("channel", _("未知的来源渠道。"))
    name = (data.requester_name or "").strip()
    if not name:
        bad("requester_name", _("请填写求助人称呼。"))
    elif len(name) > 60:
        bad("requester_name", _("称呼最多 60 个字。"))
    phone = normalise_phone(data.requester_phone or "")
    if phone is None:
        bad("requester_phone", _("电话号码无效,请填写 11 位手机号或带区号的固定电话。"))
    beneficiary_phone = ""
    if data.beneficiary_phone:
        beneficiary_phone = normalise_phone(data.beneficiary_phone) or ""
        if not beneficiary_phone:
            bad("beneficiary_phone", _("受助人电话号码无效。"))
    if data.for_other and not (data.beneficiary_name or "").strip():
        bad("beneficiary_name", _("代他人求助时请填写受助人。"))
    elif len((data.beneficiary_name or "").strip()) > 60:
        bad("beneficiary_name", _("受助人最多 60 个字。"))
    code = (data.division_code or "").strip()
    if code and (code not in division_names() or len(code) < 6):
        bad("division_code", _("未知的区县/街道代码。"))
    if (
        not isinstance(data.people_count, int)
        or isinstance(data.people_count, bool)
        or not (1 <= data.people_count <= 100_000)
    ):
        bad("people_count", _("人数须为 1 到 100000 之间的整数。"))
    if data.urgency not in (1, 2, 3, 4):
        bad("urgency", _("紧急程度须为 1 到 4。"))
    for key in ("description", "raw_text"):
        if len(getattr(data, key) or "") > MAX_TEXT:
            bad(key, _("内容过长(最多 {n} 字)。").format(n=MAX_TEXT))
    if len(data.address_detail or "") > 200:
        bad("address_detail", _("详细地址最多 200 字。"))
    unknown_groups = [g for g in data.groups if g not in GROUPS]
    if unknown_groups:
        bad("groups", _("未知的特殊群体:{groups}。").format(groups=", ".join(map(str, unknown_groups))))
    for key, messages in need_errors(data.needs).items():
        errors.setdefault(key, []).extend(messages)
    for key, lo, hi in (("lat", -90, 90), ("lon", -180, 180)):
        value = getattr(data, key)
        if value is not None and not (isinstance(value, int | float) and lo <= value <= hi):
            bad(key, _("坐标超出范围。"))
    if errors:
        raise InvalidInput(errors)
    return {
        "channel": data.channel,
        "requester_name": name,
        "requester_phone": phone,
        "for_other": data.for_other,
        "beneficiary_name": (data.beneficiary_name or "").strip(),
        "beneficiary_phone": beneficiary_phone,
        "province_code": code[:2],
        "city_code": code[:4],
        "county_code": code[:6],
        "township_code": code[:9] if len(code) == 9 else "",
        "address_detail": (data.address_detail or "").strip(),
        "address_key": f"{code[:6]}:{normalise_address(data.address_detail)}" if data.address_detail else "",
        "people_count": data.people_count,
        "urgency": data.urgency,
        "groups": sorted(set(data.groups)),
        "description": data.description or "",
        "raw_text": data.raw_text or "",
        "consent_share": bool(data.consent_share),
        "lat": data.lat,
        "lon": data.lon,
    }


def _build(
    incident: Incident, clean: dict[str, Any], actor: Any, org: Organisation | None, now: datetime
) -> HelpRequest:
    claim, resolve = incident.deadlines(clean["urgency"])
    hr = HelpRequest(
        incident=incident,
        created_by=actor if actor and actor.is_authenticated else None,
        created_by_org=org,
        created_at=now,
        updated_at=now,
        claim_due_at=now + claim,
        resolve_due_at=now + resolve,
        **clean,
    )
    hr.next_due_at = next_due(S.NEW, hr)
    return hr


@transaction.atomic
def help_request_create(
    *,
    actor: Any,
    incident: Incident,
    data: RequestInput,
    org: Organisation | None = None,
    idempotency_key: str | None = None,
) -> tuple[HelpRequest, bool]:
    """Create one request; returns (request, created). A repeated idempotency key returns the first one."""
    clean = _check(data)
    if incident.status != Incident.Status.ACTIVE:
        raise DomainError(_("该事件已结束,不再接收新求助。"))
    fingerprint = _fingerprint(incident, clean, data.needs) if idempotency_key else ""
    if idempotency_key:
        existing = _idempotent_hit(actor, idempotency_key, fingerprint)
        if existing:
            return existing, False
    now = timezone.now()
    hr = _build(incident, clean, actor, org, now)
    # Prepared inserts (heli.lib.sql): the ORM's per-statement compile was most of a create's CPU.
    sql.insert([hr])
    if idempotency_key and not sql.insert(
        [IdempotencyKey(user=actor, key=idempotency_key, help_request=hr, created=now,
                        fingerprint=fingerprint)],
        ignore_conflicts=True,
    ):
        # A concurrent retry with the same key committed first; undo ours and hand back theirs.
        first = _idempotent_hit(actor, idempotency_key, fingerprint)
        transaction.set_rollback(True)
        return first, False
    lines = [NeedLine(help_request=hr, **vars(n)) for n in data.needs]
    sql.insert(lines)
    cached = NeedLine.objects.filter(help_request=hr)
    cached._result_cache, cached._prefetch_done = lines, True  # as prefetch_related leaves it
    hr._prefetched_objects_cache = {"needs": cached}  # the caller renders them; no need to read them back
    event_record(
        actor=actor,
        kind="created",
        subject=hr,
        incident_id=incident.pk,
        org_id=org.pk if org else None,
        data={"channel": hr.channel, "urgency": hr.urgency},
        at=now,
    )
    return hr, True


def _fingerprint(incident: Incident, clean: dict[str, Any], needs: list[NeedInput]) -> str:
    """The validated request, so spacing in a phone number or a key order does not count as a change."""
    body = [incident.pk, clean, [vars(n) for n in needs]]
    return hashlib.sha256(json.dumps(body, sort_keys=True, default=str).encode()).hexdigest()


def _idempotent_hit(actor: Any, key: str, fingerprint: str) -> HelpRequest | None:
    """The request this user's key created, if any; refused if that was a different request."""
    table = IdempotencyKey._meta.db_table
    where = f"t0.id = (SELECT help_request_id FROM {table} WHERE user_id = %s AND key = %s)"
    hr = sql.fetch_one(HelpRequest, where, [actor.pk, key], related=("incident",))
    if hr is None:
        return None
    first = IdempotencyKey.objects.filter(user=actor, key=key).values_list("fingerprint", flat=True).first()
    if first and first != fingerprint:
        # Returning the first request would tell the client its new one was saved when it was not.
        message = _("这个 Idempotency-Key 已用于另一条内容不同的求助;新的求助请使用新的键。")
        raise DomainError(message, field="Idempotency-Key")
    return hr


def help_request_bulk_create(
    *,
    actor: Any,
    incident: Incident,
    rows: list[RequestInput],
    org: Organisation | None = None,
) -> tuple[list[HelpRequest], dict[int, dict[str, list[str]]]]:
    """`help_request_bulk_insert` for callers that want the model instances back (small batches)."""
    from cases.services.bulk import help_request_bulk_insert

    ids, errors = help_request_bulk_insert(actor=actor, incident=incident, rows=rows, org=org)
    created = list(HelpRequest.objects.filter(pk__in=ids).select_related("incident").order_by("pk"))
    return created, errors


CORRECTABLE = [
    "requester_name",
    "requester_phone",
    "for_other",
    "beneficiary_name",
    "beneficiary_phone",
    "division_code",
    "address_detail",
    "people_count",
    "urgency",
    "description",
    "groups",
    "consent_share",
    "lat",
    "lon",
]


def current_input(hr: HelpRequest) -> RequestInput:
    return RequestInput(
        channel=hr.channel,
        requester_name=hr.requester_name,
        requester_phone=hr.requester_phone,
        division_code=hr.township_code or hr.county_code,
        address_detail=hr.address_detail,
        people_count=hr.people_count,
        urgency=hr.urgency,
        description=hr.description,
        raw_text=hr.raw_text,
        for_other=hr.for_other,
        beneficiary_name=hr.beneficiary_name,
        beneficiary_phone=hr.beneficiary_phone,
        groups=list(hr.groups),
        consent_share=hr.consent_share,
        lat=hr.lat,
        lon=hr.lon,
    )


def apply_corrections(hr: HelpRequest, changes: dict[str, Any]) -> dict[str, list[Any]]:
    """Validate `changes` on top of the current values and write them; return {field: [old, new]}.

    Must run inside the caller's transaction; compare-and-set on `version`.
    """
    data = current_input(hr)
    for key, value in changes.items():
        if key in CORRECTABLE:
            setattr(data, key, value)
    clean = _check(data)
    diff = {k: [getattr(hr, k), v] for k, v in clean.items() if getattr(hr, k) != v}
    if not diff:
        return {}
    update = {k: v for k, (_, v) in diff.items()}
    if "urgency" in diff:
        incident = hr.incident
        claim, resolve = incident.deadlines(clean["urgency"])
        update["claim_due_at"] = hr.created_at + claim
        update["resolve_due_at"] = hr.created_at + resolve
        for key in ("claim_due_at", "resolve_due_at"):
            setattr(hr, key, update[key])
        update["next_due_at"] = next_due(hr.status, hr)
    rows = HelpRequest.objects.filter(pk=hr.pk, version=hr.version).update(
        version=F("version") + 1, updated_at=timezone.now(), **update
    )
    if rows != 1:
        from cases.services._base import stale_error

        raise stale_error(hr)
    for key, value in update.items():
        setattr(hr, key, value)
    hr.version += 1
    return {k: [_jsonable(o), _jsonable(n)] for k, (o, n) in diff.items() if k != "address_key"}


def _jsonable(value: Any) -> Any:
    return value if isinstance(value, str | int | float | bool | list | type(None)) else str(value)


@transaction.atomic
def help_request_update(
    *, actor: Any, help_request: HelpRequest, changes: dict[str, Any], reason: str = ""
) -> HelpRequest:
    """Correct fields (e.g. urgency at triage); deadlines follow a new urgency level."""
    if help_request.status == S.CLOSED:
        raise DomainError(_("已结案的求助不能修改,请先重新打开。"))
    diff = apply_corrections(help_request, changes)
    if diff:
        event_record(
            actor=actor,
            kind="updated",
            subject=help_request,
            incident_id=help_request.incident_id,
            org_id=help_request.claimed_by_id,
            data={"changes": diff, "reason": reason},
        )
    return help_request


def find_possible_duplicates(
    *, incident: Incident, phones: list[str], address_key: str = "", exclude_pk: int | None = None
) -> list[HelpRequest]:
    """Open requests in the incident with one of these phones or the same place."""
    cond = Q()
    for phone in {p for p in phones if p}:
        cond |= Q(requester_phone=phone) | Q(beneficiary_phone=phone)
    if address_key and not address_key.endswith(":"):
        cond |= Q(address_key=address_key)
    if not cond:
        return []
    qs = HelpRequest.objects.filter(cond, incident=incident, status__in=OPEN).select_related("incident")
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    return list(qs.order_by("created_at")[:5])
