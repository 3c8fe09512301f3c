"""Tasks from help requests, batch matching into a plan, confirm, accept/decline, online ranking."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from cases.services import help_request_claim, verification_record
from core.errors import ConflictError, DomainError
from core.models import Event
from heli.test import BaseTestCase
from volunteers.models import MatchPlan, Pass, Shift, Task, TaskAssignment
from volunteers.services import (
    TaskInput,
    match_run,
    plan_confirm,
    plan_row_add,
    plan_row_remove,
    rank_for_task,
    shift_assign,
    task_accept,
    task_create,
    task_decline,
    task_from_help_request,
    volunteer_set_health,
)
from volunteers.tests import factory as f


class MatchingTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.near = f.profile(cls.org_a, "近", user=cls.vol)
        cls.far = f.profile(cls.org_a, "远", lat=f.YANTA[0] + 0.1)
        cls.driver = f.profile(cls.org_a, "司机", lat=f.YANTA[0] + 0.05, skills=("driver",))

    def plan_pairs(self, plan: MatchPlan) -> set[tuple[str, str]]:
        return {(r.task.title, r.profile.name) for r in plan.rows.filter(status="proposed")}

    def test_it_proposes_the_nearest_capable_volunteer(self) -> None:
        f.task(self, self.org_a, title="送菜")
        f.task(self, self.org_a, title="运货", skills=["driver"], kind="drive")
        plan = match_run(actor=self.member_coord, org=self.org_a)
        self.assertEqual(self.plan_pairs(plan), {("送菜", "近"), ("运货", "司机")})
        self.assertEqual(set(Task.objects.values_list("status", flat=True)), {"proposed"})

    def test_it_needs_a_valid_pass_for_a_sealed_zone(self) -> None:
        z = f.zone(self.org_a)
        f.task(self, self.org_a, title="封控区送药", zone=z)
        Pass.objects.create(profile=self.near, zone=z, valid_until=timezone.now() - timedelta(hours=1))
        Pass.objects.create(profile=self.far, zone=z, valid_until=timezone.now() + timedelta(days=3))
        plan = match_run(actor=self.member_coord, org=self.org_a)
        self.assertEqual(self.plan_pairs(plan), {("封控区送药", "远")})

    def test_it_explains_a_task_nobody_can_enter(self) -> None:
        f.task(self, self.org_a, title="封控区送药", zone=f.zone(self.org_a))
        plan = match_run(actor=self.member_coord, org=self.org_a)
        self.assertEqual(plan.assigned, 0)
        self.assertEqual(plan.unassigned[0]["reason"], "有技能的志愿者都没有该封控区的通行证")

    def test_it_never_assigns_a_sick_volunteer(self) -> None:
        volunteer_set_health(actor=self.member_coord, profile=self.near, health="sick")
        f.task(self, self.org_a, title="送菜")
        plan = match_run(actor=self.member_coord, org=self.org_a)
        self.assertNotIn("近", {n for _, n in self.plan_pairs(plan)})

    def test_it_keeps_hotline_and_field_duties_apart(self) -> None:
        shift_assign(
            actor=self.member_coord, shift=f.shift(self.org_a, 14, 20, duty="hotline"), profile=self.near
        )
        f.task(self, self.org_a, title="送菜", start=8, end=11)
        plan = match_run(actor=self.member_coord, org=self.org_a)
        self.assertEqual(self.plan_pairs(plan), {("送菜", "司机")})

    def test_a_network_run_keeps_each_orgs_tasks_with_its_own_volunteers(self) -> None:
        b_vol = f.profile(self.org_b, "乙队", lat=f.YANTA[0] + 0.3)
        f.task(self, self.org_a, title="甲的")
        f.task(self, self.org_b, title="乙的")
        plan = match_run(actor=self.hub_coord, org=self.hub)
        self.assertEqual(self.plan_pairs(plan), {("甲的", "近"), ("乙的", b_vol.name)})

    def test_it_never_double_books_one_volunteer(self) -> None:
        for i in range(3):
            f.task(self, self.org_a, title=f"T{i}", start=9, end=10)
        plan = match_run(actor=self.member_coord, org=self.org_a)
        names = [n for _, n in self.plan_pairs(plan)]
        self.assertEqual(sorted(names), ["司机", "近", "远"])

    def test_it_confirms_and_the_help_request_follows(self) -> None:
        hr = self.new_request(lat=f.YANTA[0], lon=f.YANTA[1])
        verification_record(actor=self.hub_operator, help_request=hr, outcome="confirmed")
        help_request_claim(actor=self.member_coord, help_request=hr, org=self.org_a)
        hr.refresh_from_db()
        data = TaskInput(kind="deliver", window_start=f.at(9), window_end=f.at(12))
        task = task_from_help_request(actor=self.member_coord, help_request=hr, data=data)
        plan = match_run(actor=self.member_coord, org=self.org_a)
        plan_confirm(actor=self.member_coord, plan=plan)
        hr.refresh_from_db()
        task.refresh_from_db()
        self.assertEqual(
            (hr.status, hr.assigned_to_id, task.status), ("in_progress", self.vol.pk, "assigned")
        )
        row = TaskAssignment.objects.get(task=task)
        self.assertEqual(row.status, "confirmed")
        task_accept(actor=self.vol, row=row)
        row.refresh_from_db()
        self.assertEqual(row.status, "accepted")
        # a decline re-opens it and hands the request back to its org (not left under a volunteer
        # who said no); the replacement then becomes the request's volunteer
        task_decline(actor=self.vol, row=row, reason="家里有事")
        hr.refresh_from_db()
        self.assertEqual((hr.status, hr.assigned_to_id), ("claimed", None))
        handed_back = Event.objects.filter(subject_id=hr.pk, kind="unassigned").get()
        self.assertEqual(handed_back.data["reason"], "家里有事")
        plan_confirm(actor=self.member_coord, plan=match_run(actor=self.member_coord, org=self.org_a))
        hr.refresh_from_db()
        self.assertNotEqual(hr.assigned_to_id, self.vol.pk)
        self.assertEqual(
            TaskAssignment.objects.get(task=task, status="confirmed").profile.user_id, hr.assigned_to_id
        )

    def test_a_decline_reopens_the_task_for_matching(self) -> None:
        task = f.task(self, self.org_a, title="送菜")
        plan_confirm(actor=self.member_coord, plan=match_run(actor=self.member_coord, org=self.org_a))
        row = TaskAssignment.objects.get(task=task, profile=self.near)
        task_decline(actor=self.vol, row=row, reason="发烧了")
        task.refresh_from_db()
        self.assertEqual(task.status, "open")
        again = match_run(actor=self.member_coord, org=self.org_a)
        self.assertEqual(len(self.plan_pairs(again)), 1)

    def test_confirming_rechecks_the_rules_broken_since_the_draft(self) -> None:
        task = f.task(self, self.org_a, title="送菜")
        plan = match_run(actor=self.member_coord, org=self.org_a)
        row = plan.rows.get()
        # Since the draft, the proposed volunteer was put on a shift over the task's time.
        shift = Shift.objects.create(hub_id=self.org_a.hub_id, org=self.org_a, name="热线",
                                     starts_at=row.starts_at - timedelta(hours=1),
                                     ends_at=row.ends_at + timedelta(hours=1))
        shift_assign(actor=self.member_coord, shift=shift, profile=row.profile)
        with self.assertRaisesMessage(ConflictError, "请重新匹配"):
            plan_confirm(actor=self.member_coord, plan=plan)
        live = TaskAssignment.objects.filter(task=task, status__in=("confirmed", "accepted"))
        self.assertFalse(live.exists())
        self.assertEqual(MatchPlan.objects.get(pk=plan.pk).status, "draft")

    def test_the_coordinator_edits_the_proposal(self) -> None:
        task = f.task(self, self.org_a, title="送菜")
        plan = match_run(actor=self.member_coord, org=self.org_a)
        plan_row_remove(actor=self.member_coord, row=plan.rows.get())
        plan_row_add(actor=self.member_coord, plan=plan, task=task, profile=self.far)
        plan_confirm(actor=self.member_coord, plan=plan)
        self.assertEqual(TaskAssignment.objects.get(task=task, status="confirmed").profile, self.far)

    def test_an_edit_cannot_break_a_hard_rule(self) -> None:
        task = f.task(self, self.org_a, title="运货", skills=["driver"], kind="drive")
        plan = match_run(actor=self.member_coord, org=self.org_a)
        with self.assertRaisesMessage(DomainError, "没有志愿者具备所需技能"):
            plan_row_add(actor=self.member_coord, plan=plan, task=task, profile=self.near)

    def test_it_ranks_volunteers_online_with_reasons(self) -> None:
        task = f.task(self, self.org_a, title="送菜")
        ranked = rank_for_task(task)
        self.assertEqual([r.profile.name for r in ranked], ["近", "司机", "远"])
        self.assertIn("ranked lower to keep driver free", ranked[1].ranked.reason)

    def test_it_rejects_bad_task_input(self) -> None:
        for data, message in (
            (
                TaskInput(kind="deliver", window_start=f.at(12), window_end=f.at(9), lat=34.2, lon=108.9),
                "结束必须晚于开始",
            ),
            (
                TaskInput(
                    kind="deliver",
                    window_start=f.at(9),
                    window_end=f.at(12),
                    lat=34.2,
                    lon=108.9,
                    skills=["pilot"],
                ),
                "未知的技能",
            ),
            (
                TaskInput(
                    kind="deliver",
                    window_start=f.at(9),
                    window_end=f.at(10),
                    hours=Decimal(3),
                    lat=34.2,
                    lon=108.9,
                ),
                "时长",
            ),
        ):
            with self.subTest(message=message), self.assertRaisesMessage(DomainError, message):
                task_create(actor=self.member_coord, org=self.org_a, incident=self.incident, data=data)

    def test_a_task_from_an_unclaimed_request_is_refused(self) -> None:
        hr = self.new_request(lat=34.2, lon=108.9)
        with self.assertRaisesMessage(DomainError, "请先认领"):
            task_from_help_request(
                actor=self.member_coord,
                help_request=hr,
                data=TaskInput(kind="deliver", window_start=f.at(9), window_end=f.at(12)),
            )
