"""Shared test base: one small network with named personas (healthchecks' alice/bob/charlie style).

- hub_coord: coordinator of the hub (枢纽协调员), sees and may do everything in the incident
- hub_operator: hotline/verification staff at the hub
- member_coord: coordinator of member org A (成员机构)
- member_operator: operator at member org A
- vol: a volunteer of member org A
- member_b_coord: coordinator of member org B, same network
- viewer: a read-only government viewer in the network (aggregates only)
- outsider: coordinator of another hub's network, must see nothing
"""

from datetime import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import TestCase
from django.utils import timezone

from cases.models import HelpRequest
from cases.services import NeedInput, RequestInput, help_request_create
from orgs.models import Incident, Membership, Organisation, policy_cache_clear

User = get_user_model()
Role = Membership.Role
XIAN_YANTA = "610113"  # 西安市雁塔区
XIAN_YANTA_TOWNSHIP = "610113001"


def make_user(username: str, org: Organisation | None, role: str | None, **extra: Any) -> Any:
    user = User.objects.create_user(
        username=username, password="password", email=f"{username}@example.org", **extra
    )
    if org is not None and role is not None:
        Membership.objects.create(user=user, org=org, role=role)
    return user


def request_input(**overrides: Any) -> RequestInput:
    data: dict[str, Any] = {
        "channel": "hotline",
        "requester_name": "王阿姨",
        "requester_phone": "13800138000",
        "division_code": XIAN_YANTA,
        "address_detail": "某小区 3 栋 2 单元",
        "people_count": 2,
        "urgency": 2,
        "description": "家中断粮两天",
        "consent_share": True,
        "needs": [NeedInput(category="food", item="大米", qty_requested=10, unit="斤")],
    }
    data.update(overrides)
    return RequestInput(**data)


class BaseTestCase(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.hub = Organisation.objects.create(name="测试枢纽", kind="hub", verified=True)
        cls.org_a = Organisation.objects.create(name="成员机构甲", kind="social_work", parent=cls.hub)
        cls.org_b = Organisation.objects.create(name="成员机构乙", kind="volunteer_team", parent=cls.hub)
        cls.other_hub = Organisation.objects.create(name="另一枢纽", kind="hub")
        cls.gov = Organisation.objects.create(name="区民政局", kind="government", parent=cls.hub)
        cls.incident = Incident.objects.create(
            name="测试封控", code_prefix="XA", kind="lockdown", hub=cls.hub, started_at=timezone.now()
        )
        cls.other_incident = Incident.objects.create(
            name="别处洪水", code_prefix="HN", kind="flood", hub=cls.other_hub, started_at=timezone.now()
        )
        cls.hub_coord = make_user("hub_coord", cls.hub, Role.COORDINATOR)
        cls.hub_operator = make_user("hub_operator", cls.hub, Role.OPERATOR)
        cls.member_coord = make_user("member_coord", cls.org_a, Role.COORDINATOR)
        cls.member_operator = make_user("member_operator", cls.org_a, Role.OPERATOR)
        cls.vol = make_user("vol", cls.org_a, Role.VOLUNTEER, first_name="小志")
        cls.member_b_coord = make_user("member_b_coord", cls.org_b, Role.COORDINATOR)
        cls.viewer = make_user("viewer", cls.gov, Role.VIEWER)
        cls.outsider = make_user("outsider", cls.other_hub, Role.COORDINATOR)

    def setUp(self) -> None:
        super().setUp()
        policy_cache_clear()  # ids repeat between tests that roll back
        cache.clear()

    def new_request(
        self, *, actor: Any = None, incident: Incident | None = None, **overrides: Any
    ) -> HelpRequest:
        hr, _ = help_request_create(
            actor=actor or self.hub_operator,
            incident=incident or self.incident,
            data=request_input(**overrides),
            org=self.hub,
        )
        return hr

    def login(self, user: Any) -> None:
        self.client.force_login(user)


def aware(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime(year, month, day, hour, minute))
