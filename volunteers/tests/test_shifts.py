"""Shift assignment under the wellbeing guard, check-in/out and the fatigue self-check."""

from datetime import timedelta
from unittest import mock

from django.utils import timezone

from core.errors import ConflictError, DomainError
from core.models import Alert, Event
from heli.test import BaseTestCase
from volunteers.models import Shift, ShiftAssignment, VolunteerProfile, WellbeingPolicy
from volunteers.services import fatigue_record, shift_assign, shift_check_in, shift_check_out, shift_create
from volunteers.tests import factory as f


class ShiftGuardTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.p = f.profile(cls.org_a, "李明", user=cls.vol)

    def assign(self, s, **kw):  # type: ignore[no-untyped-def]
        return shift_assign(actor=self.member_coord, shift=s, profile=self.p, **kw)

    def test_it_assigns_a_fit_volunteer(self) -> None:
        row = self.assign(f.shift(self.org_a, 8, 14))
        self.assertEqual(row.status, "assigned")
        self.assertTrue(Event.objects.filter(kind="shift_assigned").exists())

    def test_it_refuses_overlapping_shifts_even_with_an_override(self) -> None:
        self.assign(f.shift(self.org_a, 8, 14))
        with self.assertRaisesMessage(ConflictError, "重叠"):
            self.assign(f.shift(self.org_a, 13, 20), override_reason="人手不够")
        self.assertEqual(ShiftAssignment.objects.count(), 1)

    def test_it_refuses_too_little_rest_and_explains_why(self) -> None:
        self.assign(f.shift(self.org_a, 8, 14))
        with self.assertRaisesMessage(DomainError, "间隔不足 10 小时"):
            self.assign(f.shift(self.org_a, 16, 20))

    def test_a_volunteer_signing_up_is_told_to_rest_not_to_override(self) -> None:
        shift_assign(actor=self.vol, shift=f.shift(self.org_a, 8, 14), profile=self.p)
        with self.assertRaisesMessage(DomainError, "请休息,或请协调员安排"):
            shift_assign(actor=self.vol, shift=f.shift(self.org_a, 16, 20), profile=self.p)

    def test_it_refuses_too_many_hours_a_day(self) -> None:
        WellbeingPolicy.objects.create(hub=self.hub, max_hours_day=8, min_rest_hours=0)
        self.assign(f.shift(self.org_a, 6, 12))
        with self.assertRaisesMessage(DomainError, "超过每日上限 8 小时"):
            self.assign(f.shift(self.org_a, 13, 17))

    def test_a_twelve_hour_night_shift_counts_on_the_two_days_it_spans(self) -> None:
        # The hotline's 20-08 night: 4 h + 8 h under the default 10 h a day, not one 12 h day.
        row = self.assign(f.shift(self.org_a, 20, 32))
        self.assertEqual(row.status, "assigned")

    def test_it_lets_a_coordinator_override_with_a_logged_reason(self) -> None:
        self.assign(f.shift(self.org_a, 8, 14))
        row = self.assign(f.shift(self.org_a, 16, 20), override_reason="夜班无人,本人同意")
        self.assertEqual(row.override_reason, "夜班无人,本人同意")
        event = Event.objects.filter(kind="shift_assigned").latest("pk")
        self.assertEqual(event.data["override"], "夜班无人,本人同意")
        self.assertIn("间隔不足", event.data["rules"][0])

    def test_it_caps_consecutive_days(self) -> None:
        WellbeingPolicy.objects.create(hub=self.hub, max_consecutive_days=3)
        for day in (1, 2, 3):
            self.assign(f.shift(self.org_a, 8, 12, days=day))
        with self.assertRaisesMessage(DomainError, "连续工作 4 天"):
            self.assign(f.shift(self.org_a, 8, 12, days=4))

    def test_it_caps_consecutive_high_stress_shifts(self) -> None:
        WellbeingPolicy.objects.create(hub=self.hub, max_consecutive_high_stress=2, min_rest_hours=0)
        self.assign(f.shift(self.org_a, 8, 10, high_stress=True))
        self.assign(f.shift(self.org_a, 12, 14, high_stress=True))
        with self.assertRaisesMessage(DomainError, "连续 3 个高压班次"):
            self.assign(f.shift(self.org_a, 16, 18, high_stress=True))
        self.assign(f.shift(self.org_a, 16, 18))  # an ordinary shift is fine

    def test_it_refuses_a_sick_volunteer_without_override(self) -> None:
        VolunteerProfile.objects.filter(pk=self.p.pk).update(health="sick")
        with self.assertRaisesMessage(DomainError, "生病"):
            self.assign(f.shift(self.org_a, 8, 14), override_reason="急需")

    def test_it_refuses_a_full_shift(self) -> None:
        s = f.shift(self.org_a, 8, 14, needed=1)
        other = f.profile(self.org_a, "王芳")
        shift_assign(actor=self.member_coord, shift=s, profile=other)
        with self.assertRaisesMessage(DomainError, "人数已满"):
            self.assign(s)

    def test_it_refuses_a_shift_that_ends_before_it_starts(self) -> None:
        with self.assertRaisesMessage(DomainError, "结束时间必须晚于开始时间"):
            shift_create(actor=self.member_coord, org=self.org_a, starts_at=f.at(14), ends_at=f.at(8))

    def test_it_logs_hours_on_check_out(self) -> None:
        s = f.shift(self.org_a, 8, 14)
        row = self.assign(s)
        with mock.patch("django.utils.timezone.now", return_value=s.starts_at):
            shift_check_in(actor=self.vol, row=row)
        with mock.patch(
            "django.utils.timezone.now", return_value=s.starts_at + timedelta(hours=6, minutes=30)
        ):
            shift_check_out(actor=self.vol, row=row)
        row.refresh_from_db()
        self.assertEqual((row.status, str(row.hours)), ("done", "6.50"))

    def test_a_forgotten_check_out_logs_at_most_two_hours_past_the_shift(self) -> None:
        s = f.shift(self.org_a, 8, 14)
        row = self.assign(s)
        with mock.patch("django.utils.timezone.now", return_value=s.starts_at):
            shift_check_in(actor=self.vol, row=row)
        with mock.patch("django.utils.timezone.now", return_value=s.starts_at + timedelta(hours=40)):
            shift_check_out(actor=self.vol, row=row)
        row.refresh_from_db()
        self.assertEqual(str(row.hours), "8.00")
        self.assertTrue(Event.objects.get(kind="shift_checked_out").data["capped"])


class FatigueTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.p = f.profile(cls.org_a, "李明", user=cls.vol)

    def test_it_flags_rest_and_support_on_a_high_score(self) -> None:
        check = fatigue_record(actor=self.vol, profile=self.p, exhaustion=3, sleep=3, distress=2)
        self.assertTrue(check.flagged)
        self.p.refresh_from_db()
        self.assertTrue(self.p.needs_support)
        self.assertGreater(self.p.rest_until, timezone.now() + timedelta(hours=23))
        self.assertTrue(Alert.objects.filter(user=self.member_coord, key=f"fatigue:{check.pk}").exists())
        # A shift inside the 24 h rest, whatever the time of day (tomorrow 08:00 is not, after midnight).
        soon = timezone.now() + timedelta(hours=2)
        shift = Shift.objects.create(hub_id=self.hub.pk, org=self.org_a, name="热线", starts_at=soon,
                                     ends_at=soon + timedelta(hours=4))
        with self.assertRaisesMessage(DomainError, "休息"):
            shift_assign(actor=self.member_coord, shift=shift, profile=self.p)

    def test_it_does_not_flag_a_low_score(self) -> None:
        check = fatigue_record(actor=self.vol, profile=self.p, exhaustion=1, sleep=2, distress=1)
        self.assertFalse(check.flagged)
        self.p.refresh_from_db()
        self.assertIsNone(self.p.rest_until)
