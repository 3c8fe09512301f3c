"""Mechanisms added to generalise beyond the dev wording (synthetic messages only)."""

import pytest

from intake.parser import parse_message, parse_stream
from intake.parser.needs import find_needs


@pytest.mark.parametrize(
    ("text", "phones"),
    [
        ("联系方式 1 5 8 2 9 0 1 3 3 4 6", ["15829013346"]),
        ("电话 幺三八 零一六七 二二三三", ["13801672233"]),
        ("联系我 一五九 零零一二 三四五六", ["15900123456"]),
        ("1⃣️ 打这个 182012910522⃣️ 或者 19900000003", ["18201291052", "19900000003"]),
        ("3月 1 2 号 共 4 5 人", []),
        ("莲湖区 土门街道 联系 0086 29 8841 2233", ["029-88412233"]),
    ],
)
def test_phone_formats(text, phones):
    assert parse_message(text)["phones"] == phones


def test_standalone_short_county_name():
    r = parse_message("帮朋友转:她父亲在阎良,肺癌晚期,止痛药剩两天 15619887766")
    assert (r["province"], r["city"], r["district"]) == ("陕西省", "西安市", "阎良区")
    r = parse_message("浦东 北蔡镇 宝宝 8个月 发烧 13801672233")
    assert r["district"] == "浦东新区"
    r = parse_message("救援通道 堵了 大家绕行")
    assert r["district"] is None


def test_terse_level_one_request_without_contact():
    r = parse_message("6栋 二单元 孕30周 腹痛 出血 速")
    assert (r["kind"], r["urgency"], r["people"], r["groups"]) == ("request", 1, 1, ["pregnant"])


def test_offer_by_can_plus_giving_verb():
    r = parse_message("志愿车队可接送透析、化疗病人 需要的请提前一天预约 联系 王师傅 186-2177-5521")
    assert r["kind"] == "offer" and r["urgency"] == 4 and "transport" in r["needs"]
    r = parse_message("我们小区有多余的大米,可以分给周边有困难的老人,私信或打 15900112233")
    assert r["kind"] == "offer"


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("老婆持续发烧10天,身体越来越差,呼吸也开始困难,求床位 13900001111", 1),
        ("丈夫尿毒症规律透析,原定昨天透析因封控没去成,请求派车 13900001111", 1),
        ("母亲糖尿病 胰岛素已经断了两天 人开始迷糊 13900001111", 1),
        ("碑林区 一位老人 中风 口齿不清 半边身子动不了 15109281177", 1),
        ("独居大爷 两天没出门了 敲门没人应 居委 62019988", 1),
        ("老太太 高血压 药么了 急 18700298866", 2),
        ("两个孩子 奶粉明天就没了 请协调购买 13900001111", 2),
    ],
)
def test_urgency_cues_in_context(text, level):
    assert parse_message(text)["urgency"] == level


def test_medicine_only_as_a_need():
    assert "medicine" not in find_needs("发烧三天,医生开了退烧药,吃药后好一点,现在需要住院")
    assert "medicine" in find_needs("我妈高血压,降压药今天吃完最后一片")
    assert "medicine" in find_needs("急需胰岛素")


def test_missing_person_not_for_unreachable_services():
    assert "missing_person" not in find_needs("小区进水 联系不上救援队 求助")
    assert "missing_person" in find_needs("独居老人 联系不上 已经两天")


@pytest.mark.parametrize(
    ("text", "people"),
    [
        ("奉贤区 被封在工地宿舍 十几个工友 没有吃的了 17712340987", 10),
        ("雁塔 小寨路街道 1家4口 断粮 139-9109-5544", 4),
        ("杨浦区 一户三口 均为阳性 孩子发烧 13916072288", 3),
        ("松江区 3个打工的外卖小哥 被困在店里 泡面也吃完了 18817654321", 3),
    ],
)
def test_people_counts(text, people):
    assert parse_message(text)["people"] == people


def test_solved_notice_is_other_and_keeps_dup_with_shared_phone():
    out = list(
        parse_stream(
            [
                {"id": "a", "text": "金山区朱泾镇 隔离酒店 怀孕7个月 见红了 0086-13817009900"},
                {"id": "b", "text": "金山朱泾隔离酒店孕妇见红 求医护 138 1700 9900"},
                {"id": "c", "text": "更新:朱泾那位孕妇已经送到医院了,谢谢大家 13817009900"},
            ]
        )
    )
    assert [r["dup_of"] for r in out] == [None, "a", "a"]
    assert out[2]["kind"] == "other"
