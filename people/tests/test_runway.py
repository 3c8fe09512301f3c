"""Medication runway: frozen time walks insulin down; the request opens once, at the lead time."""

from datetime import timedelta

from cases.models import HelpRequest
from cases.services import help_request_claim, help_request_close, help_request_deliver, verification_record
from heli.test import aware
from people.models import Medication, PersonRequest
from people.services import medication_count
from people.tests.clock import frozen
from people.tests.factory import RegistryTestCase
from people.tick import runway_tick

DAY0 = aware(2022, 1, 3, 9)


class RunwayTests(RegistryTestCase):
    def walk(self, days: range, counts: dict[int, str] | None = None) -> list[tuple[int, int]]:
        """Tick twice a day; return (day, request id) for every request that opened."""
        opened = []
        for day in days:
            for hour in (0, 12):
                now = DAY0 + timedelta(days=day, hours=hour)
                with frozen(now):
                    if counts and day in counts and hour == 0:
                        medication_count(
                            actor=self.guardian,
                            medication=Medication.objects.select_related("person").get(pk=self.med.pk),
                            on_hand=counts[day],
                        )
                    before = set(PersonRequest.objects.values_list("help_request_id", flat=True))
                    runway_tick(now)
                    runway_tick(now)  # idempotent: a second pass at the same moment does nothing
                    new = set(PersonRequest.objects.values_list("help_request_id", flat=True)) - before
                opened += [(day, pk) for pk in new]
        return opened

    def setUp(self) -> None:
        with frozen(DAY0):
            self.person = self.guarded_person(1)
            self.med = self.insulin(self.person, on_hand="10", daily="1", lead=3)

    def test_it_derives_days_left_from_the_count(self) -> None:
        self.assertEqual(self.med.runs_out_on, DAY0.date() + timedelta(days=10))
        self.assertEqual(self.med.days_left(DAY0 + timedelta(days=4)), 6)
        self.assertEqual(str(self.med.estimate_on_hand(DAY0 + timedelta(days=4))), "6.00")

    def test_it_opens_the_request_exactly_once_at_the_lead_time(self) -> None:
        # The guardian recounts on day 5 and finds what the runway predicted: nothing changes.
        opened = self.walk(range(0, 14), counts={5: "5"})
        self.assertEqual(len(opened), 1)
        day, pk = opened[0]
        self.assertEqual(day, 7)  # 3 days left = the lead time
        hr = HelpRequest.objects.get(pk=pk)
        self.assertEqual(hr.urgency, 2)
        self.assertEqual(hr.created_by_org_id, self.org_a.pk)
        need = hr.needs.get()
        self.assertEqual((need.category, need.item, need.qty_requested), ("medicine", "胰岛素笔芯", 30))
        self.assertIn("预计 3 天后用完", hr.description)
        link = PersonRequest.objects.get(help_request=hr)
        self.assertEqual(
            (link.person_id, link.medication_id, link.reason), (self.person.pk, self.med.pk, "runway")
        )

    def test_it_marks_an_empty_stock_as_urgency_one(self) -> None:
        with frozen(DAY0):
            medication_count(actor=self.guardian, medication=self.med, on_hand="0")
        opened = self.walk(range(0, 1))
        self.assertEqual(HelpRequest.objects.get(pk=opened[0][1]).urgency, 1)

    def test_it_respects_a_longer_lead_time_per_item(self) -> None:
        Medication.objects.filter(pk=self.med.pk).update(
            lead_time_days=5, reorder_on=DAY0.date() + timedelta(days=5)
        )
        opened = self.walk(range(0, 8))
        self.assertEqual([d for d, _ in opened], [5])
        self.assertEqual(HelpRequest.objects.get(pk=opened[0][1]).urgency, 3)

    def test_it_adds_delivered_quantities_to_the_stock_and_asks_again_later(self) -> None:
        [(_, pk)] = self.walk(range(0, 8))
        hr = HelpRequest.objects.get(pk=pk)
        with frozen(DAY0 + timedelta(days=8)):
            verification_record(actor=self.hub_operator, help_request=hr, outcome="confirmed")
            help_request_claim(actor=self.member_coord, help_request=hr, org=self.org_a)
            help_request_deliver(actor=self.member_coord, help_request=hr)
            runway_tick(DAY0 + timedelta(days=8))
            runway_tick(DAY0 + timedelta(days=8))  # the delivery counts once
        self.med.refresh_from_db()
        self.assertEqual(self.med.on_hand, 32)  # 2 left on day 8 + 30 delivered
        self.assertIsNone(self.med.pending_request_id)
        self.assertEqual(self.med.runs_out_on, DAY0.date() + timedelta(days=40))
        opened = self.walk(range(9, 40))
        self.assertEqual([d for d, _ in opened], [37])

    def test_it_does_not_reopen_after_a_request_closed_undelivered_until_the_stock_changes(self) -> None:
        [(_, pk)] = self.walk(range(0, 8))
        hr = HelpRequest.objects.get(pk=pk)
        with frozen(DAY0 + timedelta(days=8)):
            help_request_close(actor=self.hub_coord, help_request=hr, reason="done_by_others")
        self.assertEqual(self.walk(range(8, 12)), [])
        opened = self.walk(range(12, 13), counts={12: "0"})  # a recount shows a new stock level
        self.assertEqual(len(opened), 1)
