"""gunicorn settings: `gunicorn -c heli/gunicorn.conf.py heli.wsgi` (`heli bench intake` uses them too).

Sync workers, 2 x cores + 1: the app is CPU-bound Python with short database calls, so more
processes than cores keeps the CPUs busy while a worker waits on the database; threads would add
GIL contention for no gain. The app is loaded once before forking (preload): workers share its
memory and start in a fraction of the time.
"""

import gc
import io
import multiprocessing
import os
import sys

# No cyclic collection while the app loads: Django's start-up allocates ~180,000 objects, and the
# collector passes that triggers were ~0.2 s of the cold start (and found ~5,000 objects to free).
# when_ready freezes what was loaded and turns the collector back on before any worker forks.
gc.disable()

bind = os.getenv("HELI_BIND", "127.0.0.1:8000")
workers = int(os.getenv("WEB_CONCURRENCY", str(multiprocessing.cpu_count() * 2 + 1)))
worker_class = os.getenv("HELI_WORKER_CLASS", "sync")
threads = int(os.getenv("HELI_THREADS", "1"))
keepalive = int(os.getenv("HELI_KEEPALIVE", "5"))
preload_app = True
backlog = 2048  # 32+ clients connecting at once must queue, not be refused
timeout = 30
accesslog = None  # one log line per request costs more than the request at 1,000/s
errorlog = "-"
loglevel = os.getenv("LOG_LEVEL", "warning").lower()


def when_ready(server: object) -> None:
    """Warm the app in the master before forking: every worker starts hot and shares these pages.

    Without it each worker pays ~1 s on its first request (URL patterns and views imported, the
    45,000-row division table loaded, translations and templates loaded, the URL resolver's reverse
    table built per language). Then one anonymous request for the home page and the login page it
    redirects to warms whatever else they touch lazily. A database connection opened here is closed
    before the fork: one shared by every worker would be corrupted.
    """
    try:
        _warm()
    finally:
        # Move everything loaded so far out of the collector's reach: a collection in a worker would
        # otherwise touch (and so copy) every shared page. See CPython's gc.freeze() docs.
        gc.freeze()
        gc.enable()


def _warm() -> None:
    from django.conf import settings
    from django.db import connections
    from django.template.loader import get_template
    from django.urls import get_resolver, reverse
    from django.utils import translation

    from geo.divisions import names

    get_resolver().url_patterns  # noqa: B018  (imports every view module)
    names()
    for language, _ in settings.LANGUAGES:
        translation.activate(language)
        reverse("home")  # the resolver compiles every pattern and builds its reverse table per language
    translation.deactivate()
    templates = ("cases/queue.html", "cases/_queue_rows.html", "cases/detail.html", "cases/dashboard.html",
                 "registration/login.html")
    for template in templates:
        try:
            get_template(template)
        except Exception:  # noqa: S112  (a renamed template must not stop the server)
            continue
    for path, query in (("/", ""), ("/accounts/login/", "next=/")):
        _warm_request(path, query)
    connections.close_all()


def _warm_request(path: str, query: str) -> int | None:
    """GET `path` through the WSGI app as an anonymous client; the status code, None on an error."""
    from django.conf import settings

    from heli.wsgi import application

    host = next((h for h in settings.ALLOWED_HOSTS if h and h != "*" and not h.startswith(".")), "localhost")
    environ = {
        "REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": query, "SCRIPT_NAME": "",
        "SERVER_NAME": host, "SERVER_PORT": "80", "HTTP_HOST": host, "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.url_scheme": "http", "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr, "wsgi.version": (1, 0), "wsgi.multithread": False,
        "wsgi.multiprocess": True, "wsgi.run_once": False, "REMOTE_ADDR": "127.0.0.1",
    }
    statuses: list[str] = []
    try:
        body = application(environ, lambda status, headers, exc_info=None: statuses.append(status))
        for _ in body:
            pass
        getattr(body, "close", lambda: None)()
    except Exception:  # noqa: BLE001  (warming is best effort; the server must start regardless)
        return None
    return int(statuses[0].split()[0]) if statuses else None
