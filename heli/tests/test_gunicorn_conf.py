"""heli/gunicorn.conf.py's warm-up: the requests it makes in the master must really reach the pages."""

import gc
import importlib.util

from django.conf import settings
from django.core import signals
from django.db import close_old_connections
from django.test import SimpleTestCase, override_settings


def load_conf() -> object:
    path = settings.BASE_DIR / "heli" / "gunicorn.conf.py"
    spec = importlib.util.spec_from_file_location("heli_gunicorn_conf", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    enabled = gc.isenabled()
    try:
        spec.loader.exec_module(module)  # it switches the collector off until when_ready
    finally:
        if enabled:
            gc.enable()
    return module


@override_settings(ALLOWED_HOSTS=["127.0.0.1"])
class WarmUpTests(SimpleTestCase):
    def test_it_requests_the_home_page_and_the_login_page(self) -> None:
        conf = load_conf()
        # As Django's test client does: a connection another test left open must not be touched.
        for signal in (signals.request_started, signals.request_finished):
            signal.disconnect(close_old_connections)
            self.addCleanup(signal.connect, close_old_connections)
        self.assertEqual(conf._warm_request("/", ""), 302)  # type: ignore[attr-defined]
        self.assertEqual(conf._warm_request("/accounts/login/", "next=/"), 200)  # type: ignore[attr-defined]
