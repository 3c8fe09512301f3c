"""Tasks whose window passes: shown as missed (derived), flagged once by the tick, rescheduled or
cancelled."""

from datetime import timedelta

from django.utils import timezone

from core.errors import DomainError
from core.models import Alert, Event
from heli.test import BaseTestCase
from volunteers.models import Task, TaskAssignment
from volunteers.services import match_run, plan_confirm, task_accept, task_cancel, task_done, task_reschedule
from volunteers.tests import factory as f
from volunteers.tick import tasks_tick


def pass_window(task: Task, hours_ago: float = 1) -> Task:
    end = timezone.now() - timedelta(hours=hours_ago)
    Task.objects.filter(pk=task.pk).update(window_start=end - timedelta(hours=3), window_end=end)
    task.refresh_from_db()
    return task


class RescheduleTests(BaseTestCase):
    def setUp(self) -> None:
        self.p = f.profile(self.org_a, "李明", user=self.vol)

    def test_a_missed_task_gets_a_new_window_and_goes_back_to_matching(self) -> None:
        task = f.task(self, self.org_a)
        match_run(actor=self.member_coord, org=self.org_a)
        task.refresh_from_db()
        self.assertEqual(task.status, "proposed")
        task = pass_window(task)
        self.assertTrue(task.is_missed)
        start, end = f.at(9, days=2), f.at(12, days=2)
        task_reschedule(actor=self.member_coord, task=task, window_start=start, window_end=end)
        task.refresh_from_db()
        self.assertEqual((task.status, task.window_start, task.window_end), ("open", start, end))
        self.assertFalse(task.is_missed)
        # the proposal was checked against the old window: it is dropped, not confirmed later
        self.assertFalse(task.assignments.filter(status="proposed").exists())
        event = Event.objects.filter(kind="task_rescheduled").get()
        self.assertEqual(event.data["proposals_dropped"], 1)

    def test_it_refuses_windows_in_the_past_backwards_or_too_short(self) -> None:
        task = pass_window(f.task(self, self.org_a, hours=2))
        now = timezone.now()
        bad = [
            (now - timedelta(hours=3), now - timedelta(hours=1), "window_end"),  # already over
            (f.at(12, days=2), f.at(9, days=2), "window_end"),  # ends before it starts
            (f.at(9, days=2), f.at(10, days=2), "window_end"),  # 1 h for a 2 h task
        ]
        for start, end, field in bad:
            with self.subTest(start=start, end=end), self.assertRaises(DomainError) as caught:
                task_reschedule(actor=self.member_coord, task=task, window_start=start, window_end=end)
            self.assertEqual(caught.exception.field, field)
        self.assertFalse(Event.objects.filter(kind="task_rescheduled").exists())

    def test_a_stale_copy_or_a_confirmed_task_is_not_moved(self) -> None:
        task = pass_window(f.task(self, self.org_a))
        stale = Task.objects.get(pk=task.pk)
        task_reschedule(actor=self.member_coord, task=task, window_start=f.at(9, 2), window_end=f.at(12, 2))
        with self.assertRaises(DomainError):  # someone else moved it meanwhile
            task_reschedule(actor=self.hub_coord, task=stale, window_start=f.at(9, 3), window_end=f.at(12, 3))
        Task.objects.filter(pk=task.pk).update(status="assigned")
        task.refresh_from_db()
        with self.assertRaises(DomainError):
            task_reschedule(
                actor=self.member_coord, task=task, window_start=f.at(9, 3), window_end=f.at(12, 3)
            )
        self.assertEqual(Event.objects.filter(kind="task_rescheduled").count(), 1)

    def test_cancelling_tells_the_volunteers_who_were_sent(self) -> None:
        f.task(self, self.org_a)
        plan_confirm(actor=self.member_coord, plan=match_run(actor=self.member_coord, org=self.org_a))
        row = TaskAssignment.objects.get(profile=self.p)
        self.assertEqual(row.status, "confirmed")
        task_cancel(actor=self.member_coord, task=row.task, reason="求助人已被邻居送到医院")
        row.refresh_from_db()
        self.assertEqual(row.status, "removed")
        alert = Alert.objects.get(user=self.vol, key=f"task-cancelled:{row.task_id}")
        self.assertIn("求助人已被邻居送到医院", alert.text)


class TasksTickTests(BaseTestCase):
    def test_a_missed_window_alerts_the_orgs_coordinators_once_per_window(self) -> None:
        task = pass_window(f.task(self, self.org_a))
        now = timezone.now()
        self.assertEqual(tasks_tick(now), 1)
        self.assertEqual(tasks_tick(now), 0)
        self.assertTrue(Alert.objects.filter(user=self.member_coord, key__startswith="task-missed").exists())
        self.assertFalse(Alert.objects.filter(user=self.member_b_coord).exists())
        # moved, missed again: a new window is a new alert
        task_reschedule(actor=self.member_coord, task=task, window_start=f.at(9, 2), window_end=f.at(12, 2))
        pass_window(task, hours_ago=0.5)
        self.assertEqual(tasks_tick(timezone.now()), 1)

    def test_an_assigned_task_not_marked_done_is_flagged_after_the_grace(self) -> None:
        task = f.task(self, self.org_a)
        Task.objects.filter(pk=task.pk).update(status="assigned")
        pass_window(task, hours_ago=1)
        self.assertEqual(tasks_tick(timezone.now()), 0)  # the volunteer may still be typing "done"
        pass_window(task, hours_ago=3)
        self.assertEqual(tasks_tick(timezone.now()), 1)
        Task.objects.filter(pk=task.pk).update(status="done")
        Alert.objects.all().delete()
        self.assertEqual(tasks_tick(timezone.now()), 0)

    def test_windows_ended_long_ago_or_cancelled_are_left_alone(self) -> None:
        pass_window(f.task(self, self.org_a), hours_ago=24 * 8)
        Task.objects.filter(pk=pass_window(f.task(self, self.org_a)).pk).update(status="cancelled")
        self.assertEqual(tasks_tick(timezone.now()), 0)


