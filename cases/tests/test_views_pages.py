from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from cases.models import HelpRequest
from cases.services import (
    help_request_assign_volunteer,
    help_request_claim,
    help_request_unassign_volunteer,
    verification_record,
)
from core.models import Event
from heli.test import XIAN_YANTA, BaseTestCase

S = HelpRequest.Status


class QueueTests(BaseTestCase):
    def test_it_lists_by_deadline_with_counts(self) -> None:
        late = self.new_request(urgency=4)
        urgent = self.new_request(urgency=1, requester_phone="13900139001")
        self.login(self.hub_coord)
        response = self.client.get("/queue/")
        body = response.content.decode()
        self.assertLess(body.index(urgent.code), body.index(late.code))
        self.assertEqual(response.context["counts"]["total"], 2)
        self.assertEqual(response.context["counts"]["u1"], 1)

    def test_it_never_sends_a_nul_to_the_database(self) -> None:
        # PostgreSQL's driver refuses NUL in a parameter: ?q=%00 was a 500 there.
        hr = self.new_request(description="需要大米")
        self.login(self.hub_coord)
        with CaptureQueriesContext(connection) as queries:
            rows = self.client.get("/queue/?q=%00大米").context["rows"]
        self.assertEqual([r["hr"].pk for r in rows], [hr.pk])
        self.assertFalse([q["sql"] for q in queries.captured_queries if "\x00" in q["sql"]])

    def test_it_counts_what_just_changed(self) -> None:
        # The counts were cached for 15 s: a claim moved the row but not the number next to it.
        hr = self.new_request(urgency=1)
        self.login(self.hub_coord)
        self.assertEqual(self.client.get("/queue/").context["counts"]["s_new"], 1)
        verification_record(actor=self.hub_operator, help_request=hr, outcome="confirmed")
        self.new_request(urgency=2, requester_phone="13900139003")
        counts = self.client.get("/queue/").context["counts"]
        self.assertEqual((counts["total"], counts["s_new"], counts["s_verified"], counts["u2"]), (2, 1, 1, 1))

    def test_it_filters(self) -> None:
        a = self.new_request(urgency=1)
        b = self.new_request(urgency=3, requester_phone="13900139002")
        self.login(self.hub_coord)
        for query, expected in (
            ("urgency=1", {a.pk}),
            ("urgency=3", {b.pk}),
            (f"county={XIAN_YANTA}", {a.pk, b.pk}),
            ("need=food", {a.pk, b.pk}),
            ("need=rescue", set()),
            ("view=overdue", set()),
            ("status=new", {a.pk, b.pk}),
            ("urgency=9&page=x", {a.pk, b.pk}),
            # Unicode digits and numbers past 64 bits are typos, not a 500.
            ("page=²&claimed_by=²", {a.pk, b.pk}),
            (f"page=1&claimed_by={'9' * 30}", {a.pk, b.pk}),
            (f"partial=1&page={'9' * 30}", {a.pk, b.pk}),
        ):
            with self.subTest(query=query):
                rows = self.client.get(f"/queue/?{query}").context["rows"]
                self.assertEqual({r["hr"].pk for r in rows}, expected)

    def test_it_does_not_let_a_member_search_behind_masked_numbers(self) -> None:
        # The description shows 139****5678 to org B; a search for the full number found the case,
        # confirming a guess digit by digit.
        shared = self.new_request(description="请打女儿电话 13912345678")
        own = self.new_request(actor=self.member_operator, description="邻居 13912345678 代为求助",
                               requester_phone="13700137000")
        HelpRequest.objects.filter(pk=own.pk).update(created_by_org=self.org_a)
        for user, expected in ((self.member_b_coord, set()), (self.member_coord, {own.pk}),
                               (self.hub_coord, {shared.pk, own.pk})):
            self.login(user)
            rows = self.client.get("/queue/?q=13912345678").context["rows"]
            self.assertEqual({r["hr"].pk for r in rows}, expected, user.username)
        self.login(self.member_b_coord)
        rows = self.client.get("/queue/?q=女儿").context["rows"]
        self.assertEqual([r["hr"].pk for r in rows], [shared.pk])  # words still find shared cases

    def test_it_masks_members_view(self) -> None:
        self.new_request(requester_phone="13812345678")
        self.login(self.member_coord)
        response = self.client.get("/queue/")
        self.assertContains(response, "138****5678")
        self.assertNotContains(response, "13812345678")

    def test_it_shows_viewers_no_rows(self) -> None:
        self.new_request()
        self.login(self.viewer)
        self.assertEqual(self.client.get("/queue/").context["rows"], [])

    def test_it_requires_login(self) -> None:
        self.assertEqual(self.client.get("/queue/").status_code, 302)


