"""QA round 2 on the volunteer features of issue 6: away time against what was already given,
rescheduling a partly staffed task, and what a refused phone form keeps."""

from datetime import timedelta

from django.utils import timezone

from cases.services import help_request_claim, verification_record
from core.errors import ConflictError, DomainError
from core.models import Alert, Event
from heli.test import BaseTestCase
from volunteers.models import Shift, ShiftAssignment, Task, TaskAssignment
from volunteers.services import (
    TaskInput,
    availability_exception_add,
    match_run,
    plan_confirm,
    shift_assign,
    shift_check_in,
    shift_check_out,
    task_cancel,
    task_from_help_request,
    task_reschedule,
    team_add_member,
    team_create,
)
from volunteers.tests import factory as f


class AwayClashTests(BaseTestCase):
    def setUp(self) -> None:
        self.p = f.profile(self.org_a, "李明", user=self.vol)

    def test_away_from_the_middle_of_a_given_task_alerts_the_coordinators(self) -> None:
        f.task(self, self.org_a, start=9, end=13, days=1, hours=3)
        plan_confirm(actor=self.member_coord, plan=match_run(actor=self.member_coord, org=self.org_a))
        row = TaskAssignment.objects.get(profile=self.p, status="confirmed")
        # the task is under way when the away period starts: the volunteer will not finish it
        start = row.starts_at + timedelta(hours=1)
        availability_exception_add(actor=self.vol, profile=self.p, starts_at=start,
                                   ends_at=start + timedelta(hours=6))
        self.assertTrue(Alert.objects.filter(user=self.member_coord, key__startswith="away-clash").exists())

    def test_away_over_a_hub_shift_alerts_the_hubs_coordinators(self) -> None:
        # the hub runs the network's hotline rota with member orgs' volunteers (as the demo does)
        shift = Shift.objects.create(hub_id=self.hub.pk, org=self.hub, name="热线", starts_at=f.at(8, 3),
                                     ends_at=f.at(14, 3))
        shift_assign(actor=self.hub_coord, shift=shift, profile=self.p)
        availability_exception_add(actor=self.vol, profile=self.p, starts_at=f.at(7, 3), ends_at=f.at(20, 3))
        alerted = set(Alert.objects.filter(key__startswith="away-clash").values_list("user__username",
                                                                                     flat=True))
        self.assertEqual(alerted, {"hub_coord", "member_coord"})

    def test_confirming_a_plan_rechecks_away_time_recorded_since_the_draft(self) -> None:
        f.task(self, self.org_a, start=9, end=13, days=1)
        plan = match_run(actor=self.member_coord, org=self.org_a)
        row = plan.rows.get(profile=self.p)
        start = row.starts_at - timedelta(hours=1)
        availability_exception_add(actor=self.vol, profile=self.p, starts_at=start,
                                   ends_at=start + timedelta(hours=9), note="居家隔离")
        with self.assertRaises(ConflictError) as caught:
            plan_confirm(actor=self.member_coord, plan=plan)
        self.assertIn("不可服务", caught.exception.message)
        row.refresh_from_db()
        self.assertEqual(row.status, "proposed")


class PartlyStaffedRescheduleTests(BaseTestCase):
    def test_a_task_with_a_confirmed_volunteer_keeps_its_window(self) -> None:
        p = f.profile(self.org_a, "李明", user=self.vol)
        task = f.task(self, self.org_a, people=2)
        plan_confirm(actor=self.member_coord, plan=match_run(actor=self.member_coord, org=self.org_a))
        task.refresh_from_db()
        self.assertEqual(task.status, "open")  # one of two people: still open for matching
        old = (task.window_start, task.window_end)
        with self.assertRaises(DomainError):
            task_reschedule(actor=self.member_coord, task=task, window_start=f.at(9, 3),
                            window_end=f.at(12, 3))
        task.refresh_from_db()
        self.assertEqual((task.window_start, task.window_end), old)
        self.assertTrue(TaskAssignment.objects.filter(task=task, profile=p, status="confirmed").exists())

    def test_its_page_offers_cancel_but_not_reschedule(self) -> None:
        f.profile(self.org_a, "李明", user=self.vol)
        task = f.task(self, self.org_a, people=2)
        plan_confirm(actor=self.member_coord, plan=match_run(actor=self.member_coord, org=self.org_a))
        self.login(self.member_coord)
        page = self.client.get(f"/volunteers/tasks/{task.pk}/")
        self.assertNotContains(page, f"/volunteers/tasks/{task.pk}/reschedule/")
        self.assertContains(page, f"/volunteers/tasks/{task.pk}/cancel/")


