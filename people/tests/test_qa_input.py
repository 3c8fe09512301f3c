"""Bad input on every registry form and endpoint is refused in words, never answered with a 500."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from people.models import CheckIn
from people.tests.factory import RegistryTestCase

HUGE = "9" * 30


class TamperedIdsTest(RegistryTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.person = self.guarded_person(1)
        self.med = self.insulin(self.person)
        self.client.raise_request_exception = False

    def test_a_tampered_medication_id_is_an_unknown_record(self) -> None:
        self.login(self.guardian)
        for bad in ("\x00", "²", "abc", "1e400", HUGE):
            for action, data in (("count", {"on_hand": "5"}), ("medication-stop", {})):
                resp = self.client.post(
                    f"/people/{self.person.pk}/{action}/", {**data, "medication": bad}, follow=True
                )
                self.assertEqual(resp.status_code, 200 if action == "count" else 403, (action, bad))
        self.login(self.member_coord)
        resp = self.client.post(
            f"/people/{self.person.pk}/medication-stop/", {"medication": "²"}, follow=True
        )
        self.assertEqual(resp.status_code, 200)
        self.assertContains(resp, "未知的药品记录")

    def test_a_30_digit_volunteer_id_in_the_handover_is_refused(self) -> None:
        self.login(self.member_coord)
        for key in ("guardian", "new_guardian"):
            data = {"guardian": str(self.guardian.pk), "absence": "sick", "reason": "发烧", key: HUGE}
            resp = self.client.post("/people/handover/", data)
            self.assertEqual(resp.status_code, 200, key)
            self.assertIn(key, resp.context["form"].errors)

    def test_the_api_cursor_refuses_superscript_digits(self) -> None:
        self.login(self.member_coord)
        self.assertEqual(self.client.get("/api/people/", {"after": "²"}).status_code, 400)
        self.assertEqual(self.client.get("/api/people/", {"after": HUGE}).status_code, 400)
        self.assertEqual(self.client.get("/api/people/", {"after": "0"}).status_code, 200)


class NulAndUnknownValuesTest(RegistryTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.person = self.guarded_person(1)
        self.login(self.guardian)

    def test_the_api_refuses_a_nul_note_and_an_unknown_channel(self) -> None:
        url = f"/api/people/{self.person.pk}/checkins/"
        for data in ({"outcome": "fine", "note": "a\x00b"}, {"outcome": "fine", "channel": "x" * 50}):
            resp = self.client.post(url, data, content_type="application/json")
            self.assertEqual(resp.status_code, 400, data)
        self.assertFalse(CheckIn.objects.exists())

    def test_the_list_search_never_sends_a_nul_to_the_database(self) -> None:
        # PostgreSQL refuses NUL in a parameter; SQLite does not, so check what is sent.
        self.login(self.member_coord)
        with CaptureQueriesContext(connection) as queries:
            resp = self.client.get("/people/", {"q": "测试\x00", "county": "\x00610113"})
        self.assertEqual(resp.status_code, 200)
        self.assertFalse(any("\x00" in q["sql"] for q in queries.captured_queries))
        self.assertContains(resp, self.person.name)


class HandoverScopeTest(RegistryTestCase):
    def test_a_coordinator_cannot_mark_another_orgs_volunteer_unavailable(self) -> None:
        from people.models import GuardianAbsence

        self.guarded_person(1)
        for coord in (self.outsider, self.member_b_coord):
            self.login(coord)
            resp = self.client.post(
                "/people/handover/",
                {"guardian": str(self.guardian.pk), "absence": "sick", "reason": "随便填的"},
            )
            self.assertEqual(resp.status_code, 200)
            self.assertIn("guardian", resp.context["form"].errors)
        self.assertFalse(GuardianAbsence.objects.exists())
        # The owning org's coordinator still can.
        self.login(self.member_coord)
        resp = self.client.post(
            "/people/handover/", {"guardian": str(self.guardian.pk), "absence": "sick", "reason": "发烧"}
        )
        self.assertEqual(resp.status_code, 302)
        self.assertTrue(GuardianAbsence.objects.filter(user=self.guardian).exists())


class RegisterOrgTest(RegistryTestCase):
    def test_a_tampered_org_is_refused_not_replaced(self) -> None:
        from people.models import Person

        self.login(self.member_coord)
        data = {
            "name": "周奶奶",
            "phone": "13912345678",
            "county": "610113",
            "vulnerabilities": ["elderly_80"],
            "consent_scope": "own_org",
            "channel": "phone",
        }
        for org in (self.org_b.pk, "²"):
            self.assertEqual(self.client.post("/people/new/", {**data, "org": org}).status_code, 403)
        self.assertFalse(Person.objects.exists())
        self.assertEqual(self.client.post("/people/new/", {**data, "org": self.org_a.pk}).status_code, 302)


class StoppedMedicationTest(RegistryTestCase):
    def test_a_stopped_medication_is_neither_counted_nor_stopped_again(self) -> None:
        from core.models import Event
        from people.services import medication_stop

        person = self.guarded_person(1)
        med = self.insulin(person)
        medication_stop(actor=self.member_coord, medication=med)
        self.login(self.member_coord)
        for action, data in (("count", {"on_hand": "3"}), ("medication-stop", {})):
            resp = self.client.post(
                f"/people/{person.pk}/{action}/", {**data, "medication": med.pk}, follow=True
            )
            self.assertContains(resp, "该药品已停用")
        med.refresh_from_db()
        self.assertEqual(med.on_hand, 10)
        self.assertEqual(Event.objects.filter(kind="medication_stopped").count(), 1)


class ApiNullsTest(RegistryTestCase):
    def test_null_note_and_channel_mean_not_given(self) -> None:
        person = self.guarded_person(1)
        self.login(self.guardian)
        resp = self.client.post(
            f"/api/people/{person.pk}/checkins/",
            {"outcome": "fine", "note": None, "channel": None},
            content_type="application/json",
        )
        self.assertEqual(resp.status_code, 201)
        checkin = CheckIn.objects.get()
        self.assertEqual((checkin.note, checkin.channel), ("", "phone"))
