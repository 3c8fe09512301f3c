"""POST /api/requests/bulk/: valid rows saved, bad rows reported by index."""

from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases.models import HelpRequest, NeedLine
from cases.tests.test_api_base import ApiTestCase

URL = "/api/requests/bulk/"


def row(**overrides: Any) -> dict[str, Any]:
    data = {"channel": "wechat", "requester_name": "张先生", "requester_phone": "13600001111",
            "division_code": "610113", "urgency": 3, "needs": [{"category": "food", "item": "蔬菜"}]}
    data.update(overrides)
    return data


def reads(captured: CaptureQueriesContext) -> int:
    """Everything but the multi-row INSERTs, which SQLite splits at its bound-parameter limit."""
    return sum(1 for q in captured if not q["sql"].startswith("INSERT INTO"))


class BulkTests(ApiTestCase):
    def post(self, rows: Any, user: Any = None) -> Any:
        body = {"incident": self.incident.pk, "requests": rows}
        return self.post_json(URL, body, user=user or self.hub_operator)

    def test_it_saves_good_rows_and_reports_bad_ones(self) -> None:
        rows = [row(), row(requester_phone="123"), row(people_count="3"), "not an object", row(urgency=1)]
        response = self.post(rows)
        self.assertEqual(response.status_code, 201, response.content)
        data = response.json()
        self.assertEqual(data["created"], 2)
        self.assertEqual(data["codes"], [hr.code for hr in HelpRequest.objects.order_by("pk")])
        self.assertEqual(set(data["errors"]), {"1", "2", "3"})
        self.assertIn("requester_phone", data["errors"]["1"])
        self.assertIn("people_count", data["errors"]["2"])
        self.assertEqual(NeedLine.objects.count(), 2)
        self.assertEqual(set(HelpRequest.objects.values_list("created_by_org", flat=True)), {self.hub.pk})

    def test_it_reports_a_quantity_past_the_column_on_its_row(self) -> None:
        # 10**20 used to reach the INSERT and overflow it: a 500 that lost the whole batch.
        huge = row(needs=[{"category": "food", "qty_requested": 10**20}])
        response = self.post([row(), huge, row(needs=[{"category": "food", "qty_requested": 1_000_000}])])
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(response.json()["created"], 2)
        self.assertEqual(list(response.json()["errors"]["1"]), ["needs[0].qty_requested"])

    def test_it_refuses_a_row_with_nul_not_the_batch(self) -> None:
        # One pasted binary blob used to refuse all rows with no hint which one it was.
        rows = [row(requester_name="李\x00"), row(), row(needs=[{"category": "food", "item": "米\x00"}]),
                row(colour="\x00")]  # an unknown field is ignored, NUL or not
        response = self.post(rows)
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(response.json()["created"], 2)
        self.assertEqual({k: list(v) for k, v in response.json()["errors"].items()},
                         {"0": ["requester_name"], "2": ["needs[0].item"]})
        self.assertEqual(set(HelpRequest.objects.values_list("requester_name", flat=True)), {"张先生"})
        self.assertEqual(set(NeedLine.objects.values_list("item", flat=True)), {"蔬菜"})

    def test_it_takes_bodies_above_djangos_form_upload_limit(self) -> None:
        # 10,000 rows are several MB; DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB) must not turn them away.
        body = {"incident": self.incident.pk, "requests": [row()], "padding": "x" * 3_000_000}
        self.assertEqual(self.post_json(URL, body, user=self.hub_operator).status_code, 201)

    def test_it_answers_400_when_no_row_is_good(self) -> None:
        response = self.post([row(urgency=9)])
        self.assertEqual(response.status_code, 400)
        self.assertEqual((response.json()["created"], list(response.json()["errors"])), (0, ["0"]))

    def test_it_limits_the_batch(self) -> None:
        for rows in ([], "rows", [{}] * 10_001):
            response = self.post(rows)
            self.assertEqual(response.status_code, 400)
            self.assertIn("requests", response.json()["errors"])
        self.assertFalse(HelpRequest.objects.exists())

    def test_it_inserts_in_constant_queries(self) -> None:
        self.post([row()])
        with CaptureQueriesContext(connection) as one:
            self.post([row()])
        with CaptureQueriesContext(connection) as fifty:
            self.post([row() for _ in range(50)])
        self.assertEqual(reads(one), reads(fifty))


    def test_it_rejects_get(self) -> None:
        self.login(self.hub_operator)
        self.assertEqual(self.client.get(URL).status_code, 405)

    def test_it_requires_login(self) -> None:
        response = self.post_json(URL, {"incident": self.incident.pk, "requests": [row()]})
        self.assertEqual(response.status_code, 401)

    def test_it_denies_other_network_and_read_only_roles(self) -> None:
        self.assertEqual(self.post([row()], user=self.outsider).status_code, 404)
        self.assertEqual(self.post([row()], user=self.viewer).status_code, 403)
        self.assertEqual(self.post([row()], user=self.vol).status_code, 403)
        self.assertFalse(HelpRequest.objects.exists())


class BulkIdempotencyTests(ApiTestCase):
    def post(self, rows: Any, key: str) -> Any:
        body = {"incident": self.incident.pk, "requests": rows}
        return self.post_json(URL, body, user=self.hub_operator, HTTP_IDEMPOTENCY_KEY=key)

    def test_a_retried_batch_returns_the_first_answer_and_creates_nothing(self) -> None:
        rows = [row(), row(requester_phone="123"), row(urgency=1, requester_phone="13600002222")]
        first = self.post(rows, "batch-7")
        self.assertEqual(first.status_code, 201, first.content)
        again = self.post(rows, "batch-7")
        self.assertEqual((again.status_code, again.json()), (201, first.json()))
        self.assertEqual(HelpRequest.objects.count(), 2)
        self.assertEqual(NeedLine.objects.count(), 2)

    def test_the_same_key_for_a_different_batch_is_refused(self) -> None:
        self.post([row()], "batch-8")
        response = self.post([row(requester_phone="13600003333")], "batch-8")
        self.assertEqual(response.status_code, 400)
        self.assertIn("Idempotency-Key", response.json()["errors"])
        self.assertEqual(HelpRequest.objects.count(), 1)

    def test_a_batch_refused_whole_leaves_the_key_free_for_the_corrected_one(self) -> None:
        self.assertEqual(self.post([row(requester_phone="123")], "batch-9").status_code, 400)
        response = self.post([row()], "batch-9")
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(HelpRequest.objects.count(), 1)

    def test_keys_belong_to_one_user(self) -> None:
        self.post([row()], "shared-key")
        body = {"incident": self.incident.pk, "requests": [row(requester_phone="13600004444")]}
        response = self.post_json(URL, body, user=self.hub_coord, HTTP_IDEMPOTENCY_KEY="shared-key")
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(HelpRequest.objects.count(), 2)
