"""heli.lib.sql writes and reads rows exactly as the ORM would, on SQLite and PostgreSQL."""

from datetime import timedelta

from django.utils import timezone
from rest_framework.authtoken.models import Token

from cases.models import HelpRequest, IdempotencyKey, NeedLine
from core.models import Alert, Event
from core.services import Notice, alerts_raise_many
from heli.lib import sql
from heli.test import BaseTestCase


class PreparedSqlTests(BaseTestCase):
    def test_an_inserted_event_reads_back_through_the_orm_unchanged(self) -> None:
        at = timezone.now() - timedelta(minutes=5)
        event = Event(actor=self.hub_coord, kind="probe", subject_type="x", subject_id=7, incident_id=None,
                      data={"名": "值", "n": [1, 2]}, created=at)
        self.assertEqual(sql.insert([event]), 1)
        stored = Event.objects.get(pk=event.pk)
        self.assertEqual((stored.actor_id, stored.data, stored.created), (self.hub_coord.pk, event.data, at))

    def test_several_rows_get_their_own_ids_in_order(self) -> None:
        hr = self.new_request()
        lines = [NeedLine(help_request=hr, category=c, item=c) for c in ("food", "water", "care")]
        sql.insert(lines)
        stored = NeedLine.objects.filter(pk__in=[n.pk for n in lines]).order_by("pk")
        self.assertEqual([n.item for n in stored], ["food", "water", "care"])
        self.assertFalse(lines[0]._state.adding)

    def test_a_conflicting_row_is_skipped_when_asked(self) -> None:
        hr = self.new_request()
        now = timezone.now()
        first = IdempotencyKey(user=self.hub_operator, key="k", help_request=hr, created=now)
        again = IdempotencyKey(user=self.hub_operator, key="k", help_request=hr, created=now)
        self.assertEqual(sql.insert([first], ignore_conflicts=True), 1)
        self.assertEqual(sql.insert([again], ignore_conflicts=True), 0)
        self.assertIsNone(again.pk)
        self.assertEqual(IdempotencyKey.objects.count(), 1)

    def test_fetch_one_converts_values_and_loads_the_related_row(self) -> None:
        hr = self.new_request()
        got = sql.fetch_one(HelpRequest, "t0.id = %s", [hr.pk], related=("incident",))
        orm = HelpRequest.objects.get(pk=hr.pk)
        for field in HelpRequest._meta.concrete_fields:
            self.assertEqual(getattr(got, field.attname), getattr(orm, field.attname), field.name)
        with self.assertNumQueries(0):
            self.assertEqual(got.incident.code_prefix, self.incident.code_prefix)
        self.assertIsNone(sql.fetch_one(HelpRequest, "t0.id = %s", [hr.pk + 1000]))

    def test_token_authentication_finds_the_user_and_refuses_others(self) -> None:
        token = Token.objects.create(user=self.hub_operator)
        ok = self.client.get("/api/requests/", HTTP_AUTHORIZATION=f"Token {token.key}")
        self.assertEqual(ok.status_code, 200)
        bad = self.client.get("/api/requests/", HTTP_AUTHORIZATION="Token " + "0" * 40)
        self.assertEqual(bad.status_code, 401)
        self.hub_operator.is_active = False
        self.hub_operator.save()
        inactive = self.client.get("/api/requests/", HTTP_AUTHORIZATION=f"Token {token.key}")
        self.assertEqual(inactive.status_code, 401)

    def test_many_alerts_are_raised_once_per_user_and_key(self) -> None:
        notices = [Notice(user=u, key="k1", message="m") for u in (self.hub_coord, self.vol)]
        self.assertEqual(alerts_raise_many(notices), 2)
        self.assertEqual(alerts_raise_many([*notices, Notice(user=self.vol, key="k2", message="n")]), 1)
        self.assertEqual(Alert.objects.count(), 3)
