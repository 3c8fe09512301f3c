"""How many POSTs per second the serving stack itself allows on this machine (issue 3 context).

`heli bench intake` measures the real create endpoint. This script measures the same load generator
(`cases.bench.drive`: 32 keep-alive client threads, the same JSON bodies) against endpoints that do
no work at all, under the same gunicorn settings (5 sync workers, preload):

* `raw`       — a bare WSGI callable that reads the body and answers 201 `{}`;
* `django`    — Django with no middleware and one view that parses the JSON and answers 201;
* `django-mw` — the same view behind heli's middleware stack (sessions, locale, CSRF-exempt, auth…).

It shows how much of the 2 cores the framework floor takes before any validation or database work,
so the create figures can be read against it. Run: `.venv/bin/python benchmarks/ceiling.py`.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

VARIANTS = ("raw", "django", "django-mw")


def raw_app(environ: dict, start_response) -> list[bytes]:  # type: ignore[no-untyped-def]
    length = int(environ.get("CONTENT_LENGTH") or 0)
    json.loads(environ["wsgi.input"].read(length) or b"{}")
    start_response("201 Created", [("Content-Type", "application/json"), ("Content-Length", "2")])
    return [b"{}"]


def django_app(middleware: bool):  # type: ignore[no-untyped-def]
    import django
    from django.conf import settings
    from django.core.wsgi import get_wsgi_application
    from django.http import JsonResponse
    from django.urls import path
    from django.views.decorators.csrf import csrf_exempt

    @csrf_exempt
    def create(request):  # type: ignore[no-untyped-def]
        json.loads(request.body or b"{}")
        return JsonResponse({}, status=201)

    from heli import settings as heli_settings

    settings.configure(
        DEBUG=False, SECRET_KEY="ceiling-only", ALLOWED_HOSTS=["*"], ROOT_URLCONF=__name__,
        USE_I18N=True, LANGUAGE_CODE="zh-hans", LANGUAGES=heli_settings.LANGUAGES,
        INSTALLED_APPS=["django.contrib.contenttypes", "django.contrib.auth",
                        "django.contrib.sessions", "django.contrib.messages"] if middleware else [],
        MIDDLEWARE=heli_settings.MIDDLEWARE if middleware else [],
        DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}},
    )
    globals()["urlpatterns"] = [path("api/requests/", create)]
    django.setup()
    return get_wsgi_application()


def app_for(variant: str):  # type: ignore[no-untyped-def]
    return raw_app if variant == "raw" else django_app(middleware=variant == "django-mw")


if os.environ.get("CEILING_VARIANT"):  # imported by gunicorn as `benchmarks.ceiling:application`
    application = app_for(os.environ["CEILING_VARIANT"])


def measure(variant: str, seconds: float = 8, clients: int = 32, workers: int = 5) -> dict[str, object]:
    from cases.bench import drive, free_port, p95_ms

    port = free_port()
    env = {**os.environ, "CEILING_VARIANT": variant, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--workers", str(workers), "--worker-class", "sync",
         "--keep-alive", "5", "--backlog", "2048", "--preload", "--log-level", "warning",
         "--bind", f"127.0.0.1:{port}", "benchmarks.ceiling:application"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL)
    try:
        time.sleep(1.5)
        bodies = [json.dumps({"description": "x" * 200, "n": i}).encode() for i in range(50)]
        drive(port, "none", bodies, clients, 1.0, "warm")
        latencies, errors, count, elapsed = drive(port, "none", bodies, clients, seconds)
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    return {"variant": variant, "rps": round(count / elapsed, 1), "p95_ms": p95_ms(latencies),
            "errors": errors, "load_average": round(os.getloadavg()[0], 2)}


if __name__ == "__main__":
    for name in sys.argv[1:] or VARIANTS:
        print(json.dumps(measure(name)))
