"""`heli bench intake` and `heli bench queue`: measured on a throwaway database, never the real one.

The orchestrating process (the `heli bench` command) creates the database, runs `heli migrate` and
gunicorn against it, and drives the load. Work that needs Django *on the throwaway database*
(setting up an operator, bulk create, filling a million rows, timing the queue page) runs in a child
process started as `python -m cases.bench PHASE JSON` with DATABASE_URL pointing at it: Django reads
its database settings once at start-up, so a fresh process is the honest way to switch.

Targets (reported, not asserted): create >= 1,000/s on PostgreSQL and >= 800/s on SQLite at 32
clients with p95 < 100 ms and no errors; bulk >= 50,000 rows/s; queue p95 < 50 ms at 10,000 rows and
< 300 ms at 1,000,000 on PostgreSQL; cold start < 2 s; server RSS < 200 MB.
"""

import contextlib
import http.client
import json
import os
import random
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import asdict
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

from heli.lib.benchdb import ROOT, child_env, throwaway_database


def server_env(url: str) -> dict[str, str]:
    return child_env(url)


def migrate(url: str) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "heli.cli", "migrate", "--noinput", "-v", "0"], cwd=ROOT,
                   env=server_env(url), check=True)
    return time.perf_counter() - started


def child(url: str, phase: str, **kwargs: Any) -> dict[str, Any]:
    """Run one phase in a process whose Django database is `url`; it prints one JSON line."""
    out = subprocess.run([sys.executable, "-m", "cases.bench", phase, json.dumps(kwargs)], cwd=ROOT,
                         env=server_env(url), check=True, stdout=subprocess.PIPE, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


# -- gunicorn ------------------------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    def __init__(self, url: str, workers: int) -> None:
        self.port = free_port()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "heli" / "gunicorn.conf.py"),
             "--bind", f"127.0.0.1:{self.port}", "--workers", str(workers), "heli.wsgi"],
            cwd=ROOT, env=server_env(url), stdout=subprocess.DEVNULL)

    def first_ok(self, path: str = "/", timeout: float = 30) -> str:
        """Poll until `path` (following redirects) answers 200; return the path that did."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("gunicorn exited during start-up")
            try:
                target = path
                for _ in range(4):
                    status, location = self.get(target)
                    if status == 200:
                        return target
                    if status not in (301, 302) or not location:
                        raise RuntimeError(f"GET {target} answered {status}")
                    parts = urlsplit(location)
                    target = parts.path + (f"?{parts.query}" if parts.query else "")
            except (ConnectionError, OSError):
                time.sleep(0.02)
        raise RuntimeError("gunicorn did not answer in time")

    def get(self, path: str) -> tuple[int, str]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            conn.request("GET", path)
            resp = conn.getresponse()
            resp.read()
            return resp.status, resp.getheader("Location", "")
        finally:
            conn.close()

    def memory_mb(self) -> tuple[float, float, float]:
        """(RSS, PSS, largest single RSS) over the master and its workers; PSS counts shared pages once."""
        pids = [self.proc.pid, *children(self.proc.pid)]
        each = [_proc_kb(pid, "status", "VmRSS:") for pid in pids]
        pss = sum(_proc_kb(pid, "smaps_rollup", "Pss:") for pid in pids)
        return sum(each) / 1024, pss / 1024, max(each, default=0) / 1024

    def cpu_seconds(self) -> float:
        """User + system CPU of the master and its workers so far (from /proc/PID/stat)."""
        total = 0
        for pid in [self.proc.pid, *children(self.proc.pid)]:
            with contextlib.suppress(OSError), open(f"/proc/{pid}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
                total += int(fields[11]) + int(fields[12])  # utime, stime
        return total / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def children(pid: int) -> list[int]:
    with contextlib.suppress(OSError), open(f"/proc/{pid}/task/{pid}/children") as fh:
        return [int(p) for p in fh.read().split()]
    return []


def _proc_kb(pid: int, name: str, key: str) -> int:
    with contextlib.suppress(OSError), open(f"/proc/{pid}/{name}") as fh:
        for line in fh:
            if line.startswith(key):
                return int(line.split()[1])
    return 0


# -- load generator ------------------------------------------------------------------------------------
def request_bodies(incident: int, n: int = 300) -> list[bytes]:
    """Varied, valid API bodies made by the demo's synthetic generator."""
    from heli.demo.fake import Faker

    faker = Faker(random.Random(7))
    bodies = []
    for _ in range(n):
        data = asdict(faker.request(faker.scenario()))
        bodies.append(json.dumps({"incident": incident, **data}, ensure_ascii=False).encode())
    return bodies


