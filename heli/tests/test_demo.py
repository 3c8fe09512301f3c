from datetime import timedelta
from io import StringIO

from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import TestCase
from django.utils import timezone

from cases.models import HelpRequest
from core.models import Event
from people.models import CheckIn, CheckInPlan, Medication, Person
from supplies.models import AllocationPlan, Donation, Shipment, SiteNeed, StockLot
from volunteers.models import (
    MatchPlan,
    Pass,
    ShiftAssignment,
    ShiftTemplate,
    Task,
    TaskAssignment,
    VolunteerProfile,
)

SCALE = "0.05"  # every path keeps at least one request, so every status shows at a small volume


def demo(*args: str) -> str:
    out = StringIO()
    call_command("demo", "--scale", SCALE, *args, stdout=out)
    return out.getvalue()


def snapshot() -> tuple[dict[str, int], list[str], dict[str, int]]:
    counts = {s: HelpRequest.objects.filter(status=s).count() for s in HelpRequest.Status.values}
    phones = list(HelpRequest.objects.order_by("pk").values_list("requester_phone", flat=True))
    modules = {m._meta.label: m.objects.count() for m in MODULE_MODELS}
    return counts, phones, modules


MODULE_MODELS = (VolunteerProfile, Pass, ShiftAssignment, Task, TaskAssignment, Person, CheckIn, Medication,
                 StockLot, Shipment)


class DemoTestCase(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.out = demo()
        cls.first = snapshot()

    def test_it_loads_every_status_and_close_reason(self) -> None:
        counts, *_ = self.first
        self.assertTrue(all(counts.values()), counts)
        reasons = set(HelpRequest.objects.exclude(close_reason="").values_list("close_reason", flat=True))
        self.assertEqual(reasons, set(HelpRequest.CloseReason.values))
        duplicates = HelpRequest.objects.filter(close_reason="duplicate", duplicate_of__isnull=False)
        self.assertTrue(duplicates.exists())

    def test_it_prints_the_url_and_one_login_per_role(self) -> None:
        self.assertIn("http://127.0.0.1:8000/", self.out)
        for username in ("hub", "operator", "member", "volunteer", "viewer", "admin"):
            self.assertIn(f"\n{username} ", self.out)
            self.assertTrue(get_user_model().objects.filter(username=username).exists())

    def test_it_writes_a_timeline_in_the_past(self) -> None:
        hr = HelpRequest.objects.filter(status="closed", close_reason="fulfilled").first()
        events = Event.objects.filter(subject_type="helprequest", subject_id=hr.pk).order_by("created")
        kinds = list(events.values_list("kind", flat=True))
        self.assertEqual((kinds[0], kinds[-1]), ("created", "closed"))
        self.assertEqual(events.first().created, hr.created_at)
        self.assertLess(hr.created_at, hr.delivered_at)
        self.assertLess(hr.delivered_at, hr.closed_at)

    def test_the_volunteer_login_has_a_profile_shifts_and_a_task(self) -> None:
        me = VolunteerProfile.objects.get(user__username="volunteer")
        self.assertEqual((me.status, me.health), ("approved", "fit"))
        self.assertIsNotNone(me.lat)
        self.assertTrue(ShiftAssignment.objects.filter(profile=me).exists())
        self.assertTrue(TaskAssignment.objects.filter(profile=me, status="accepted").exists())

    def test_volunteers_have_skills_zones_shifts_and_plans(self) -> None:
        skills = set(VolunteerProfile.objects.values_list("skills__skill", flat=True))
        self.assertTrue({"driver", "doctor", "counsellor", "translator"} <= skills, skills)
        self.assertEqual(set(VolunteerProfile.objects.values_list("tier", flat=True)),
                         {"online", "offline", "reserve"})
        self.assertEqual(ShiftTemplate.objects.count(), 3)
        self.assertTrue(Pass.objects.filter(zone__status="sealed").exists())
        rows = set(ShiftAssignment.objects.values_list("status", flat=True))
        self.assertTrue({"done", "assigned"} <= rows, rows)
        self.assertTrue(Task.objects.filter(help_request__isnull=False).exists())
        self.assertEqual(set(MatchPlan.objects.values_list("status", flat=True)), {"confirmed", "draft"})

    def test_the_registry_has_guarded_persons_checkins_and_a_short_runway(self) -> None:
        self.assertGreaterEqual(Person.objects.count(), 30)
        self.assertFalse(Person.objects.filter(guardian__isnull=True).exists())
        self.assertTrue(Person.objects.filter(guardian__username="volunteer", backup__isnull=False).exists())
        self.assertTrue(CheckIn.objects.exists())
        self.assertTrue(CheckInPlan.objects.filter(next_due_at__lt=timezone.now()).exists())
        soon = timezone.localdate() + timedelta(days=3)
        self.assertTrue(Medication.objects.filter(runs_out_on__lte=soon).exists())

    def test_supplies_have_stock_needs_and_shipments(self) -> None:
        self.assertEqual(set(Donation.objects.values_list("kind", flat=True)), {"goods", "money"})
        self.assertTrue(Donation.objects.exclude(only_site_kinds=[]).exists())
        self.assertTrue(StockLot.objects.filter(quantity__gt=0).exists())
        soon = timezone.localdate() + timedelta(days=7)
        self.assertTrue(StockLot.objects.filter(quantity__gt=0, expires_on__lte=soon).exists())
        self.assertTrue(SiteNeed.objects.exists())
        self.assertTrue(AllocationPlan.objects.filter(status="approved").exists())
        states = set(Shipment.objects.values_list("status", flat=True))
        self.assertTrue({"planned", "dispatched", "delivered"} <= states, states)
        self.assertTrue(Shipment.objects.filter(help_request__isnull=False).exists())

    def test_it_is_deterministic(self) -> None:
        demo("--force")
        self.assertEqual(snapshot(), self.first)

    def test_it_refuses_a_database_with_data(self) -> None:
        with self.assertRaises(CommandError) as ctx:
            demo()
        self.assertEqual(ctx.exception.returncode, 2)
        self.assertEqual(snapshot(), self.first)

    def test_it_does_nothing_if_not_empty(self) -> None:
        out = demo("--if-empty")
        self.assertIn("not loaded", out)
        self.assertEqual(snapshot(), self.first)
