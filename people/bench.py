"""`heli bench registry`: `heli tick` and the coverage dashboard at 100,000 registered persons.

Runs on a throwaway database (a temporary SQLite file, or `heli_bench_people` on the PostgreSQL
server in DATABASE_URL / PG_URL). Filling and timing run in child processes started as
`python -m people.bench PHASE JSON` with DATABASE_URL pointing at it, because Django reads its
database settings once at start-up (the same shape as cases/bench.py).

The synthetic registry is a busy day, not a quiet one: ~4 % of check-in plans are past their grace
period and ~6 % of medications are at or below their lead time, so the measured tick does real work
(thousands of alerts and help requests), then a second pass shows it is idempotent.
Targets: tick < 10 s and coverage p95 < 300 ms at 100,000 persons on both backends.
"""

import contextlib
import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
PG_DEFAULT = "postgresql://heli:heli@127.0.0.1:5432/heli"
BENCH_DB = "heli_bench_people"


@contextlib.contextmanager
def throwaway_database(db: str) -> Iterator[str]:
    if db == "sqlite":
        folder = tempfile.mkdtemp(prefix="heli-bench-people-")
        try:
            yield f"sqlite:///{folder}/bench.sqlite3"
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        return
    if db not in ("postgresql", "postgres"):
        raise ValueError(f"db must be sqlite or postgresql, not {db!r}")
    import psycopg

    env_url = os.getenv("DATABASE_URL", "")
    parts = urlsplit(env_url if env_url.startswith("postgres") else os.getenv("PG_URL", PG_DEFAULT))
    admin_url = urlunsplit(parts._replace(scheme="postgresql"))

    def admin(sql: str) -> None:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(sql)

    admin(f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")
    admin(f"CREATE DATABASE {BENCH_DB}")
    try:
        yield urlunsplit(parts._replace(scheme="postgresql", path=f"/{BENCH_DB}"))
    finally:
        admin(f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")


def _env(url: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": url,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(32),
        "ALLOWED_HOSTS": "testserver",
        "DJANGO_SETTINGS_MODULE": "heli.settings",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.getenv("PYTHONPATH")])),
    }


def _child(url: str, phase: str, **kwargs: Any) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, "-m", "people.bench", phase, json.dumps(kwargs)],
        cwd=ROOT,
        env=_env(url),
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def bench_registry(*, persons: int = 100_000, db: str = "sqlite", **_: Any) -> dict[str, Any]:
    db = "postgresql" if db.startswith("postgres") else db
    with throwaway_database(db) as url:
        subprocess.run(
            [sys.executable, "-m", "heli.cli", "migrate", "--noinput", "-v", "0"],
            cwd=ROOT,
            env=_env(url),
            check=True,
        )
        fill = _child(url, "fill", persons=persons)
        tick = _child(url, "tick")
        cov = _child(url, "coverage", rounds=40)
    print(json.dumps({"fill": fill, "tick": tick, "coverage": cov}, ensure_ascii=False), file=sys.stderr)
    return {"db": db, "persons": persons, "tick_s": tick["tick_s"], "coverage_p95_ms": cov["p95_ms"]}


def _main() -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "heli.settings")
    django.setup()
    from people.bench_data import PHASES

    phase, kwargs = sys.argv[1], json.loads(sys.argv[2])
    started = time.perf_counter()
    result = PHASES[phase](**kwargs)
    result.setdefault("phase_s", round(time.perf_counter() - started, 2))
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    _main()
