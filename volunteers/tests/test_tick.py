"""The volunteers tick: announced zone statuses take effect once; expiring passes alert once."""

from datetime import timedelta

from django.utils import timezone

from core.models import Alert
from heli.test import BaseTestCase
from volunteers.models import Pass
from volunteers.services import zone_set_status
from volunteers.tests import factory as f
from volunteers.tick import passes_tick, zones_tick


class TickTests(BaseTestCase):
    def test_an_announced_status_applies_on_its_day_once(self) -> None:
        zone = f.zone(self.org_a)
        tomorrow = timezone.localdate() + timedelta(days=1)
        zone_set_status(actor=self.hub_coord, zone=zone, status="controlled", on=tomorrow)
        zone.refresh_from_db()
        self.assertEqual(zone.status, "sealed")  # not yet
        later = timezone.now() + timedelta(days=1)
        self.assertEqual(zones_tick(later), 1)
        self.assertEqual(zones_tick(later), 0)
        zone.refresh_from_db()
        self.assertEqual((zone.status, zone.status_on), ("controlled", tomorrow))
        self.assertEqual(list(zone.history.values_list("status", flat=True)), ["controlled"])

    def test_an_expiring_pass_alerts_the_coordinator_once(self) -> None:
        p = f.profile(self.org_a, "李明", user=self.vol)
        Pass.objects.create(
            profile=p, zone=f.zone(self.org_a), valid_until=timezone.now() + timedelta(hours=5)
        )
        self.assertEqual(passes_tick(timezone.now()), 1)
        self.assertEqual(passes_tick(timezone.now()), 0)
        self.assertTrue(
            Alert.objects.filter(user=self.member_coord, key__startswith="pass-expiring").exists()
        )
