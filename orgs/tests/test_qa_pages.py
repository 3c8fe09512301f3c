"""Defects found by hand on the urgency-policy editor and the organisations' admin."""

from typing import Any

from core.models import Event
from heli.test import BaseTestCase
from orgs.models import DEFAULT_POLICY, UrgencyPolicy


def hours(claim: Any = "2", resolve: Any = "24", **override: Any) -> dict[str, Any]:
    data = {f"claim_{lv}": claim for lv in (1, 2, 3, 4)} | {f"resolve_{lv}": resolve for lv in (1, 2, 3, 4)}
    return data | override


class PolicyEditorTests(BaseTestCase):
    def url(self, incident: Any = None) -> str:
        return f"/incidents/{(incident or self.incident).pk}/policy/"

    def setUp(self) -> None:
        super().setUp()
        self.login(self.hub_coord)

    def test_it_refuses_an_astronomical_number_instead_of_crashing(self) -> None:
        response = self.client.post(self.url(), hours(claim_1="1e307", resolve_1="1e308"))
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["form"].errors)
        self.assertEqual(response.context["form"]["resolve_1"].value(), "1e308")  # kept as typed
        self.assertFalse(UrgencyPolicy.objects.exists())

    def test_it_refuses_zero_and_negative_hours(self) -> None:
        for value in ("0", "-1"):
            with self.subTest(value=value):
                response = self.client.post(self.url(), hours(claim_2=value))
                self.assertIn("claim_2", response.context["form"].errors)
        self.assertFalse(Event.objects.filter(kind="policy_updated").exists())

    def test_it_records_the_defaults_it_replaced(self) -> None:
        self.client.post(self.url(), hours())
        event = Event.objects.get(kind="policy_updated")
        self.assertEqual(event.data["old"]["1"], list(DEFAULT_POLICY[1]))
        self.assertEqual(event.actor, self.hub_coord)

    def test_it_rejects_other_methods(self) -> None:
        self.assertEqual(self.client.put(self.url()).status_code, 405)

    def test_it_requires_login(self) -> None:
        self.client.logout()
        self.assertEqual(self.client.post(self.url(), hours()).status_code, 302)
        self.assertFalse(UrgencyPolicy.objects.exists())

    def test_it_denies_another_networks_incident_by_url(self) -> None:
        self.assertEqual(self.client.post(self.url(self.other_incident), hours()).status_code, 404)
        self.assertFalse(UrgencyPolicy.objects.exists())

    def test_it_is_read_only_for_everyone_but_the_hub_coordinator(self) -> None:
        for persona in (self.hub_operator, self.member_coord, self.vol, self.viewer):
            with self.subTest(persona=persona.username):
                self.login(persona)
                self.assertEqual(self.client.post(self.url(), hours()).status_code, 403)
        self.assertFalse(UrgencyPolicy.objects.exists())
