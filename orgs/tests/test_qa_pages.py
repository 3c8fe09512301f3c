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


class AdminAuditTests(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        from heli.test import make_user

        self.admin = make_user("root", None, None, is_staff=True, is_superuser=True)
        self.login(self.admin)

    def test_it_audits_a_membership_granted_in_the_admin(self) -> None:
        # Granting a seat decides who sees personal data: it must show in the audit log.
        data = {
            "name": self.gov.name, "kind": "government", "parent": self.hub.pk, "capabilities": "[]",
            "contact_phone": "",
            "memberships-TOTAL_FORMS": "2", "memberships-INITIAL_FORMS": "1",
            "memberships-MIN_NUM_FORMS": "0", "memberships-MAX_NUM_FORMS": "1000",
            "memberships-0-id": self.viewer.memberships.get().pk, "memberships-0-org": self.gov.pk,
            "memberships-0-user": self.viewer.pk, "memberships-0-role": "viewer",
            "memberships-0-active": "on",
            "memberships-1-org": self.gov.pk, "memberships-1-user": self.outsider.pk,
            "memberships-1-role": "viewer", "memberships-1-active": "on",
        }
        response = self.client.post(f"/admin/orgs/organisation/{self.gov.pk}/change/", data)
        self.assertEqual(response.status_code, 302, response.content[:2000])
        event = Event.objects.get(kind="membership_added")
        self.assertEqual(
            (event.actor, event.org_id, event.data["user"]), (self.admin, self.gov.pk, "outsider")
        )

    def test_it_audits_a_working_group_created_and_deleted(self) -> None:
        response = self.client.post(
            "/admin/orgs/workinggroup/add/", {"hub": self.hub.pk, "name": "心理支持组", "members": []}
        )
        self.assertEqual(response.status_code, 302)
        group = self.hub.working_groups.get()
        self.client.post(f"/admin/orgs/workinggroup/{group.pk}/delete/", {"post": "yes"})
        kinds = list(Event.objects.filter(subject_type="workinggroup").values_list("kind", flat=True))
        self.assertEqual(sorted(kinds), ["workinggroup_added", "workinggroup_deleted"])

    def test_it_leaves_deadlines_to_the_audited_policy_editor(self) -> None:
        # The incident admin used to edit policy rows directly: no check that resolution ≥ first
        # action, no audit event, and a stale per-process cache.
        UrgencyPolicy.objects.create(incident=self.incident, level=1, claim_minutes=60, resolve_minutes=600)
        page = self.client.get(f"/admin/orgs/incident/{self.incident.pk}/change/").content.decode()
        self.assertFalse('name="policies-0-claim_minutes"' in page)
        self.assertIn(f"/incidents/{self.incident.pk}/policy/", page)


class SeatRankTests(BaseTestCase):
    def test_a_read_only_hub_seat_does_not_cancel_a_member_orgs_staff_seat(self) -> None:
        # "Hub seats first" ranked a hub viewer or volunteer seat above the same person's member-org
        # coordinator seat, so the coordinator lost the right to take calls and claim for their org.
        from heli.test import make_user
        from orgs.access import seat_in_network
        from orgs.models import Membership

        both = make_user("both", self.org_a, "coordinator")
        Membership.objects.create(user=both, org=self.hub, role="viewer")
        seat = seat_in_network(both, self.hub.pk)
        assert seat is not None
        self.assertEqual((seat.org_id, seat.role), (self.org_a.pk, "coordinator"))
        self.login(both)
        url = f"/intake/paste/?incident={self.incident.pk}"
        self.assertEqual(self.client.post(url, {"text": "老人断粮 13800000001"}).status_code, 200)

    def test_hub_staff_still_outrank_a_member_org_seat(self) -> None:
        from heli.test import make_user
        from orgs.access import seat_in_network
        from orgs.models import Membership

        both = make_user("both", self.org_a, "coordinator")
        Membership.objects.create(user=both, org=self.hub, role="operator")
        seat = seat_in_network(both, self.hub.pk)
        assert seat is not None
        self.assertTrue(seat.is_hub_staff)


class IncidentAdminTests(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        from heli.test import make_user

        self.login(make_user("root", None, None, is_staff=True, is_superuser=True))

    def add(self, prefix: str) -> Any:
        return self.client.post("/admin/orgs/incident/add/", {
            "name": "新事件", "code_prefix": prefix, "kind": "flood", "hub": self.hub.pk,
            "started_at_0": "2026-07-20", "started_at_1": "08:00", "status": "active",
            "reverify_after_hours": "24", "followup_after_days": "3",
            "policies-TOTAL_FORMS": "0", "policies-INITIAL_FORMS": "0",
            "policies-MIN_NUM_FORMS": "0", "policies-MAX_NUM_FORMS": "1000",
        })

    def test_it_stores_a_lower_case_prefix_in_capitals(self) -> None:
        # Request codes are looked up in capitals (xa-000001 → XA): an incident saved as "zz" had
        # requests whose own detail pages answered 404.
        self.assertEqual(self.add(" zz ").status_code, 302)
        self.assertTrue(type(self.incident).objects.filter(code_prefix="ZZ").exists())

    def test_it_refuses_a_prefix_that_cannot_be_read_back_from_a_code(self) -> None:
        for prefix in ("Z-1", "Z Z"):
            with self.subTest(prefix=prefix):
                self.assertEqual(self.add(prefix).status_code, 200)
        self.assertFalse(type(self.incident).objects.filter(name="新事件").exists())

    def test_it_keeps_the_prefix_once_the_incident_exists(self) -> None:
        # Renaming it would change the code of every request already given to a requester.
        page = self.client.get(f"/admin/orgs/incident/{self.incident.pk}/change/").content.decode()
        self.assertFalse('name="code_prefix"' in page)
