"""gunicorn settings: `gunicorn -c heli/gunicorn.conf.py heli.wsgi` (`heli bench intake` uses them too).

Sync workers, 2 x cores + 1: the app is CPU-bound Python with short database calls, so more
processes than cores keeps the CPUs busy while a worker waits on the database; threads would add
GIL contention for no gain. The app is loaded once before forking (preload): workers share its
memory and start in a fraction of the time.
"""

import gc
import multiprocessing
import os

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
    45,000-row division table parsed, translations and templates loaded). No database access here:
    a connection opened before fork would be shared by every worker.
    """
    from django.conf import settings
    from django.db import connections
    from django.template.loader import get_template
    from django.urls import get_resolver
    from django.utils import translation

    from geo.divisions import names

    get_resolver().url_patterns  # noqa: B018  (imports every view module)
    names()
    for language, _ in settings.LANGUAGES:
        translation.activate(language)
    translation.deactivate()
    for template in ("cases/queue.html", "cases/_queue_rows.html", "cases/detail.html"):
        try:
            get_template(template)
        except Exception:  # noqa: S112  (a renamed template must not stop the server)
            continue
    connections.close_all()
    # Move everything loaded so far out of the collector's reach: a collection in a worker would
    # otherwise touch (and so copy) every shared page. See CPython's gc.freeze() docs.
    gc.collect()
    gc.freeze()
