"""POST /api/requests/<code>/<action>/: for every transition the happy path, 405, 401, wrong org, viewer."""

from typing import Any

from django.http import HttpResponse

from cases.models import FollowUp, HelpRequest, Transfer
from cases.services import (
    help_request_assign_volunteer,
    help_request_claim,
    help_request_close,
    help_request_deliver,
    transfer_decide,
    transfer_request,
)
from cases.tests.test_api_base import ApiTestCase, action_url
from core.errors import DomainError
from core.models import Alert, Event

S = HelpRequest.Status


class TransitionCases:
    """Mixed into one TestCase per action; each names its state, acting persona and expected result."""

    action = ""
    actor = "hub_coord"
    other_org = "member_b_coord"  # in the network, may see the request but not do this

    def subject(self) -> HelpRequest:
        raise NotImplementedError

    def body(self, hr: HelpRequest) -> dict[str, Any]:
        return {}

    def check(self, hr: HelpRequest, response: HttpResponse) -> None:
        raise NotImplementedError

    def call(self, user: Any, hr: HelpRequest | None = None) -> HttpResponse:
        hr = hr or self.subject()
        return self.post_json(action_url(hr, self.action), self.body(hr), user=user)  # type: ignore[attr-defined]

    def test_it_works(self) -> None:
        hr = self.subject()
        response = self.call(getattr(self, self.actor), hr)
        self.assertEqual(response.status_code, 200, response.content)  # type: ignore[attr-defined]
        self.assertEqual(response.json()["code"], hr.code)  # type: ignore[attr-defined]
        self.check(HelpRequest.objects.get(pk=hr.pk), response)

    def test_it_rejects_get(self) -> None:
        self.login(getattr(self, self.actor))  # type: ignore[attr-defined]
        response = self.client.get(action_url(self.subject(), self.action))  # type: ignore[attr-defined]
        self.assertEqual(response.status_code, 405)  # type: ignore[attr-defined]

    def test_it_requires_login(self) -> None:
        self.assertEqual(self.call(None).status_code, 401)  # type: ignore[attr-defined]

    def test_it_denies_other_org(self) -> None:
        self.assertEqual(self.call(self.outsider).status_code, 404)  # type: ignore[attr-defined]
        self.assertIn(self.call(getattr(self, self.other_org)).status_code, (403, 404))  # type: ignore[attr-defined]

    def test_it_denies_viewer(self) -> None:
        self.assertEqual(self.call(self.viewer).status_code, 404)  # type: ignore[attr-defined]


class VerifyTests(TransitionCases, ApiTestCase):
    action, actor = "verify", "hub_operator"

    def subject(self) -> HelpRequest:
        return self.new_request()

    def body(self, hr: HelpRequest) -> dict[str, Any]:
        return {"outcome": "corrected", "note": "电话核实", "changes": {"people_count": 4}}

    def check(self, hr: HelpRequest, response: HttpResponse) -> None:
        self.assertEqual((hr.status, hr.people_count), (S.VERIFIED, 4))
        self.assertEqual(response.json()["attempts"], 1)

    def test_it_reports_bad_outcome_and_corrections(self) -> None:
        hr = self.new_request()
        body = {"outcome": "maybe", "changes": {"people_count": "many"}}
        response = self.post_json(action_url(hr, "verify"), body, user=self.hub_operator)
        self.assertEqual(response.status_code, 400)
        self.assertIn("outcome", response.json()["errors"])
        body = {"outcome": "corrected", "changes": {"people_count": "many"}}
        response = self.post_json(action_url(hr, "verify"), body, user=self.hub_operator)
        self.assertEqual(list(response.json()["errors"]), ["people_count"])


