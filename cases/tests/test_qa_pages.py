"""QA walk of the request pages as each persona would use them (found by clicking, kept as tests)."""

import re

from django.contrib.messages import constants

from cases.services import help_request_create
from heli.test import BaseTestCase, request_input

NAV = re.compile(r"<nav>(.*?)</nav>", re.S)
HREF = re.compile(r'href="([^"]+)"')


class NavShowsOnlyUsablePagesTest(BaseTestCase):
    """Every link in the top bar opens a page for that persona: no 403/404, no bounce back home."""

    def nav_links(self) -> list[str]:
        body = self.client.get("/").content.decode()
        match = NAV.search(body)
        self.assertIsNotNone(match)
        return HREF.findall(match.group(1))

    def test_every_nav_link_opens_for_every_persona(self) -> None:
        self.new_request()
        personas = [
            self.hub_coord,
            self.hub_operator,
            self.member_coord,
            self.member_operator,
            self.vol,
            self.member_b_coord,
            self.viewer,
            self.outsider,
        ]
        for user in personas:
            self.login(user)
            for href in self.nav_links():
                with self.subTest(user=user.username, href=href):
                    resp = self.client.get(href, follow=True)
                    self.assertEqual(resp.status_code, 200)
                    errors = [m for m in resp.context["messages"] if m.level == constants.ERROR]
                    self.assertEqual(errors, [], f"{href} bounced with {errors}")

    def test_viewer_gets_the_coverage_aggregates_not_the_register(self) -> None:
        self.login(self.viewer)
        links = self.nav_links()
        self.assertIn("/people/coverage/", links)
        self.assertNotIn("/people/", links)
        self.assertNotIn("/intake/", links)

    def test_volunteer_sees_tasks_not_intake(self) -> None:
        self.login(self.vol)
        links = self.nav_links()
        self.assertIn("/my/tasks/", links)
        self.assertIn("/people/today/", links)
        self.assertNotIn("/intake/", links)
        self.assertNotIn("/followups/", links)


def _intake_post(**overrides: str) -> dict[str, str]:
    data = {
        "channel": "hotline",
        "requester_name": "测试人",
        "requester_phone": "13800138001",
        "county": "610113",
        "people_count": "1",
        "urgency": "2",
        "need-TOTAL_FORMS": "3",
        "need-INITIAL_FORMS": "0",
        "need-MIN_NUM_FORMS": "0",
        "need-MAX_NUM_FORMS": "10",
        "need-0-category": "food",
        "need-0-item": "大米",
    }
    data.update(overrides)
    return data


class FormErrorsAreShownTest(BaseTestCase):
    """A refused form must say why, next to the field, and keep what was typed."""

    def test_hotline_intake_shows_too_long_pasted_text(self) -> None:
        self.login(self.hub_operator)
        resp = self.client.post(f"/intake/?incident={self.incident.pk}", _intake_post(raw_text="长" * 5001))
        self.assertContains(resp, "内容过长")
        self.assertContains(resp, 'value="测试人"')

    def test_hotline_intake_shows_need_line_errors(self) -> None:
        self.login(self.hub_operator)
        post = _intake_post(**{"need-0-item": "药" * 101, "need-1-category": "nonsense"})
        resp = self.client.post(f"/intake/?incident={self.incident.pk}", post)
        body = resp.content.decode()
        self.assertEqual(body.count('class="errorlist'), 2, body)

    def test_hotline_intake_puts_unknown_division_next_to_the_district(self) -> None:
        self.login(self.hub_operator)
        resp = self.client.post(f"/intake/?incident={self.incident.pk}", _intake_post(county="999999"))
        self.assertEqual(resp.context["form"].errors.get("county"), ["未知的区县/街道代码。"])

    def test_public_form_shows_urgency_and_need_errors(self) -> None:
        post = {
            "channel": "web_form",
            "requester_name": "测试人",
            "requester_phone": "13800138001",
            "people_count": "1",
            "urgency": "9",
            "need_category": "nonsense",
        }
        resp = self.client.post("/help/", post)
        self.assertEqual(resp.status_code, 400)
        self.assertEqual(resp.content.decode().count('class="errorlist'), 2)


