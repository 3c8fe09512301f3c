"""Two coordinators put the same volunteer on overlapping shifts at the same moment: exactly one wins."""

import threading
import unittest

from django.db import connection, connections
from django.test import TransactionTestCase

from core.errors import DomainError
from heli.test import BaseTestCase
from volunteers.models import ShiftAssignment
from volunteers.services import shift_assign
from volunteers.tests import factory as f


@unittest.skipUnless(connection.vendor == "postgresql", "needs PostgreSQL row locking")
class ShiftRaceTests(TransactionTestCase):
    def setUp(self) -> None:
        BaseTestCase.setUpTestData.__func__(self)  # type: ignore[attr-defined]
        self.p = f.profile(self.org_a, "李明", user=self.vol)

    def test_it_lets_exactly_one_of_two_overlapping_assignments_win(self) -> None:
        for day in range(1, 9):
            a = f.shift(self.org_a, 8, 14, days=day * 3)
            b = f.shift(self.org_b, 12, 18, days=day * 3)
            barrier = threading.Barrier(2)
            outcomes: list[str] = []

            def put(actor, shift, barrier=barrier, outcomes=outcomes) -> None:  # type: ignore[no-untyped-def]
                try:
                    barrier.wait()
                    shift_assign(actor=actor, shift=shift, profile=self.p, override_reason="演练")
                    outcomes.append("won")
                except DomainError as exc:
                    outcomes.append(f"lost: {exc.message}")
                finally:
                    connections.close_all()

            threads = [
                threading.Thread(target=put, args=(self.member_coord, a)),
                threading.Thread(target=put, args=(self.hub_coord, b)),
            ]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            self.assertEqual(sorted(o[:4] for o in outcomes), ["lost", "won"], outcomes)
            self.assertIn("重叠", next(o for o in outcomes if o.startswith("lost")))
        self.assertEqual(ShiftAssignment.objects.count(), 8)

    def test_two_coordinators_cannot_both_fill_the_last_seat(self) -> None:
        other = f.profile(self.org_a, "王芳", lat=f.YANTA[0] + 0.01)
        for day in range(1, 6):
            shift = f.shift(self.org_a, 8, 14, days=day * 3, needed=1)
            barrier = threading.Barrier(2)
            outcomes: list[str] = []

            def put(actor, profile, shift=shift, barrier=barrier, outcomes=outcomes) -> None:  # type: ignore[no-untyped-def]
                try:
                    barrier.wait()
                    shift_assign(actor=actor, shift=shift, profile=profile)
                    outcomes.append("won")
                except DomainError as exc:
                    outcomes.append(f"lost: {exc.message}")
                finally:
                    connections.close_all()

            threads = [
                threading.Thread(target=put, args=(self.member_coord, self.p)),
                threading.Thread(target=put, args=(self.hub_coord, other)),
            ]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            self.assertEqual(sorted(o[:4] for o in outcomes), ["lost", "won"], outcomes)
            self.assertEqual(shift.assignments.count(), 1)