class UpdateTests(TransitionCases, ApiTestCase):
    action, actor = "update", "hub_operator"

    def subject(self) -> HelpRequest:
        return self.new_request(urgency=3)

    def body(self, hr: HelpRequest) -> dict[str, Any]:
        return {"urgency": 1, "reason": "老人断药", "unknown_field": "ignored"}

    def check(self, hr: HelpRequest, response: HttpResponse) -> None:
        self.assertEqual(hr.urgency, 1)
        self.assertTrue(Event.objects.filter(subject_id=hr.pk, kind="updated").exists())

    def test_it_reports_field_errors(self) -> None:
        body = {"urgency": 7, "requester_phone": "12"}
        response = self.post_json(action_url(self.subject(), "update"), body, user=self.hub_operator)
        self.assertEqual(response.status_code, 400)
        self.assertEqual(set(response.json()["errors"]), {"urgency", "requester_phone"})


class ClaimTests(TransitionCases, ApiTestCase):
    action, actor = "claim", "member_coord"

    def subject(self) -> HelpRequest:
        return self.verified()

    def check(self, hr: HelpRequest, response: HttpResponse) -> None:
        self.assertEqual((hr.status, hr.claimed_by_id), (S.CLAIMED, self.org_a.pk))
        self.assertEqual(response.json()["claimed_by"]["name"], "成员机构甲")

    def test_it_denies_other_org(self) -> None:
        private = self.verified(consent_share=False)  # not shared: other members cannot even see it
        self.assertEqual(self.call(self.member_b_coord, private).status_code, 404)
        self.assertEqual(self.call(self.outsider).status_code, 404)

    def test_it_answers_409_to_the_loser(self) -> None:
        hr = self.claimed()
        response = self.call(self.member_b_coord, hr)
        self.assertEqual(response.status_code, 409)
        self.assertIn("成员机构甲", response.json()["detail"])

    def test_it_refuses_a_stale_version_and_takes_a_current_one(self) -> None:
        # A client that read the request, then acted after someone else changed it, used to act
        # blind: `version` was in every answer but nothing read it back.
        hr = self.subject()
        read = self.get_json(f"/api/requests/{hr.code}/", user=self.member_coord).json()["version"]
        self.post_json(action_url(hr, "update"), {"urgency": 1, "reason": "复核"}, user=self.hub_coord)
        stale = self.post_json(action_url(hr, "claim"), {"version": read}, user=self.member_coord)
        self.assertEqual(stale.status_code, 409)
        self.assertIn("刷新", stale.json()["detail"])
        self.assertEqual(self.post_json(action_url(hr, "claim"), {"version": "x"}).status_code, 400)
        hr.refresh_from_db()
        self.assertEqual(hr.status, S.VERIFIED)
        fresh = self.post_json(action_url(hr, "claim"), {"version": hr.version})
        self.assertEqual(fresh.status_code, 200, fresh.content)
        # A body-less POST still works for the transitions that take none.
        self.assertEqual(self.post_json(action_url(hr, "start"), "").status_code, 200)

    def test_it_refuses_an_unverified_request(self) -> None:
        response = self.call(self.member_coord, self.new_request())
        self.assertEqual(response.status_code, 400)
        self.assertTrue(response.json()["detail"])

    def test_it_says_a_closed_request_is_closed_not_claimed(self) -> None:
        hr = self.subject()
        help_request_claim(actor=self.member_b_coord, help_request=hr, org=self.org_b)
        help_request_close(actor=self.hub_coord, help_request=hr, reason="fulfilled")
        response = self.call(self.member_coord, hr)
        self.assertEqual(response.status_code, 400)
        self.assertIn("已结案", response.json()["detail"])


class AssignOrgTests(TransitionCases, ApiTestCase):
    action = "assign-org"

    def subject(self) -> HelpRequest:
        return self.new_request()

    def body(self, hr: HelpRequest) -> dict[str, Any]:
        return {"org": self.org_b.pk}

    def check(self, hr: HelpRequest, response: HttpResponse) -> None:
        self.assertEqual((hr.status, hr.claimed_by_id), (S.CLAIMED, self.org_b.pk))

    def test_it_refuses_an_org_outside_the_network(self) -> None:
        response = self.post_json(action_url(self.subject(), self.action), {"org": self.other_hub.pk},
                                  user=self.hub_coord)
        self.assertEqual(response.status_code, 400)
        self.assertIn("org", response.json()["errors"])


