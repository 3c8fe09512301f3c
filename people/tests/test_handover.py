"""Scenario: a guardian is quarantined mid-incident; their 30 people hand over with no check-in missed."""

from datetime import timedelta

from core.errors import DomainError
from core.models import Alert, Event
from heli.test import aware, make_user
from orgs.models import Membership
from people.access import managed_persons
from people.models import CheckIn, GuardianAbsence, Guardianship, Person
from people.services import checkin_record, guardian_assign, guardian_candidates, guardian_handover
from people.tests.clock import frozen
from people.tests.factory import RegistryTestCase
from people.tick import checkins_tick

DAY0 = aware(2022, 1, 3, 9)


class QuarantineScenarioTests(RegistryTestCase):
    def setUp(self) -> None:
        self.backup2 = make_user("backup2", self.org_a, Membership.Role.VOLUNTEER)
        with frozen(DAY0):
            self.persons = [
                self.new_person(i, guardian=self.guardian, backup=self.backup if i % 2 else self.backup2)
                for i in range(30)
            ]

    def tick_hourly(self, start: timedelta, end: timedelta) -> None:
        at = start
        while at <= end:
            with frozen(DAY0 + at):
                checkins_tick(DAY0 + at)
            at += timedelta(hours=1)

    def test_it_hands_all_thirty_to_their_backups_with_no_check_in_missed(self) -> None:
        # Day 1, 10:00: the guardian makes the daily round.
        with frozen(DAY0 + timedelta(days=1, hours=1)):
            for person in self.persons:
                checkin_record(actor=self.guardian, person=person, outcome="fine")
        self.tick_hourly(timedelta(days=1, hours=1), timedelta(days=1, hours=9))
        # Day 1, 18:00: the guardian is quarantined. One action moves everyone.
        with frozen(DAY0 + timedelta(days=1, hours=9)):
            result = guardian_handover(
                actor=self.member_coord,
                guardian=self.guardian,
                scope=managed_persons(self.member_coord),
                reason="密接,集中隔离 14 天",
                absence="quarantined",
            )
        self.assertEqual(result.total, 30)
        self.assertEqual(result.no_guardian, [])
        self.assertEqual(
            {k: len(v) for k, v in result.moved.items()}, {self.backup.pk: 15, self.backup2.pk: 15}
        )
        self.assertFalse(Person.objects.filter(guardian=self.guardian).exists())
        self.assertEqual(Guardianship.objects.filter(to_at__isnull=True).count(), 30)
        self.assertEqual(Guardianship.objects.count(), 60)  # history kept
        self.assertEqual(Event.objects.filter(kind="guardian_handover").count(), 30)
        self.assertTrue(GuardianAbsence.objects.filter(user=self.guardian, to_at__isnull=True).exists())
        for user in (self.guardian, self.backup, self.backup2):
            self.assertTrue(Alert.objects.filter(user=user, key__startswith="handover").exists(), user)
        # Day 2, 09:30: each backup opens the phone page and works through the list.
        with frozen(DAY0 + timedelta(days=1, hours=24, minutes=30)):
            for user in (self.backup, self.backup2):
                self.login(user)
                page = self.client.get("/people/today/")
                self.assertEqual(len(page.context["rows"]), 15)
                for row in page.context["rows"]:
                    response = self.client.post(
                        f"/people/{row['person'].pk}/checkin/",
                        {"outcome": "fine", "next": "today", "urgency": 3},
                    )
                    self.assertRedirects(response, "/people/today/", fetch_redirect_response=False)
        self.tick_hourly(timedelta(days=1, hours=9), timedelta(days=2, hours=20))
        self.assertFalse(Event.objects.filter(kind="checkin_overdue").exists())
        self.assertFalse(Alert.objects.filter(key__startswith="checkin-overdue").exists())
        self.assertEqual(CheckIn.objects.filter(on_time=True).count(), 60)
        self.assertEqual(CheckIn.objects.count(), 60)
        # The quarantined guardian is no longer suggested.
        suggested = [c.user.pk for c in guardian_candidates(person=self.persons[0])]
        self.assertNotIn(self.guardian.pk, suggested)
        with self.assertRaisesRegex(DomainError, "不可用"):
            guardian_assign(actor=self.member_coord, person=self.persons[0], guardian=self.guardian)

    def test_it_lists_people_without_a_backup_as_having_no_guardian(self) -> None:
        with frozen(DAY0):
            lonely = self.new_person(99, guardian=self.guardian)
        guardian_handover(
            actor=self.member_coord,
            guardian=self.guardian,
            scope=managed_persons(self.member_coord),
            reason="生病",
            absence="sick",
        )
        self.login(self.member_coord)
        page = self.client.get("/people/no-guardian/")
        self.assertEqual([p.pk for p in page.context["none"]], [lonely.pk])
        self.assertEqual(len(page.context["no_backup"]), 30)  # the backups took over; they have none now

    def test_it_hands_over_to_a_named_volunteer_and_keeps_the_backups(self) -> None:
        helper = make_user("helper", self.org_a, Membership.Role.VOLUNTEER)
        result = guardian_handover(
            actor=self.member_coord,
            guardian=self.guardian,
            new_guardian=helper,
            scope=managed_persons(self.member_coord),
            reason="轮休",
            absence="off_duty",
        )
        self.assertEqual(len(result.moved[helper.pk]), 30)
        person = Person.objects.get(pk=self.persons[1].pk)
        self.assertEqual((person.guardian_id, person.backup_id), (helper.pk, self.backup.pk))

    def test_it_replaces_the_quarantined_backup_too(self) -> None:
        with frozen(DAY0):
            other = self.new_person(98, guardian=self.backup, backup=self.guardian)
        result = guardian_handover(
            actor=self.member_coord,
            guardian=self.guardian,
            scope=managed_persons(self.member_coord),
            reason="隔离",
        )
        self.assertEqual(result.backup_cleared, [other.pk])
        self.assertIn(
            other.pk, [p.pk for p in Person.objects.filter(guardian=self.backup, backup__isnull=True)]
        )

    def test_it_only_moves_the_people_the_coordinator_manages(self) -> None:
        with frozen(DAY0):
            elsewhere = self.new_person(97, org=self.org_b, actor=self.member_b_coord)
        guardian_assign(actor=self.member_b_coord, person=elsewhere, guardian=self.guardian)
        guardian_handover(
            actor=self.member_coord,
            guardian=self.guardian,
            scope=managed_persons(self.member_coord),
            reason="隔离",
        )
        self.assertEqual(Person.objects.get(pk=elsewhere.pk).guardian_id, self.guardian.pk)

    def test_it_requires_a_reason(self) -> None:
        with self.assertRaisesRegex(DomainError, "原因"):
            guardian_handover(
                actor=self.member_coord,
                guardian=self.guardian,
                scope=managed_persons(self.member_coord),
                reason="",
            )

    def test_it_ranks_suggestions_by_distance_and_load(self) -> None:
        near = make_user("near", self.org_a, Membership.Role.VOLUNTEER)
        with frozen(DAY0):
            self.new_person(95, guardian=near, lat=34.20, lon=108.90, division_code="610113001")
            person = self.new_person(96, lat=34.21, lon=108.91, division_code="610113001")
        ranked = guardian_candidates(person=person, limit=50)
        order = [c.user.pk for c in ranked]
        self.assertEqual(order[0], near.pk)  # one ward, 1.4 km away
        self.assertLess(ranked[0].distance_km, 2)
        self.assertLess(order.index(self.backup.pk), order.index(self.guardian.pk))  # 0 wards vs 30
        self.assertNotIn(self.viewer.pk, order)  # government viewers do not guard
