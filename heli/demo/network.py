"""The demo network: one hub, its member organisations, people with logins, working groups, the incident."""

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db.models import prefetch_related_objects

from geo.models import Division
from heli.demo.texts import GIVEN, SURNAMES
from orgs.models import DEFAULT_POLICY, Incident, Membership, Organisation, UrgencyPolicy, WorkingGroup

Role = Membership.Role
Kind = Organisation.Kind
PASSWORD = "heli-demo"
XIAN = "6101"
HUB_NAME = "西安社会组织合力互助行动(演示)"

# key, name, kind, counties served, capabilities, volunteers
MEMBERS: tuple[tuple[str, str, str, tuple[str, ...], tuple[str, ...], int], ...] = (
    ("yanta", "雁塔区阳光社会工作服务中心", Kind.SOCIAL_WORK, ("610113", "610103"),
     ("food", "medicine", "care", "psychological", "supplies"), 8),
    ("beilin", "碑林区同心社工服务社", Kind.SOCIAL_WORK, ("610103", "610104"),
     ("food", "care", "psychological", "livelihood"), 5),
    ("weiyang", "未央区青禾志愿者协会", Kind.VOLUNTEER_TEAM, ("610112",),
     ("food", "water", "supplies", "transport"), 6),
    ("changan", "长安区守望志愿服务队", Kind.VOLUNTEER_TEAM, ("610116",),
     ("food", "water", "transport", "rescue", "missing_person"), 6),
    ("lianhu", "莲湖区暖心邻里互助队", Kind.VOLUNTEER_TEAM, ("610104", "610102"),
     ("food", "care", "power_comms", "supplies"), 5),
    ("qinling", "秦岭公益基金会", Kind.FOUNDATION, ("6101",),
     ("food", "supplies", "livelihood", "shelter"), 3),
    ("changle", "新城区长乐中路社区居委会", Kind.COMMUNITY, ("610102",),
     ("food", "care", "water", "power_comms"), 4),
    ("fangzhi", "灞桥区纺织城街道社区服务站", Kind.COMMUNITY, ("610111",),
     ("food", "water", "care", "supplies"), 4),
    ("xinli", "古城心理援助热线", Kind.SOCIAL_WORK, ("6101",), ("psychological",), 4),
    ("yiyao", "西北康合医药物流有限公司", Kind.COMPANY, ("6101",),
     ("medicine", "transport", "medical_care"), 4),
    ("qujiang", "曲江青年应急救援队", Kind.VOLUNTEER_TEAM, ("610113", "610116"),
     ("rescue", "transport", "medical_care", "missing_person"), 5),
    ("bingyou", "城南慢病病友互助会", Kind.VOLUNTEER_TEAM, ("610113", "610116", "610103"),
     ("medicine", "medical_care", "care"), 4),
)
GOV_NAME = "西安市民政局(演示)"
GROUPS = ("信息整合组", "社区对接组", "志愿服务组", "防疫消杀组", "心理支持组", "资源筹集组", "数据统计组",
          "物流配送组")


@dataclass
class Network:
    hub: Organisation
    gov: Organisation
    incident: Incident
    members: dict[str, Organisation]
    hub_coords: list[Any]
    operators: list[Any]
    coords: dict[int, Any]  # org pk -> its coordinator
    volunteers: dict[int, list[Any]] = field(default_factory=dict)  # org pk -> volunteers
    logins: list[tuple[str, str, str]] = field(default_factory=list)  # username, role, org


