"""Self-registration, the approval queue, health changes."""

from core.errors import ConflictError, DomainError
from heli.test import BaseTestCase
from orgs.models import Membership
from volunteers.models import TaskAssignment, VolunteerProfile
from volunteers.services import (
    ProfileInput,
    match_run,
    plan_confirm,
    shift_assign,
    volunteer_decide,
    volunteer_register,
    volunteer_set_health,
)
from volunteers.tests import factory as f


class RegistrationTests(BaseTestCase):
    def test_it_registers_over_http_and_waits_for_approval(self) -> None:
        response = self.client.post(
            "/volunteers/register/",
            {
                "org": self.org_a.pk,
                "name": "孙丽",
                "phone": "13700000001",
                "password": "secret-pass-1",
                "tier": "online",
                "skills": ["translator", "hotline"],
                "languages": "手语/乌尔都语",
                "availability": "每天 19:00-21:00",
            },
        )
        self.assertRedirects(response, "/accounts/login/", fetch_redirect_response=False)
        p = VolunteerProfile.objects.get(phone="13700000001")
        self.assertEqual((p.status, p.tier), ("pending", "online"))
        self.assertEqual(p.skills.get(skill="translator").languages, ["sign", "ur"])
        self.assertFalse(Membership.objects.filter(user=p.user).exists())
        volunteer_decide(actor=self.member_coord, profile=p, approve=True)
        self.assertTrue(Membership.objects.filter(user=p.user, org=self.org_a, role="volunteer").exists())
        with self.assertRaises(ConflictError):
            volunteer_decide(actor=self.member_coord, profile=p, approve=False, reason="x")

    def test_it_rejects_bad_input_with_every_problem(self) -> None:
        data = ProfileInput(name="", phone="123", availability=[(0, f.at(10).time(), f.at(8).time())])
        with self.assertRaises(DomainError) as ctx:
            volunteer_register(actor=None, org=self.org_a, data=data, password="x" * 8)
        for part in ("请填写姓名", "手机号格式不对", "结束早于开始"):
            self.assertIn(part, ctx.exception.message)
        self.assertEqual(VolunteerProfile.objects.count(), 0)

    def test_it_refuses_a_phone_already_registered(self) -> None:
        data = ProfileInput(name="孙丽", phone="13700000001")
        volunteer_register(actor=None, org=self.org_a, data=data, password="x" * 8)
        with self.assertRaisesMessage(ConflictError, "已注册"):
            volunteer_register(actor=None, org=self.org_a, data=data, password="x" * 8)

    def test_marking_sick_takes_back_pending_offers(self) -> None:
        p = f.profile(self.org_a, "李明", user=self.vol)
        task = f.task(self, self.org_a)
        plan_confirm(actor=self.member_coord, plan=match_run(actor=self.member_coord, org=self.org_a))
        volunteer_set_health(actor=self.member_coord, profile=p, health="sick")
        self.assertEqual(TaskAssignment.objects.get(task=task).status, "removed")
        task.refresh_from_db()
        self.assertEqual(task.status, "open")

    def test_marking_sick_takes_them_off_shifts_not_yet_started(self) -> None:
        # A sick volunteer left on tomorrow's rota leaves the coordinator one person short unawares.
        p = f.profile(self.org_a, "李明", user=self.vol)
        tomorrow = shift_assign(actor=self.member_coord, shift=f.shift(self.org_a, 8, 14), profile=p)
        volunteer_set_health(actor=self.member_coord, profile=p, health="quarantined")
        tomorrow.refresh_from_db()
        self.assertEqual(tomorrow.status, "cancelled")
