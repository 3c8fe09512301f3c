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

import json
import os
import subprocess
import sys
import time
from typing import Any

from heli.lib.benchdb import ROOT, child_env, throwaway_database

BENCH_DB = "heli_bench_people"


def _env(url: str) -> dict[str, str]:
    return child_env(url, EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")


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
    with throwaway_database(db, BENCH_DB) as url:
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
