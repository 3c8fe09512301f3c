"""Demo registry (重点人群台账): ~40 vulnerable persons of the member orgs, each with a guardian and a
backup volunteer and a check-in plan; some checked in today, some overdue, a few medications running out."""

import random
from datetime import datetime, timedelta
from typing import Any

from django.db.models import F

from heli.demo.network import Network
from heli.demo.texts import GIVEN, SURNAMES
from heli.demo.volunteers import CENTRES
from orgs.models import Organisation
from people.models import INTERVAL, CheckInPlan, Person
from people.models.care import GRACE
from people.services import MedicationInput, checkin_record, guardian_assign, medication_set, person_register
from people.validation import HouseholdInput, PersonInput

# Orgs that keep a registry, and how many persons each: the ones that do care work.
KEEPERS = (("yanta", 10), ("beilin", 6), ("lianhu", 5), ("changle", 6), ("fangzhi", 5), ("bingyou", 5),
           ("changan", 3))
PROFILES: tuple[tuple[str, ...], ...] = (
    ("elderly_80", "living_alone"), ("elderly_80", "chronic_illness"), ("disabled",),
    ("left_behind_child",), ("dialysis", "chronic_illness"), ("living_alone", "mental_illness"),
    ("pregnant",), ("de_facto_orphan",), ("elderly_80", "living_alone", "disabled"), ("rare_disease",),
)
STREETS = ("幸福路", "友谊东路", "丈八北路", "含光路", "纺织城正街", "长乐中路", "凤城五路", "韦曲南街")
# item, kind, unit, daily use, days on hand (small = runs out within the lead time), cold chain
MEDICINES = (
    ("胰岛素笔芯", "insulin", "支", "1", 2, True),
    ("硝苯地平缓释片", "drug", "片", "2", 14, False),
    ("腹膜透析液", "dialysis", "袋", "4", 3, False),
    ("二甲双胍片", "drug", "片", "3", 5, False),
    ("医用氧气瓶", "oxygen", "瓶", "1", 1, False),
)


def build_registry(rng: random.Random, net: Network, now: datetime) -> dict[str, int]:
    persons: list[tuple[Person, Any]] = []
    n = 0
    for key, count in KEEPERS:
        org = net.members[key]
        coord = net.coords[org.pk]
        carers = net.volunteers[org.pk]
        for j in range(count):
            person = person_register(actor=coord, org=org, data=_input(rng, org, n), incident=net.incident)
            # The demo login guards the first few of its org's persons, so 今日探访 is not empty for them.
            guardian = carers[0] if key == "yanta" and j < 4 else carers[j % len(carers)]
            backup = carers[(j + 1) % len(carers)]
            guardian_assign(actor=coord, person=person, guardian=guardian,
                            backup=backup if backup.pk != guardian.pk else None)
            persons.append((person, guardian))
            n += 1
    medicated = _medications(rng, net, persons)
    _checkins(persons, now)
    return {"vulnerable persons": len(persons), "medications": medicated}


def _input(rng: random.Random, org: Organisation, n: int) -> PersonInput:
    counties = [c for c in org.service_areas.values_list("code", flat=True) if c in CENTRES]
    county = rng.choice(counties or sorted(CENTRES))
    lat, lon = CENTRES[county]
    vulns = list(PROFILES[n % len(PROFILES)])
    household = []
    if "left_behind_child" in vulns or "disabled" in vulns:
        relation = "grandparent" if "left_behind_child" in vulns else "spouse"
        household = [HouseholdInput(name=rng.choice(SURNAMES) + rng.choice(GIVEN), relation=relation,
                                    phone=f"1390000{500 + n:04d}", is_carer=True)]
    return PersonInput(
        name=rng.choice(SURNAMES) + rng.choice(GIVEN), phone=f"1390000{200 + n:04d}", division_code=county,
        address_detail=f"{rng.choice(STREETS)}{rng.randint(1, 300)}号 {rng.randint(1, 20)}栋(演示)",
        lat=round(lat + rng.uniform(-0.02, 0.02), 5), lon=round(lon + rng.uniform(-0.02, 0.02), 5),
        vulnerabilities=vulns, has_carer=bool(household), household=household,
        consent_scope="network" if n % 3 == 0 else "own_org",
        consent_purposes=["care", "supplies", "medical"] if n % 3 == 0 else [],
    )


def _medications(rng: random.Random, net: Network, persons: list[tuple[Person, Any]]) -> int:
    """Chronic patients get one medicine each; a few have only days left (the runway page shows them)."""
    patients = [p for p, _ in persons
                if {"chronic_illness", "dialysis", "rare_disease", "elderly_80"} & set(p.vulnerabilities)]
    for i, person in enumerate(patients[:12]):
        item, kind, unit, daily, days, cold = MEDICINES[i % len(MEDICINES)]
        if "dialysis" in person.vulnerabilities:
            item, kind, unit, daily, days, cold = MEDICINES[2]
        if i >= len(MEDICINES):
            days += 10  # only the first round runs short
        medication_set(actor=net.coords[person.org_id], person=person, data=MedicationInput(
            item=item, kind=kind, unit=unit, daily_use=daily, on_hand=str(int(daily) * days),
            cold_chain=cold, source="hospital" if kind == "dialysis" else "pharmacy"))
    return min(len(patients), 12)


def _checkins(persons: list[tuple[Person, Any]], now: datetime) -> None:
    """Two in three were called today; the rest were registered earlier and nobody has called since.

    The services stamp the present moment, so a plan that fell due in the past is moved back here,
    as the request timeline is (`timeline.backdate`).
    """
    overdue = []
    for i, (person, guardian) in enumerate(persons):
        if i % 3 == 2:
            overdue.append(person.pk)
            continue
        outcome = "not_reachable" if i % 11 == 4 else "fine"
        checkin_record(actor=guardian, person=person, outcome=outcome,
                       note="电话联系,老人说菜还够吃两天" if outcome == "fine" else "两次未接")
    for plan in CheckInPlan.objects.filter(person_id__in=overdue):
        late = INTERVAL[plan.cadence] + GRACE[plan.cadence] + timedelta(hours=2)
        CheckInPlan.objects.filter(pk=plan.pk).update(
            next_due_at=F("next_due_at") - late, escalate_at=F("escalate_at") - late)
    Person.objects.filter(pk__in=overdue).update(created_at=now - timedelta(days=3))