class ReleaseTests(TransitionCases, ApiTestCase):
    action, actor = "release", "member_coord"

    def subject(self) -> HelpRequest:
        return self.claimed()

    def body(self, hr: HelpRequest) -> dict[str, Any]:
        return {"reason": "人手不足"}

    def check(self, hr: HelpRequest, response: HttpResponse) -> None:
        self.assertEqual((hr.status, hr.claimed_by_id), (S.VERIFIED, None))

    def test_it_requires_a_reason(self) -> None:
        response = self.post_json(action_url(self.subject(), self.action), {}, user=self.member_coord)
        self.assertEqual(response.status_code, 400)
        self.assertIn("reason", response.json()["errors"])


class TransferTests(TransitionCases, ApiTestCase):
    action, actor = "transfer", "member_coord"

    def subject(self) -> HelpRequest:
        return self.claimed()

    def body(self, hr: HelpRequest) -> dict[str, Any]:
        return {"to_org": self.org_b.pk, "reason": "乙机构有冷链车"}

    def check(self, hr: HelpRequest, response: HttpResponse) -> None:
        transfer = Transfer.objects.get(help_request=hr)
        self.assertEqual((transfer.to_org_id, transfer.status), (self.org_b.pk, "pending"))


class TransferDecideTests(TransitionCases, ApiTestCase):
    action, actor, other_org = "transfer-decide", "member_b_coord", "member_coord"

    def subject(self) -> HelpRequest:
        hr = self.claimed()
        transfer_request(actor=self.member_coord, help_request=hr, to_org=self.org_b, reason="乙机构更近")
        return hr

    def body(self, hr: HelpRequest) -> dict[str, Any]:
        return {"accept": True}

    def check(self, hr: HelpRequest, response: HttpResponse) -> None:
        self.assertEqual(hr.claimed_by_id, self.org_b.pk)
        self.assertEqual(Transfer.objects.get(help_request=hr).status, "accepted")

    def test_it_rejects_with_a_reason(self) -> None:
        hr = self.subject()
        response = self.post_json(action_url(hr, self.action), {"accept": False}, user=self.member_b_coord)
        self.assertEqual(response.status_code, 400)
        response = self.post_json(action_url(hr, self.action), {"accept": False, "reason": "车辆不足"})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(Transfer.objects.get(help_request=hr).status, "rejected")

    def test_it_refuses_to_take_over_a_case_closed_meanwhile(self) -> None:
        # Accepting used to make org B the claimer of a closed case. Closing now withdraws the
        # referral, and with it org B's access to act on the case.
        hr = self.subject()
        help_request_close(actor=self.member_coord, help_request=hr, reason="done_by_others")
        response = self.post_json(action_url(hr, self.action), {"accept": True}, user=self.member_b_coord)
        self.assertIn(response.status_code, (403, 404, 409))
        hr.refresh_from_db()
        self.assertEqual((hr.status, hr.claimed_by_id), (S.CLOSED, self.org_a.pk))
        self.assertEqual(Transfer.objects.get(help_request=hr).status, "withdrawn")

    def test_it_refuses_a_referral_accepted_after_a_race_with_close(self) -> None:
        # The service's own guard, for a decision that read the referral before the close landed.
        hr = self.subject()
        transfer = Transfer.objects.get(help_request=hr)
        HelpRequest.objects.filter(pk=hr.pk).update(status=S.CLOSED)
        with self.assertRaises(DomainError):
            transfer_decide(actor=self.member_b_coord, transfer=transfer, accept=True)
        hr.refresh_from_db()
        self.assertEqual(hr.claimed_by_id, self.org_a.pk)


