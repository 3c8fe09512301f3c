"""The pages through HTTP: register, person page (masking, access log, reveal), sharing, coverage."""

from core.models import Event
from people.models import Person, ShareGrant
from people.services import checkin_record, person_share
from people.tests.factory import RegistryTestCase, make_id

ID = make_id("61011319400101123")


class RegisterPageTests(RegistryTestCase):
    def test_it_registers_a_person_with_a_carer(self) -> None:
        self.login(self.member_coord)
        response = self.client.post(
            "/people/new/",
            {
                "name": "周奶奶",
                "phone": "13912345678",
                "id_number": ID,
                "county": "610113",
                "township": "610113001",
                "address_detail": "某小区 1 栋",
                "vulnerabilities": ["elderly_80", "disabled"],
                "disability_type": "visual",
                "carer_situation": "儿子被隔离",
                "consent_scope": "network",
                "consent_purposes": ["care"],
                "channel": "phone",
                "carer_name": "周某",
                "carer_relation": "child",
                "carer_phone": "13900001111",
            },
        )
        person = Person.objects.get()
        self.assertRedirects(response, f"/people/{person.pk}/", fetch_redirect_response=False)
        self.assertEqual(
            (person.township_code, person.county_code, person.hub_id), ("610113001", "610113", self.hub.pk)
        )
        self.assertEqual(person.household.get().relation, "child")
        self.assertEqual(person.plan.cadence, "daily")

    def test_it_shows_clear_errors_next_to_the_fields(self) -> None:
        self.login(self.member_coord)
        response = self.client.post(
            "/people/new/",
            {
                "name": "周奶奶",
                "phone": "123",
                "id_number": ID[:17] + "0",
                "vulnerabilities": ["elderly_80"],
                "consent_scope": "own_org",
                "channel": "phone",
            },
        )
        self.assertContains(response, "电话号码无法识别")
        self.assertContains(response, "校验位不正确")
        self.assertFalse(Person.objects.exists())


class PersonPageTests(RegistryTestCase):
    def setUp(self) -> None:
        self.person = self.guarded_person(1, id_number=ID)

    def test_it_masks_id_and_phone_and_logs_every_view(self) -> None:
        self.login(self.guardian)
        response = self.client.get(f"/people/{self.person.pk}/")
        self.assertContains(response, "139****0001")
        self.assertNotContains(response, "13900000001")
        self.assertNotContains(response, ID)
        self.assertNotContains(response, "访问记录")  # the guardian does not see the log
        views = Event.objects.filter(kind="person_viewed", subject_id=self.person.pk)
        self.assertEqual(list(views.values_list("actor", flat=True)), [self.guardian.pk])

    def test_it_reveals_in_clear_with_an_audit_event(self) -> None:
        self.login(self.backup)
        response = self.client.post(f"/people/{self.person.pk}/reveal/", {"reason": "上门前联系"})
        self.assertContains(response, "13900000001")
        self.assertContains(response, ID)
        event = Event.objects.get(kind="person_revealed")
        self.assertEqual((event.actor_id, event.data["reason"]), (self.backup.pk, "上门前联系"))

    def test_it_shows_the_access_log_to_the_owning_coordinators(self) -> None:
        self.login(self.guardian)
        self.client.get(f"/people/{self.person.pk}/")
        self.login(self.member_coord)
        response = self.client.get(f"/people/{self.person.pk}/")
        self.assertContains(response, "访问记录")
        self.assertEqual(
            [e.actor_id for e in response.context["access_log"]], [self.member_coord.pk, self.guardian.pk]
        )

    def test_it_records_a_check_in_from_the_page(self) -> None:
        self.login(self.guardian)
        self.client.post(f"/people/{self.person.pk}/checkin/", {"outcome": "fine", "urgency": 3})
        self.assertEqual(self.person.checkins.get().actor_id, self.guardian.pk)


class ShareTests(RegistryTestCase):
    def test_it_shares_by_consent_without_a_reason(self) -> None:
        person = self.new_person(1, consent_scope="network", consent_purposes=["supplies"])
        grant = person_share(actor=self.member_coord, person=person, org=self.org_b, purpose="supplies")
        self.assertTrue(grant.by_consent)
        self.login(self.member_b_coord)
        self.assertEqual(self.client.get(f"/people/{person.pk}/").status_code, 200)
        self.assertEqual(self.client.post(f"/people/{person.pk}/checkin/").status_code, 403)

    def test_it_needs_a_written_reason_without_consent_and_logs_it(self) -> None:
        person = self.new_person(1)
        with self.assertRaisesRegex(Exception, "理由"):
            person_share(actor=self.member_coord, person=person, org=self.org_b, purpose="medical")
        person_share(
            actor=self.member_coord,
            person=person,
            org=self.org_b,
            purpose="medical",
            reason="本人昏迷,需转介透析,家属联系不上",
        )
        grant = ShareGrant.objects.get()
        self.assertFalse(grant.by_consent)
        event = Event.objects.get(kind="person_shared")
        self.assertEqual((event.data["by_consent"], event.actor_id), (False, self.member_coord.pk))

    def test_it_refuses_sharing_outside_the_network(self) -> None:
        person = self.new_person(1, consent_scope="network", consent_purposes=["care"])
        with self.assertRaisesRegex(Exception, "本协作网络"):
            person_share(actor=self.member_coord, person=person, org=self.other_hub, purpose="care")


class CoverageTests(RegistryTestCase):
    def test_it_counts_by_district_and_vulnerability_for_the_government_viewer(self) -> None:
        self.guarded_person(1, vulnerabilities=["elderly_80", "living_alone"])
        self.new_person(2, vulnerabilities=["living_alone"])
        self.new_person(
            3, vulnerabilities=["pregnant"], division_code="", actor=self.member_b_coord, org=self.org_b
        )
        self.login(self.viewer)
        ctx = self.client.get("/people/coverage/").context
        self.assertEqual((ctx["total"], ctx["guarded"], ctx["share"]), (3, 1, 33))
        yanta = next(r for r in ctx["table"] if r["code"] == "610113")
        alone = [v for v, _ in ctx["vulns"]].index("living_alone")
        self.assertEqual((yanta["cells"][alone]["n"], yanta["cells"][alone]["share"]), (2, 50))
        self.login(self.member_b_coord)  # an org coordinator counts their own org only
        self.assertEqual(self.client.get("/people/coverage/").context["total"], 1)

    def test_it_reports_the_share_of_check_ins_on_time_in_the_last_week(self) -> None:
        person = self.guarded_person(1)
        checkin_record(actor=self.guardian, person=person, outcome="fine")
        self.login(self.hub_coord)
        ctx = self.client.get("/people/coverage/").context
        self.assertEqual((ctx["checkins"], ctx["on_time"]), (1, 100))
