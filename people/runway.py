"""Medication runway: open one help request when days left reach the lead time; book deliveries."""

import math
from collections import defaultdict
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db.models import F, OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from cases.models import HelpRequest
from cases.services import NeedInput, help_request_bulk_insert
from core.messages import msg
from core.models import Event
from core.services import alert_raise, event_record
from heli.lib.sql import insert_rows
from orgs.models import Incident, Organisation
from people.models import Medication, Person, PersonRequest
from people.services._base import coordinators, person_link
from people.services.linked import DONE, request_input
from people.services.medication import stock_fields

BATCH = 20_000
MED_FIELDS = ["person", "item", "kind", "unit", "daily_use", "cold_chain", "runs_out_on"]
# What request_input() reads: the rest of a Person row is not loaded for thousands of rows.
PERSON_FIELDS = [
    "org",
    "hub",
    "incident",
    "name",
    "phone",
    "county_code",
    "township_code",
    "address_detail",
    "vulnerabilities",
    "consent_scope",
    "lat",
    "lon",
]
CHUNK = 900
RUNWAY = PersonRequest.Reason.RUNWAY
REFILL_DAYS = 30  # a runway request asks for a month's supply
DIALYSIS_DAYS = 7  # sessions are booked a week ahead


def urgency_for(days_left: int) -> int:
    return 1 if days_left <= 0 else 2 if days_left <= 3 else 3


def need_for(med: Medication) -> NeedInput:
    days = DIALYSIS_DAYS if med.kind == Medication.Kind.DIALYSIS else REFILL_DAYS
    category = "medical_care" if med.kind == Medication.Kind.DIALYSIS else "medicine"
    qty = max(math.ceil(med.daily_use * days), 1)
    return NeedInput(category=category, item=med.item, qty_requested=qty, unit=med.unit)


def _describe(med: Medication, days_left: int) -> str:
    left = _("已断药") if days_left <= 0 else _("预计 {n} 天后用完").format(n=days_left)
    cold = _(",需冷链") if med.cold_chain else ""
    return _("{item}{left}(每日 {daily:g}{unit}{cold})").format(
        item=med.item, left=left, daily=med.daily_use, unit=med.unit, cold=cold
    )


def _incidents() -> tuple[dict[int, Incident], dict[int, Incident]]:
    active = list(Incident.objects.filter(status=Incident.Status.ACTIVE).order_by("started_at"))
    return {i.pk: i for i in active}, {i.hub_id: i for i in active}  # later (newer) wins per hub


def runway_requests_open(now: datetime) -> int:
    today = timezone.localdate(now)
    meds = list(
        Medication.objects.filter(
            active=True,
            pending_request__isnull=True,
            reorder_on__lte=today,
            person__status=Person.Status.ACTIVE,
        )
        .exclude(requested_for=F("runs_out_on"))
        .select_related("person")
        .only(*MED_FIELDS, *(f"person__{f}" for f in PERSON_FIELDS))
        .order_by("reorder_on")[:BATCH]
    )
    by_person: dict[int, list[Medication]] = defaultdict(list)
    for med in meds:
        by_person[med.person_id].append(med)
    by_id, by_hub = _incidents()
    groups: dict[tuple[int, int], list[list[Medication]]] = defaultdict(list)
    stranded: list[list[Medication]] = []
    for person_meds in by_person.values():
        person = person_meds[0].person
        incident = by_id.get(person.incident_id) or by_hub.get(person.hub_id)
        if incident is None:
            stranded.append(person_meds)
        else:
            groups[(incident.pk, person.org_id)].append(person_meds)
    opened = sum(_open_group(by_id[inc], org_id, rows, today, now) for (inc, org_id), rows in groups.items())
    _alert_stranded(stranded, today)
    return opened + len(stranded)


