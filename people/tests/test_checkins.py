"""Check-ins and the missed check-in ladder: backup, then coordinator; unreachable twice, door visit."""

from datetime import timedelta

from cases.models import HelpRequest
from cases.services import NeedInput
from core.errors import DomainError
from core.models import Alert, Event
from heli.test import aware
from orgs.models import Membership
from people.models import CheckInPlan, Person, PersonRequest
from people.services import checkin_record, plan_set
from people.tests.clock import frozen
from people.tests.factory import RegistryTestCase
from people.tick import checkins_tick

DAY0 = aware(2022, 1, 3, 9)


class CheckInTests(RegistryTestCase):
    def setUp(self) -> None:
        with frozen(DAY0):
            self.person = self.guarded_person(1)  # daily: due DAY0 + 1 day, grace 6 h
        self.due = DAY0 + timedelta(days=1)

    def tick(self, hours: float) -> int:
        now = self.due + timedelta(hours=hours)
        with frozen(now):
            return checkins_tick(now)

    def alerts(self, user: object) -> int:
        return Alert.objects.filter(user=user, key__startswith="checkin-overdue").count()

    def test_it_alerts_the_backup_after_the_grace_and_the_coordinator_after_twice(self) -> None:
        self.assertEqual(self.tick(5.9), 0)
        self.assertEqual(self.tick(6.1), 1)
        self.assertEqual(self.tick(6.2), 0)
        self.assertEqual((self.alerts(self.backup), self.alerts(self.member_coord)), (1, 0))
        self.assertEqual(self.tick(12.1), 1)
        self.assertEqual(self.tick(30), 0)
        self.assertEqual((self.alerts(self.backup), self.alerts(self.member_coord)), (1, 1))
        self.assertEqual(CheckInPlan.objects.get(person=self.person).alert_level, 2)
        self.assertEqual(Event.objects.filter(kind="checkin_overdue", subject_id=self.person.pk).count(), 2)

    def test_it_alerts_the_coordinator_at_once_when_there_is_no_backup(self) -> None:
        with frozen(DAY0):
            other = self.new_person(2, guardian=self.guardian)
        self.tick(6.1)
        self.assertEqual(self.alerts(self.member_coord), 1)
        self.assertEqual(CheckInPlan.objects.get(person=other).alert_level, 1)

    def test_a_backup_who_left_the_network_is_passed_over_for_the_coordinator(self) -> None:
        Membership.objects.filter(user=self.backup).update(active=False)
        self.assertEqual(self.tick(6.1), 1)
        self.assertEqual((self.alerts(self.backup), self.alerts(self.member_coord)), (0, 1))
        event = Event.objects.get(kind="checkin_overdue", subject_id=self.person.pk)
        self.assertEqual(event.data["alerted"], [self.member_coord.pk])

    def test_it_resets_the_ladder_on_a_late_check_in(self) -> None:
        self.tick(7)
        with frozen(self.due + timedelta(hours=8)):
            checkin = checkin_record(actor=self.backup, person=self.person, outcome="fine")
        self.assertFalse(checkin.on_time)
        plan = CheckInPlan.objects.get(person=self.person)
        self.assertEqual((plan.alert_level, plan.next_due_at), (0, self.due + timedelta(hours=32)))
        self.assertEqual(self.tick(12.1), 0)

    def test_it_opens_a_linked_request_when_the_person_needs_something(self) -> None:
        checkin_record(
            actor=self.guardian,
            person=self.person,
            outcome="needs",
            note="米吃完了",
            urgency=2,
            needs=[NeedInput(category="food", item="大米", qty_requested=10, unit="斤")],
        )
        link = PersonRequest.objects.get(person=self.person)
        self.assertEqual(link.reason, "checkin")
        self.assertEqual(link.help_request.needs.get().item, "大米")
        self.assertEqual(link.help_request.requester_phone, self.person.phone)
        with self.assertRaisesRegex(DomainError, "需要什么"):
            checkin_record(actor=self.guardian, person=self.person, outcome="needs")

    def test_it_escalates_two_unreachable_in_a_row_to_one_urgent_door_visit(self) -> None:
        checkin_record(actor=self.guardian, person=self.person, outcome="not_reachable")
        self.assertFalse(PersonRequest.objects.exists())
        checkin_record(actor=self.guardian, person=self.person, outcome="not_reachable")
        checkin_record(actor=self.backup, person=self.person, outcome="not_reachable")
        link = PersonRequest.objects.get(person=self.person)
        self.assertEqual((link.reason, link.help_request.urgency), ("door_visit", 1))
        self.assertEqual(link.help_request.needs.get().category, "care")

    def test_it_does_not_count_unreachable_with_a_contact_in_between(self) -> None:
        for outcome in ("not_reachable", "fine", "not_reachable"):
            checkin_record(actor=self.guardian, person=self.person, outcome=outcome)
        self.assertFalse(HelpRequest.objects.exists())

    def test_it_ends_care_when_the_person_died(self) -> None:
        checkin_record(actor=self.guardian, person=self.person, outcome="deceased", note="家属告知")
        person = Person.objects.get(pk=self.person.pk)
        self.assertEqual((person.status, person.guardian_id), ("deceased", None))
        self.assertFalse(CheckInPlan.objects.get(person=person).active)
        self.assertEqual(self.tick(48), 0)
        with self.assertRaisesRegex(DomainError, "不在册"):
            checkin_record(actor=self.member_coord, person=person, outcome="fine")

    def test_it_brings_the_next_check_in_forward_when_the_cadence_tightens(self) -> None:
        with frozen(DAY0):
            weekly = self.new_person(3, vulnerabilities=["pregnant"], guardian=self.guardian)
        with frozen(DAY0 + timedelta(hours=1)):
            checkin_record(actor=self.guardian, person=weekly, outcome="fine")
            plan_set(actor=self.member_coord, person=weekly, cadence="daily", channel="door")
        plan = CheckInPlan.objects.get(person=weekly)
        self.assertEqual(plan.next_due_at, DAY0 + timedelta(days=1, hours=1))

    def test_it_refuses_check_ins_by_people_who_do_not_guard(self) -> None:
        with self.assertRaises(DomainError):
            checkin_record(actor=self.vol, person=self.person, outcome="fine")


class LongSilenceTests(RegistryTestCase):
    def test_it_alerts_backup_and_coordinator_in_one_pass_when_already_twice_overdue(self) -> None:
        with frozen(DAY0):
            person = self.guarded_person(1)
        now = DAY0 + timedelta(days=1, hours=13)  # due + 13 h: past twice the 6 h grace
        with frozen(now):
            self.assertEqual(checkins_tick(now), 1)
            self.assertEqual(checkins_tick(now), 0)
        self.assertEqual(CheckInPlan.objects.get(person=person).alert_level, 2)
        for user in (self.backup, self.member_coord):
            self.assertEqual(Alert.objects.filter(user=user, key__startswith="checkin-overdue").count(), 1)
