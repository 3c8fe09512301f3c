"""Malformed input across the JSON API and the action forms: a 4xx with a message, never a 5xx.

Deterministic: a fixed list of the values that broke things before (Unicode digits, numbers past
64 bits, wrong JSON types, NUL, oversized text, hand-made cursors) tried on every endpoint.
"""

import base64
import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.test import Client

from cases.api_urls import TRANSITIONS
from cases.tests.test_api_base import ApiTestCase, action_url, detail_url
from cases.views.actions import ACTIONS

HUGE = 10**25
# One wrong value of each kind; each is tried in every field of a body.
VALUES: list[Any] = [None, "", "²", "\x00", "长" * 6000, -1, 0, HUGE, 1.5, True, [], {}, [{}]]
RAW_BODIES = ["", "not json", "[]", "null", '"x"', '{"a":', '{"a": NaN}', "\ufeff{}"]
CONTENT_TYPES = ["application/json", "text/plain"]


def cursor(value: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode()


@contextmanager
def quiet() -> Iterator[None]:
    """4xx responses log a warning each; hundreds of them would drown the test output."""
    logger = logging.getLogger("django.request")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(level)


class FuzzTests(ApiTestCase):
    def setUp(self) -> None:
        super().setUp()
        # Server errors come back as 500 responses instead of exceptions, so all are collected.
        self.client = Client(raise_request_exception=False)
        self.failures: list[str] = []

    def hit(self, method: str, path: str, body: Any = None, **extra: Any) -> int:
        if method == "get":
            response = self.client.get(path)
        else:
            raw = body if isinstance(body, str) else json.dumps(body)
            extra.setdefault("content_type", "application/json")
            response = self.client.post(path, raw, **extra)
        if response.status_code >= 500:
            self.failures.append(f"{method.upper()} {path} {str(body)[:120]!r} -> {response.status_code}")
        return response.status_code

    def assert_no_server_errors(self) -> None:
        self.assertEqual(self.failures, [], "\n".join(self.failures[:20]))

    def good_request(self) -> dict[str, Any]:
        return {"incident": self.incident.pk, "channel": "hotline", "requester_name": "测试",
                "requester_phone": "13800138000", "division_code": "610113",
                "needs": [{"category": "food", "qty_requested": 1}]}

    def test_create_and_bulk_refuse_every_bad_value(self) -> None:
        self.login(self.hub_operator)
        fields = [*self.good_request(), "people_count", "urgency", "lat", "groups", "for_other",
                  "beneficiary_phone", "address_detail", "description", "consent_share"]
        needs = [{"category": v} for v in VALUES] + [{"category": "food", "qty_requested": v} for v in VALUES]
        rows = [{**self.good_request(), name: value} for name in fields for value in VALUES]
        rows += [{**self.good_request(), "needs": [need]} for need in needs]
        with quiet():
            for row in rows:
                self.hit("post", "/api/requests/", row)
            for raw in RAW_BODIES:
                for content_type in CONTENT_TYPES:
                    self.hit("post", "/api/requests/", raw, content_type=content_type)
                    self.hit("post", "/api/requests/bulk/", raw, content_type=content_type)
            status = self.hit("post", "/api/requests/bulk/", {"incident": self.incident.pk, "requests": rows})
            for bad in ([None], [[]], "x", {}, [1]):
                self.hit("post", "/api/requests/bulk/", {"incident": self.incident.pk, "requests": bad})
            for key in ("k", "k", " ", "k" * 101, "é"):
                self.hit("post", "/api/requests/", self.good_request(), HTTP_IDEMPOTENCY_KEY=key)
            self.hit("post", "/api/requests/", {**self.good_request(), "people_count": 2},
                     HTTP_IDEMPOTENCY_KEY="k")
        self.assert_no_server_errors()
        self.assertEqual(status, 201)  # the good rows among them were saved, the others reported

    def test_list_and_detail_refuse_bad_filters_codes_and_cursors(self) -> None:
        hr = self.claimed()
        queries = [f"{name}={value}" for name in ("incident", "status", "urgency", "county", "need",
                                                  "claimed_by", "overdue", "page_size", "cursor")
                   for value in ("", "abc", "²", "-1", "0", str(HUGE), "%00", "1.5")]
        made = (["2026-01-01T00:00:00", 1], ["9999-12-31T23:59:59-14:00", 1], [None, HUGE], ["x", 1], {})
        queries += [f"cursor={cursor(v)}" for v in made]
        codes = ["XA-²", f"XA-{HUGE}", "XA-", "-1", "XA--1", "%00", "XA-１２", "x" * 300]
        with quiet():
            for user in (self.hub_coord, self.member_b_coord, self.viewer, self.outsider):
                self.login(user)
                for query in queries:
                    self.hit("get", f"/api/requests/?{query}")
                for code in codes:
                    self.hit("get", f"/api/requests/{code}/")
                for query in ("reveal=maybe", "reveal=1", "timeline=x", "reveal=1&timeline=1&reason=x"):
                    self.hit("get", f"{detail_url(hr)}?{query}")
        self.assert_no_server_errors()

    def test_transitions_refuse_bad_bodies(self) -> None:
        # Each action's own fields (and `version`), on a claimed request that the successful
        # calls move along: later actions meet other states.
        values: list[Any] = ["", "²", "\x00", -1, HUGE, {}]
        hr = self.claimed()
        with quiet():
            self.login(self.hub_coord)
            for action, view in TRANSITIONS.items():
                names = [*(view.body().fields if view.body else ()), "version"]
                for body in [{name: value} for name in names for value in values] + RAW_BODIES[:4]:
                    self.hit("post", action_url(hr, action), body)
            for action, body in (
                ("update", {"people_count": HUGE, "division_code": "999999", "groups": ["x"]}),
                ("verify", {"outcome": "corrected", "changes": {"people_count": HUGE, "lat": "x"}}),
                ("deliver", {"delivered": {"²": 1, str(HUGE): HUGE}}),
                ("follow-up", {"outcome": "still_in_need", "new_needs": [{"category": "food",
                                                                         "qty_requested": HUGE}]}),
                ("close", {"reason": "duplicate", "duplicate_of": f"XA-{HUGE}"}),
            ):
                self.hit("post", action_url(hr, action), body)
        self.assert_no_server_errors()

    def test_action_forms_refuse_bad_values(self) -> None:
        hr = self.claimed()
        line = hr.needs.get()
        values = ["²", str(HUGE), "\x00"]  # an empty or overlong field is a form error like any other
        with quiet():
            self.login(self.hub_coord)
            for action, spec in ACTIONS.items():
                names = [*(spec.form.base_fields if spec.form else ())]
                names += [f"line_{line.pk}"] if action == "deliver" else []
                for name in names:
                    for value in values:
                        response = self.client.post(f"/requests/{hr.code}/{action}/", {name: value})
                        if response.status_code >= 500:
                            self.failures.append(f"{action} {name}={value[:20]!r}")
        self.assert_no_server_errors()

    def test_intake_and_public_forms_refuse_bad_values(self) -> None:
        good = {"channel": "hotline", "requester_name": "王", "requester_phone": "13800138000",
                "county": "610113", "people_count": "1", "urgency": "2", "need_category": "food",
                "need-TOTAL_FORMS": "1", "need-INITIAL_FORMS": "0", "need-0-category": "food"}
        # Each refused form renders the whole page with its division selects: kept to the fields
        # that reach an integer column or a lookup.
        names = ["people_count", "county", "township", "need-0-qty_requested", "need-TOTAL_FORMS"]
        with quiet():
            for path, user in (("/intake/", self.hub_operator), ("/help/", None)):
                if user:
                    self.login(user)
                else:
                    self.client.logout()
                for name in names:
                    for value in ("²", str(HUGE)):
                        response = self.client.post(path, {**good, name: value})
                        if response.status_code >= 500:
                            self.failures.append(f"{path} {name}={value!r}")
            for code in ("XA-²", f"XA-{HUGE}", "X\x00A-1", "-"):
                response = self.client.post("/help/status/", {"code": code, "phone_last4": "8000"})
                if response.status_code >= 500:
                    self.failures.append(f"/help/status/ {code!r}")
        self.assert_no_server_errors()
