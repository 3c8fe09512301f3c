"""Checking what a coordinator typed or imported. Every error is collected, in words they understand."""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from cases.services import InvalidInput
from geo.divisions import names as division_names
from heli.lib.phones import normalise_phone
from people.models import Cadence, Channel, ConsentPurpose, ConsentScope, DisabilityType, HouseholdMember
from people.models.choices import Vulnerability, vuln_mask

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"


def id_number_check(raw: str) -> tuple[str, date]:
    """A GB 11643 citizen ID: 17 digits + check character; returns (normalised, birth date).

    Raises ValueError with the reason, so imports can list it against the row.
    """
    value = (raw or "").strip().upper().replace(" ", "")
    if len(value) != 18 or not value[:17].isdigit() or value[17] not in "0123456789X":
        raise ValueError(_("身份证号应为 18 位(最后一位可为 X)。"))
    expected = _CHECK[sum(int(d) * w for d, w in zip(value[:17], _WEIGHTS, strict=True)) % 11]
    if value[17] != expected:
        raise ValueError(_("身份证号校验位不正确,请核对。"))
    try:
        born = date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        raise ValueError(_("身份证号中的出生日期不存在。"))
    if born > timezone.localdate() or born.year < 1900:
        raise ValueError(_("身份证号中的出生日期不合理。"))
    return value, born


@dataclass
class HouseholdInput:
    name: str
    relation: str
    phone: str = ""
    is_carer: bool = False
    note: str = ""


@dataclass
class PersonInput:
    name: str
    phone: str
    id_number: str = ""
    birth_date: date | None = None
    division_code: str = ""
    address_detail: str = ""
    lat: float | None = None
    lon: float | None = None
    vulnerabilities: list[str] = field(default_factory=list)
    disability_type: str = ""
    has_carer: bool = False
    carer_situation: str = ""
    consent_scope: str = ConsentScope.OWN_ORG
    consent_purposes: list[str] = field(default_factory=list)
    household: list[HouseholdInput] = field(default_factory=list)
    cadence: str = ""  # empty: chosen from the vulnerabilities
    channel: str = Channel.PHONE


# Who needs a daily call: nobody at home would notice if something went wrong.
_DAILY = {
    Vulnerability.LIVING_ALONE,
    Vulnerability.DE_FACTO_ORPHAN,
    Vulnerability.DIALYSIS,
    Vulnerability.ELDERLY_80,
    Vulnerability.MENTAL_ILLNESS,
    Vulnerability.RARE_DISEASE,
}


def default_cadence(vulnerabilities: list[str], has_carer: bool) -> str:
    if _DAILY & set(vulnerabilities) or (Vulnerability.DISABLED in vulnerabilities and not has_carer):
        return Cadence.DAILY
    if vulnerabilities == [Vulnerability.PREGNANT] or (
        has_carer and vulnerabilities == [Vulnerability.CHRONIC_ILLNESS]
    ):
        return Cadence.WEEKLY
    return Cadence.EVERY_2_DAYS


def person_clean(data: PersonInput) -> dict[str, Any]:
    """Validate and normalise into Person fields (plus `household`, `cadence`, `channel`)."""
    errors: dict[str, list[str]] = {}

    def bad(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    name = (data.name or "").strip()
    if not name:
        bad("name", _("请填写姓名。"))
    elif len(name) > 60:
        bad("name", _("姓名最多 60 个字。"))
    phone = normalise_phone(data.phone or "")
    if phone is None:
        bad("phone", _("电话号码无法识别,请填写 11 位手机号或带区号的固定电话。"))
    id_number, birth = "", data.birth_date
    if (data.id_number or "").strip():
        try:
            id_number, born = id_number_check(data.id_number)
        except ValueError as exc:
            bad("id_number", str(exc))
        else:
            if birth is not None and birth != born:
                bad("birth_date", _("出生日期与身份证号不一致。"))
            birth = born
    if birth is not None and (birth > timezone.localdate() or birth.year < 1900):
        bad("birth_date", _("出生日期不合理。"))
    code = (data.division_code or "").strip()
    if code and (len(code) not in (6, 9) or code not in division_names()):
        bad("division_code", _("未知的区县/街道代码。"))
    vulns = list(dict.fromkeys(data.vulnerabilities))
    unknown = [v for v in vulns if v not in Vulnerability.values]
    if unknown:
        bad("vulnerabilities", _("未知的重点类别:{codes}。").format(codes="、".join(map(str, unknown))))
    if not vulns:
        bad("vulnerabilities", _("请至少选择一个重点类别。"))
    if data.disability_type and data.disability_type not in DisabilityType.values:
        bad("disability_type", _("未知的残疾类别。"))
    if data.disability_type and Vulnerability.DISABLED not in vulns:
        bad("disability_type", _("填写残疾类别时请同时勾选「残障」。"))
    if data.consent_scope not in ConsentScope.values:
        bad("consent_scope", _("未知的共享范围。"))
    if any(p not in ConsentPurpose.values for p in data.consent_purposes):
        bad("consent_purposes", _("未知的用途。"))
    if data.cadence and data.cadence not in Cadence.values:
        bad("cadence", _("未知的联络频率。"))
    if data.channel not in Channel.values:
        bad("channel", _("未知的联络方式。"))
    for key, lo, hi in (("lat", -90, 90), ("lon", -180, 180)):
        value = getattr(data, key)
        if value is not None and not (isinstance(value, int | float) and lo <= value <= hi):
            bad(key, _("坐标超出范围。"))
    if len(data.address_detail or "") > 200 or len(data.carer_situation or "") > 300:
        bad("address_detail", _("地址最多 200 字,照护情况最多 300 字。"))
    household = []
    for i, member in enumerate(data.household):
        member_phone = normalise_phone(member.phone) if member.phone else ""
        if not (member.name or "").strip() or member.relation not in HouseholdMember.Relation.values:
            bad(f"household[{i}]", _("家庭成员需填写姓名和关系。"))
        elif member_phone is None:
            bad(f"household[{i}]", _("家庭成员电话无法识别。"))
        else:
            household.append(
                HouseholdInput(
                    member.name.strip()[:60],
                    member.relation,
                    member_phone,
                    member.is_carer,
                    (member.note or "")[:200],
                )
            )
    if errors:
        raise InvalidInput(errors)
    return {
        "name": name,
        "phone": phone,
        "id_number": id_number,
        "birth_date": birth,
        "province_code": code[:2],
        "city_code": code[:4],
        "county_code": code[:6],
        "township_code": code if len(code) == 9 else "",
        "address_detail": (data.address_detail or "").strip(),
        "lat": data.lat,
        "lon": data.lon,
        "vulnerabilities": vulns,
        "vuln_mask": vuln_mask(vulns),
        "disability_type": data.disability_type,
        "has_carer": bool(data.has_carer),
        "carer_situation": (data.carer_situation or "").strip(),
        "consent_scope": data.consent_scope,
        "consent_purposes": sorted(set(data.consent_purposes)),
        "household": household,
        "cadence": data.cadence or default_cadence(vulns, bool(data.has_carer)),
        "channel": data.channel,
    }
