"""Help requests as JSON dicts, masked unless the caller revealed them (an audited act).

Plain functions rather than a ModelSerializer: the list renders 50 rows and create renders one at
1,000 requests/s, and the masking rule reads better in one place. `HelpRequestSerializer` in
`serializers.py` documents the same shape for the OpenAPI schema; a test keeps the two in step.
"""

from typing import Any

from cases.models import HelpRequest, NeedLine
from cases.presenters import FREE_TEXT, MASKED_CHANGES, redact_phones
from core.models import Event
from heli.lib.phones import mask_name, mask_phone


def _coord(value: float | None, masked: bool) -> float | None:
    # About 1 km: enough to plan a route to the district, not to find the door.
    return round(value, 2) if masked and value is not None else value


def need_json(line: NeedLine) -> dict[str, Any]:
    return {"id": line.pk, "category": line.category, "item": line.item, "qty_requested": line.qty_requested,
            "qty_delivered": line.qty_delivered, "unit": line.unit}


def row_json(hr: HelpRequest, *, reveal: bool = False) -> dict[str, Any]:
    """One request as the list shows it; `needs` comes from the prefetch cache when there is one."""
    masked = not reveal
    prefix = hr.incident.code_prefix
    return {
        "code": f"{prefix}-{hr.pk:06d}",
        "incident": hr.incident_id,
        "status": hr.status,
        "channel": hr.channel,
        "urgency": hr.urgency,
        "people_count": hr.people_count,
        "groups": hr.groups,
        "requester_name": mask_name(hr.requester_name) if masked else hr.requester_name,
        "requester_phone": mask_phone(hr.requester_phone) if masked else hr.requester_phone,
        "for_other": hr.for_other,
        "beneficiary_name": mask_name(hr.beneficiary_name) if masked else hr.beneficiary_name,
        "beneficiary_phone": mask_phone(hr.beneficiary_phone) if masked else hr.beneficiary_phone,
        "province_code": hr.province_code,
        "city_code": hr.city_code,
        "county_code": hr.county_code,
        "township_code": hr.township_code,
        "address_detail": "***" if masked and hr.address_detail else hr.address_detail,
        "lat": _coord(hr.lat, masked),
        "lon": _coord(hr.lon, masked),
        "description": redact_phones(hr.description) if masked else hr.description,
        "consent_share": hr.consent_share,
        "needs": [need_json(line) for line in hr.needs.all()],
        "claimed_by": {"id": hr.claimed_by_id, "name": hr.claimed_by.name} if hr.claimed_by_id else None,
        "assigned_to": hr.assigned_to_id,
        "close_reason": hr.close_reason,
        # A duplicate is always in the same incident (the close service checks), so no join is needed.
        "duplicate_of": f"{prefix}-{hr.duplicate_of_id:06d}" if hr.duplicate_of_id else None,
        "created_at": hr.created_at,
        "claim_due_at": hr.claim_due_at,
        "resolve_due_at": hr.resolve_due_at,
        "next_due_at": hr.next_due_at,
        "overdue": hr.is_overdue(),
        "masked": masked,
    }


def detail_json(hr: HelpRequest, *, reveal: bool = False, attempts: int | None = None,
                timeline: bool = False) -> dict[str, Any]:
    """The list row plus what one request's page needs; `attempts` may be passed when already known."""
    data = row_json(hr, reveal=reveal)
    data.update({
        # The message as received names the person and the door, not only the phone: hidden unless
        # revealed, as on the request page.
        "raw_text": hr.raw_text if reveal else "***" if hr.raw_text else "",
        "attempts": hr.attempts.count() if attempts is None else attempts,
        "no_answer_count": hr.no_answer_count,
        "held_from": hr.held_from,
        "updated_at": hr.updated_at,
        "verified_at": hr.verified_at,
        "claimed_at": hr.claimed_at,
        "delivered_at": hr.delivered_at,
        "closed_at": hr.closed_at,
        "version": hr.version,
    })
    if timeline:
        data["timeline"] = timeline_json(hr, reveal=reveal)
    return data


def timeline_json(hr: HelpRequest, *, reveal: bool) -> list[dict[str, Any]]:
    events = Event.objects.filter(subject_type="helprequest", subject_id=hr.pk).select_related("actor")
    return [
        {"at": e.created, "kind": e.kind, "actor": e.actor.username if e.actor else None,
         "data": e.data if reveal else _mask_event_data(e.data)}
        for e in events.order_by("created", "pk")
    ]


def _mask_event_data(data: dict[str, Any]) -> dict[str, Any]:
    data = {k: redact_phones(v) if k in FREE_TEXT and isinstance(v, str) else v for k, v in data.items()}
    changes = data.get("changes")
    if not isinstance(changes, dict):
        return data
    masked = {
        name: [MASKED_CHANGES[name](v) for v in values] if name in MASKED_CHANGES else values
        for name, values in changes.items()
    }
    return {**data, "changes": masked}