def drive(port: int, token: str, bodies: list[bytes], clients: int, seconds: float, run: str = "run"
          ) -> tuple[list[float], int, int, float]:
    """POST /api/requests/ from `clients` threads; return (latencies s, errors, requests, seconds measured).

    Threads with http.client: cheap enough to share the two cores with the server. Each request has
    its own Idempotency-Key, as a well-behaved client would send.
    """
    start = time.perf_counter()
    stop_at = start + seconds
    latencies: list[list[float]] = [[] for _ in range(clients)]
    errors = [0] * clients
    samples: list[str] = []

    def client(n: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        headers = {"Authorization": f"Token {token}", "Content-Type": "application/json"}
        i = 0
        while (t0 := time.perf_counter()) < stop_at:
            headers["Idempotency-Key"] = f"bench-{run}-{n}-{i}"
            ok = False
            try:
                conn.request("POST", "/api/requests/", bodies[(n * 7919 + i) % len(bodies)], headers)
                resp = conn.getresponse()
                body = resp.read()
                ok = resp.status == 201
                if not ok and len(samples) < 3:
                    samples.append(f"{resp.status} {body[:200]!r}")
                if resp.will_close:
                    conn.close()
            except (OSError, http.client.HTTPException) as exc:
                conn.close()
                if len(samples) < 3:
                    samples.append(repr(exc))
            latencies[n].append(time.perf_counter() - t0)
            errors[n] += not ok
            i += 1
        conn.close()

    threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for sample in samples:
        print(f"  error sample: {sample}", file=sys.stderr)
    flat = [x for per in latencies for x in per]
    return flat, sum(errors), len(flat), time.perf_counter() - start


def p95_ms(values: list[float]) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))] * 1000, 1)


def default_workers() -> int:
    return 2 * (os.cpu_count() or 1) + 1


# -- the two benches -----------------------------------------------------------------------------------
def bench_intake(*, db: str = "sqlite", seconds: float = 10, clients: int = 32, bulk_rows: int = 100_000,
                 workers: int | None = None, **_: Any) -> dict[str, Any]:
    workers = workers or default_workers()
    template_ready = _ensure_template() if db == "sqlite" else False
    with throwaway_database(db) as url:
        cold = time.perf_counter()
        migrate_s = migrate(url)
        server = Server(url, workers)
        try:
            server.first_ok("/")
            cold_start_s = time.perf_counter() - cold
            setup = child(url, "setup")
            bodies = request_bodies(setup["incident"])
            drive(server.port, setup["token"], bodies, clients, 2.0, "warm")  # reach steady state first
            cpu_before, client_before = server.cpu_seconds(), time.process_time()
            latencies, errors, count, measured = drive(server.port, setup["token"], bodies, clients, seconds)
            server_cpu, client_cpu = server.cpu_seconds() - cpu_before, time.process_time() - client_before
            rss_mb, pss_mb, process_mb = server.memory_mb()
        finally:
            server.stop()
        bulk = child(url, "bulk", incident=setup["incident"], rows=bulk_rows)
    return {
        "db": db, "create_rps": round(count / measured, 1), "create_p95_ms": p95_ms(latencies),
        "errors": errors, "bulk_rps": bulk["bulk_rps"], "server_rss_mb": round(rss_mb, 1),
        "server_pss_mb": round(pss_mb, 1), "server_max_process_rss_mb": round(process_mb, 1),
        "cold_start_s": round(cold_start_s, 2),
        "migrate_s": round(migrate_s, 2), "migrate_template_existed": template_ready,
        "clients": clients, "workers": workers, "requests": count,
        # CPU per request: comparable across runs on a shared machine, unlike requests/s.
        "server_cpu_ms_per_request": round(server_cpu / max(count, 1) * 1000, 2),
        "client_cpu_ms_per_request": round(client_cpu / max(count, 1) * 1000, 2),
        "bulk_rows": bulk_rows, "bulk_cpu_us_per_row": bulk["cpu_us_per_row"],
        "load_average": round(os.getloadavg()[0], 2),
    }