class AssignTests(TransitionCases, ApiTestCase):
    action, actor = "assign", "member_coord"

    def subject(self) -> HelpRequest:
        return self.claimed()

    def body(self, hr: HelpRequest) -> dict[str, Any]:
        return {"volunteer": self.vol.pk}

    def check(self, hr: HelpRequest, response: HttpResponse) -> None:
        self.assertEqual((hr.status, hr.assigned_to_id), (S.IN_PROGRESS, self.vol.pk))

    def test_it_refuses_someone_elses_volunteer(self) -> None:
        for volunteer in (self.member_b_coord.pk, 999_999, "vol"):
            response = self.post_json(action_url(self.subject(), self.action), {"volunteer": volunteer},
                                      user=self.member_coord)
            self.assertEqual(response.status_code, 400)
            self.assertIn("volunteer", response.json()["errors"])


class HandBackTests(TransitionCases, ApiTestCase):
    action, actor = "hand-back", "vol"

    def subject(self) -> HelpRequest:
        hr = self.claimed()
        help_request_assign_volunteer(actor=self.member_coord, help_request=hr, volunteer=self.vol)
        return hr

    def body(self, hr: HelpRequest) -> dict[str, Any]:
        return {"reason": "发烧了,去不了"}

    def check(self, hr: HelpRequest, response: HttpResponse) -> None:
        self.assertEqual((hr.status, hr.assigned_to_id, hr.claimed_by_id), (S.CLAIMED, None, self.org_a.pk))
        event = Event.objects.filter(subject_id=hr.pk, kind="unassigned").get()
        self.assertEqual(event.data["reason"], "发烧了,去不了")
        # the claiming org's coordinator is told, so the task does not sit unseen
        self.assertTrue(Alert.objects.filter(user=self.member_coord, key__startswith="unassigned:").exists())

    def test_the_coordinator_may_take_the_volunteer_off_too(self) -> None:
        response = self.call(self.member_coord)
        self.assertEqual(response.status_code, 200, response.content)

    def test_it_needs_a_reason_and_an_assigned_volunteer(self) -> None:
        hr = self.subject()
        blank = self.post_json(action_url(hr, self.action), {"reason": " "}, user=self.vol)
        self.assertEqual(blank.status_code, 400)
        self.assertEqual(self.call(self.member_coord, self.claimed()).status_code, 403)


class StartTests(TransitionCases, ApiTestCase):
    action, actor = "start", "member_coord"

    def subject(self) -> HelpRequest:
        return self.claimed()

    def check(self, hr: HelpRequest, response: HttpResponse) -> None:
        self.assertEqual(hr.status, S.IN_PROGRESS)

    def test_it_refuses_a_transition_not_allowed(self) -> None:
        response = self.post_json(action_url(self.new_request(), self.action), user=self.hub_coord)
        self.assertEqual(response.status_code, 400)
        self.assertIn("不能变为", response.json()["detail"])


class DeliverTests(TransitionCases, ApiTestCase):
    action, actor = "deliver", "member_coord"

    def subject(self) -> HelpRequest:
        return self.claimed()

    def body(self, hr: HelpRequest) -> dict[str, Any]:
        return {"delivered": {str(hr.needs.get().pk): 4}, "note": "先送 4 斤"}

    def check(self, hr: HelpRequest, response: HttpResponse) -> None:
        self.assertEqual(hr.status, S.DELIVERED)
        self.assertEqual(response.json()["needs"][0]["qty_delivered"], 4)

    def test_it_refuses_bad_quantities(self) -> None:
        hr = self.subject()
        line = str(hr.needs.get().pk)
        # 10**20 overflowed the integer column (a 500); "²" passed isdigit() but not int().
        for delivered in ({"abc": 1}, {line: -1}, {"999999": 1}, [1], {line: 10**20}, {"²": 1}):
            body = {"delivered": delivered}
            response = self.post_json(action_url(hr, self.action), body, user=self.member_coord)
            self.assertEqual(response.status_code, 400, delivered)
            self.assertTrue(all(k.startswith("delivered") for k in response.json()["errors"]), delivered)