class DetailTests(BaseTestCase):
    def test_it_masks_until_revealed_and_logs_the_reveal(self) -> None:
        hr = self.new_request(requester_phone="13812345678")
        self.login(self.hub_operator)
        self.assertNotContains(self.client.get(f"/requests/{hr.code}/"), "13812345678")
        response = self.client.post(f"/requests/{hr.code}/reveal/")
        self.assertContains(response, "13812345678")
        self.assertTrue(
            Event.objects.filter(kind="contact_revealed", subject_id=hr.pk, actor=self.hub_operator)
        )

    def test_it_masks_phone_numbers_in_the_description_like_the_api(self) -> None:
        # A pasted message often carries the number; a member org saw it in clear here while the
        # API (and the masked contact line above it) hid it.
        hr = self.new_request(description="老人独居,请联系女儿 13912345678", raw_text="王阿姨 13800138000")
        self.login(self.member_b_coord)
        response = self.client.get(f"/requests/{hr.code}/")
        self.assertContains(response, "请联系女儿 139****5678")
        self.assertNotContains(response, "13912345678")
        self.assertNotContains(response, "王阿姨")
        self.login(self.hub_operator)
        self.assertContains(self.client.post(f"/requests/{hr.code}/reveal/"), "13912345678")

    def test_it_names_every_kind_of_event_in_the_timeline(self) -> None:
        # A volunteer's hand-back showed as the raw word "unassigned", in both languages.
        hr = self.new_request()
        verification_record(actor=self.hub_operator, help_request=hr, outcome="confirmed")
        help_request_claim(actor=self.member_coord, help_request=hr, org=self.org_a)
        help_request_assign_volunteer(actor=self.member_coord, help_request=hr, volunteer=self.vol)
        help_request_unassign_volunteer(actor=self.vol, help_request=hr, reason="发烧了")
        self.login(self.member_coord)
        self.assertContains(self.client.get(f"/requests/{hr.code}/"), "撤回派单")
        self.client.cookies["django_language"] = "en"
        response = self.client.get(f"/requests/{hr.code}/")
        self.assertNotContains(response, "unassigned")
        self.assertContains(response, "Take the volunteer off")

    def test_it_masks_phone_numbers_in_staff_notes_until_revealed(self) -> None:
        hr = self.new_request()
        verification_record(actor=self.hub_operator, help_request=hr, outcome="no_answer",
                            note="女儿电话 13912345678 也没人接")
        verification_record(actor=self.hub_operator, help_request=hr, outcome="confirmed",
                            note="改打 13912345678 接通")
        self.login(self.member_b_coord)
        response = self.client.get(f"/requests/{hr.code}/")
        self.assertContains(response, "女儿电话 139****5678")  # the attempts list
        self.assertContains(response, "改打 139****5678")  # the timeline
        self.assertNotContains(response, "13912345678")
        self.login(self.hub_operator)
        self.assertContains(self.client.post(f"/requests/{hr.code}/reveal/"), "改打 13912345678")
        api = self.client.get(f"/api/requests/{hr.code}/?timeline=1").json()
        verified = next(e for e in api["timeline"] if e["kind"] == "verified")
        self.assertEqual(verified["data"]["note"], "改打 139****5678 接通")

    def test_it_refuses_reveal_to_members_without_the_case(self) -> None:
        hr = self.new_request(requester_phone="13812345678")
        self.login(self.member_b_coord)
        self.assertEqual(self.client.post(f"/requests/{hr.code}/reveal/").status_code, 403)
        self.assertEqual(self.client.get(f"/requests/{hr.code}/reveal/").status_code, 405)

    def test_it_hides_requests_from_outsiders(self) -> None:
        hr = self.new_request()
        self.login(self.outsider)
        self.assertEqual(self.client.get(f"/requests/{hr.code}/").status_code, 404)

    def test_it_shows_the_timeline(self) -> None:
        hr = self.new_request()
        verification_record(actor=self.hub_operator, help_request=hr, outcome="confirmed", note="本人接听")
        self.login(self.hub_coord)
        response = self.client.get(f"/requests/{hr.code}/")
        self.assertContains(response, "登记")
        self.assertContains(response, "待核实 → 已核实")


