"""kind, people, needs, groups and urgency on synthetic lockdown-style messages."""

from intake.parser import parse_message


def test_it_classifies_requests_offers_and_other() -> None:
    assert parse_message("雁塔区 我爸胰岛素只剩两天 求助 13829014567")["kind"] == "request"
    assert parse_message("碑林区志愿者车队可提供免费送医服务，有需要的请联系 18700291111")["kind"] == "offer"
    assert parse_message("西安加油！感谢所有一线的志愿者，辛苦了")["kind"] == "other"
    assert parse_message("【已解决】透析患者已经送到医院了，勿再转 18691234567")["kind"] == "other"


def test_it_counts_people() -> None:
    assert parse_message("一家四口被困 电话13800001111")["people"] == 4
    assert parse_message("家里老两口都八十多了 没菜了 13800001111")["people"] == 2
    assert parse_message("工地十几个人断粮两天了 13800001111")["people"] == 10
    assert parse_message("村里200多人被困 13800001111")["people"] == 200
    assert parse_message("有3-5人被困 水位上涨 13800001111")["people"] == 5
    assert parse_message("十几户人家没菜了 求助 13800001111")["people"] is None


def test_it_leaves_people_null_for_offers_and_other() -> None:
    record = parse_message("我们车队可以接送5个病人，有需要的请联系 18700291111")
    assert record["kind"] == "offer"
    assert record["people"] is None
    assert record["urgency"] == 4


def test_it_separates_medicine_from_medical_care() -> None:
    assert parse_message("老人胰岛素用完了 求助 13800001111")["needs"] == ["medicine"]
    assert parse_message("孕妇产检推迟 需要去医院做产检 13800001111")["needs"] == ["medical_care"]


def test_it_finds_groups_and_lets_a_stated_age_under_60_win() -> None:
    groups = parse_message("独居老人82岁 糖尿病 胰岛素快没了 13800001111")["groups"]
    assert set(groups) == {"elderly", "living_alone", "chronic_illness"}
    assert "elderly" not in parse_message("患者55岁 老人家属求助 发烧 13800001111")["groups"]
    assert "pregnant" in parse_message("孕妇怀孕38周 见红 13800001111")["groups"]


def test_it_grades_urgency() -> None:
    assert parse_message("老人喘不上气 血氧88 求救 13800001111")["urgency"] == 1
    assert parse_message("两个老人被困 水已经到膝盖了 13800001111")["urgency"] == 1
    assert parse_message("孕妇要生了 需要车 13800001111")["urgency"] == 1
    assert parse_message("降压药只剩两天 求助 13800001111")["urgency"] == 2
    assert parse_message("奶粉还能吃一个星期 求团购渠道 求助 13800001111")["urgency"] == 3