def _open_group(
    incident: Incident, org_id: int, rows: list[list[Medication]], today: Any, now: datetime
) -> int:
    inputs = []
    for person_meds in rows:
        left = min((m.runs_out_on - today).days for m in person_meds)
        text = ";".join(_describe(m, (m.runs_out_on - today).days) for m in person_meds)
        inputs.append(
            request_input(
                person_meds[0].person,
                needs=[need_for(m) for m in person_meds],
                urgency=urgency_for(left),
                description=_("断药预警:{text}").format(text=text),
            )
        )
    ids, errors = help_request_bulk_insert(
        actor=None, incident=incident, rows=inputs, org=Organisation(pk=org_id)
    )
    ok = iter(ids)
    links, failed = [], []
    for i, person_meds in enumerate(rows):
        hr_id = None if i in errors else next(ok)
        if hr_id is None:
            failed += [m.pk for m in person_meds]
            continue
        links += [
            {
                "person": m.person_id,
                "help_request": hr_id,
                "medication": m.pk,
                "reason": RUNWAY,
                "applied_qty": 0,
                "settled": False,
                "created_at": now,
            }
            for m in person_meds
        ]
    insert_rows(PersonRequest, links)
    # Two set-based updates instead of one per medication: the new link says which request is pending.
    med_ids = [link["medication"] for link in links]
    pending = PersonRequest.objects.filter(medication_id=OuterRef("pk"), reason=RUNWAY).order_by("-pk")
    for i in range(0, len(med_ids), CHUNK):
        Medication.objects.filter(pk__in=med_ids[i : i + CHUNK]).update(
            pending_request_id=Subquery(pending.values("help_request_id")[:1]), requested_for=F("runs_out_on")
        )
    for i in range(0, len(failed), CHUNK):  # a row the request form refused: do not retry every minute
        Medication.objects.filter(pk__in=failed[i : i + CHUNK]).update(requested_for=F("runs_out_on"))
    # One event for the batch, like cases' bulk intake; each person's history is their PersonRequest rows.
    event_record(
        actor=None,
        kind="runway_requests_opened",
        subject=incident,
        incident_id=incident.pk,
        org_id=org_id,
        at=now,
        data={
            "count": len(ids),
            "persons": len(rows) - len(errors),
            "failed": {str(rows[i][0].person_id): e for i, e in errors.items()},
        },
    )
    return len(ids)


def _alert_stranded(stranded: list[list[Medication]], today: Any) -> None:
    """No active incident to file a request in: tell the owning org's coordinators, once per stock level."""
    coords = coordinators({meds[0].person.org_id for meds in stranded})
    for meds in stranded:
        person = meds[0].person
        alert_raise(
            users=coords.get(person.org_id, []),
            key=f"runway:{person.pk}:{meds[0].runs_out_on}",
            message=msg(gettext_noop("断药预警:{name}** 的 {item} 即将用完(无进行中事件,未生成求助)"),
                        name=person.name[:1], item=meds[0].item),
            link=person_link(person.pk),
        )
        for med in meds:
            Medication.objects.filter(pk=med.pk).update(requested_for=med.runs_out_on)


def deliveries_apply(now: datetime) -> int:
    """Add what was delivered on a linked request to the stock on hand, once per unit delivered."""
    links = list(
        PersonRequest.objects.filter(settled=False, medication__isnull=False, help_request__status__in=DONE)
        .select_related("medication__person", "help_request")
        .prefetch_related("help_request__needs")[:BATCH]
    )
    events = []
    for link in links:
        med, hr = link.medication, link.help_request
        delivered = Decimal(sum(n.qty_delivered for n in hr.needs.all() if n.item == med.item))
        delta = delivered - link.applied_qty
        fields: dict[str, Any] = {}
        if delta > 0:
            fields = stock_fields(med.estimate_on_hand(now) + delta, med.daily_use, med.lead_time_days, now)
            events.append(
                Event(
                    kind="medication_delivered",
                    subject_type="person",
                    subject_id=med.person_id,
                    incident_id=hr.incident_id,
                    org_id=med.person.org_id,
                    created=now,
                    data={"item": med.item, "qty": str(delta), "request": hr.pk},
                )
            )
        if med.pending_request_id == hr.pk:
            fields["pending_request"] = None
        if fields:
            Medication.objects.filter(pk=med.pk).update(version=F("version") + 1, **fields)
        PersonRequest.objects.filter(pk=link.pk).update(
            applied_qty=delivered, settled=hr.status == HelpRequest.Status.CLOSED
        )
    Event.objects.bulk_create(events)
    return len(events)
