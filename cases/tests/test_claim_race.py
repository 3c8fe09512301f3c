"""Two organisations claim the same request at the same moment: exactly one wins (real concurrency)."""

import threading
import unittest

from django.db import connection, connections
from django.test import TransactionTestCase

from cases.models import HelpRequest
from cases.services import help_request_claim, verification_record
from core.errors import ConflictError
from core.models import Event
from heli.test import BaseTestCase


@unittest.skipUnless(connection.vendor == "postgresql", "needs PostgreSQL row locking")
class ClaimRaceTests(TransactionTestCase):
    def setUp(self) -> None:
        BaseTestCase.setUpTestData.__func__(self)  # type: ignore[attr-defined]
        self.hr = BaseTestCase.new_request(self)  # type: ignore[arg-type]
        verification_record(actor=self.hub_operator, help_request=self.hr, outcome="confirmed")

    def test_it_lets_exactly_one_of_two_concurrent_claims_win(self) -> None:
        for _ in range(10):
            HelpRequest.objects.filter(pk=self.hr.pk).update(status="verified", claimed_by=None)
            barrier = threading.Barrier(2)
            outcomes: list[str] = []

            def claim(actor, org, barrier=barrier, outcomes=outcomes) -> None:  # type: ignore[no-untyped-def]
                try:
                    stale = HelpRequest.objects.select_related("incident").get(pk=self.hr.pk)
                    barrier.wait()
                    help_request_claim(actor=actor, help_request=stale, org=org)
                    outcomes.append("won")
                except ConflictError as exc:
                    outcomes.append(f"lost: {exc.message}")
                finally:
                    connections.close_all()

            threads = [
                threading.Thread(target=claim, args=(self.member_coord, self.org_a)),
                threading.Thread(target=claim, args=(self.member_b_coord, self.org_b)),
            ]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            self.assertEqual(sorted(o[:4] for o in outcomes), ["lost", "won"], outcomes)
            winner = HelpRequest.objects.get(pk=self.hr.pk).claimed_by
            self.assertIn(winner.name, next(o for o in outcomes if o.startswith("lost")))
        self.assertEqual(Event.objects.filter(kind="claimed").count(), 10)
