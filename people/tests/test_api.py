"""The registry API: masked rows, access-logged detail, check-ins with a linked request."""


from core.models import Event
from people.models import PersonRequest
from people.tests.factory import RegistryTestCase


class ApiTests(RegistryTestCase):
    def setUp(self) -> None:
        self.person = self.guarded_person(1)
        self.insulin(self.person)

    def test_it_lists_only_visible_persons_masked(self) -> None:
        self.new_person(2, actor=self.member_b_coord, org=self.org_b)
        self.login(self.guardian)
        rows = self.client.get("/api/people/").json()["results"]
        self.assertEqual([(r["id"], r["phone"]) for r in rows], [(self.person.pk, "139****0001")])

    def test_it_logs_the_detail_view_and_derives_days_left(self) -> None:
        self.login(self.backup)
        body = self.client.get(f"/api/people/{self.person.pk}/").json()
        self.assertEqual(body["relations"], ["backup"])
        self.assertEqual(body["medications"][0]["days_left"], 10)
        self.assertTrue(Event.objects.filter(kind="person_viewed", actor=self.backup).exists())

    def test_it_records_a_check_in_that_needs_something(self) -> None:
        self.login(self.guardian)
        response = self.client.post(
            f"/api/people/{self.person.pk}/checkins/",
            {
                "outcome": "needs",
                "note": "降压药没了",
                "urgency": 2,
                "needs": [{"category": "medicine", "item": "硝苯地平", "qty_requested": 30, "unit": "片"}],
            },
            content_type="application/json",
        )
        self.assertEqual(response.status_code, 201)
        self.assertEqual(PersonRequest.objects.get().help_request.needs.get().item, "硝苯地平")

    def test_it_answers_bad_input_with_400(self) -> None:
        self.login(self.guardian)
        response = self.client.post(
            f"/api/people/{self.person.pk}/checkins/",
            {"outcome": "needs", "needs": [1]},
            content_type="application/json",
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("needs", response.json()["errors"])
