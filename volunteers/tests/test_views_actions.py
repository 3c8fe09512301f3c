"""Every state-changing endpoint: happy path, wrong method, anonymous, wrong org, read-only."""

from collections.abc import Callable
from datetime import time, timedelta
from typing import Any

from django.utils import timezone

from cases.services import help_request_claim, verification_record
from core.models import Event
from heli.test import BaseTestCase
from volunteers.models import (
    AvailabilityException,
    Shift,
    ShiftAssignment,
    ShiftTemplate,
    Task,
    TaskAssignment,
    Team,
    VolunteerProfile,
)
from volunteers.services import match_run, plan_confirm, shift_assign
from volunteers.tests import factory as f

NETWORK_LEVEL = {
    "zone-create", "shift-create", "match", "shift-from-template", "template-create", "team-create",
    "task-drive-save",
}
Case = tuple[str, Callable[[], tuple[str, dict[str, Any]]], str]  # name, setup → (url, data), persona


class ActionMatrixTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.p = f.profile(cls.org_a, "李明", user=cls.vol)
        cls.zone = f.zone(cls.org_a)
        cls.template = ShiftTemplate.objects.create(hub=cls.hub, name="热线夜班", start=time(20), end=time(8))

    def pending(self) -> VolunteerProfile:
        p = f.profile(self.org_a, f"新人{VolunteerProfile.objects.count()}", lat=35.0)
        VolunteerProfile.objects.filter(pk=p.pk).update(status="pending")
        return p

    def open_shift(self) -> Any:
        ShiftAssignment.objects.filter(profile=self.p).update(status="cancelled")
        return f.shift(self.org_a, 8, 14, days=5)

    def other(self) -> VolunteerProfile:
        return f.profile(self.org_a, f"X{VolunteerProfile.objects.count()}", lat=35.0)

    def plan(self) -> Any:
        # a clean slate per case: only this task open, the volunteer fit and free
        Task.objects.update(status="cancelled")
        TaskAssignment.objects.filter(profile=self.p).update(status="removed")
        ShiftAssignment.objects.filter(profile=self.p).update(status="cancelled")
        VolunteerProfile.objects.filter(pk=self.p.pk).update(health="fit", rest_until=None)
        f.task(self, self.org_a)
        return match_run(actor=self.member_coord, org=self.org_a)

    def offer(self) -> Any:
        plan = self.plan()
        plan_confirm(actor=self.member_coord, plan=plan)
        return plan.rows.filter(profile=self.p).first()

    def shift_row(self) -> ShiftAssignment:
        ShiftAssignment.objects.filter(profile=self.p).update(status="cancelled")
        # A short shift under way now (check-in is open), whatever the time of day the suite runs.
        now = timezone.now()
        s = Shift.objects.create(hub_id=self.org_a.hub_id, org=self.org_a, name="热线",
                                 starts_at=now - timedelta(minutes=5), ends_at=now + timedelta(hours=2))
        return shift_assign(actor=self.member_coord, shift=s, profile=self.p)

    def team(self, members: list[VolunteerProfile] | None = None) -> Team:
        team = Team.objects.create(hub_id=self.hub.pk, org=self.org_a, name=f"小组{Team.objects.count()}")
        team.members.add(*(members or []))
        return team

    def away_window(self) -> dict[str, str]:
        return {
            "available": "0",
            "starts_at": f.at(9, days=20).strftime("%Y-%m-%dT%H:%M"),
            "ends_at": f.at(18, days=20).strftime("%Y-%m-%dT%H:%M"),
            "note": "居家隔离",
        }

    def exception(self) -> AvailabilityException:
        return AvailabilityException.objects.create(
            profile=self.p, starts_at=f.at(9, days=21), ends_at=f.at(18, days=21)
        )

    def missed_task(self) -> Task:
        task = f.task(self, self.org_a)
        end = timezone.now() - timedelta(hours=1)
        Task.objects.filter(pk=task.pk).update(window_start=end - timedelta(hours=3), window_end=end)
        return task

    def claimed_request(self) -> str:
        hr = self.new_request(lat=34.2, lon=108.9)
        verification_record(actor=self.hub_operator, help_request=hr, outcome="confirmed")
        help_request_claim(actor=self.member_coord, help_request=hr, org=self.org_a)
        return hr.code

    def cases(self) -> list[Case]:
        window = {
            "window_start": f.at(9).strftime("%Y-%m-%dT%H:%M"),
            "window_end": f.at(12).strftime("%Y-%m-%dT%H:%M"),
        }
        return [
            ("approve", lambda: (f"/volunteers/{self.pending().pk}/approve/", {}), "member_coord"),
            (
                "reject",
                lambda: (f"/volunteers/{self.pending().pk}/reject/", {"reason": "信息不全"}),
                "member_coord",
            ),
            (
                "health",
                lambda: (
                    f"/volunteers/{self.other().pk}/health/",
                    {"health": "quarantined"},
                ),
                "member_coord",
            ),
            (
                "pass",
                lambda: (
                    f"/volunteers/{self.p.pk}/pass/",
                    {
                        "zone": self.zone.pk,
                        "valid_until": (timezone.localtime() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M"),
                    },
                ),
                "member_coord",
            ),
            (
                "zone-create",
                lambda: (
                    "/volunteers/zones/new/",
                    {"name": "新区", "divisions": "610113", "status": "sealed"},
                ),
                "hub_coord",
            ),
            (
                "zone-status",
                lambda: (f"/volunteers/zones/{self.zone.pk}/status/", {"status": "controlled"}),
                "hub_coord",
            ),
            (
                "shift-create",
                lambda: (
                    "/volunteers/shifts/new/",
                    {
                        "name": "早班",
                        "duty": "hotline",
                        "starts_at": f.at(8).strftime("%Y-%m-%dT%H:%M"),
                        "ends_at": f.at(14).strftime("%Y-%m-%dT%H:%M"),
                        "needed": 2,
                    },
                ),
                "member_coord",
            ),
            (
                "shift-assign",
                lambda: (
                    f"/volunteers/shifts/{f.shift(self.org_a, 8, 14).pk}/assign/",
                    {"volunteer": self.p.pk},
                ),
                "member_coord",
            ),
            (
                "shift-from-template",
                lambda: (
                    "/volunteers/shifts/from-template/",
                    {"template": self.template.pk, "day": f.at(0).date()},
                ),
                "member_coord",
            ),
            (
                "template-create",
                lambda: (
                    "/volunteers/shifts/templates/new/",
                    {"name": f"热线 夜班{ShiftTemplate.objects.count()}", "duty": "hotline", "start": "20:00",
                     "end": "08:00", "high_stress": "on", "needed": 2},
                ),
                "hub_coord",
            ),
            (
                "attendance-save",
                lambda: (
                    lambda row: (
                        f"/volunteers/shifts/rows/{row.pk}/attendance/save/",
                        {
                            "check_in_at": timezone.localtime(row.starts_at).strftime("%Y-%m-%dT%H:%M"),
                            "check_out_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
                            "reason": "纸质签到表",
                        },
                    )
                )(self.shift_row()),
                "member_coord",
            ),
            (
                "team-create",
                lambda: (
                    "/volunteers/teams/new/",
                    {"name": f"配送{Team.objects.count()}组", "duty": "deliver"},
                ),
                "member_coord",
            ),
            (
                "team-member-add",
                lambda: (f"/volunteers/teams/{self.team().pk}/members/add/", {"volunteer": self.other().pk}),
                "member_coord",
            ),
            (
                "team-member-remove",
                lambda: (lambda t: (f"/volunteers/teams/{t.pk}/members/{self.p.pk}/remove/", {}))(
                    self.team(members=[self.p])
                ),
                "member_coord",
            ),
            (
                "team-lead",
                lambda: (f"/volunteers/teams/{self.team().pk}/lead/", {"volunteer": self.p.pk}),
                "member_coord",
            ),
            (
                "subsidy",
                lambda: (
                    f"/volunteers/{self.p.pk}/subsidy/",
                    {"kind": "meals", "amount": "30", "paid_on": timezone.localdate().isoformat()},
                ),
                "member_coord",
            ),
            ("away", lambda: ("/volunteers/me/away/", self.away_window()), "vol"),
            (
                "exception-add",
                lambda: (f"/volunteers/{self.p.pk}/exceptions/", self.away_window()),
                "member_coord",
            ),
            (
                "exception-remove",
                lambda: (f"/volunteers/exceptions/{self.exception().pk}/remove/", {}),
                "member_coord",
            ),
            (
                "task-drive-save",
                lambda: (
                    "/volunteers/tasks/drive/new/",
                    {
                        "incident": self.incident.pk, "shipment_ref": "S7", "address": "一号仓库",
                        "lat": f.YANTA[0], "lon": f.YANTA[1], "hours": 2, "people": 1, "urgency": 2,
                        "vehicle": "van", **window,
                    },
                ),
                "member_coord",
            ),
            ("sign-up", lambda: (f"/volunteers/shifts/{self.open_shift().pk}/sign-up/", {}), "vol"),
            ("check-in", lambda: (f"/volunteers/shifts/rows/{self.shift_row().pk}/check-in/", {}), "vol"),
            (
                "task-create",
                lambda: (
                    "/volunteers/tasks/new/",
                    {
                        "help_request": self.claimed_request(),
                        "kind": "deliver",
                        "hours": 1,
                        "people": 1,
                        **window,
                    },
                ),
                "member_coord",
            ),
            (
                "task-reschedule",
                lambda: (
                    f"/volunteers/tasks/{self.missed_task().pk}/reschedule/",
                    {
                        "window_start": f.at(9, days=2).strftime("%Y-%m-%dT%H:%M"),
                        "window_end": f.at(12, days=2).strftime("%Y-%m-%dT%H:%M"),
                    },
                ),
                "member_coord",
            ),
            (
                "task-cancel",
                lambda: (
                    f"/volunteers/tasks/{f.task(self, self.org_a).pk}/cancel/",
                    {"reason": "已由社区送达"},
                ),
                "member_coord",
            ),
            ("match", lambda: ("/volunteers/tasks/match/", {}), "member_coord"),
            (
                "plan-add",
                lambda: (
                    lambda p: (
                        f"/volunteers/plans/{p.pk}/add/",
                        {"task": f.task(self, self.org_a).pk, "volunteer": self.p.pk},
                    )
                )(match_run(actor=self.member_coord, org=self.org_a)),
                "member_coord",
            ),
            (
                "plan-remove",
                lambda: (lambda p: (f"/volunteers/plans/{p.pk}/rows/{p.rows.first().pk}/remove/", {}))(
                    self.plan()
                ),
                "member_coord",
            ),
            ("plan-confirm", lambda: (f"/volunteers/plans/{self.plan().pk}/confirm/", {}), "member_coord"),
            ("accept", lambda: (f"/volunteers/me/tasks/{self.offer().pk}/accept/", {}), "vol"),
            (
                "decline",
                lambda: (f"/volunteers/me/tasks/{self.offer().pk}/decline/", {"reason": "生病"}),
                "vol",
            ),
            ("done", lambda: (f"/volunteers/me/tasks/{self.offer().pk}/done/", {}), "vol"),
            (
                "fatigue",
                lambda: ("/volunteers/me/fatigue/", {"exhaustion": 4, "sleep": 1, "distress": 1}),
                "vol",
            ),
        ]

    def test_it_runs_each_action_for_the_right_persona(self) -> None:
        for name, setup, persona in self.cases():
            with self.subTest(action=name):
                url, data = setup()
                before = Event.objects.count()
                self.login(getattr(self, persona))
                response = self.client.post(url, data)
                self.assertEqual(response.status_code, 302, name)
                errors = [str(m) for m in response.wsgi_request._messages if m.level_tag == "error"]
                self.assertEqual(errors, [], name)
                self.assertGreater(Event.objects.count(), before, name)

    def test_it_rejects_get(self) -> None:
        self.login(self.hub_coord)
        for name, setup, _ in self.cases():
            with self.subTest(action=name):
                url, _ = setup()
                self.assertEqual(self.client.get(url).status_code, 405)
        self.assertEqual(self.client.get("/volunteers/import/confirm/").status_code, 405)

    def test_it_requires_login(self) -> None:
        for name, setup, _ in self.cases():
            with self.subTest(action=name):
                url, data = setup()
                response = self.client.post(url, data)
                self.assertEqual(response.status_code, 302)
                self.assertIn("/accounts/login/", response["Location"])

    def test_it_denies_other_networks_and_read_only_viewers(self) -> None:
        for name, setup, _ in self.cases():
            url, data = setup()
            before = Event.objects.count()
            # without an object in the URL, an outsider acts in their own network: nothing to deny
            for persona in (self.viewer,) if name in NETWORK_LEVEL else (self.outsider, self.viewer):
                with self.subTest(action=name, persona=persona.username):
                    self.login(persona)
                    self.assertEqual(self.client.post(url, data).status_code, 404)
            self.assertEqual(Event.objects.count(), before, name)

    def test_it_denies_another_member_org_and_operators(self) -> None:
        for name, setup, persona in self.cases():
            url, data = setup()
            before = Event.objects.count()
            others = (
                [self.member_operator]
                if name in NETWORK_LEVEL
                else [self.member_b_coord, self.member_operator]
            )
            if persona == "vol":
                others = [self.member_b_coord]
            if name in ("zone-create", "zone-status", "template-create"):
                # Zones and shift templates apply to the whole network: the hub's coordinators only.
                others = [self.member_operator, self.member_coord, self.member_b_coord]
            for other in others:
                with self.subTest(action=name, persona=other.username):
                    self.login(other)
                    self.assertIn(self.client.post(url, data).status_code, (403, 404), (name, other.username))
            self.assertEqual(Event.objects.count(), before, name)

    def test_a_volunteer_cannot_act_on_someone_elses_offer(self) -> None:
        row = self.offer()
        other = f.profile(self.org_a, "王芳")
        self.client.force_login(other.user)
        for action in ("accept", "decline", "done"):
            with self.subTest(action=action):
                self.assertEqual(
                    self.client.post(f"/volunteers/me/tasks/{row.pk}/{action}/").status_code, 404
                )
        self.assertEqual(
            self.client.post(f"/volunteers/shifts/rows/{self.shift_row().pk}/check-in/").status_code, 404
        )
