"""Attendance recorded after the fact by a coordinator: bounds, reason, compare-and-set, who may."""

from datetime import timedelta

from django.utils import timezone

from core.errors import ConflictError, DomainError
from core.models import Event
from heli.test import BaseTestCase
from volunteers.models import Shift, ShiftAssignment
from volunteers.services import shift_assign, shift_attendance_record
from volunteers.tests import factory as f


class AttendanceTests(BaseTestCase):
    def setUp(self) -> None:
        self.p = f.profile(self.org_a, "李明", user=self.vol)
        # Yesterday's 08–14 shift, whatever time the suite runs.
        start = timezone.now().replace(minute=0, second=0, microsecond=0) - timedelta(hours=30)
        shift = Shift.objects.create(hub_id=self.hub.pk, org=self.org_a, name="热线", starts_at=start,
                                     ends_at=start + timedelta(hours=6))
        self.row = shift_assign(actor=self.member_coord, shift=shift, profile=self.p)

    def record(self, start: float = 0, end: float = 6, reason: str = "纸质签到表") -> ShiftAssignment:
        return shift_attendance_record(
            actor=self.member_coord, row=self.row, reason=reason,
            check_in_at=self.row.starts_at + timedelta(hours=start),
            check_out_at=self.row.starts_at + timedelta(hours=end),
        )

    def test_a_forgotten_shift_is_recorded_with_its_hours_and_reason(self) -> None:
        row = self.record(0.25, 6)
        row.refresh_from_db()
        self.assertEqual((row.status, str(row.hours)), ("done", "5.75"))
        event = Event.objects.get(kind="shift_attendance_recorded")
        self.assertEqual(event.data["reason"], "纸质签到表")
        self.assertEqual(event.data["before"]["status"], "assigned")

    def test_times_outside_the_shift_or_in_the_future_are_refused(self) -> None:
        for start, end, reason, field in (
            (0, 6, " ", "reason"),
            (3, 2, "x", "check_out_at"),
            (-1.5, 6, "x", "check_in_at"),  # more than an hour early
            (0, 8.5, "x", "check_out_at"),  # more than two hours late
            (0, 40, "x", "check_out_at"),  # in the future
        ):
            with self.subTest(start=start, end=end), self.assertRaises(DomainError) as caught:
                self.record(start, end, reason)
            self.assertEqual(caught.exception.field, field)
        self.assertFalse(Event.objects.filter(kind="shift_attendance_recorded").exists())

    def test_a_stale_copy_loses(self) -> None:
        stale = ShiftAssignment.objects.get(pk=self.row.pk)
        self.record(0, 6)
        with self.assertRaises(ConflictError):
            shift_attendance_record(actor=self.hub_coord, row=stale, reason="x",
                                    check_in_at=stale.starts_at, check_out_at=stale.ends_at)

    def test_only_coordinators_over_the_shift_see_the_form(self) -> None:
        url = f"/volunteers/shifts/rows/{self.row.pk}/attendance/"
        self.login(self.member_coord)
        self.assertContains(self.client.get(url), "attendance/save/")
        self.assertContains(self.client.get(f"/volunteers/{self.p.pk}/"), url)
        for persona, status in ((self.vol, 404), (self.member_b_coord, 404), (self.outsider, 404),
                                (self.viewer, 404), (self.member_operator, 403)):
            with self.subTest(persona=persona.username):
                self.login(persona)
                self.assertEqual(self.client.get(url).status_code, status)

    def test_a_refused_record_keeps_what_was_typed(self) -> None:
        self.login(self.member_coord)
        typed = timezone.localtime(self.row.starts_at + timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M")
        response = self.client.post(
            f"/volunteers/shifts/rows/{self.row.pk}/attendance/save/",
            {"check_in_at": typed, "check_out_at": typed, "reason": "签到表"},
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, typed)
        self.assertContains(response, "签到表")