class _People:
    """Creates users in one bulk insert; the password is hashed once because PBKDF2 costs ~0.3 s a user."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.hashed = make_password(PASSWORD)
        self.rows: list[tuple[Any, Organisation | None, str | None]] = []

    def add(self, username: str, org: Organisation | None, role: str | None, **extra: Any) -> Any:
        name = self.rng.choice(SURNAMES) + self.rng.choice(GIVEN)
        user = get_user_model()(username=username, password=self.hashed, first_name=name,
                                email=f"{username}@demo.heli.invalid", **extra)
        self.rows.append((user, org, role))
        return user

    def save(self) -> None:
        get_user_model().objects.bulk_create([u for u, _, _ in self.rows])
        Membership.objects.bulk_create(
            [Membership(user=u, org=o, role=r) for u, o, r in self.rows if o is not None and r is not None]
        )


def build_network(rng: random.Random, started_at: datetime) -> Network:
    divisions = Division.objects.in_bulk([XIAN, *{c for m in MEMBERS for c in m[3]}])
    hub = Organisation.objects.create(name=HUB_NAME, kind=Kind.HUB, verified=True,
                                      contact_phone="029-88886666",
                                      capabilities=["food", "medicine", "care", "psychological"])
    hub.service_areas.set([divisions[XIAN]])
    members: dict[str, Organisation] = {}
    for key, name, kind, counties, caps, _ in MEMBERS:
        org = Organisation.objects.create(name=name, kind=kind, parent=hub, verified=key != "bingyou",
                                          capabilities=list(caps))
        org.service_areas.set([divisions[c] for c in counties])
        members[key] = org
    gov = Organisation.objects.create(name=GOV_NAME, kind=Kind.GOVERNMENT, parent=hub, verified=True)
    incident = Incident.objects.create(
        name="西安封控期间社区求助(演示)", code_prefix="XA", kind=Incident.Kind.LOCKDOWN, hub=hub,
        area=divisions[XIAN], started_at=started_at,
    )
    UrgencyPolicy.objects.bulk_create([
        UrgencyPolicy(incident=incident, level=level, claim_minutes=claim, resolve_minutes=resolve)
        for level, (claim, resolve) in DEFAULT_POLICY.items()
    ])

    # Every create asks the incident for its deadlines; prefetching keeps that to one query in total.
    prefetch_related_objects([incident], "policies")
    people = _People(rng)
    net = Network(hub=hub, gov=gov, incident=incident, members=members, hub_coords=[], operators=[],
                  coords={})
    people.add("admin", None, None, is_staff=True, is_superuser=True)
    net.logins.append(("admin", "超级管理员(Django admin)", "—"))
    net.hub_coords = [people.add("hub", hub, Role.COORDINATOR), people.add("hub2", hub, Role.COORDINATOR)]
    net.operators = [people.add(f"operator{i or ''}", hub, Role.OPERATOR) for i in range(4)]
    net.logins += [("hub", "枢纽协调员", hub.name), ("operator", "热线/核实员", hub.name)]
    for i, (key, *_rest, n_volunteers) in enumerate(MEMBERS):
        org = members[key]
        net.coords[org.pk] = people.add("member" if i == 0 else f"coord_{key}", org, Role.COORDINATOR)
        names = ["volunteer"] if i == 0 else []
        names += [f"vol_{key}{j}" for j in range(1, n_volunteers + 1 - len(names))]
        net.volunteers[org.pk] = [people.add(name, org, Role.VOLUNTEER) for name in names]
    net.logins += [("member", "成员机构协调员", members["yanta"].name),
                   ("volunteer", "志愿者", members["yanta"].name)]
    people.add("viewer", gov, Role.VIEWER)
    net.logins.append(("viewer", "政府部门(只读)", gov.name))
    hub_volunteers = [people.add(f"vol_hub{j}", hub, Role.VOLUNTEER) for j in range(1, 9)]
    people.save()
    _working_groups(rng, net, hub_volunteers)
    return net


def _working_groups(rng: random.Random, net: Network, hub_volunteers: list[Any]) -> None:
    staff = net.hub_coords + net.operators
    pool = staff + hub_volunteers + list(net.coords.values())
    for i, name in enumerate(GROUPS):
        group = WorkingGroup.objects.create(hub=net.hub, name=name, lead=staff[i % len(staff)])
        group.members.set({group.lead, *rng.sample(pool, 5)})


def policy_windows(incident: Incident) -> dict[int, tuple[timedelta, timedelta]]:
    return {level: incident.deadlines(level) for level in (1, 2, 3, 4)}