class FollowUpTests(TransitionCases, ApiTestCase):
    action, actor = "follow-up", "member_coord"

    def subject(self) -> HelpRequest:
        hr = self.claimed()
        help_request_deliver(actor=self.member_coord, help_request=hr)
        return hr

    def body(self, hr: HelpRequest) -> dict[str, Any]:
        return {"outcome": "still_in_need", "note": "还缺药",
                "new_needs": [{"category": "medicine", "item": "降压药", "qty_requested": 1, "unit": "盒"}]}

    def check(self, hr: HelpRequest, response: HttpResponse) -> None:
        self.assertEqual(hr.status, S.CLAIMED)
        self.assertEqual([n["item"] for n in response.json()["needs"]], ["大米", "降压药"])
        self.assertEqual(FollowUp.objects.get(help_request=hr).outcome, "still_in_need")

    def test_it_checks_new_needs(self) -> None:
        body = {"outcome": "still_in_need", "new_needs": [{"category": "unicorns", "qty_requested": 0}]}
        response = self.post_json(action_url(self.subject(), self.action), body, user=self.member_coord)
        self.assertEqual(response.status_code, 400)
        expected = {"new_needs[0].category", "new_needs[0].qty_requested"}
        self.assertEqual(set(response.json()["errors"]), expected)

    def test_it_refuses_a_quantity_past_the_column(self) -> None:
        hr = self.subject()
        body = {"outcome": "still_in_need", "new_needs": [{"category": "food", "qty_requested": 10**20}]}
        response = self.post_json(action_url(hr, self.action), body, user=self.member_coord)
        self.assertEqual(response.status_code, 400)
        self.assertEqual(set(response.json()["errors"]), {"new_needs[0].qty_requested"})
        hr.refresh_from_db()
        self.assertEqual(hr.status, S.DELIVERED)  # the follow-up is still to do


class HoldTests(TransitionCases, ApiTestCase):
    action = "hold"

    def subject(self) -> HelpRequest:
        return self.verified()

    def body(self, hr: HelpRequest) -> dict[str, Any]:
        return {"reason": "等待街道回复"}

    def check(self, hr: HelpRequest, response: HttpResponse) -> None:
        self.assertEqual((hr.status, hr.held_from), (S.ON_HOLD, S.VERIFIED))


class ResumeTests(TransitionCases, ApiTestCase):
    action = "resume"

    def subject(self) -> HelpRequest:
        return self.on_hold()

    def check(self, hr: HelpRequest, response: HttpResponse) -> None:
        self.assertEqual(hr.status, S.VERIFIED)


class CloseTests(TransitionCases, ApiTestCase):
    action = "close"

    def subject(self) -> HelpRequest:
        return self.verified()

    def body(self, hr: HelpRequest) -> dict[str, Any]:
        self.original = self.new_request()
        return {"reason": "duplicate", "duplicate_of": self.original.code.lower(), "note": "同一位老人"}

    def check(self, hr: HelpRequest, response: HttpResponse) -> None:
        self.assertEqual((hr.status, hr.duplicate_of_id), (S.CLOSED, self.original.pk))
        self.assertEqual(response.json()["duplicate_of"], self.original.code)

    def test_it_checks_the_original(self) -> None:
        other = self.new_request(incident=self.other_incident)
        for body in ({"reason": "duplicate"}, {"reason": "duplicate", "duplicate_of": other.code},
                     {"reason": "duplicate", "duplicate_of": "nonsense"}, {"reason": "bored"}):
            response = self.post_json(action_url(self.subject(), self.action), body, user=self.hub_coord)
            self.assertEqual(response.status_code, 400, body)
            self.assertTrue(set(response.json()["errors"]) & {"duplicate_of", "reason"}, body)


class ReopenTests(TransitionCases, ApiTestCase):
    action = "reopen"

    def subject(self) -> HelpRequest:
        hr = self.verified()
        help_request_close(actor=self.hub_coord, help_request=hr, reason="not_needed")
        return hr

    def body(self, hr: HelpRequest) -> dict[str, Any]:
        return {"reason": "家属再次来电"}

    def check(self, hr: HelpRequest, response: HttpResponse) -> None:
        self.assertEqual((hr.status, hr.close_reason), (S.VERIFIED, ""))