class PhoneAwayFormTests(BaseTestCase):
    def test_a_refused_away_form_keeps_what_was_typed(self) -> None:
        f.profile(self.org_a, "李明", user=self.vol)
        self.login(self.vol)
        typed = {"available": "0", "starts_at": f.at(18, 2).strftime("%Y-%m-%dT%H:%M"),
                 "ends_at": f.at(8, 2).strftime("%Y-%m-%dT%H:%M"), "note": "孩子发烧"}
        response = self.client.post("/volunteers/me/away/", typed)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'value="孩子发烧"')
        self.assertContains(response, f'value="{typed["starts_at"]}"')
        self.assertContains(response, "结束时间必须晚于开始时间")


class DriveLinkTests(BaseTestCase):
    def test_the_supplies_link_does_not_store_the_coordinators_language(self) -> None:
        # a task title is stored and read by everyone: it must not be in the clicking coordinator's UI
        # language (task_from_help_request writes its titles in the site's language for that reason)
        from supplies.services import plan_approve, plan_propose
        from supplies.tests import factory as fx

        item = fx.mask(self.hub_coord)
        fx.stock(self.hub_coord, fx.warehouse(self.hub_coord, self.incident, self.hub), item, 100)
        fx.site_with_need(self.hub_operator, self.incident, item, 60)
        plan_approve(actor=self.hub_coord, plan=plan_propose(actor=self.hub_coord, incident=self.incident,
                                                             items=[item]))
        self.login(self.hub_coord)
        self.client.cookies["django_language"] = "en"
        body = self.client.get(f"/supplies/{self.incident.pk}/shipments/").content.decode()
        link = body.split("/volunteers/tasks/drive/")[1].split('"')[0]
        self.assertIn("title=", link)
        self.assertNotIn("Transport", link)


class TeamLeadRaceTests(BaseTestCase):
    def test_naming_a_lead_from_a_page_that_showed_another_loses(self) -> None:
        li, wang = f.profile(self.org_a, "李明", user=self.vol), f.profile(self.org_a, "王芳")
        team = team_create(actor=self.member_coord, org=self.org_a, name="配送组", duty="deliver")
        team_add_member(actor=self.member_coord, team=team, profile=wang)
        self.login(self.member_coord)
        # two coordinators opened the team page while it had no lead; the first names 李明
        url = f"/volunteers/teams/{team.pk}/lead/"
        self.client.post(url, {"volunteer": li.pk, "lead_was": ""})
        response = self.client.post(url, {"volunteer": wang.pk, "lead_was": ""})
        team.refresh_from_db()
        self.assertEqual(team.lead, li)
        errors = [str(m) for m in response.wsgi_request._messages if m.level_tag == "error"]
        self.assertEqual(len(errors), 1)
        self.assertEqual(Event.objects.filter(kind="team_lead_set").count(), 1)
        page = self.client.get(f"/volunteers/teams/{team.pk}/").content.decode()
        self.assertIn(f'name="lead_was" value="{li.pk}"', page)

    def test_a_lead_shown_then_deleted_is_a_conflict_not_a_crash(self) -> None:
        li = f.profile(self.org_a, "李明", user=self.vol)
        team = team_create(actor=self.member_coord, org=self.org_a, name="配送组", duty="deliver")
        self.login(self.member_coord)
        url = f"/volunteers/teams/{team.pk}/lead/"
        response = self.client.post(url, {"volunteer": li.pk, "lead_was": 999})
        self.assertEqual(response.status_code, 302)
        team.refresh_from_db()
        self.assertIsNone(team.lead)


class CancelHelpRequestTaskTests(BaseTestCase):
    def test_cancelling_a_sent_task_hands_its_help_request_back_to_the_org(self) -> None:
        f.profile(self.org_a, "李明", user=self.vol)
        hr = self.new_request(lat=f.YANTA[0], lon=f.YANTA[1])
        verification_record(actor=self.hub_operator, help_request=hr, outcome="confirmed")
        help_request_claim(actor=self.member_coord, help_request=hr, org=self.org_a)
        hr.refresh_from_db()
        data = TaskInput(kind="deliver", window_start=f.at(9), window_end=f.at(12))
        task = task_from_help_request(actor=self.member_coord, help_request=hr, data=data)
        plan_confirm(actor=self.member_coord, plan=match_run(actor=self.member_coord, org=self.org_a))
        hr.refresh_from_db()
        self.assertEqual(hr.assigned_to_id, self.vol.pk)
        task_cancel(actor=self.member_coord, task=task, reason="改由社区网格员送达")
        hr.refresh_from_db()
        # not left under a volunteer who was told the task is off: the org sees it is unstaffed
        self.assertEqual((hr.status, hr.assigned_to_id), ("claimed", None))


