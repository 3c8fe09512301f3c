"""QA walk of the registry pages as a coordinator and a guardian would use them."""

from people.services import person_share
from people.tests.factory import RegistryTestCase


class PersonPageReadsAsWordsTest(RegistryTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.person = self.guarded_person(1)
        self.insulin(self.person)
        person_share(
            actor=self.member_coord,
            person=self.person,
            org=self.org_b,
            purpose="care",
            reason="照护人被隔离,需要乙机构上门探访照护",
        )
        self.login(self.member_coord)

    def test_title_does_not_carry_the_full_name(self) -> None:
        # Tab titles end up in browser history and on shared screens.
        body = self.client.get(f"/people/{self.person.pk}/").content.decode()
        title = body.split("<title>", 1)[1].split("</title>", 1)[0]
        self.assertNotIn(self.person.name, title)

    def test_address_shows_division_names_not_codes(self) -> None:
        resp = self.client.get(f"/people/{self.person.pk}/")
        self.assertContains(resp, "雁塔区")
        self.assertNotContains(resp, "610113 ")

    def test_list_shows_district_names(self) -> None:
        resp = self.client.get("/people/")
        self.assertContains(resp, "雁塔区")
        self.assertNotContains(resp, "<td>610113</td>")

    def test_history_and_shares_are_labelled_in_english(self) -> None:
        self.client.cookies["django_language"] = "en"
        body = self.client.get(f"/people/{self.person.pk}/").content.decode()
        for raw in ("person_registered", "guardian_assigned", "medication_added", "person_shared"):
            self.assertNotIn(raw, body)
        self.assertIn("Registered", body)
        self.assertNotIn(" · care · ", body)


class RegisterFormErrorsTest(RegistryTestCase):
    def test_refused_consent_scope_says_why(self) -> None:
        self.login(self.member_coord)
        resp = self.client.post(
            "/people/new/",
            {
                "name": "周奶奶",
                "phone": "13912345678",
                "county": "610113",
                "vulnerabilities": ["elderly_80"],
                "consent_scope": "nonsense",
                "channel": "phone",
            },
        )
        self.assertIn("consent_scope", resp.context["form"].errors)
        self.assertContains(resp, 'class="errorlist')
        self.assertContains(resp, 'value="周奶奶"')

    def test_unknown_division_is_shown_under_the_district(self) -> None:
        self.login(self.member_coord)
        resp = self.client.post(
            "/people/new/",
            {
                "name": "周奶奶",
                "phone": "13912345678",
                "county": "999999",
                "vulnerabilities": ["elderly_80"],
                "consent_scope": "own_org",
                "channel": "phone",
            },
        )
        self.assertTrue(resp.context["form"].errors.get("county"))


class TodayCardsHaveTheirOwnControlsTest(RegistryTestCase):
    def test_each_card_has_distinct_radio_ids(self) -> None:
        import re

        from django.utils import timezone

        from people.models import CheckInPlan

        self.guarded_person(1)
        self.guarded_person(2)
        CheckInPlan.objects.update(next_due_at=timezone.now())
        self.login(self.guardian)
        body = self.client.get("/people/today/").content.decode()
        ids = re.findall(r'<input type="radio"[^>]* id="([^"]+)"', body)
        self.assertEqual(len(ids), 12)  # two cards × six outcomes
        self.assertEqual(len(set(ids)), len(ids))


class RegistryListFiltersTest(RegistryTestCase):
    def test_district_filter_offers_names_and_import_reads_as_an_action(self) -> None:
        self.new_person(1)
        self.login(self.member_coord)
        self.client.cookies["django_language"] = "en"
        resp = self.client.get("/people/")
        self.assertContains(resp, '<option value="610113">雁塔区</option>', html=True)
        self.assertNotContains(resp, "Bulk imported")
        self.assertContains(self.client.get("/people/?county=610113"), "测试对象1")


class HandoverOffersAnyAvailableVolunteerTest(RegistryTestCase):
    def test_a_volunteer_who_guards_no_one_yet_can_take_over(self) -> None:
        self.guarded_person(1)
        self.login(self.member_coord)
        resp = self.client.get("/people/handover/")
        takers = resp.context["takers"]
        self.assertIn(self.vol, takers)  # 小志 guards nobody yet
        self.assertNotIn(self.member_b_coord, takers)

    def test_missing_reason_category_is_shown(self) -> None:
        self.guarded_person(1)
        self.login(self.member_coord)
        resp = self.client.post("/people/handover/", {"guardian": self.guardian.pk, "reason": "隔离"})
        self.assertIn("absence", resp.context["form"].errors)
        self.assertContains(resp, 'class="errorlist')


class RegistrySubNavOnlyUsableLinksTest(RegistryTestCase):
    def test_every_registry_link_opens_for_guardian_viewer_and_coordinator(self) -> None:
        import re

        person = self.guarded_person(1)
        for user, page in (
            (self.guardian, f"/people/{person.pk}/"),
            (self.viewer, "/people/coverage/"),
            (self.member_coord, "/people/"),
        ):
            self.login(user)
            body = self.client.get(page).content.decode()
            sub = re.search(r'<p class="counts">(.*?)</p>', body, re.S).group(1)
            for href in re.findall(r'href="([^"]+)"', sub):
                with self.subTest(user=user.username, href=href):
                    self.assertEqual(self.client.get(href).status_code, 200)
