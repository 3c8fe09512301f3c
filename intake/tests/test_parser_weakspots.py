"""Henan flood weak spots: level-1 rules, places and duplicates (synthetic messages only)."""

from intake.parser.text import normalise
from intake.parser.urgency import score_urgency


def test_trapped_with_no_rescue_coming_is_level_1() -> None:
    assert score_urgency(normalise("某某村三百多人被困 目前附近没有救援队 谁能帮帮忙")) == 1
    assert score_urgency(normalise("楼下水深一米多 急需救援 打了一天电话 至今未被救援")) == 1
    # Trapped alone, with help on its way, stays level 2 (the labels' judgement call).
    assert score_urgency(normalise("小区停电 被困 出不去 救援队已经联系上了")) == 2


def test_a_breach_where_frail_people_live_is_level_1() -> None:
    assert score_urgency(normalise("河堤已经决口 村里都是老人 求扩散")) == 1
    assert score_urgency(normalise("上游决口的消息是谣言 请勿转发")) != 1


def test_an_acute_brain_bleed_is_level_1_but_its_after_effects_are_not() -> None:
    assert score_urgency(normalise("我舅舅突然脑溢血 急需转院手术 13800000101")) == 1
    assert score_urgency(normalise("我爸脑出血后遗症 降压药只剩两天")) == 2


def test_elderly_and_infant_words_make_trapped_level_1() -> None:
    assert score_urgency(normalise("八旬老太太一人被困在家 家属在外地")) == 1
    assert score_urgency(normalise("三个月大的孩子和妈妈被困车里")) == 1


def test_three_cities_listed_name_no_city() -> None:
    from intake.parser.places import find_place

    assert find_place(normalise("开封、商丘、周口紧急救援电话汇总 求扩散")) == ("河南省", None, None)
    # Two cities in a sentence still pick the first (the family's, then a relative's).
    assert find_place(normalise("我家在开封 儿子在商丘打工 联系不上"))[1] == "开封市"


def test_a_city_followed_by_jietou_is_still_the_city() -> None:
    from intake.parser.places import find_place

    assert find_place(normalise("周口街头积水很深 有人被困车里"))[1] == "周口市"


def test_the_help_templates_address_fields_beat_the_story() -> None:
    from intake.parser.places import find_place

    text = (
        "【姓名】某某【所在城市】武汉江汉区【所在小区、社区】某某社区"
        "【病情描述】在洪山区的医院拍了CT，孩子在武昌区外婆家"
    )
    assert find_place(normalise(text)) == ("湖北省", "武汉市", "江汉区")


def test_a_zone_in_the_body_beats_the_posters_geotag() -> None:
    from intake.parser.places import find_place

    text = "航空港区某某小区一楼被淹 老人出不去 #河南暴雨互助# 郑州·金水区"
    assert find_place(normalise(text)) == ("河南省", "郑州市", None)


def test_a_homophone_typo_of_a_district_is_read() -> None:
    from intake.parser.places import find_place

    assert find_place(normalise("武汉桥口区某某小区 老人发烧三天"))[2] == "硚口区"


def test_a_short_solved_notice_naming_only_the_building_is_a_duplicate() -> None:
    from intake.parser import parse_stream

    msgs = [
        {"id": 1, "text": "浦东新区某某路 8号楼302 独居老人 发烧三天 没人管 13800000201"},
        {"id": 2, "text": "徐汇区某某小区3号楼 孕妇见红 叫不到车 13800000202"},
        {"id": 3, "text": "更新：8号楼那位老人已经送医了 谢谢大家"},
        {"id": 4, "text": "更新：12号楼那位老人已经送医了"},
    ]
    assert [r["dup_of"] for r in parse_stream(msgs)] == [None, None, 1, None]


def test_a_hotline_list_repeating_a_pleas_number_is_not_its_duplicate() -> None:
    from intake.parser import parse_stream

    msgs = [
        {"id": 1, "text": "某某村二十多人被困 水已经到二楼 急需皮划艇 联系 13800000301"},
        {
            "id": 2,
            "text": "可以打通的救援电话汇总：蓝天救援队 13800000302 某某救援队 13800000303 "
            "志愿者车队可接送 13800000304 还有 13800000301 都可以免费提供帮助",
        },
    ]
    out = list(parse_stream(msgs))
    assert out[1]["kind"] == "offer" and out[1]["dup_of"] is None


def test_traditional_characters_are_folded_for_the_cue_words() -> None:
    assert normalise("孕婦 見紅了") == "孕妇 见红了"
    assert score_urgency(normalise("浦東 孕婦 見紅了 叫不到車")) == 1