class TaskPagesTests(BaseTestCase):
    def test_the_missed_tab_lists_only_missed_tasks(self) -> None:
        missed = pass_window(f.task(self, self.org_a, title="错过的送药"))
        f.task(self, self.org_a, title="明天的送菜")
        self.login(self.member_coord)
        page = self.client.get("/volunteers/tasks/?status=missed").content.decode()
        self.assertIn(missed.title, page)
        self.assertNotIn("明天的送菜", page)
        page = self.client.get("/volunteers/tasks/?status=open").content.decode()
        self.assertNotIn(missed.title, page)
        self.assertIn("明天的送菜", page)
        detail = self.client.get(f"/volunteers/tasks/{missed.pk}/").content.decode()
        self.assertIn(f"/volunteers/tasks/{missed.pk}/reschedule/", detail)

    def test_a_refused_reschedule_keeps_what_was_typed(self) -> None:
        task = pass_window(f.task(self, self.org_a))
        self.login(self.member_coord)
        typed = {"window_start": f.at(12, 2).strftime("%Y-%m-%dT%H:%M"),
                 "window_end": f.at(9, 2).strftime("%Y-%m-%dT%H:%M")}
        response = self.client.post(f"/volunteers/tasks/{task.pk}/reschedule/", typed)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, typed["window_start"])
        self.assertContains(response, typed["window_end"])
        task.refresh_from_db()
        self.assertTrue(task.is_missed)

    def test_a_viewer_or_operator_cannot_see_the_forms(self) -> None:
        task = pass_window(f.task(self, self.org_a))
        self.login(self.member_operator)
        page = self.client.get(f"/volunteers/tasks/{task.pk}/").content.decode()
        self.assertNotIn("/reschedule/", page)
        self.assertNotIn("/cancel/", page)


class PartlyStaffedTests(BaseTestCase):
    def test_a_partly_staffed_task_is_done_when_its_one_volunteer_finishes(self) -> None:
        p = f.profile(self.org_a, "李明", user=self.vol)
        task = f.task(self, self.org_a, people=2)
        plan_confirm(actor=self.member_coord, plan=match_run(actor=self.member_coord, org=self.org_a))
        task.refresh_from_db()
        self.assertEqual(task.status, "open")  # one of two places filled
        row = TaskAssignment.objects.get(profile=p)
        task_accept(actor=self.vol, row=row)
        pass_window(task, hours_ago=3)
        # sent but not yet marked done: the tick asks for confirmation, it does not say "nobody"
        self.assertEqual(tasks_tick(timezone.now()), 1)
        self.assertTrue(Alert.objects.filter(key__startswith="task-unconfirmed").exists())
        self.assertFalse(Alert.objects.filter(key__startswith="task-missed").exists())
        task_done(actor=self.vol, row=TaskAssignment.objects.get(pk=row.pk))
        task.refresh_from_db()
        self.assertEqual(task.status, "done")

    def test_a_partly_staffed_task_past_its_window_awaits_confirmation_not_missed(self) -> None:
        f.profile(self.org_a, "李明", user=self.vol)
        task = f.task(self, self.org_a, people=2, title="两人送药")
        plan_confirm(actor=self.member_coord, plan=match_run(actor=self.member_coord, org=self.org_a))
        task = pass_window(task, hours_ago=1)
        self.assertEqual(task.status, "open")
        self.assertFalse(task.is_missed)
        self.assertTrue(task.awaits_confirmation)
        self.login(self.member_coord)
        # listed under its own status with the right pill, not under 已错过
        page = self.client.get("/volunteers/tasks/?status=open").content.decode()
        self.assertIn("两人送药", page)
        self.assertIn("待确认完成", page)
        self.assertNotIn("两人送药", self.client.get("/volunteers/tasks/?status=missed").content.decode())
        detail = self.client.get(f"/volunteers/tasks/{task.pk}/").content.decode()
        self.assertIn("志愿者尚未标记完成", detail)


class RankReasonTests(BaseTestCase):
    def test_the_ranked_list_gives_its_reasons_in_the_readers_words(self) -> None:
        f.profile(self.org_a, "李明", user=self.vol, skills=("driver",))
        task = f.task(self, self.org_a, skills=["driver"])
        self.login(self.member_coord)
        page = self.client.get(f"/volunteers/tasks/{task.pk}/").content.decode()
        self.assertIn("公里", page)
        self.assertIn("技能:司机", page)
        self.assertNotIn("no special skill", page)
        self.assertNotIn("load ", page)
