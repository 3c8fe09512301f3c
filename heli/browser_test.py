"""A live-server test case that drives Debian's headless Chromium through Playwright (one browser
per test class). Skipped where Chromium is not installed; CI installs it."""

import os
import shutil
from typing import Any

import pytest
from django.contrib.staticfiles.testing import StaticLiveServerTestCase

CHROMIUM = os.environ.get("HELI_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM, reason="Chromium is not installed (CI installs Debian's chromium)")
class BrowserTestCase(StaticLiveServerTestCase):
    browser: Any

    @classmethod
    def setUpClass(cls) -> None:
        # Playwright's sync API runs an event loop in this thread; Django's ORM refuses that by default.
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
        super().setUpClass()
        from playwright.sync_api import sync_playwright

        cls.pw = sync_playwright().start()
        cls.browser = cls.pw.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )

    @classmethod
    def tearDownClass(cls) -> None:
        cls.browser.close()
        cls.pw.stop()
        super().tearDownClass()

    def page_as(self, username: str, **context: Any) -> Any:
        """A fresh browser context (own cookies) logged in as `username` (password "password")."""
        page = self.browser.new_context(locale="zh-CN", **context).new_page()
        page.set_default_timeout(10_000)
        page.goto(f"{self.live_server_url}/accounts/login/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", "password")
        page.click("button[type=submit]")
        page.wait_for_url(f"{self.live_server_url}/")
        return page
