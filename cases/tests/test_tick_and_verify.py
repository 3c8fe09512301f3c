from datetime import timedelta
from unittest import mock

from django.core import mail
from django.utils import timezone

from cases.models import HelpRequest
from cases.services import help_request_update, verification_record
from core.models import Alert, Event, Outbox
from core.tick import run_ticks
from heli.test import BaseTestCase

S = HelpRequest.Status


def later(**delta: int):  # type: ignore[no-untyped-def]
    return mock.patch("django.utils.timezone.now", return_value=timezone.now() + timedelta(**delta))


class DeadlineTickTests(BaseTestCase):
    def test_it_alerts_hub_coordinators_once_per_breach(self) -> None:
        hr = self.new_request(urgency=1)  # 2 h to first action
        self.assertEqual(run_ticks()["cases.tick.deadlines_tick"], 0)
        with later(hours=3):
            first = run_ticks()
            second = run_ticks()
        self.assertEqual(first["cases.tick.deadlines_tick"], 1)
        self.assertEqual(second["cases.tick.deadlines_tick"], 0)
        self.assertEqual(list(Alert.objects.values_list("user__username", flat=True)), ["hub_coord"])
        self.assertEqual(Event.objects.filter(kind="deadline_breached", subject_id=hr.pk).count(), 1)
        self.assertEqual(Outbox.objects.filter(sent_at__isnull=False).count(), 1)
        self.assertEqual(len(mail.outbox), 1)
        self.assertIn(hr.code, mail.outbox[0].subject)

    def test_it_alerts_again_for_the_next_deadline(self) -> None:
        hr = self.new_request(urgency=1)
        with later(hours=3):
            run_ticks()
        verification_record(actor=self.hub_operator, help_request=hr, outcome="confirmed")
        from cases.services import help_request_claim

        help_request_claim(actor=self.member_coord, help_request=hr, org=self.org_a)
        with later(hours=25):
            self.assertEqual(run_ticks()["cases.tick.deadlines_tick"], 1)
        users = set(Alert.objects.values_list("user__username", flat=True))
        self.assertEqual(users, {"hub_coord", "member_coord"})

    def test_it_ignores_closed_requests(self) -> None:
        hr = self.new_request(urgency=1)
        verification_record(actor=self.hub_operator, help_request=hr, outcome="not_needed")
        with later(hours=3):
            self.assertEqual(run_ticks()["cases.tick.deadlines_tick"], 0)

    def test_it_retries_failed_email(self) -> None:
        self.new_request(urgency=1)
        with later(hours=3), mock.patch("core.tick.send_mail", side_effect=OSError("smtp down")):
            run_ticks()
        mail_row = Outbox.objects.get()
        self.assertEqual((mail_row.attempts, mail_row.sent_at, mail_row.last_error), (1, None, "smtp down"))
        run_ticks()
        self.assertIsNotNone(Outbox.objects.get().sent_at)


class VerificationTests(BaseTestCase):
    def test_it_flags_unreachable_after_three_unanswered_calls(self) -> None:
        hr = self.new_request()
        for _ in range(3):
            verification_record(actor=self.hub_operator, help_request=hr, outcome="no_answer")
        hr.refresh_from_db()
        self.assertEqual((hr.status, hr.no_answer_count), (S.NEW, 3))
        self.assertTrue(Alert.objects.filter(user=self.hub_coord, key=f"unreachable:{hr.pk}"))
        self.login(self.hub_coord)
        rows = self.client.get("/queue/?view=unreachable").context["rows"]
        self.assertEqual([r["hr"].pk for r in rows], [hr.pk])

    def test_it_audits_corrections(self) -> None:
        hr = self.new_request(urgency=3, people_count=2)
        verification_record(
            actor=self.hub_operator,
            help_request=hr,
            outcome="corrected",
            changes={"urgency": 1, "people_count": 5},
        )
        hr.refresh_from_db()
        self.assertEqual((hr.status, hr.urgency, hr.people_count), (S.VERIFIED, 1, 5))
        self.assertEqual((hr.claim_due_at - hr.created_at), timedelta(hours=2))
        event = Event.objects.get(kind="verified", subject_id=hr.pk)
        self.assertEqual(event.data["changes"]["urgency"], [3, 1])

    def test_it_rejects_a_bad_correction_and_keeps_the_request(self) -> None:
        from cases.services import InvalidInput

        hr = self.new_request()
        with self.assertRaises(InvalidInput):
            verification_record(
                actor=self.hub_operator,
                help_request=hr,
                outcome="corrected",
                changes={"requester_phone": "123"},
            )
        hr.refresh_from_db()
        self.assertEqual((hr.status, hr.requester_phone), (S.NEW, "13800138000"))

    def test_it_closes_on_already_helped(self) -> None:
        hr = self.new_request()
        verification_record(actor=self.hub_operator, help_request=hr, outcome="already_helped")
        hr.refresh_from_db()
        self.assertEqual((hr.status, hr.close_reason), (S.CLOSED, "done_by_others"))

    def test_it_sends_stale_verified_requests_to_reverify(self) -> None:
        hr = self.new_request(urgency=4)
        verification_record(actor=self.hub_operator, help_request=hr, outcome="confirmed")
        self.login(self.hub_coord)
        self.assertEqual(self.client.get("/queue/?view=reverify").context["rows"], [])
        with later(hours=25):
            rows = self.client.get("/queue/?view=reverify").context["rows"]
        self.assertEqual([r["hr"].pk for r in rows], [hr.pk])

    def test_it_moves_deadlines_with_triage(self) -> None:
        hr = self.new_request(urgency=4)
        help_request_update(
            actor=self.hub_coord, help_request=hr, changes={"urgency": 1}, reason="老人已昏迷"
        )
        hr.refresh_from_db()
        self.assertEqual(hr.next_due_at - hr.created_at, timedelta(hours=2))
