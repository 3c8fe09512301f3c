"""Teams with a lead, and subsidies: who may join which team, lead changes, bounds, pages."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from core.errors import ConflictError, DomainError
from core.models import Event
from heli.test import BaseTestCase
from volunteers.models import Subsidy, Team
from volunteers.services import (
    subsidy_record,
    team_add_member,
    team_create,
    team_remove_member,
    team_set_lead,
)
from volunteers.tests import factory as f


class TeamTests(BaseTestCase):
    def setUp(self) -> None:
        self.li = f.profile(self.org_a, "李明", user=self.vol)
        self.wang = f.profile(self.org_a, "王芳")
        self.zhao = f.profile(self.org_b, "赵强")

    def test_a_lead_is_a_member_and_leaving_clears_the_lead(self) -> None:
        team = team_create(
            actor=self.member_coord, org=self.org_a, name="雁塔配送组", duty="deliver", lead=self.li
        )
        self.assertEqual(list(team.members.all()), [self.li])
        team_set_lead(actor=self.member_coord, team=team, profile=self.wang)  # not yet a member: added
        team.refresh_from_db()
        self.assertEqual(team.lead, self.wang)
        self.assertEqual(team.members.count(), 2)
        team_remove_member(actor=self.member_coord, team=team, profile=self.wang)
        team.refresh_from_db()
        self.assertIsNone(team.lead)
        kinds = list(Event.objects.filter(subject_type="team").values_list("kind", flat=True))
        self.assertEqual(kinds, ["team_created", "team_lead_set", "team_member_removed"])

    def test_a_member_orgs_team_takes_only_its_own_volunteers_the_hubs_anyone(self) -> None:
        team = team_create(actor=self.member_coord, org=self.org_a, name="核实组", duty="verify")
        with self.assertRaises(DomainError):
            team_add_member(actor=self.member_coord, team=team, profile=self.zhao)
        hub_team = team_create(actor=self.hub_coord, org=self.hub, name="机动队")
        team_add_member(actor=self.hub_coord, team=hub_team, profile=self.zhao)
        team_add_member(actor=self.hub_coord, team=hub_team, profile=self.li)
        self.assertEqual(hub_team.members.count(), 2)
        with self.assertRaises(ConflictError):
            team_add_member(actor=self.hub_coord, team=hub_team, profile=self.li)

    def test_a_name_is_unique_per_org_and_required(self) -> None:
        team_create(actor=self.member_coord, org=self.org_a, name="热线组", duty="hotline")
        with self.assertRaises(ConflictError):
            team_create(actor=self.member_coord, org=self.org_a, name=" 热线组 ", duty="hotline")
        with self.assertRaises(DomainError):
            team_create(actor=self.member_coord, org=self.org_a, name=" ")
        team_create(actor=self.member_b_coord, org=self.org_b, name="热线组", duty="hotline")  # another org
        self.assertEqual(Team.objects.count(), 2)

    def test_a_stale_lead_change_loses(self) -> None:
        team = team_create(actor=self.member_coord, org=self.org_a, name="配送组", lead=self.li)
        stale = Team.objects.get(pk=team.pk)
        team_set_lead(actor=self.member_coord, team=team, profile=self.wang)
        with self.assertRaises(ConflictError):
            team_set_lead(actor=self.member_coord, team=stale, profile=self.li)


class SubsidyTests(BaseTestCase):
    def test_amounts_and_dates_are_checked(self) -> None:
        p = f.profile(self.org_a, "李明", user=self.vol)
        today = timezone.localdate()
        subsidy_record(
            actor=self.member_coord, profile=p, kind="transport", amount=Decimal("25.5"), paid_on=today
        )
        for kind, amount, day, field in (
            ("meals", Decimal(0), today, "amount"),
            ("meals", Decimal(50000), today, "amount"),  # an extra zero
            ("meals", Decimal(30), today + timedelta(days=1), "paid_on"),
            ("bonus", Decimal(30), today, "kind"),
        ):
            with self.subTest(kind=kind, amount=amount), self.assertRaises(DomainError) as caught:
                subsidy_record(actor=self.member_coord, profile=p, kind=kind, amount=amount, paid_on=day)
            self.assertEqual(caught.exception.field, field)
        self.assertEqual(Subsidy.objects.count(), 1)
        self.login(self.member_coord)
        page = self.client.get(f"/volunteers/{p.pk}/").content.decode()
        self.assertIn("25.5", page)
        self.assertIn(f"/volunteers/{p.pk}/subsidy/", page)


class TeamPagesTests(BaseTestCase):
    def test_staff_see_their_teams_viewers_and_outsiders_nothing(self) -> None:
        li = f.profile(self.org_a, "李明", user=self.vol)
        f.profile(self.org_a, "王芳")  # someone to add
        mine = team_create(actor=self.member_coord, org=self.org_a, name="雁塔配送组", lead=li)
        theirs = team_create(actor=self.member_b_coord, org=self.org_b, name="碑林热线组")
        self.login(self.member_coord)
        page = self.client.get("/volunteers/teams/").content.decode()
        self.assertIn("雁塔配送组", page)
        self.assertNotIn("碑林热线组", page)
        self.assertEqual(self.client.get(f"/volunteers/teams/{theirs.pk}/").status_code, 404)
        self.assertContains(self.client.get(f"/volunteers/teams/{mine.pk}/"), "/members/add/")
        self.login(self.hub_coord)
        self.assertContains(self.client.get("/volunteers/teams/"), "碑林热线组")
        self.login(self.member_operator)  # sees, cannot change
        self.assertNotContains(self.client.get(f"/volunteers/teams/{mine.pk}/"), "/members/add/")
        for persona in (self.viewer, self.outsider):
            self.login(persona)
            self.assertEqual(self.client.get(f"/volunteers/teams/{mine.pk}/").status_code, 404)

    def test_a_refused_team_keeps_what_was_typed(self) -> None:
        team_create(actor=self.member_coord, org=self.org_a, name="配送组")
        self.login(self.member_coord)
        response = self.client.post("/volunteers/teams/new/", {"name": "配送组", "duty": "verify"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'value="配送组"')
        self.assertContains(response, '<option value="verify" selected>')


class ProfileFormsKeepInputTests(BaseTestCase):
    def test_refused_subsidy_and_away_forms_keep_what_was_typed(self) -> None:
        p = f.profile(self.org_a, "李明", user=self.vol)
        self.login(self.member_coord)
        response = self.client.post(f"/volunteers/{p.pk}/subsidy/",
                                    {"kind": "meals", "amount": "30000", "paid_on": "2026-01-05"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'value="30000"')
        self.assertFalse(Subsidy.objects.exists())
        typed = {"available": "0", "starts_at": f.at(12, 3).strftime("%Y-%m-%dT%H:%M"),
                 "ends_at": f.at(9, 3).strftime("%Y-%m-%dT%H:%M"), "note": "居家隔离"}
        response = self.client.post(f"/volunteers/{p.pk}/exceptions/", typed)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'value="居家隔离"')
        self.assertContains(response, typed["starts_at"])
