"""POST /api/requests/ and /api/token/: create, idempotency, access, bad input, query budget."""

import json
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases.models import HelpRequest, IdempotencyKey
from cases.services import InvalidInput, RequestInput, help_request_create
from cases.tests.test_api_base import ApiTestCase
from core.models import Event
from heli.test import XIAN_YANTA_TOWNSHIP

URL = "/api/requests/"


class CreateTests(ApiTestCase):
    def body(self, **overrides: Any) -> dict[str, Any]:
        data = {
            "incident": self.incident.pk, "channel": "hotline", "requester_name": "李大爷",
            "requester_phone": "139 1234 5678", "division_code": XIAN_YANTA_TOWNSHIP,
            "address_detail": "7 栋", "people_count": 1, "urgency": 1, "description": "胰岛素用完",
            "raw_text": "李大爷 13912345678 缺药",
            "for_other": True, "beneficiary_name": "李奶奶", "beneficiary_phone": "13700001111",
            "groups": ["elderly", "chronic_illness"], "consent_share": True, "lat": 34.2231, "lon": 108.9401,
            "needs": [{"category": "medicine", "item": "胰岛素", "qty_requested": 2, "unit": "支"}],
        }
        data.update(overrides)
        return data

    def test_it_creates_a_request(self) -> None:
        response = self.post_json(URL, self.body(), user=self.member_operator)
        self.assertEqual(response.status_code, 201, response.content)
        data = response.json()
        hr = HelpRequest.objects.get()
        self.assertEqual(data["code"], hr.code)
        self.assertEqual((hr.created_by, hr.created_by_org), (self.member_operator, self.org_a))
        self.assertEqual((hr.requester_phone, hr.township_code, hr.urgency), ("13912345678", "610113001", 1))
        self.assertEqual(hr.needs.get().item, "胰岛素")
        self.assertEqual(data["needs"][0]["qty_requested"], 2)
        # The answer is masked like every read: contact details are revealed on purpose, on detail.
        self.assertEqual((data["requester_phone"], data["requester_name"]), ("139****5678", "李**"))
        # The raw message named 李大爷 in full next to the masked 李**: it is hidden like the address.
        self.assertEqual((data["lat"], data["raw_text"], data["address_detail"]), (34.22, "***", "***"))
        self.assertTrue(Event.objects.filter(kind="created", subject_id=hr.pk).exists())

    def test_it_authenticates_with_a_token(self) -> None:
        response = self.client.post("/api/token/", {"username": "hub_operator", "password": "password"},
                                    content_type="application/json")
        token = response.json()["token"]
        response = self.post_json(URL, self.body(), HTTP_AUTHORIZATION=f"Token {token}")
        self.assertEqual(response.status_code, 201)
        self.assertEqual(HelpRequest.objects.get().created_by_org, self.hub)

    def test_it_replays_an_idempotency_key(self) -> None:
        first = self.post_json(URL, self.body(), user=self.hub_operator, HTTP_IDEMPOTENCY_KEY="abc-1")
        again = self.post_json(URL, self.body(), HTTP_IDEMPOTENCY_KEY="abc-1")
        self.assertEqual((first.status_code, again.status_code), (201, 200))
        self.assertEqual(first.json()["code"], again.json()["code"])
        self.assertEqual(HelpRequest.objects.count(), 1)
        # Keys belong to a user: another operator's identical key is a new request.
        other = self.post_json(URL, self.body(), user=self.member_operator, HTTP_IDEMPOTENCY_KEY="abc-1")
        self.assertEqual(other.status_code, 201)
        self.assertEqual(IdempotencyKey.objects.count(), 2)

    def test_it_refuses_an_idempotency_key_reused_for_a_different_request(self) -> None:
        # Answering with the first request told the client its second one was saved: it was lost.
        first = self.post_json(URL, self.body(), user=self.hub_operator, HTTP_IDEMPOTENCY_KEY="abc-1")
        other = self.post_json(URL, self.body(requester_name="张阿姨", requester_phone="13600001111"),
                               HTTP_IDEMPOTENCY_KEY="abc-1")
        self.assertEqual((first.status_code, other.status_code), (201, 400))
        self.assertEqual(list(other.json()["errors"]), ["Idempotency-Key"])
        self.assertNotIn("张", other.content.decode())  # nothing of the first request either
        # The same request again, spelt differently (spaces in the phone, key order), is a retry.
        retry = self.post_json(URL, dict(reversed(self.body(requester_phone="13912345678").items())),
                               HTTP_IDEMPOTENCY_KEY="abc-1")
        self.assertEqual((retry.status_code, retry.json()["code"]), (200, first.json()["code"]))
        self.assertEqual(HelpRequest.objects.count(), 1)

    def test_it_refuses_a_long_idempotency_key(self) -> None:
        response = self.post_json(URL, self.body(), user=self.hub_operator, HTTP_IDEMPOTENCY_KEY="k" * 101)
        self.assertEqual(response.status_code, 400)
        self.assertFalse(HelpRequest.objects.exists())

    def test_it_rejects_put(self) -> None:
        self.login(self.hub_operator)
        response = self.client.put(URL, json.dumps(self.body()), content_type="application/json")
        self.assertEqual(response.status_code, 405)

    def test_it_requires_login(self) -> None:
        self.assertEqual(self.post_json(URL, self.body()).status_code, 401)

    def test_it_denies_other_network(self) -> None:
        self.assertEqual(self.post_json(URL, self.body(), user=self.outsider).status_code, 404)
        other = self.body(incident=self.other_incident.pk)
        self.assertEqual(self.post_json(URL, other, user=self.member_coord).status_code, 404)

    def test_it_denies_read_only_and_volunteer_roles(self) -> None:
        self.assertEqual(self.post_json(URL, self.body(), user=self.viewer).status_code, 403)
        self.assertEqual(self.post_json(URL, self.body(), user=self.vol).status_code, 403)
        self.assertFalse(HelpRequest.objects.exists())

    def test_it_refuses_a_closed_incident(self) -> None:
        self.incident.status = "closed"
        self.incident.save(update_fields=["status"])
        response = self.post_json(URL, self.body(), user=self.hub_operator)
        self.assertEqual(response.status_code, 400)
        self.assertIn("结束", response.json()["detail"])

    def test_it_rejects_malformed_json(self) -> None:
        for raw in ('{"incident": 1,', "[1, 2]", '{"lat": NaN}', b"\xff\xfe"):
            response = self.post_json(URL, raw, user=self.hub_operator)
            self.assertEqual(response.status_code, 400, raw)
            self.assertIn("JSON", response.json()["detail"])

    def test_it_rejects_an_oversized_body(self) -> None:
        response = self.post_json(URL, self.body(description="长" * 200_000), user=self.hub_operator)
        self.assertEqual(response.status_code, 413)

    def test_it_reports_every_bad_value(self) -> None:
        body = self.body(requester_phone="12345", division_code="999999", people_count=0, urgency=7,
                         description="长" * 5001, beneficiary_name="名" * 61)
        response = self.post_json(URL, body, user=self.hub_operator)
        self.assertEqual(response.status_code, 400)
        self.assertEqual(set(response.json()["errors"]), {"requester_phone", "division_code", "people_count",
                                                          "urgency", "description", "beneficiary_name"})
        self.assertFalse(HelpRequest.objects.exists())

    def test_it_refuses_nul_characters_and_impossible_incidents(self) -> None:
        # PostgreSQL cannot store NUL in text; a pasted binary blob must be a 400, not a 500.
        body = self.body(requester_name="李\x00", description="a\x00b", raw_text="\x00",
                         needs=[{"category": "food", "item": "米\x00"}])
        response = self.post_json(URL, body, user=self.hub_operator)
        self.assertEqual(response.status_code, 400, response.content)
        self.assertIn("NUL", response.json()["detail"])
        # …and the service refuses them too (forms, imports): field by field.
        with self.assertRaises(InvalidInput) as refused:
            help_request_create(actor=self.hub_operator, incident=self.incident, data=RequestInput.from_dict(
                {**body, "channel": "hotline", "incident": None}))
        self.assertEqual(set(refused.exception.errors),
                         {"requester_name", "description", "raw_text", "needs[0].item"})
        for incident in (2**63, -1, 0):
            self.assertEqual(self.post_json(URL, self.body(incident=incident)).status_code, 404)
        self.assertFalse(HelpRequest.objects.exists())

    def test_it_reports_wrong_types(self) -> None:
        body = self.body(people_count="2", urgency=True, groups="elderly", consent_share="yes", lat="34",
                         requester_name=["李"], needs=[{"category": "food", "qty_requested": "10"}, "rice"])
        response = self.post_json(URL, body, user=self.hub_operator)
        self.assertEqual(response.status_code, 400)
        self.assertEqual(set(response.json()["errors"]), {
            "people_count", "urgency", "groups", "consent_share", "lat", "requester_name",
            "needs[0].qty_requested", "needs[1]"})

    def test_it_refuses_a_quantity_past_the_column(self) -> None:
        for qty in (10**20, 1_000_001, True):
            body = self.body(needs=[{"category": "food", "qty_requested": qty}])
            response = self.post_json(URL, body, user=self.hub_operator)
            self.assertEqual(response.status_code, 400, qty)
            self.assertEqual(list(response.json()["errors"]), ["needs[0].qty_requested"])
        self.assertFalse(HelpRequest.objects.exists())

    def test_it_limits_the_need_lines(self) -> None:
        # Thousands of lines fit in the body limit and made the request's page megabytes long.
        body = self.body(needs=[{"category": "food"}] * 51)
        response = self.post_json(URL, body, user=self.hub_operator)
        self.assertEqual(response.status_code, 400)
        self.assertEqual(list(response.json()["errors"]), ["needs"])
        self.assertEqual(self.post_json(URL, self.body(needs=[{"category": "food"}] * 50)).status_code, 201)

    def test_it_requires_the_basics(self) -> None:
        response = self.post_json(URL, {"incident": self.incident.pk}, user=self.hub_operator)
        self.assertEqual(set(response.json()["errors"]), {"channel", "requester_name", "requester_phone"})
        for incident in (None, "1", True):
            response = self.post_json(URL, self.body(incident=incident))
            self.assertEqual(list(response.json()["errors"]), ["incident"])

    def test_it_ignores_unknown_fields_and_nulls(self) -> None:
        body = self.body(colour="blue", description=None, lat=None, needs=None)
        response = self.post_json(URL, body, user=self.hub_operator)
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(response.json()["needs"], [])

    def test_it_creates_in_a_few_queries(self) -> None:
        token = self.client.post("/api/token/", {"username": "hub_operator", "password": "password"}).json()
        auth = {"HTTP_AUTHORIZATION": f"Token {token['token']}"}
        self.post_json(URL, self.body(), **auth)  # warm caches that live for the process (divisions)
        with CaptureQueriesContext(connection) as plain:
            self.assertEqual(self.post_json(URL, self.body(), **auth).status_code, 201)
        with CaptureQueriesContext(connection) as keyed:
            response = self.post_json(URL, self.body(), HTTP_IDEMPOTENCY_KEY="q1", **auth)
            self.assertEqual(response.status_code, 201)
        # token, seats, incident, urgency policy, insert request, insert needs, insert event, read needs back
        self.assertLessEqual(len(statements(plain)), 8, statements(plain))
        # + look up the key and insert it
        self.assertLessEqual(len(statements(keyed)), 10, statements(keyed))


def statements(captured: CaptureQueriesContext) -> list[str]:
    """Queries that reach the database in production: TestCase turns each atomic block into savepoints."""
    return [q["sql"] for q in captured if not q["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))]
