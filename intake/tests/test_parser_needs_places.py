"""Needs read in their own clause, and places in terse or multi-city posts (synthetic messages)."""

from intake.parser import parse_message
from intake.parser.needs import find_needs
from intake.parser.places import find_place
from intake.parser.text import normalise


def needs(text: str) -> list[str]:
    return find_needs(normalise(text))


def place(text: str) -> tuple[str | None, str | None, str | None]:
    return find_place(normalise(text))


def test_it_does_not_read_treatment_history_as_a_medicine_need() -> None:
    assert "medicine" not in needs("医生开了药要求回家隔离，吃药没有效果，急需住院")
    assert "medicine" not in needs("在家吃退烧药，但是一直没有好转，需要床位")
    assert "medicine" in needs("我爸的降压药吃完了 求助")
    assert "medicine" in needs("村民需要水、食物、被褥、降压药、感冒药")


def test_it_reads_transport_for_scheduled_treatment_behind_a_lockdown() -> None:
    assert "transport" in needs("我爸尿毒症 周四该透析了 小区封了出不去 13800000001")
    assert "transport" not in needs("铁路西 建设路口 小区被淹 13800000001")


def test_it_reads_an_acute_emergency_as_a_medical_care_need() -> None:
    assert "medical_care" in needs("家里九十岁老人 凌晨突然昏迷 叫不醒 13800000002")
    assert "medical_care" in needs("孕妇三十八周 破水了 13800000003")


def test_it_does_not_add_medical_care_to_a_ride_offer() -> None:
    msg = parse_message("志愿者车队可以免费接送透析、化疗病人去医院，联系 13900000001")
    assert msg["kind"] == "offer" and msg["needs"] == ["transport"]


def test_it_reads_an_urban_district_that_opens_a_terse_post() -> None:
    assert place("浦东张江 独居老人降压药剩2天 13800000004") == ("上海市", "上海市", "浦东新区")
    assert place("转：闵行志愿者车队 免费接送 13900000002") == ("上海市", "上海市", "闵行区")


def test_it_ignores_a_district_name_inside_a_word_of_another_province() -> None:
    assert place("新乡 河师大东区 路口漏电 注意避开") == ("河南省", "新乡市", None)


def test_it_keeps_a_county_the_post_travels_to() -> None:
    text = "志愿小分队暂时在郑州休息，今天前往卫辉，急需冲锋舟 13800000005"
    assert place(text) == ("河南省", "新乡市", "卫辉市")


def test_it_reads_terse_needs_across_spaces() -> None:
    assert "medicine" in needs("嘉定区安亭镇 独居老人 降压药还有三天的量 买不到 13800000006")
    assert "medicine" in needs("胰岛素今天打完最后一支 明天就断了 13800000007")
    assert "food" in needs("整个小区封了十天 菜早就没了 物业说等通知")
    assert {"medical_care", "transport"} <= set(needs("孕妇四十周 羊水好像破了 120说要一个小时 求车"))


def test_it_does_not_read_a_resettlement_site_as_a_shelter_need() -> None:
    assert "shelter" not in needs("避难安置点现急需大量饮用水、食品、被褥 联系 13800000008")
    assert "shelter" in needs("灾民安置 需要帐篷 13800000009")


def test_it_reads_plain_water_beside_food_or_a_need_verb() -> None:
    assert "water" in needs("比干完小 133人等待食物和水 老人小孩多")
    assert "water" in needs("村民需要水、即食食物、被褥")
    assert "water" not in needs("需要水泵抽水 水深一米")


def test_it_reads_a_call_for_reinforcements_as_rescue() -> None:
    assert "rescue" in needs("河堤突发决口几十米，急需增援，否则会淹没很多村庄")
    assert "rescue" in needs("化纤厂家属院 鲁堡村救援力量仍然不足！！！")


def test_it_reads_missed_meals_as_a_food_need() -> None:
    assert "food" in needs("老爷子90岁了 瘫痪在床 已经一天没吃饭了")


def test_it_does_not_blank_a_post_whose_video_credit_is_glued_to_it() -> None:
    text = "河南省新乡市红旗消防救援大队对长堤进行了细致检查，确保不出问题。中国消防的微博视频 "
    assert place(text) == ("河南省", "新乡市", None)


def test_it_reads_a_place_glued_before_the_first_hashtag_as_the_posters_tag() -> None:
    assert place("郑州#河南暴雨互助# 鹤壁市豫龙驾校斜对面 三十多个人被困") == ("河南省", "鹤壁市", None)


def test_it_names_no_city_when_the_hashtags_name_several() -> None:
    assert place("被雨水围困就填写位置 #安阳暴雨##新乡暴雨##河南暴雨互助# 洛阳") == ("河南省", None, None)


def test_it_reads_the_city_of_a_well_known_development_zone() -> None:
    assert place("郑州郑东新区某小区 被困") == ("河南省", "郑州市", None)
    assert place("#郑东新区一小区洪水逼近1.6米# 河南暴雨互助") == ("河南省", "郑州市", None)


def test_it_reads_trapped_by_water_as_rescue_but_not_a_locked_gate() -> None:
    assert "rescue" in needs("水已经到了二楼了 人都在二楼 出不去")
    assert "rescue" not in needs("小区封了出不去 降压药吃完了")


def test_it_separates_company_from_a_missing_person_and_reads_homelessness() -> None:
    assert "missing_person" not in needs("一个人隔离在家 很焦虑 想找人说说话")
    assert "shelter" in needs("被房东赶出来了 现在在马路边 没地方住")
    assert "water" in needs("他们现在水电道路通讯均中断 请求救援")


def test_it_reads_a_county_named_twice_and_not_a_quarter_glued_to_it() -> None:
    text = "求救信息：卫辉北关一直等不到救援艇 位置：卫辉北关坑边小房"
    assert place(text) == ("河南省", "新乡市", "卫辉市")


def test_it_sharpens_a_body_province_with_a_hashtag_city() -> None:
    assert place("#郑州##河南暴雨互助# 希望河南人民都可以好好的") == ("河南省", "郑州市", None)


def test_it_reads_the_wuhan_template_as_a_medical_care_need() -> None:
    assert "medical_care" in needs("【姓名】某某【年龄】64【患病时间】2月1日【病情描述】低烧五天 高度疑似")
