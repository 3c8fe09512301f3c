"""Shared set-up for the API tests (no tests here): JSON posting and requests brought to a given state."""

import json
from typing import Any

from django.http import HttpResponse
from django.urls import reverse

from cases.models import HelpRequest
from cases.services import help_request_claim, help_request_hold, verification_record
from heli.test import BaseTestCase


class ApiTestCase(BaseTestCase):
    def post_json(self, path: str, body: Any = None, *, user: Any = None, **headers: Any) -> HttpResponse:
        if user is not None:
            self.login(user)
        raw = body if isinstance(body, str | bytes) else json.dumps(body if body is not None else {})
        return self.client.post(path, raw, content_type="application/json", **headers)

    def get_json(self, path: str, *, user: Any = None, **params: Any) -> HttpResponse:
        if user is not None:
            self.login(user)
        return self.client.get(path, params)

    def verified(self, **overrides: Any) -> HelpRequest:
        hr = self.new_request(**overrides)
        verification_record(actor=self.hub_operator, help_request=hr, outcome="confirmed")
        return hr

    def claimed(self, **overrides: Any) -> HelpRequest:
        hr = self.verified(**overrides)
        help_request_claim(actor=self.member_coord, help_request=hr, org=self.org_a)
        return hr

    def on_hold(self) -> HelpRequest:
        hr = self.verified()
        help_request_hold(actor=self.hub_coord, help_request=hr, reason="等待街道回复")
        return hr


def detail_url(hr: HelpRequest) -> str:
    return reverse("api:request-detail", args=[hr.code])


def action_url(hr: HelpRequest, action: str) -> str:
    return reverse(f"api:request-{action}", args=[hr.code])