def _ensure_template() -> bool:
    """Part of installing (`make run` does it too): the migrated SQLite template that `heli migrate`
    copies into an empty database. Built here, before the cold-start clock, if it is missing;
    returns whether it was already there."""
    from core.migrate_template import template_path

    if template_path().exists():
        return True
    with throwaway_database("sqlite", name="heli_template") as url:
        migrate(url)
    return False


def bench_queue(*, db: str = "sqlite", rows: int | None = None, **_: Any) -> dict[str, Any]:
    rows = rows or 10_000
    with throwaway_database(db) as url:
        migrate(url)
        setup = child(url, "setup")
        fill = child(url, "fill", incident=setup["incident"], rows=rows)
        timed = child(url, "queue", incident=setup["incident"])
    return {"db": db, "rows": rows, "queue_p95_ms": timed["p95_ms"], "queue_median_ms": timed["median_ms"],
            "fill_s": fill["seconds"], "pages": timed["pages"], "slowest": timed["slowest"]}


# -- child phases (run inside `python -m cases.bench`) -----------------------------------------------------
def phase_setup() -> dict[str, Any]:
    """One hub with an operator holding an API token and a coordinator, five member orgs, one incident."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone
    from rest_framework.authtoken.models import Token

    from orgs.models import Incident, Membership, Organisation

    hub = Organisation.objects.create(name="压测枢纽", kind="hub", verified=True)
    orgs = [Organisation.objects.create(name=f"压测成员{i}", kind="social_work", parent=hub)
            for i in range(5)]
    incident = Incident.objects.create(name="压测事件", code_prefix="BN", kind="lockdown", hub=hub,
                                       started_at=timezone.now() - timedelta(days=10), area_id="6101")
    users = get_user_model().objects
    operator = users.create_user("bench_operator", password=None)
    coordinator = users.create_user("bench_hub", password=None)
    Membership.objects.create(user=operator, org=hub, role=Membership.Role.OPERATOR)
    Membership.objects.create(user=coordinator, org=hub, role=Membership.Role.COORDINATOR)
    token = Token.objects.create(user=operator)
    return {"incident": incident.pk, "token": token.key, "orgs": [o.pk for o in orgs]}


def phase_bulk(incident: int, rows: int, batch: int = 10_000) -> dict[str, Any]:
    """`help_request_bulk_insert` in batches, in-process; inputs are built before the clock starts."""
    from dataclasses import replace

    from django.contrib.auth import get_user_model

    from cases.services import help_request_bulk_insert
    from heli.demo.fake import Faker
    from orgs.models import Incident

    faker = Faker(random.Random(11))
    templates = [faker.request(faker.scenario()) for _ in range(500)]
    inputs = [replace(templates[i % 500], requester_phone=f"139{i:08d}") for i in range(rows)]
    incident_obj = Incident.objects.select_related("hub").get(pk=incident)
    actor = get_user_model().objects.get(username="bench_operator")
    started, cpu = time.perf_counter(), time.process_time()
    created = 0
    for i in range(0, rows, batch):
        done, errors = help_request_bulk_insert(actor=actor, incident=incident_obj, rows=inputs[i:i + batch],
                                                org=incident_obj.hub)
        assert not errors, errors
        created += len(done)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    return {"bulk_rps": round(created / seconds, 1), "seconds": round(seconds, 2),
            "cpu_us_per_row": round(cpu / max(created, 1) * 1e6, 1)}


FILL_STATUS = (("new", 15), ("verified", 15), ("claimed", 14), ("in_progress", 14), ("delivered", 10),
               ("closed", 27), ("on_hold", 5))
FILL_NEEDS = ("food", "medicine", "care", "water", "supplies", "transport", "psychological", "medical_care")


def _fill_templates(incident: int, orgs: list[int], hub: int, n: int) -> list[dict[str, Any]]:
    """`n` distinct, consistent rows (status, deadlines, claim) that the fill cycles through."""
    from django.utils import timezone

    from cases.services._base import next_due
    from heli.demo.fake import COUNTIES
    from orgs.models import DEFAULT_POLICY

    rng, now = random.Random(5), timezone.now()
    statuses = [s for s, w in FILL_STATUS for _ in range(w)]
    rows = []
    for _ in range(n):
        status, urgency = rng.choice(statuses), rng.choice((1, 2, 2, 3, 3, 3, 4))
        county = rng.choice(COUNTIES)[0]
        created = now - timedelta(hours=rng.uniform(0, 240))
        claim, resolve = (timedelta(minutes=m) for m in DEFAULT_POLICY[urgency])
        address = f"压测小区{rng.randint(1, 300)}号楼{rng.randint(1, 6)}单元"
        row = {
            "incident_id": incident, "channel": rng.choice(("hotline", "wechat", "web_form")),
            "requester_name": "张先生", "requester_phone": f"13{rng.randint(0, 10**9 - 1):09d}",
            "province_code": "61", "city_code": "6101", "county_code": county, "address_detail": address,
            "address_key": f"{county}:{address}", "people_count": rng.randint(1, 6), "urgency": urgency,
            "groups": rng.choice(([], ["elderly"], ["elderly", "living_alone"], ["child"])),
            "description": "家中断粮,需要米面和蔬菜。" * rng.randint(1, 3), "consent_share": True,
            "status": status, "created_by_org_id": hub, "created_at": created, "updated_at": created,
            "claim_due_at": created + claim, "resolve_due_at": created + resolve, "version": 1,
            "no_answer_count": rng.choice((0, 0, 0, 1, 3)) if status == "new" else 0,
        }
        if status not in ("new", "on_hold"):
            row["verified_at"] = created + timedelta(minutes=30)
        if status in ("claimed", "in_progress", "delivered", "closed"):
            row["claimed_by_id"], row["claimed_at"] = rng.choice(orgs), created + timedelta(hours=1)
        if status == "closed":
            row["close_reason"], row["closed_at"] = "fulfilled", created + timedelta(hours=30)
        if status == "on_hold":
            row["held_from"] = "verified"
        row["next_due_at"] = next_due(status, _Due(row["claim_due_at"], row["resolve_due_at"]))
        rows.append(row)
    return rows


class _Due:
    def __init__(self, claim_due_at: Any, resolve_due_at: Any) -> None:
        self.claim_due_at, self.resolve_due_at = claim_due_at, resolve_due_at


def phase_fill(incident: int, rows: int, chunk: int = 20_000) -> dict[str, Any]:
    """Insert `rows` requests (one need line each) with raw SQL: COPY on PostgreSQL, executemany on SQLite.

    The service path is measured by the intake bench; here only the volume matters, and a million
    ORM objects would take minutes.
    """
    from django.db import connection, models

    from cases.models import HelpRequest, NeedLine
    from orgs.models import Incident, Organisation

    started = time.perf_counter()
    hub = Incident.objects.get(pk=incident).hub_id
    orgs = list(Organisation.objects.filter(parent_id=hub).values_list("pk", flat=True))
    fields = [f for f in HelpRequest._meta.concrete_fields if not f.primary_key]
    postgres = connection.vendor == "postgresql"

    def prepare(f: Any) -> Any:
        if isinstance(f, models.JSONField):
            return json.dumps
        if isinstance(f, models.DateTimeField) and not postgres:
            return lambda v: connection.ops.adapt_datetimefield_value(v)
        return lambda v: v

    convert = [prepare(f) for f in fields]
    defaults = {f.attname: f.get_default() for f in fields}
    templates = [
        tuple(c(v) if v is not None else None for c, v in
              zip(convert, (t.get(f.attname, defaults[f.attname]) for f in fields), strict=True))
        for t in _fill_templates(incident, orgs, hub, 5000)
    ]
    table, quote = HelpRequest._meta.db_table, connection.ops.quote_name
    columns = [f.column for f in fields]
    _insert(connection, table, columns, (templates[i % len(templates)] for i in range(rows)), chunk, postgres)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id FROM {quote(table)} WHERE incident_id = %s ORDER BY id", [incident])
        ids = [r[0] for r in cursor.fetchall()]
    need_columns = [NeedLine._meta.get_field(n).column for n in
                    ("help_request", "category", "item", "qty_requested", "qty_delivered", "unit")]
    lines = ((pk, FILL_NEEDS[pk % len(FILL_NEEDS)], "", 1, 0, "") for pk in ids)
    _insert(connection, NeedLine._meta.db_table, need_columns, lines, chunk, postgres)
    if postgres:
        with connection.cursor() as cursor:
            # What autovacuum does after a large insert (PostgreSQL >= 13 vacuums insert-only tables
            # too): statistics, and the visibility map that lets the queue counts scan the index only.
            cursor.execute("VACUUM ANALYZE")
    return {"seconds": round(time.perf_counter() - started, 1), "rows": len(ids)}


def _insert(connection: Any, table: str, columns: list[str], rows: Iterator[tuple[Any, ...]], chunk: int,
            postgres: bool) -> None:
    from django.db import transaction

    quote = connection.ops.quote_name
    cols = ", ".join(quote(c) for c in columns)
    with transaction.atomic(), connection.cursor() as cursor:
        if postgres:
            with cursor.cursor.copy(f"COPY {quote(table)} ({cols}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        sql = f"INSERT INTO {quote(table)} ({cols}) VALUES ({', '.join(['%s'] * len(columns))})"
        batch: list[tuple[Any, ...]] = []
        for row in rows:
            batch.append(row)
            if len(batch) >= chunk:
                cursor.executemany(sql, batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)


def phase_queue(incident: int, repeats: int = 5) -> dict[str, Any]:
    """Time GET /queue/ as the hub coordinator through Django's test client (in-process, full stack)."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    from orgs.models import Organisation

    client = Client()
    client.force_login(get_user_model().objects.get(username="bench_hub"))
    org = Organisation.objects.filter(parent__isnull=False).order_by("pk").first()
    pages = ["", "&status=new", "&urgency=1", "&county=610113", "&need=food", "&view=overdue",
             f"&claimed_by={org.pk if org else 0}", "&status=verified&urgency=2", "&page=3",
             "&view=unreachable"]
    base = f"/queue/?incident={incident}"
    client.get(base)  # warm caches (division names, templates) once, like a running server
    timings: list[tuple[float, str]] = []
    for _ in range(repeats):
        for page in pages:
            started = time.perf_counter()
            response = client.get(base + page)
            elapsed = time.perf_counter() - started
            if response.status_code != 200:
                raise RuntimeError(f"GET {base + page} answered {response.status_code}")
            timings.append((elapsed, page or "(no filter)"))
    values = sorted(t for t, _ in timings)
    slowest = sorted(timings, reverse=True)[:3]
    return {"p95_ms": p95_ms(values), "median_ms": round(values[len(values) // 2] * 1000, 1),
            "pages": len(values), "slowest": [f"{page} {t * 1000:.0f} ms" for t, page in slowest]}


PHASES = {"setup": phase_setup, "bulk": phase_bulk, "fill": phase_fill, "queue": phase_queue}

if __name__ == "__main__":
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "heli.settings")
    django.setup()
    result = PHASES[sys.argv[1]](**json.loads(sys.argv[2]))
    print(json.dumps(result))