class TimelineKeepsContactsMaskedTest(BaseTestCase):
    """A verifier's correction of phone or address must not show in clear on the timeline to
    someone who only sees the masked request (a member org), nor bypass the audited 查看完整号码."""

    def setUp(self) -> None:
        super().setUp()
        self.hr = self.new_request()
        self.login(self.hub_operator)
        self.client.post(
            f"/requests/{self.hr.code}/verify/",
            {
                "outcome": "corrected",
                "channel": "phone",
                "requester_phone": "13911112222",
                "address_detail": "新楼 9 号",
            },
        )

    def test_member_org_sees_corrections_masked(self) -> None:
        self.login(self.member_coord)
        resp = self.client.get(f"/requests/{self.hr.code}/")
        self.assertEqual(resp.status_code, 200)
        body = resp.content.decode()
        self.assertNotIn("13911112222", body)
        self.assertNotIn("13800138000", body)
        self.assertNotIn("新楼 9 号", body)
        self.assertIn("139****2222", body)

    def test_hub_sees_corrections_in_clear_after_reveal(self) -> None:
        self.login(self.hub_coord)
        self.assertNotContains(self.client.get(f"/requests/{self.hr.code}/"), "13911112222")
        self.assertContains(self.client.post(f"/requests/{self.hr.code}/reveal/"), "13911112222")

    def test_changed_fields_are_named_in_the_users_language(self) -> None:
        self.login(self.hub_coord)
        self.client.cookies["django_language"] = "en"
        body = self.client.get(f"/requests/{self.hr.code}/").content.decode()
        self.assertNotIn("requester_phone:", body)
        self.assertNotIn("address_detail:", body)


class TimelineShowsLocalTimesTest(BaseTestCase):
    def test_deadline_is_shown_in_china_time_not_iso_utc(self) -> None:
        from cases.presenters import describe

        text = describe({"due": "2026-11-23T14:45:37.724439+00:00", "status": "verified"})
        self.assertIn("11-23 22:45", text)
        self.assertNotIn("+00:00", text)


class QueueFilterCountsTest(BaseTestCase):
    def test_status_and_urgency_options_carry_their_counts(self) -> None:
        self.new_request(urgency=1)
        self.new_request(urgency=1, requester_phone="13800138002")
        self.login(self.hub_coord)
        resp = self.client.get("/queue/")
        self.assertContains(resp, '<option value="new">待核实 (2)</option>', html=True)
        self.assertContains(resp, '<option value="1">1 (2)</option>', html=True)


class ActionRefusalsReadAsWordsTest(BaseTestCase):
    def test_bad_corrected_phone_is_named_by_its_label(self) -> None:
        hr = self.new_request()
        self.login(self.hub_operator)
        self.client.cookies["django_language"] = "en"
        resp = self.client.post(
            f"/requests/{hr.code}/verify/",
            {"outcome": "corrected", "channel": "phone", "requester_phone": "123"},
            follow=True,
        )
        text = " ".join(str(m) for m in resp.context["messages"])
        self.assertNotIn("requester_phone", text)
        self.assertIn("Corrected phone", text)


class ReopenOnlyFromClosedTest(BaseTestCase):
    """help_request_reopen checked only ALLOWED, so a POST to /reopen/ on a new request marked it
    verified without any call, and on a claimed one silently dropped the claim and the volunteer."""

    def test_reopen_of_a_new_request_is_refused(self) -> None:
        hr = self.new_request()
        self.login(self.hub_coord)
        self.client.post(f"/requests/{hr.code}/reopen/", {"reason": "试一下"})
        hr.refresh_from_db()
        self.assertEqual(hr.status, "new")


class FollowUpListOnlyWhatYouMayCallTest(BaseTestCase):
    """Org B's delivered case is shared (masked) with org A, but only org B and the hub may record
    its follow-up: it must not sit in org A's 回访 list with no form behind it."""

    def setUp(self) -> None:
        super().setUp()
        from cases.services import help_request_claim, help_request_deliver, verification_record

        self.hr = self.new_request()
        verification_record(actor=self.hub_operator, help_request=self.hr, outcome="confirmed")
        help_request_claim(actor=self.member_b_coord, help_request=self.hr, org=self.org_b)
        help_request_deliver(actor=self.member_b_coord, help_request=self.hr)

    def test_other_member_org_does_not_list_it(self) -> None:
        self.login(self.member_coord)
        self.assertNotContains(self.client.get("/followups/"), self.hr.code)

    def test_claiming_org_and_hub_list_it(self) -> None:
        for user in (self.member_b_coord, self.hub_operator):
            self.login(user)
            self.assertContains(self.client.get("/followups/"), self.hr.code)


