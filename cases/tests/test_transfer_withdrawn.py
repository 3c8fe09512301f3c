"""A referral nobody decided on is withdrawn when the case is released or closed."""

from cases.models import Transfer
from cases.services import (
    help_request_claim,
    help_request_close,
    help_request_release,
    transfer_decide,
    transfer_request,
    verification_record,
)
from core.errors import DomainError
from core.models import Alert, Event
from heli.test import BaseTestCase


class WithdrawnTransferTests(BaseTestCase):
    def setUp(self) -> None:
        self.hr = self.new_request()
        verification_record(actor=self.hub_operator, help_request=self.hr, outcome="confirmed")
        help_request_claim(actor=self.member_coord, help_request=self.hr, org=self.org_a)
        self.transfer = transfer_request(
            actor=self.member_coord, help_request=self.hr, to_org=self.org_b, reason="乙机构更近"
        )

    def assert_withdrawn(self, event_kind: str) -> None:
        self.transfer.refresh_from_db()
        self.assertEqual(self.transfer.status, Transfer.Status.WITHDRAWN)
        self.assertEqual(self.transfer.decided_by, self.member_coord)
        # the receiving org's alert no longer waits on it, nor does its temporary access
        key = f"transfer:{self.transfer.pk}"
        self.assertFalse(Alert.objects.filter(key=key, read_at__isnull=True).exists())
        self.assertEqual(Event.objects.get(kind=event_kind).data["transfers_withdrawn"], 1)
        with self.assertRaises(DomainError):
            transfer_decide(actor=self.member_b_coord, transfer=self.transfer, accept=True)

    def test_release_withdraws_the_pending_referral(self) -> None:
        key = f"transfer:{self.transfer.pk}"
        self.assertTrue(Alert.objects.filter(key=key, user=self.member_b_coord).exists())
        help_request_release(actor=self.member_coord, help_request=self.hr, reason="人手不足")
        self.assert_withdrawn("released")

    def test_close_withdraws_the_pending_referral(self) -> None:
        help_request_close(actor=self.member_coord, help_request=self.hr, reason="done_by_others")
        self.assert_withdrawn("closed")

    def test_a_decided_referral_is_left_as_it_was(self) -> None:
        transfer_decide(actor=self.member_b_coord, transfer=self.transfer, accept=False, reason="没有车")
        help_request_close(actor=self.member_coord, help_request=self.hr, reason="done_by_others")
        self.transfer.refresh_from_db()
        self.assertEqual(self.transfer.status, Transfer.Status.REJECTED)
        self.assertNotIn("transfers_withdrawn", Event.objects.get(kind="closed").data)
