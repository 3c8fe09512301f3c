"""Refused person-page forms come back as typed; a stale guardian or plan form is not applied."""

from people.models import CheckIn, CheckInPlan, Person
from people.services import guardian_assign, plan_set
from people.tests.factory import RegistryTestCase


class RefusedFormsKeepWhatWasTypedTest(RegistryTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.person = self.guarded_person(1)
        self.login(self.member_coord)

    def test_a_refused_check_in_keeps_the_note(self) -> None:
        # "Needs something" without saying what: refused by the service.
        resp = self.client.post(
            f"/people/{self.person.pk}/checkin/",
            {"outcome": "needs", "note": "老人说降压药只剩两天", "urgency": "2"},
        )
        self.assertEqual(resp.status_code, 400)
        self.assertContains(resp, "老人说降压药只剩两天", status_code=400)
        self.assertFalse(CheckIn.objects.exists())

    def test_a_refused_share_keeps_the_org_and_the_reason(self) -> None:
        resp = self.client.post(
            f"/people/{self.person.pk}/share/",
            {"org": str(self.org_b.pk), "purpose": "care", "reason": "照护人隔离"},
        )
        self.assertEqual(resp.status_code, 400)
        body = resp.content.decode()
        self.assertIn("照护人隔离", body)
        self.assertIn(f'<option value="{self.org_b.pk}" selected>', body)

    def test_a_refused_medication_keeps_the_item_and_opens_its_form(self) -> None:
        resp = self.client.post(
            f"/people/{self.person.pk}/medication/",
            {
                "item": "硝苯地平缓释片",
                "kind": "drug",
                "daily_use": "-1",
                "on_hand": "20",
                "source": "pharmacy",
                "lead_time_days": "3",
            },
        )
        self.assertEqual(resp.status_code, 400)
        self.assertContains(resp, 'value="硝苯地平缓释片"', status_code=400)
        self.assertContains(resp, "<details open>", status_code=400)

    def test_the_plan_form_shows_the_current_plan(self) -> None:
        plan_set(actor=self.member_coord, person=self.person, cadence="weekly", channel="wechat")
        form = self.client.get(f"/people/{self.person.pk}/").context["plan_form"]
        self.assertEqual(form.initial, {"cadence": "weekly", "channel": "wechat"})


class StaleFormsTest(RegistryTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.person = self.guarded_person(1)
        self.login(self.member_coord)

    def test_a_guardian_form_from_a_stale_page_does_not_overwrite(self) -> None:
        seen = Person.objects.get(pk=self.person.pk).version
        # A colleague swaps guardian and backup after the page was read.
        guardian_assign(actor=self.hub_coord, person=self.person, guardian=self.backup, backup=self.guardian)
        resp = self.client.post(
            f"/people/{self.person.pk}/guardian/",
            {"version": str(seen), "guardian": str(self.vol.pk), "reason": "就近"},
        )
        self.assertEqual(resp.status_code, 400)
        self.assertEqual(Person.objects.get(pk=self.person.pk).guardian_id, self.backup.pk)
        self.assertContains(resp, 'value="就近"', status_code=400)
        fresh = Person.objects.get(pk=self.person.pk).version
        resp = self.client.post(
            f"/people/{self.person.pk}/guardian/",
            {"version": str(fresh), "guardian": str(self.vol.pk), "reason": "就近"},
        )
        self.assertEqual(resp.status_code, 302)
        self.assertEqual(Person.objects.get(pk=self.person.pk).guardian_id, self.vol.pk)

    def test_a_plan_form_from_a_stale_page_does_not_overwrite(self) -> None:
        body = self.client.get(f"/people/{self.person.pk}/").content.decode()
        seen = CheckInPlan.objects.get(person=self.person).version
        self.assertIn(f'name="version" value="{seen}"', body)
        plan_set(actor=self.hub_coord, person=self.person, cadence="weekly", channel="door")
        resp = self.client.post(
            f"/people/{self.person.pk}/plan/", {"version": str(seen), "cadence": "daily", "channel": "phone"}
        )
        self.assertEqual(resp.status_code, 400)
        plan = CheckInPlan.objects.get(person=self.person)
        self.assertEqual((plan.cadence, plan.channel), ("weekly", "door"))


class TodayPageKeepsTheNoteTest(RegistryTestCase):
    def test_a_refused_check_in_on_the_phone_page_keeps_the_note_on_its_card(self) -> None:
        person = self.guarded_person(1)
        self.login(self.guardian)
        resp = self.client.post(
            f"/people/{person.pk}/checkin/",
            {"next": "today", "outcome": "needs", "note": "家里没米了", "urgency": "2"},
        )
        self.assertEqual(resp.status_code, 400)
        self.assertContains(resp, "家里没米了", status_code=400)
        self.assertContains(resp, f'id="id_p{person.pk}_note"', status_code=400)
        self.assertFalse(CheckIn.objects.exists())
