"""Away and extra-time exceptions: bad windows refused, shifts over an away period need a reason,
clashes with what was already given alert the coordinators, the matcher leaves away time alone."""

from datetime import timedelta

from django.utils import timezone

from core.errors import DomainError
from core.models import Alert
from heli.test import BaseTestCase
from volunteers.models import AvailabilityException
from volunteers.services import availability_exception_add, shift_assign
from volunteers.tests import factory as f


class ExceptionTests(BaseTestCase):
    def setUp(self) -> None:
        self.p = f.profile(self.org_a, "李明", user=self.vol)

    def away(self, start: float, end: float, days: int = 2, **kw: object) -> AvailabilityException:
        return availability_exception_add(actor=self.vol, profile=self.p, starts_at=f.at(start, days),
                                          ends_at=f.at(end, days), **kw)  # type: ignore[arg-type]

    def test_bad_windows_are_refused_with_the_field(self) -> None:
        now = timezone.now()
        for start, end in (
            (f.at(12, 2), f.at(9, 2)),  # ends before it starts
            (now - timedelta(days=2), now - timedelta(days=1)),  # already over
            (f.at(9, 2), f.at(9, 2) + timedelta(days=61)),  # longer than 60 days
        ):
            with self.subTest(start=start), self.assertRaises(DomainError) as caught:
                availability_exception_add(actor=self.vol, profile=self.p, starts_at=start, ends_at=end)
            self.assertEqual(caught.exception.field, "ends_at")
        self.assertFalse(AvailabilityException.objects.exists())

    def test_a_shift_over_an_away_period_needs_a_coordinators_reason(self) -> None:
        self.away(7, 20, note="居家隔离")
        shift = f.shift(self.org_a, 8, 14, days=2)
        with self.assertRaises(DomainError) as caught:
            shift_assign(actor=self.member_coord, shift=shift, profile=self.p)
        self.assertIn("不可服务", caught.exception.message)
        self.assertIn("居家隔离", caught.exception.message)
        row = shift_assign(
            actor=self.member_coord, shift=shift, profile=self.p, override_reason="电话确认可来"
        )
        self.assertEqual(row.override_reason, "电话确认可来")
        extra = f.shift(self.org_a, 8, 14, days=3)  # extra time free is not a rule to break
        self.away(7, 20, days=3, available=True)
        shift_assign(actor=self.member_coord, shift=extra, profile=self.p)

    def test_away_over_a_given_shift_alerts_the_coordinators(self) -> None:
        shift_assign(actor=self.member_coord, shift=f.shift(self.org_a, 8, 14, days=4), profile=self.p)
        self.away(0, 23, days=5)  # no clash: no alert
        self.assertFalse(Alert.objects.exists())
        self.away(10, 12, days=4)
        alert = Alert.objects.get(user=self.member_coord)
        self.assertIn("李明", alert.text)
        self.assertFalse(Alert.objects.filter(user=self.member_b_coord).exists())

    def test_the_phone_page_lists_and_withdraws_own_exceptions(self) -> None:
        exc = self.away(9, 18, note="家里有事")
        self.login(self.vol)
        self.assertContains(self.client.get("/volunteers/me/"), "家里有事")
        self.client.post(f"/volunteers/exceptions/{exc.pk}/remove/")
        self.assertFalse(AvailabilityException.objects.exists())