class IntakeTests(BaseTestCase):
    def post(self, **overrides):  # type: ignore[no-untyped-def]
        data = {
            "channel": "hotline",
            "requester_name": "李先生",
            "requester_phone": "139 1234 5678",
            "province": "61",
            "city": "6101",
            "county": XIAN_YANTA,
            "address_detail": "某路 8 号",
            "people_count": "3",
            "urgency": "2",
            "description": "老人断药",
            "consent_share": "on",
            "need-TOTAL_FORMS": "3",
            "need-INITIAL_FORMS": "0",
            "need-0-category": "medicine",
            "need-0-item": "降压药",
            "need-0-qty_requested": "2",
            "need-0-unit": "盒",
        }
        data.update(overrides)
        return self.client.post("/intake/", data)

    def test_it_creates_a_request(self) -> None:
        self.login(self.hub_operator)
        response = self.post()
        hr = HelpRequest.objects.get()
        self.assertRedirects(response, f"/requests/{hr.code}/", fetch_redirect_response=False)
        self.assertEqual(
            (hr.requester_phone, hr.county_code, hr.created_by_org_id),
            ("13912345678", XIAN_YANTA, self.hub.pk),
        )
        self.assertEqual(hr.needs.get().item, "降压药")

    def test_it_shows_field_errors_and_keeps_input(self) -> None:
        self.login(self.hub_operator)
        for field, value in (
            ("requester_phone", "12345"),
            ("people_count", "0"),
            ("urgency", "7"),
            ("county", "999999"),
            ("description", "长" * 6000),
        ):
            with self.subTest(field=field):
                response = self.post(**{field: value})
                self.assertEqual(response.status_code, 200)
                self.assertTrue(response.context["form"].errors)
                self.assertContains(response, "李先生")
        self.assertEqual(HelpRequest.objects.count(), 0)

    def test_it_builds_no_more_need_forms_than_it_shows(self) -> None:
        # Django allows max_num + 1,000 forms by default: a tampered count cost 15 s of CPU.
        self.login(self.hub_operator)
        response = self.post(**{"need-TOTAL_FORMS": "99999"})
        self.assertLessEqual(len(response.context["formset"].forms), 10)
        self.assertTrue(response.context["formset"].non_form_errors())
        self.assertEqual(HelpRequest.objects.count(), 0)

    def test_it_refuses_a_quantity_past_the_column_and_keeps_input(self) -> None:
        # A typo's extra zeros overflowed the need line's integer column: a 500 that lost the form.
        self.login(self.hub_operator)
        response = self.post(**{"need-0-qty_requested": "9" * 25})
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["formset"].errors[0])
        self.assertContains(response, "李先生")
        self.assertEqual(HelpRequest.objects.count(), 0)

    def test_it_warns_about_duplicates(self) -> None:
        existing = self.new_request(requester_phone="13912345678")
        self.login(self.hub_operator)
        data = self.client.get("/intake/duplicates/", {"phone": "+86 139-1234-5678"}).json()
        self.assertEqual([m["code"] for m in data["matches"]], [existing.code])
        data = self.client.get(
            "/intake/duplicates/", {"county": XIAN_YANTA, "address": "某小区3栋 2单元"}
        ).json()
        self.assertEqual([m["code"] for m in data["matches"]], [existing.code])

    def test_it_refuses_volunteers_and_viewers(self) -> None:
        for persona in (self.vol, self.viewer):
            with self.subTest(persona=persona.username):
                self.login(persona)
                self.assertRedirects(self.post(), "/", fetch_redirect_response=False)
                self.assertEqual(
                    self.client.get("/intake/duplicates/", {"phone": "13800138000"}).status_code, 403
                )
        self.assertEqual(HelpRequest.objects.count(), 0)

    def test_it_keeps_outsiders_in_their_own_incident(self) -> None:
        self.new_request(requester_phone="13800138000")
        self.login(self.outsider)
        self.assertEqual(
            self.client.get("/intake/duplicates/", {"phone": "13800138000"}).json()["matches"], []
        )
        self.post()
        self.assertEqual(HelpRequest.objects.filter(incident=self.other_incident).count(), 1)