class AttendanceLinkTests(BaseTestCase):
    def test_the_profile_links_attendance_only_for_shifts_the_coordinator_runs(self) -> None:
        p = f.profile(self.org_a, "李明", user=self.vol)
        hub_shift = Shift.objects.create(hub_id=self.hub.pk, org=self.hub, name="热线",
                                         starts_at=f.at(8, -1), ends_at=f.at(14, -1))
        row = ShiftAssignment.objects.create(shift=hub_shift, profile=p, starts_at=hub_shift.starts_at,
                                             ends_at=hub_shift.ends_at, assigned_by=self.hub_coord)
        link = f"/volunteers/shifts/rows/{row.pk}/attendance/"
        self.login(self.member_coord)  # the volunteer's own org, but the hub runs the shift: 404 there
        self.assertNotContains(self.client.get(f"/volunteers/{p.pk}/"), link)
        self.login(self.hub_coord)
        self.assertContains(self.client.get(f"/volunteers/{p.pk}/"), link)
        self.assertEqual(self.client.get(link).status_code, 200)


class AttendanceRaceTests(BaseTestCase):
    def test_saving_a_form_opened_before_a_live_check_out_loses(self) -> None:
        p = f.profile(self.org_a, "李明", user=self.vol)
        now = timezone.now()
        shift = Shift.objects.create(hub_id=self.hub.pk, org=self.org_a, name="热线",
                                     starts_at=now - timedelta(hours=5), ends_at=now + timedelta(minutes=5))
        row = shift_assign(actor=self.member_coord, shift=shift, profile=p)
        shift_check_in(actor=self.vol, row=row)
        self.login(self.member_coord)
        url = f"/volunteers/shifts/rows/{row.pk}/attendance/"
        seen = self.client.get(url).context["form"]["seen"].value()
        shift_check_out(actor=self.vol, row=ShiftAssignment.objects.get(pk=row.pk))  # meanwhile, live
        checked_out = ShiftAssignment.objects.get(pk=row.pk).check_out_at
        local = timezone.localtime
        response = self.client.post(url + "save/", {
            "check_in_at": local(shift.starts_at).strftime("%Y-%m-%dT%H:%M"),
            "check_out_at": local(now).strftime("%Y-%m-%dT%H:%M"),
            "reason": "手机没电", "seen": seen,
        })
        self.assertEqual(response.status_code, 200)  # shown again, with what was typed
        self.assertContains(response, "手机没电")
        self.assertEqual(ShiftAssignment.objects.get(pk=row.pk).check_out_at, checked_out)


class StaleDraftTests(BaseTestCase):
    def test_a_draft_whose_task_window_has_passed_is_not_sent(self) -> None:
        f.profile(self.org_a, "李明", user=self.vol)
        task = f.task(self, self.org_a)
        plan = match_run(actor=self.member_coord, org=self.org_a)
        # the draft sat until the window was over: the task is missed, not something to send now
        end = timezone.now() - timedelta(hours=1)
        Task.objects.filter(pk=task.pk).update(window_start=end - timedelta(hours=3), window_end=end)
        TaskAssignment.objects.filter(task=task).update(starts_at=end - timedelta(hours=2))
        with self.assertRaises(ConflictError):
            plan_confirm(actor=self.member_coord, plan=plan)
        self.assertFalse(Alert.objects.filter(user=self.vol).exists())
        self.assertEqual(TaskAssignment.objects.get(task=task).status, "proposed")


class SkillLabelTests(BaseTestCase):
    def test_task_pages_show_skill_names_not_codes(self) -> None:
        task = f.task(self, self.org_a, kind="drive", skills=["driver", "vehicle:van"])
        self.login(self.member_coord)
        for url in (f"/volunteers/tasks/{task.pk}/", "/volunteers/tasks/"):
            with self.subTest(url=url):
                page = self.client.get(url)
                self.assertContains(page, "面包车/厢式货车")
                self.assertNotContains(page, "vehicle:van")


class ProfileTeamLinkTests(BaseTestCase):
    def test_a_hub_team_is_named_but_not_linked_for_a_member_org(self) -> None:
        p = f.profile(self.org_a, "李明", user=self.vol)
        rapid = team_create(actor=self.hub_coord, org=self.hub, name="机动队", duty="deliver", lead=p)
        self.login(self.member_coord)
        page = self.client.get(f"/volunteers/{p.pk}/")
        self.assertContains(page, "机动队")
        self.assertNotContains(page, f"/volunteers/teams/{rapid.pk}/")
        self.login(self.hub_coord)
        self.assertContains(self.client.get(f"/volunteers/{p.pk}/"), f"/volunteers/teams/{rapid.pk}/")