class RefusedActionKeepsTypedInputTest(BaseTestCase):
    def test_refused_verification_comes_back_with_what_was_typed(self) -> None:
        hr = self.new_request()
        self.login(self.hub_operator)
        resp = self.client.post(
            f"/requests/{hr.code}/verify/",
            {
                "outcome": "corrected",
                "channel": "phone",
                "requester_phone": "123",
                "address_detail": "新楼 7 号",
                "note": "女儿接的电话",
            },
        )
        self.assertEqual(resp.status_code, 400)
        self.assertContains(resp, 'value="女儿接的电话"', status_code=400)
        self.assertContains(resp, 'value="新楼 7 号"', status_code=400)
        self.assertContains(resp, "更正电话", status_code=400)
        hr.refresh_from_db()
        self.assertEqual(hr.status, "new")

    def test_refused_close_keeps_the_reason_and_note(self) -> None:
        hr = self.new_request()
        self.login(self.hub_coord)
        resp = self.client.post(
            f"/requests/{hr.code}/close/",
            {"reason": "duplicate", "duplicate_of": "XA-999999", "note": "同一户"},
        )
        self.assertEqual(resp.status_code, 400)
        self.assertContains(resp, 'value="同一户"', status_code=400)
        self.assertContains(resp, '<option value="duplicate" selected>', status_code=400)


class PublicFormSpeaksToTheRequesterTest(BaseTestCase):
    def test_consent_is_asked_in_the_first_person(self) -> None:
        resp = self.client.get("/help/")
        self.assertContains(resp, "我同意把我的求助信息提供给参与救助的伙伴机构")
        self.assertNotContains(resp, "求助人同意向伙伴机构共享信息")


class QueueSearchDoesNotProbeMaskedAddressesTest(BaseTestCase):
    def test_member_org_cannot_find_a_request_by_its_masked_address(self) -> None:
        hr = self.new_request(address_detail="幸福小区 8 栋 1 单元", description="缺米")
        self.login(self.member_coord)
        self.assertNotContains(self.client.get("/queue/", {"q": "幸福小区 8 栋"}), hr.code)
        self.assertContains(self.client.get("/queue/", {"q": "缺米"}), hr.code)

    def test_hub_staff_can_search_addresses(self) -> None:
        hr = self.new_request(address_detail="幸福小区 8 栋 1 单元")
        self.login(self.hub_operator)
        self.assertContains(self.client.get("/queue/", {"q": "幸福小区 8 栋"}), hr.code)


class DuplicateHintsOnlyVisibleRequestsTest(BaseTestCase):
    def test_member_org_is_not_pointed_at_an_unshared_request_of_another_org(self) -> None:
        hidden = self.new_request(consent_share=False, address_detail="甲楼")
        own, _created = help_request_create(
            actor=self.member_operator,
            incident=self.incident,
            data=request_input(address_detail="乙楼"),
            org=self.org_a,
        )
        self.login(self.member_operator)
        resp = self.client.get(f"/requests/{own.code}/")
        self.assertEqual(resp.status_code, 200)
        self.assertNotContains(resp, hidden.code)
        self.login(self.hub_operator)
        self.assertContains(self.client.get(f"/requests/{own.code}/"), hidden.code)


class IntakeDuplicateCheckVisibilityTest(BaseTestCase):
    """A member org's operator typing a phone number must not learn the code and status of another
    org's request that was not shared (the duplicate hint lists only requests they may open)."""

    def test_member_operator_does_not_learn_about_unshared_requests(self) -> None:
        hidden = self.new_request(consent_share=False)
        self.login(self.member_operator)
        resp = self.client.get(
            "/intake/duplicates/", {"incident": self.incident.pk, "phone": "13800138000"}
        )
        self.assertNotContains(resp, hidden.code)
