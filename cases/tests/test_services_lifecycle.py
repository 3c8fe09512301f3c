from datetime import timedelta

from django.utils import timezone

from cases.models import FollowUp, HelpRequest
from cases.services import (
    InvalidInput,
    NeedInput,
    followup_record,
    help_request_assign_volunteer,
    help_request_claim,
    help_request_deliver,
    verification_record,
)
from core.errors import ConflictError, DomainError
from core.models import Event
from heli.test import BaseTestCase

S = HelpRequest.Status


class LifecycleTests(BaseTestCase):
    def test_it_walks_the_whole_story(self) -> None:
        hr = self.new_request()
        self.assertEqual(hr.status, S.NEW)
        self.assertEqual(hr.code, f"XA-{hr.pk:06d}")
        verification_record(actor=self.hub_operator, help_request=hr, outcome="confirmed")
        help_request_claim(actor=self.member_coord, help_request=hr, org=self.org_a)
        help_request_assign_volunteer(actor=self.member_coord, help_request=hr, volunteer=self.vol)
        help_request_deliver(actor=self.vol, help_request=hr)
        hr.refresh_from_db()
        self.assertEqual(hr.status, S.DELIVERED)
        self.assertEqual(hr.needs.get().qty_delivered, 10)
        followup = FollowUp.objects.get(help_request=hr)
        self.assertAlmostEqual((followup.due_at - hr.delivered_at).days, 3)
        followup_record(actor=self.member_coord, followup=followup, outcome="satisfied")
        hr.refresh_from_db()
        self.assertEqual((hr.status, hr.close_reason), (S.CLOSED, "fulfilled"))
        kinds = list(
            Event.objects.filter(subject_type="helprequest", subject_id=hr.pk).values_list("kind", flat=True)
        )
        self.assertEqual(kinds, ["created", "verified", "claimed", "assigned", "delivered", "closed"])

    def test_it_lets_only_one_org_claim(self) -> None:
        hr = self.new_request()
        verification_record(actor=self.hub_operator, help_request=hr, outcome="confirmed")
        stale = HelpRequest.objects.get(pk=hr.pk)
        help_request_claim(actor=self.member_coord, help_request=hr, org=self.org_a)
        with self.assertRaisesMessage(ConflictError, "成员机构甲"):
            help_request_claim(actor=self.member_b_coord, help_request=stale, org=self.org_b)

    def test_it_refuses_claiming_unverified(self) -> None:
        hr = self.new_request()
        with self.assertRaises(DomainError):
            help_request_claim(actor=self.member_coord, help_request=hr, org=self.org_a)

    def test_it_reopens_when_still_in_need(self) -> None:
        hr = self.new_request()
        verification_record(actor=self.hub_operator, help_request=hr, outcome="confirmed")
        help_request_claim(actor=self.member_coord, help_request=hr, org=self.org_a)
        help_request_deliver(actor=self.member_coord, help_request=hr)
        followup = FollowUp.objects.get(help_request=hr)
        followup_record(
            actor=self.member_coord,
            followup=followup,
            outcome="still_in_need",
            new_needs=[NeedInput(category="medicine", item="胰岛素", qty_requested=2, unit="支")],
        )
        hr.refresh_from_db()
        self.assertEqual(hr.status, S.CLAIMED)
        self.assertEqual(hr.needs.count(), 2)
        self.assertGreater(hr.next_due_at, timezone.now() + timedelta(hours=1))


class PartialDeliveryTests(BaseTestCase):
    def test_it_closes_a_partial_delivery_as_partial_on_the_same_object(self) -> None:
        hr = self.new_request()  # the returned object carries the need lines it created
        verification_record(actor=self.hub_operator, help_request=hr, outcome="confirmed")
        help_request_claim(actor=self.member_coord, help_request=hr, org=self.org_a)
        line = hr.needs.get()
        help_request_deliver(actor=self.member_coord, help_request=hr, delivered={line.pk: 4})
        followup_record(actor=self.member_coord, followup=FollowUp.objects.get(help_request=hr),
                        outcome="satisfied")
        hr.refresh_from_db()
        self.assertEqual(hr.close_reason, "partial")

    def test_it_refuses_quantities_past_the_column(self) -> None:
        # The services are the last guard for every caller (forms, API, supplies, demo):
        # these used to reach the UPDATE/INSERT and overflow it.
        hr = self.new_request()
        verification_record(actor=self.hub_operator, help_request=hr, outcome="confirmed")
        help_request_claim(actor=self.member_coord, help_request=hr, org=self.org_a)
        line = hr.needs.get()
        with self.assertRaises(DomainError):
            help_request_deliver(actor=self.member_coord, help_request=hr, delivered={line.pk: 10**20})
        help_request_deliver(actor=self.member_coord, help_request=hr)
        followup = FollowUp.objects.get(help_request=hr)
        with self.assertRaises(InvalidInput) as refused:
            followup_record(actor=self.member_coord, followup=followup, outcome="still_in_need",
                            new_needs=[NeedInput(category="food", qty_requested=10**20)])
        self.assertEqual(list(refused.exception.errors), ["new_needs[0].qty_requested"])
        followup.refresh_from_db()
        self.assertIsNone(followup.done_at)
