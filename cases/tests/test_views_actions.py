"""Every state-changing request endpoint: happy path, wrong method, anonymous, wrong org, read-only."""

from typing import Any

from cases.models import FollowUp, HelpRequest
from cases.services import (
    help_request_assign_volunteer,
    help_request_claim,
    help_request_close,
    help_request_deliver,
    help_request_hold,
    transfer_request,
    verification_record,
)
from core.models import Event
from heli.test import BaseTestCase

S = HelpRequest.Status


class ActionEndpointTests(BaseTestCase):
    def verified(self) -> HelpRequest:
        hr = self.new_request()
        verification_record(actor=self.hub_operator, help_request=hr, outcome="confirmed")
        return hr

    def claimed(self) -> HelpRequest:
        hr = self.verified()
        help_request_claim(actor=self.member_coord, help_request=hr, org=self.org_a)
        return hr

    def in_progress(self) -> HelpRequest:
        hr = self.claimed()
        help_request_assign_volunteer(actor=self.member_coord, help_request=hr, volunteer=self.vol)
        return hr

    def delivered(self) -> HelpRequest:
        hr = self.claimed()
        help_request_deliver(actor=self.member_coord, help_request=hr)
        return hr

    def cases(self) -> list[tuple[str, Any, Any, dict[str, Any], str]]:
        """(action, make request, acting persona, POST data, expected status after)."""
        return [
            (
                "verify",
                self.new_request,
                self.hub_operator,
                {"outcome": "confirmed", "channel": "phone"},
                S.VERIFIED,
            ),
            ("claim", self.verified, self.member_coord, {}, S.CLAIMED),
            ("assign-org", self.new_request, self.hub_coord, {"org": self.org_b.pk}, S.CLAIMED),
            ("release", self.claimed, self.member_coord, {"reason": "人手不足"}, S.VERIFIED),
            (
                "transfer",
                self.claimed,
                self.member_coord,
                {"to_org": self.org_b.pk, "reason": "对方有车"},
                S.CLAIMED,
            ),
            ("assign", self.claimed, self.member_coord, {"volunteer": self.vol.pk}, S.IN_PROGRESS),
            ("start", self.claimed, self.member_coord, {}, S.IN_PROGRESS),
            ("deliver", self.in_progress, self.vol, {}, S.DELIVERED),
            ("hand-back", self.in_progress, self.vol, {"reason": "发烧了,去不了"}, S.CLAIMED),
            ("follow-up", self.delivered, self.member_coord, {"outcome": "satisfied"}, S.CLOSED),
            ("hold", self.claimed, self.member_coord, {"reason": "等待药品"}, S.ON_HOLD),
            ("close", self.verified, self.hub_coord, {"reason": "not_needed"}, S.CLOSED),
            ("triage", self.new_request, self.hub_coord, {"urgency": "1"}, S.NEW),
        ]

    def test_it_runs_each_action_for_the_right_persona(self) -> None:
        for name, make, actor, data, expected in self.cases():
            with self.subTest(action=name):
                hr = make()
                self.login(actor)
                response = self.client.post(f"/requests/{hr.code}/{name}/", data)
                # A volunteer who hands a task back no longer sees it: back to their list, not a 404.
                back = "/my/tasks/" if name == "hand-back" else f"/requests/{hr.code}/"
                self.assertRedirects(response, back, fetch_redirect_response=False)
                hr.refresh_from_db()
                self.assertEqual(hr.status, expected, name)

    def test_it_rejects_get(self) -> None:
        hr = self.new_request()
        self.login(self.hub_coord)
        for name, *_ in self.cases():
            with self.subTest(action=name):
                self.assertEqual(self.client.get(f"/requests/{hr.code}/{name}/").status_code, 405)

    def test_it_requires_login(self) -> None:
        hr = self.new_request()
        for name, *_ in self.cases():
            with self.subTest(action=name):
                response = self.client.post(f"/requests/{hr.code}/{name}/", {})
                self.assertEqual(response.status_code, 302)
                self.assertIn("/accounts/login/", response["Location"])

    def test_it_denies_other_org_and_read_only(self) -> None:
        for name, make, _, data, _ in self.cases():
            hr = make()
            before = (hr.status, Event.objects.count())
            for persona in (self.outsider, self.viewer):
                with self.subTest(action=name, persona=persona.username):
                    self.login(persona)
                    self.assertEqual(self.client.post(f"/requests/{hr.code}/{name}/", data).status_code, 404)
            hr.refresh_from_db()
            self.assertEqual((hr.status, Event.objects.count()), before)

    def test_it_forbids_member_acting_on_another_orgs_case(self) -> None:
        hr = self.claimed()
        self.login(self.member_b_coord)
        for name, data in (
            ("release", {"reason": "x"}),
            ("assign", {"volunteer": self.vol.pk}),
            ("close", {"reason": "fulfilled"}),
        ):
            with self.subTest(action=name):
                self.assertEqual(self.client.post(f"/requests/{hr.code}/{name}/", data).status_code, 403)

    def test_it_shows_a_clear_message_for_a_disallowed_transition(self) -> None:
        hr = self.new_request()
        self.login(self.hub_coord)
        response = self.client.post(f"/requests/{hr.code}/deliver/", {}, follow=True)
        self.assertContains(response, "只有已认领或处理中的求助可以标记送达")
        hr.refresh_from_db()
        self.assertEqual(hr.status, S.NEW)

    def test_it_requires_a_reason_to_release(self) -> None:
        hr = self.claimed()
        self.login(self.member_coord)
        response = self.client.post(f"/requests/{hr.code}/release/", {"reason": ""}, follow=True)
        self.assertContains(response, "该字段是必填项")
        hr.refresh_from_db()
        self.assertEqual(hr.status, S.CLAIMED)

    def test_it_accepts_a_transfer(self) -> None:
        hr = self.claimed()
        transfer_request(actor=self.member_coord, help_request=hr, to_org=self.org_b, reason="对方更近")
        self.login(self.member_b_coord)
        self.client.post(f"/requests/{hr.code}/transfer-decide/", {"accept": "1"})
        hr.refresh_from_db()
        self.assertEqual((hr.status, hr.claimed_by_id), (S.CLAIMED, self.org_b.pk))

    def test_it_resumes_and_reopens(self) -> None:
        hr = self.claimed()
        help_request_hold(actor=self.member_coord, help_request=hr, reason="等待")
        self.login(self.member_coord)
        self.client.post(f"/requests/{hr.code}/resume/")
        hr.refresh_from_db()
        self.assertEqual(hr.status, S.CLAIMED)
        help_request_close(actor=self.hub_coord, help_request=hr, reason="fulfilled")
        self.login(self.hub_coord)
        self.client.post(f"/requests/{hr.code}/reopen/", {"reason": "又断粮了"})
        hr.refresh_from_db()
        self.assertEqual((hr.status, hr.claimed_by_id), (S.VERIFIED, None))

    def test_it_closes_as_duplicate_with_a_link(self) -> None:
        original = self.new_request()
        copy = self.new_request()
        self.login(self.hub_coord)
        self.client.post(
            f"/requests/{copy.code}/close/", {"reason": "duplicate", "duplicate_of": original.code}
        )
        copy.refresh_from_db()
        self.assertEqual(copy.duplicate_of_id, original.pk)
        response = self.client.get(f"/requests/{copy.code}/")
        self.assertContains(response, original.code)

    def test_it_refuses_a_duplicate_code_from_another_incident(self) -> None:
        # Only the number was looked up: HN-000001 linked this case to XA-000001.
        original = self.new_request()
        copy = self.new_request(requester_phone="13900139000")
        self.login(self.hub_coord)
        response = self.client.post(
            f"/requests/{copy.code}/close/", {"reason": "duplicate", "duplicate_of": f"HN-{original.pk:06d}"}
        )
        self.assertEqual(response.status_code, 400)
        copy.refresh_from_db()
        self.assertEqual((copy.status, copy.duplicate_of_id), ("new", None))

    def test_it_records_partial_delivery(self) -> None:
        hr = self.in_progress()
        line = hr.needs.get()
        self.login(self.vol)
        self.client.post(f"/requests/{hr.code}/deliver/", {f"line_{line.pk}": "4"})
        line.refresh_from_db()
        self.assertEqual(line.qty_delivered, 4)
        self.assertTrue(FollowUp.objects.filter(help_request=hr).exists())

    def test_it_refuses_a_quantity_past_the_column_and_keeps_the_form(self) -> None:
        hr = self.in_progress()
        line = hr.needs.get()
        self.login(self.vol)
        response = self.client.post(f"/requests/{hr.code}/deliver/", {f"line_{line.pk}": "9" * 25})
        self.assertEqual(response.status_code, 400)
        hr.refresh_from_db()
        self.assertEqual(hr.status, "in_progress")
        help_request_deliver(actor=self.vol, help_request=hr)
        self.login(self.hub_operator)
        body = {"outcome": "still_in_need", "need_category": "food", "need_qty": "9" * 25}
        response = self.client.post(f"/requests/{hr.code}/follow-up/", body)
        self.assertEqual(response.status_code, 400)
        hr.refresh_from_db()
        self.assertEqual(hr.status, "delivered")

    def test_it_keeps_corrections_typed_under_the_default_outcome(self) -> None:
        # "核实无误" is preselected; corrections typed below it were dropped while the page said
        # the verification was recorded.
        hr = self.new_request(people_count=2)
        self.login(self.hub_operator)
        body = {"outcome": "confirmed", "channel": "phone", "requester_phone": "13911112222"}
        self.client.post(f"/requests/{hr.code}/verify/", body)
        hr.refresh_from_db()
        self.assertEqual((hr.status, hr.requester_phone), ("verified", "13911112222"))
        self.assertEqual(hr.attempts.get().outcome, "corrected")
        # With an outcome that cannot carry them, they are refused and kept on the form.
        other = self.new_request(requester_phone="13700001111")
        body = {"outcome": "no_answer", "channel": "phone", "people_count": "5"}
        response = self.client.post(f"/requests/{other.code}/verify/", body)
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, 'value="5"', status_code=400)
        other.refresh_from_db()
        self.assertEqual((other.people_count, other.attempts.count()), (2, 0))

    def test_it_does_not_send_a_user_to_a_404_after_giving_a_case_away(self) -> None:
        hr = self.in_progress()
        HelpRequest.objects.filter(pk=hr.pk).update(consent_share=False)
        self.login(self.vol)
        response = self.client.post(f"/requests/{hr.code}/hand-back/", {"reason": "发烧了"})
        self.assertRedirects(response, "/my/tasks/")
        self.login(self.member_coord)
        response = self.client.post(f"/requests/{hr.code}/release/", {"reason": "人手不够"})
        self.assertRedirects(response, "/queue/")
        self.assertEqual(HelpRequest.objects.get(pk=hr.pk).status, "verified")

    def test_it_lets_the_receiving_org_see_and_answer_a_referral_of_an_unshared_case(self) -> None:
        # Org B was alerted to a referral it could not open (404): the transfer was stuck.
        hr = self.in_progress()
        HelpRequest.objects.filter(pk=hr.pk).update(consent_share=False)
        hr.refresh_from_db()
        transfer_request(actor=self.member_coord, help_request=hr, to_org=self.org_b, reason="需要车辆")
        self.login(self.member_b_coord)
        page = self.client.get(f"/requests/{hr.code}/")
        self.assertContains(page, "需要车辆")
        self.assertContains(page, "138****8000")
        self.assertNotContains(page, "13800138000")
        listed = self.client.get("/api/requests/").json()["results"]
        self.assertEqual([row["code"] for row in listed], [hr.code])
        body = {"accept": "0", "reason": "没车"}
        response = self.client.post(f"/requests/{hr.code}/transfer-decide/", body)
        self.assertRedirects(response, "/queue/")  # refused: no longer theirs to see
        self.assertEqual(self.client.get(f"/requests/{hr.code}/").status_code, 404)
