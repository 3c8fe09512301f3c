"""The child-process phases of `heli bench registry` (see people/bench.py). Synthetic data only."""

import random
import statistics
import time
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.test import Client
from django.utils import timezone

from core.tick import run_ticks
from geo.divisions import names
from heli.lib.sql import insert_rows
from orgs.models import Incident, Membership, Organisation
from people.models import (
    INTERVAL,
    Cadence,
    CheckIn,
    CheckInDay,
    CheckInPlan,
    Guardianship,
    Medication,
    Person,
    Vulnerability,
)
from people.models.care import GRACE
from people.models.choices import vuln_mask
from people.validation import default_cadence

BATCH = 5000
WARDS_PER_GUARDIAN = 20
ITEMS = [
    ("胰岛素笔芯", "insulin", "支", "0.34"),
    ("二甲双胍", "drug", "片", "2"),
    ("血液透析", "dialysis", "次", "0.43"),
    ("家用制氧", "oxygen", "瓶", "1"),
    ("苯丙酮尿症特殊奶粉", "other", "罐", "0.25"),
    ("硝苯地平", "drug", "片", "1"),
]


def _network(persons: int) -> tuple[Organisation, list[Organisation], Incident, list[Any]]:
    hub = Organisation.objects.create(name="基准枢纽", kind="hub", verified=True)
    orgs = Organisation.objects.bulk_create(
        [Organisation(name=f"基准成员机构{i}", kind="social_work", parent=hub) for i in range(20)]
    )
    incident = Incident.objects.create(
        name="基准封控",
        code_prefix="BP",
        kind="lockdown",
        hub=hub,
        started_at=timezone.now() - timedelta(days=20),
    )
    User = get_user_model()
    coord = User.objects.create_user(username="bench_hub", password="x")
    Membership.objects.create(user=coord, org=hub, role="coordinator")
    User.objects.bulk_create([User(username=f"bench_coord{i}", email=f"c{i}@example.org") for i in range(20)])
    count = max(persons // WARDS_PER_GUARDIAN, 2)
    User.objects.bulk_create(
        [User(username=f"bench_vol{i}", email=f"v{i}@example.org") for i in range(count)], batch_size=BATCH
    )
    coords = {u.username: u for u in User.objects.filter(username__startswith="bench_coord")}
    Membership.objects.bulk_create(
        [Membership(user=coords[f"bench_coord{i}"], org=o, role="coordinator") for i, o in enumerate(orgs)]
    )
    vols = list(User.objects.filter(username__startswith="bench_vol").order_by("pk"))
    Membership.objects.bulk_create(
        [Membership(user=v, org=orgs[i % 20], role="volunteer") for i, v in enumerate(vols)], batch_size=BATCH
    )
    return hub, orgs, incident, vols


def fill(*, persons: int) -> dict[str, Any]:
    rnd = random.Random(4)
    now = timezone.now()
    counties = sorted(c for c in names() if c.startswith("6101") and len(c) == 6)[:13]
    vulns = Vulnerability.values
    with transaction.atomic():
        hub, orgs, incident, vols = _network(persons)
        rows = []
        for i in range(persons):
            chosen = rnd.sample(vulns, rnd.choice((1, 1, 2, 3)))
            has_guardian = rnd.random() < 0.95
            guardian = vols[i // WARDS_PER_GUARDIAN % len(vols)] if has_guardian else None
            backup = (
                vols[(i // WARDS_PER_GUARDIAN + 1) % len(vols)]
                if has_guardian and rnd.random() < 0.8
                else None
            )
            rows.append(
                Person(
                    org=orgs[i % 20],
                    hub=hub,
                    incident=incident,
                    name=f"基准对象{i}",
                    phone=f"13{i:09d}",
                    county_code=rnd.choice(counties),
                    address_detail=f"{i % 500} 号楼",
                    vulnerabilities=chosen,
                    vuln_mask=vuln_mask(chosen),
                    guardian=guardian,
                    backup=backup,
                    created_at=now,
                    updated_at=now,
                )
            )
        Person.objects.bulk_create(rows, batch_size=BATCH)
        people = list(
            Person.objects.filter(hub=hub)
            .order_by("pk")
            .only("pk", "vulnerabilities", "org_id", "county_code", "guardian_id", "backup_id")
        )
        Guardianship.objects.bulk_create(
            [
                Guardianship(
                    person=p,
                    guardian_id=p.guardian_id,
                    backup_id=p.backup_id,
                    from_at=now - timedelta(days=10),
                )
                for p in people
                if p.guardian_id
            ],
            batch_size=BATCH,
        )
        plans, checkins, meds = _plans_and_history(rnd, people, now)
        CheckInPlan.objects.bulk_create(plans, batch_size=BATCH)
        for i in range(0, len(checkins), 50_000):  # the biggest table: no model instances
            insert_rows(CheckIn, checkins[i : i + 50_000])
        CheckInDay.objects.bulk_create(_days(checkins), batch_size=BATCH)
        Medication.objects.bulk_create(meds, batch_size=BATCH)
    # A live database is analysed (and on PostgreSQL vacuumed) by itself; a bulk-loaded one not yet.
    with connection.cursor() as cur:
        cur.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    return {
        "persons": len(people),
        "plans": len(plans),
        "checkins": len(checkins),
        "medications": len(meds),
        "volunteers": len(vols),
    }


def _plans_and_history(rnd: random.Random, people: list[Person], now: Any) -> tuple[list, list, list]:
    plans, checkins, meds = [], [], []
    today = timezone.localdate(now)
    for p in people:
        cadence = Cadence(default_cadence(p.vulnerabilities, False))
        interval, grace = INTERVAL[cadence], GRACE[cadence]
        roll = rnd.random()
        if roll < 0.03:  # past the grace: the backup is due an alert
            due = now - grace - (grace * rnd.random())
        elif roll < 0.04:  # past twice the grace
            due = now - 2 * grace - timedelta(hours=rnd.random() * 24)
        else:
            due = now + interval * rnd.random()
        plans.append(CheckInPlan(person=p, cadence=cadence, next_due_at=due, escalate_at=due + grace))
        at = due - interval
        while at > now - timedelta(days=7):
            if at < now and p.guardian_id:
                checkins.append(
                    {
                        "person": p.pk,
                        "org": p.org_id,
                        "county_code": p.county_code,
                        "actor": p.guardian_id,
                        "at": at,
                        "channel": "phone",
                        "outcome": "fine",
                        "note": "",
                        "due_at": at,
                        "on_time": rnd.random() < 0.95,
                    }
                )
            at -= interval
        for _ in range(rnd.choice((0, 0, 1, 1, 1, 2))):
            item, kind, unit, daily = rnd.choice(ITEMS)
            daily_use = Decimal(daily)
            counted = now - timedelta(days=rnd.randint(0, 10))
            left = rnd.randint(-1, 60)  # days from today until it runs out
            on_hand = (daily_use * ((today - timezone.localdate(counted)).days + max(left, 0))).quantize(
                Decimal("0.01")
            )
            runs_out, reorder = Medication.dates(on_hand, daily_use, counted, 3)
            meds.append(
                Medication(
                    person=p,
                    item=item,
                    kind=kind,
                    unit=unit,
                    daily_use=daily_use,
                    on_hand=on_hand,
                    last_counted_at=counted,
                    runs_out_on=runs_out,
                    reorder_on=reorder,
                    cold_chain=kind == "insulin",
                )
            )
    return plans, checkins, meds


def _days(checkins: list[dict[str, Any]]) -> list[CheckInDay]:
    days: dict[tuple[int, str, Any], list[int]] = {}
    for c in checkins:
        row = days.setdefault((c["org"], c["county_code"], timezone.localdate(c["at"])), [0, 0])
        row[0] += 1
        row[1] += int(c["on_time"])
    return [
        CheckInDay(org_id=o, county_code=c, day=d, n=n, on_time=ok) for (o, c, d), (n, ok) in days.items()
    ]


def tick() -> dict[str, Any]:
    now = timezone.now()
    started = time.perf_counter()
    first = run_ticks(now)
    tick_s = time.perf_counter() - started
    started = time.perf_counter()
    second = run_ticks(now)
    return {
        "tick_s": round(tick_s, 2),
        "again_s": round(time.perf_counter() - started, 2),
        "first": first,
        "second": second,
    }


def coverage(*, rounds: int) -> dict[str, Any]:
    client = Client()
    client.force_login(get_user_model().objects.get(username="bench_hub"))
    times = []
    for i in range(rounds + 3):
        started = time.perf_counter()
        response = client.get("/people/coverage/")
        assert response.status_code == 200, response.status_code
        if i >= 3:  # warm-up: first connection, template loading
            times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return {
        "p95_ms": round(times[int(len(times) * 0.95) - 1], 1),
        "median_ms": round(statistics.median(times), 1),
    }


PHASES = {"fill": fill, "tick": tick, "coverage": coverage}