class PublicFormTests(BaseTestCase):
    data = {
        "requester_name": "张女士",
        "requester_phone": "13712345678",
        "province": "61",
        "city": "6101",
        "county": XIAN_YANTA,
        "need_category": "food",
        "people_count": "2",
        "urgency": "2",
        "description": "家里没菜了",
        "channel": "web_form",
    }

    def test_it_accepts_a_public_request_and_tracks_it(self) -> None:
        response = self.client.post("/help/", self.data)
        code = response.context["code"]
        hr = HelpRequest.objects.get()
        self.assertEqual((hr.code, hr.channel, hr.created_by), (code, "web_form", None))
        status = self.client.post("/help/status/", {"code": code, "phone_last4": "5678"})
        self.assertContains(status, "待核实")
        wrong = self.client.post("/help/status/", {"code": code, "phone_last4": "0000"})
        self.assertContains(wrong, "不正确")

    def test_it_drops_honeypot_submissions(self) -> None:
        self.client.post("/help/", {**self.data, "website": "http://spam"})
        self.assertEqual(HelpRequest.objects.count(), 0)

    @override_settings(PUBLIC_INTAKE_PER_HOUR=2)
    def test_it_rate_limits_per_ip(self) -> None:
        for i in range(3):
            response = self.client.post("/help/", {**self.data, "requester_phone": f"1371234567{i}"})
        self.assertContains(response, "提交过于频繁", status_code=400)
        self.assertEqual(HelpRequest.objects.count(), 2)

    def test_it_returns_400_with_errors(self) -> None:
        response = self.client.post("/help/", {**self.data, "requester_phone": "abc"})
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "电话号码无效", status_code=400)


class BoardTests(BaseTestCase):
    def test_it_shows_the_volunteer_their_tasks_in_clear(self) -> None:
        hr = self.new_request(requester_phone="13812345678")
        verification_record(actor=self.hub_operator, help_request=hr, outcome="confirmed")
        help_request_claim(actor=self.member_coord, help_request=hr, org=self.org_a)
        help_request_assign_volunteer(actor=self.member_coord, help_request=hr, volunteer=self.vol)
        self.login(self.vol)
        self.assertContains(self.client.get("/my/tasks/"), "13812345678")
        self.login(self.member_coord)
        self.assertContains(self.client.get("/org/"), hr.code)
        self.login(self.member_b_coord)
        self.assertNotContains(self.client.get("/org/"), hr.code)

    def test_it_shows_viewers_aggregates(self) -> None:
        self.new_request()
        self.login(self.viewer)
        response = self.client.get("/")
        self.assertEqual(response.context["s"]["totals"]["collected"], 1)
        self.assertNotContains(response, "13800138000")


class PolicyTests(BaseTestCase):
    def test_it_lets_the_hub_coordinator_edit_deadlines(self) -> None:
        self.login(self.hub_coord)
        data = {f"claim_{lv}": "1" for lv in (1, 2, 3, 4)} | {f"resolve_{lv}": "10" for lv in (1, 2, 3, 4)}
        self.client.post(f"/incidents/{self.incident.pk}/policy/", data)
        hr = self.new_request(urgency=3)
        self.assertEqual((hr.claim_due_at - hr.created_at).total_seconds(), 3600)
        self.assertTrue(Event.objects.filter(kind="policy_updated"))

    def test_it_refuses_others(self) -> None:
        for persona, status in ((self.member_coord, 403), (self.viewer, 403), (self.outsider, 404)):
            with self.subTest(persona=persona.username):
                self.login(persona)
                self.assertEqual(
                    self.client.post(f"/incidents/{self.incident.pk}/policy/", {}).status_code, status
                )

    def test_it_rejects_resolve_shorter_than_claim(self) -> None:
        self.login(self.hub_coord)
        data = {f"claim_{lv}": "10" for lv in (1, 2, 3, 4)} | {f"resolve_{lv}": "1" for lv in (1, 2, 3, 4)}
        response = self.client.post(f"/incidents/{self.incident.pk}/policy/", data)
        self.assertContains(response, "解决时限不短于响应时限")


class RefreshAndDuplicateTests(BaseTestCase):
    def test_it_serves_queue_rows_for_polling(self) -> None:
        hr = self.new_request()
        self.login(self.hub_coord)
        response = self.client.get("/queue/?partial=1")
        self.assertContains(response, hr.code)
        self.assertNotContains(response, "<html")

    def test_it_links_possible_duplicates_on_the_detail_page(self) -> None:
        first = self.new_request()
        second = self.new_request(address_detail="别处", requester_name="王阿姨的儿子")
        self.login(self.hub_coord)
        response = self.client.get(f"/requests/{second.code}/")
        self.assertEqual([d.pk for d in response.context["duplicates"]], [first.pk])
