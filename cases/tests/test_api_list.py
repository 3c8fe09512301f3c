"""GET /api/requests/ (filters, scoping, cursor pages, no N+1) and GET /api/requests/<code>/ (reveal)."""

import base64
import json
from datetime import timedelta
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cases.models import HelpRequest
from cases.services import NeedInput, help_request_close
from cases.tests.test_api_base import ApiTestCase, detail_url
from core.models import Event

URL = "/api/requests/"


def cursor(value: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode()


class ListTests(ApiTestCase):
    def codes(self, user: Any = None, **params: Any) -> list[str]:
        response = self.get_json(URL, user=user, **params)
        self.assertEqual(response.status_code, 200, response.content)
        return [row["code"] for row in response.json()["results"]]

    def test_it_scopes_the_list_to_what_each_user_may_see(self) -> None:
        shared = self.new_request()
        private = self.new_request(consent_share=False)
        mine = self.new_request(actor=self.member_operator, consent_share=False)
        elsewhere = self.new_request(incident=self.other_incident)
        self.assertEqual(set(self.codes(self.hub_coord)), {shared.code, private.code, mine.code})
        self.assertEqual(set(self.codes(self.member_b_coord)), {shared.code})
        self.assertEqual(self.codes(self.viewer), [])
        self.assertEqual(self.codes(self.outsider), [elsewhere.code])

    def test_it_masks_contact_details_for_everyone(self) -> None:
        self.new_request(description="请拨 13800138000 联系")
        for user in (self.hub_coord, self.member_b_coord):
            row = self.get_json(URL, user=user).json()["results"][0]
            self.assertEqual((row["requester_name"], row["requester_phone"]), ("王**", "138****8000"))
            self.assertEqual((row["address_detail"], row["masked"]), ("***", True))
            self.assertEqual(row["description"], "请拨 138****8000 联系")

    def test_it_filters(self) -> None:
        urgent = self.new_request(urgency=1, needs=[NeedInput(category="medicine")])
        claimed = self.claimed(division_code="610112")
        late = self.new_request(urgency=4)
        HelpRequest.objects.filter(pk=late.pk).update(next_due_at=timezone.now() - timedelta(hours=1))
        self.login(self.hub_coord)
        self.assertEqual(self.codes(urgency=1), [urgent.code])
        self.assertEqual(self.codes(status="claimed"), [claimed.code])
        self.assertEqual(self.codes(county="610112"), [claimed.code])
        self.assertEqual(self.codes(need="medicine"), [urgent.code])
        self.assertEqual(set(self.codes(need="food")), {claimed.code, late.code})
        self.assertEqual(self.codes(overdue=1), [late.code])
        self.assertEqual(self.codes(claimed_by=self.org_a.pk), [claimed.code])
        self.assertEqual(len(self.codes(incident=self.incident.pk)), 3)
        self.assertEqual(self.codes(incident=self.other_incident.pk), [])

    def test_it_refuses_bad_filters(self) -> None:
        self.login(self.hub_coord)
        for params in ({"urgency": 9}, {"status": "lost"}, {"county": "61"}, {"incident": "x"},
                       {"cursor": "garbage"}, {"page_size": 0},
                       # Past 64 bits: these overflowed the foreign-key lookup (a 500).
                       {"incident": "9" * 30}, {"claimed_by": "9" * 30},
                       # Hand-made cursors: a naive time, an impossible one, a boolean id.
                       {"cursor": cursor(["2026-01-01T00:00:00", 1])},
                       {"cursor": cursor(["9999-12-31T23:59:59-14:00", 1])},
                       {"cursor": cursor([None, True])}):
            response = self.get_json(URL, **params)
            self.assertEqual(response.status_code, 400, params)

    def test_it_takes_an_empty_filter_as_no_filter(self) -> None:
        # What a filter form sends for "any"; it used to be a 400 for each empty field.
        hr = self.new_request()
        self.login(self.hub_coord)
        params = dict.fromkeys(("incident", "status", "urgency", "county", "need", "claimed_by", "overdue",
                                "cursor", "page_size"), "")
        self.assertEqual(self.codes(**params), [hr.code])

    def test_it_pages_by_deadline_with_a_cursor(self) -> None:
        made = [self.new_request(urgency=u) for u in (4, 1, 3, 1, 2)]
        closed = self.verified()
        # Closed requests have no deadline: they come last.
        help_request_close(actor=self.hub_coord, help_request=closed, reason="not_needed")
        expected = [hr.code for hr in sorted(made, key=lambda hr: (hr.next_due_at, hr.pk))] + [closed.code]
        self.login(self.hub_coord)
        seen: list[str] = []
        url: str | None = f"{URL}?page_size=2"
        while url:
            page = self.client.get(url).json()
            seen += [row["code"] for row in page["results"]]
            url = page["next"]
        self.assertEqual(seen, expected)

    def test_it_lists_in_constant_queries(self) -> None:
        self.new_request()
        self.login(self.hub_coord)
        with CaptureQueriesContext(connection) as few:
            self.client.get(URL)
        for _ in range(4):
            self.claimed()
        with CaptureQueriesContext(connection) as many:
            self.assertEqual(len(self.client.get(URL).json()["results"]), 5)
        self.assertEqual(len(few), len(many))

    def test_it_requires_login(self) -> None:
        self.assertEqual(self.client.get(URL).status_code, 401)


class DetailTests(ApiTestCase):
    def test_it_shows_a_request_masked(self) -> None:
        hr = self.new_request()
        data = self.get_json(detail_url(hr), user=self.member_b_coord).json()
        self.assertEqual((data["code"], data["requester_phone"]), (hr.code, "138****8000"))
        self.assertEqual(data["attempts"], 0)
        self.assertNotIn("timeline", data)

    def test_it_reveals_on_request_and_records_it(self) -> None:
        hr = self.new_request()
        data = self.get_json(detail_url(hr), user=self.hub_coord, reveal=1, reason="回电").json()
        self.assertEqual((data["requester_phone"], data["requester_name"]), ("13800138000", "王阿姨"))
        self.assertEqual((data["address_detail"], data["masked"]), ("某小区 3 栋 2 单元", False))
        event = Event.objects.get(kind="contact_revealed")
        self.assertEqual((event.actor, event.subject_id), (self.hub_coord, hr.pk))
        self.assertEqual(event.data["reason"], "回电")

    def test_it_refuses_to_reveal_to_other_members(self) -> None:
        hr = self.new_request()
        response = self.get_json(detail_url(hr), user=self.member_b_coord, reveal=1)
        self.assertEqual(response.status_code, 403)
        self.assertFalse(Event.objects.filter(kind="contact_revealed").exists())

    def test_it_adds_the_timeline_on_request(self) -> None:
        hr = self.claimed()
        data = self.get_json(detail_url(hr), user=self.member_coord, timeline=1).json()
        self.assertEqual([e["kind"] for e in data["timeline"]], ["created", "verified", "claimed"])
        self.assertEqual(data["timeline"][2]["actor"], "member_coord")

    def test_it_masks_corrections_in_the_timeline(self) -> None:
        hr = self.new_request()
        self.post_json(f"{detail_url(hr)}update/", {"requester_phone": "13911112222"}, user=self.hub_operator)
        timeline = self.get_json(detail_url(hr), timeline=1).json()["timeline"]
        self.assertEqual(timeline[-1]["data"]["changes"]["requester_phone"], ["138****8000", "139****2222"])

    def test_it_masks_place_and_free_text_corrections_in_the_timeline_too(self) -> None:
        # The detail rounds coordinates to ~1 km; the timeline used to give the corrected ones in full.
        hr = self.new_request(lat=34.21, lon=108.94)
        body = {"lat": 34.223456, "lon": 108.954321, "description": "改打 13911112222"}
        self.post_json(f"{detail_url(hr)}update/", body, user=self.hub_operator)
        changes = self.get_json(detail_url(hr), user=self.member_b_coord, timeline=1).json()["timeline"][-1][
            "data"]["changes"]
        self.assertEqual((changes["lat"], changes["lon"]), (["***", "***"], ["***", "***"]))
        self.assertEqual(changes["description"][1], "改打 139****2222")

    def test_it_hides_what_the_user_may_not_see(self) -> None:
        hr = self.new_request(consent_share=False)
        self.assertEqual(self.get_json(detail_url(hr), user=self.member_b_coord).status_code, 404)
        self.assertEqual(self.get_json(detail_url(hr), user=self.outsider).status_code, 404)
        self.assertEqual(self.get_json(detail_url(hr), user=self.viewer).status_code, 404)
        self.assertEqual(self.get_json("/api/requests/XA-999999/", user=self.hub_coord).status_code, 404)
        self.assertEqual(self.get_json("/api/requests/nonsense/").status_code, 404)
        self.client.logout()
        self.assertEqual(self.get_json(detail_url(hr)).status_code, 401)