class MatrixGapTests(BaseTestCase):
    """What the POST matrix does not reach: another volunteer's exceptions, and the GET-only forms."""

    def test_a_volunteer_cannot_record_or_withdraw_someone_elses_away_time(self) -> None:
        mine = f.profile(self.org_a, "李明", user=self.vol)
        other = f.profile(self.org_a, "王芳")
        exc = availability_exception_add(actor=self.vol, profile=mine, starts_at=f.at(9, 3),
                                         ends_at=f.at(18, 3))
        self.client.force_login(other.user)
        window = {"available": "0", "starts_at": f.at(9, 4).strftime("%Y-%m-%dT%H:%M"),
                  "ends_at": f.at(18, 4).strftime("%Y-%m-%dT%H:%M")}
        self.assertEqual(self.client.post(f"/volunteers/{mine.pk}/exceptions/", window).status_code, 404)
        self.assertEqual(self.client.post(f"/volunteers/exceptions/{exc.pk}/remove/").status_code, 404)
        self.assertEqual(mine.exceptions.count(), 1)

    def test_the_drive_form_is_for_coordinators_only(self) -> None:
        url = f"/volunteers/tasks/drive/?incident={self.incident.pk}&shipment_ref=S1"
        self.assertIn("/accounts/login/", self.client.get(url)["Location"])
        for persona, status in ((self.member_coord, 200), (self.hub_coord, 200), (self.member_operator, 403),
                                (self.viewer, 404), (self.vol, 404)):
            with self.subTest(persona=persona.username):
                self.login(persona)
                self.assertEqual(self.client.get(url).status_code, status)


class ConfirmRaceTests(BaseTestCase):
    def test_a_row_cancelled_while_the_plan_is_being_confirmed_is_not_sent(self) -> None:
        # The interleaving PostgreSQL allows: plan_confirm has read its proposed rows, then a task
        # cancel commits (rows removed, volunteers told), then plan_confirm writes its rows.
        from unittest import mock

        from volunteers.services import assignments

        f.profile(self.org_a, "李明", user=self.vol)
        task = f.task(self, self.org_a)
        plan = match_run(actor=self.member_coord, org=self.org_a)
        recheck = assignments._recheck

        def cancel_meanwhile(*args: object) -> None:
            recheck(*args)  # type: ignore[arg-type]
            task_cancel(actor=self.hub_coord, task=Task.objects.get(pk=task.pk), reason="社区已送达")

        with mock.patch.object(assignments, "_recheck", cancel_meanwhile), self.assertRaises(ConflictError):
            plan_confirm(actor=self.member_coord, plan=plan)
        self.assertFalse(TaskAssignment.objects.filter(task=task, status="confirmed").exists())


class ProfileFormsKeepInputTests(BaseTestCase):
    def setUp(self) -> None:
        self.p = f.profile(self.org_a, "李明", user=self.vol)
        self.login(self.member_coord)

    def test_a_refused_pass_keeps_zone_date_and_number(self) -> None:
        f.zone(self.org_a, "甲区")
        other = f.zone(self.org_a, "乙区")
        past = (timezone.now() - timedelta(days=1)).astimezone().strftime("%Y-%m-%dT%H:%M")
        typed = {"zone": other.pk, "valid_until": past, "number": "XA-PASS-77"}
        response = self.client.post(f"/volunteers/{self.p.pk}/pass/", typed)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "通行证有效期已过")
        self.assertContains(response, 'value="XA-PASS-77"')
        self.assertContains(response, f'value="{past}"')
        self.assertContains(response, f'value="{other.pk}" selected')
        self.assertFalse(self.p.passes.exists())

    def test_a_refused_health_change_keeps_the_note(self) -> None:
        typed = {"health": "unknown", "note": "发热38度,已居家"}
        response = self.client.post(f"/volunteers/{self.p.pk}/health/", typed)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'value="发热38度,已居家"')
        self.p.refresh_from_db()
        self.assertEqual(self.p.health, "fit")

    def test_an_accepted_pass_redirects_back_to_the_profile(self) -> None:
        zone = f.zone(self.org_a, "甲区")
        later = (timezone.now() + timedelta(days=3)).astimezone().strftime("%Y-%m-%dT%H:%M")
        response = self.client.post(f"/volunteers/{self.p.pk}/pass/", {"zone": zone.pk, "valid_until": later})
        self.assertRedirects(response, f"/volunteers/{self.p.pk}/", fetch_redirect_response=False)
        self.assertTrue(self.p.passes.filter(zone=zone).exists())
