"""Round seven: urgency, needs, kind and duplicate rules (invented messages only)."""

from intake.parser.needs import find_needs
from intake.parser.text import normalise
from intake.parser.urgency import score_urgency


def test_a_locked_gate_or_lost_contact_with_an_old_parent_is_level_2() -> None:
    assert score_urgency(normalise("我爸80岁 小区封控出不去 降压药还剩一周 13800000201")) != 1
    assert score_urgency(normalise("我妈70岁独居 从昨天起失联 电话打不通 求邻居敲门 13800000202")) == 2
    # Physically trapped with someone frail stays level 1.
    assert score_urgency(normalise("两位八十岁老人被困家中 楼下全是水")) == 1
    assert score_urgency(normalise("九十岁奶奶被困在二楼 家属联系不上")) == 1


def test_suicidal_talk_rising_water_and_people_lost_in_the_flood_are_level_1() -> None:
    assert score_urgency(normalise("室友一个人隔离 刚才说活着没意思 电话不接了 13800000203")) == 1
    assert score_urgency(normalise("村里的水又涨起来了 还有人没出来")) == 1
    assert score_urgency(normalise("我舅舅走失了 最后在泄洪区附近 求大家留意")) == 1
    assert score_urgency(normalise("我舅舅走失了 最后在超市附近 求大家留意")) != 1


def test_offered_services_name_their_needs() -> None:
    needs = find_needs(normalise("某某酒店免费开放 提供休憩 简餐 留宿 可以取水 电话13800000204"))
    assert {"food", "shelter", "water"} <= set(needs)
    assert "medicine" in find_needs(normalise("我爸的降压药还能吃五天 想找人帮忙代买 13800000205"))
    assert "shelter" in find_needs(normalise("三十来个工友 晚上只能睡在桥洞下面 13800000206"))
    assert "medical_care" in find_needs(normalise("孕39周 宫缩越来越密 出不了小区 13800000207"))


def test_a_follow_up_naming_the_street_without_its_suffix_is_a_duplicate() -> None:
    from intake.parser import parse_stream

    out = list(
        parse_stream(
            [
                {"id": "a", "text": "求助！碑林区柏树林街道，我奶奶胸口疼，120排队，电话13800000301"},
                {"id": "b", "text": "柏树林那位奶奶已经送到医院了，现在没事了，谢谢大家！——家属"},
            ]
        )
    )
    assert out[1]["dup_of"] == "a"


def test_the_same_village_and_the_same_posters_video_is_one_plea_even_far_apart() -> None:
    from intake.parser import parse_stream

    first = {"id": "v1", "text": "某某县新镇王家庄村 水位还在涨 无人支援 请求支援 小明同学的微博视频"}
    filler = [{"id": f"f{k}", "text": f"第{k}条无关消息 今天天气不错"} for k in range(320)]
    later = {"id": "v2", "text": "王家庄村三天了水位一直上涨 缺水缺粮 联系13800000302 小明同学的微博视频"}
    out = list(parse_stream([first, *filler, later]))
    assert out[-1]["dup_of"] == "v1"
    other = {"id": "v3", "text": "李家庄村 需要沙袋 小明同学的微博视频"}
    assert list(parse_stream([first, other]))[-1]["dup_of"] is None


def test_a_free_service_at_a_place_is_an_offer_by_the_rules() -> None:
    from intake.parser.kind import classify_kind

    text = normalise("某某大学附近被困的市民，可到学校一食堂免费就餐，也可以免费充电。")
    assert classify_kind(text, model=False) == "offer"


def test_commentary_words_inside_a_hashtag_do_not_outweigh_a_plea() -> None:
    from intake.parser.kind import rule_features

    text = normalise("#某地加油某地挺住# 某某小区3号楼 老人被困 急需救援 电话13800000303")
    label, feats = rule_features(text)
    assert label == "request" and feats["raw_oth"] == 0


def test_a_team_named_after_its_district_inside_its_own_city_keeps_the_district() -> None:
    from intake.parser.places import find_place

    assert find_place(normalise("【爱心车队】西安市雁塔区志愿者车队，可免费接送就医 13800000304")) == (
        "陕西省",
        "西安市",
        "雁塔区",
    )


def test_an_address_line_after_a_bracketed_tag_reads_a_short_district() -> None:
    from intake.parser.places import find_place

    place = find_place(normalise("【已解决】浦东某某苑12号的事已经解决了 谢谢"))
    assert place == ("上海市", "上海市", "浦东新区")
    assert find_place(normalise("刚给阿里盒马的物资带路 已送达"))[0] is None


def test_goods_to_be_moved_are_cargo_not_a_supplies_need() -> None:
    needs = find_needs(normalise("需要大车帮忙从甲地往乙地拉物资 联系13800000305"))
    assert "supplies" not in needs and "transport" in needs
    assert "supplies" in find_needs(normalise("村里急需物资 帐篷 被褥 13800000306"))
    assert "rescue" not in find_needs(normalise("急求抽水设备 救援路线见下图 13800000307"))


def test_counts_of_different_kinds_of_people_side_by_side_add_up() -> None:
    from intake.parser.people import count_people

    assert count_people(normalise("某村口有三个大人两个孩子 水到胸口了")) == 5
    assert count_people(normalise("家里有一个8个月的宝宝，两个成人，断水断电")) == 3
    assert count_people(normalise("两个老人，三个小孩，六个成年人被困二楼")) == 11
    # Two counts of the same kind are not added.
    assert count_people(normalise("三个孩子 其中两个孩子发烧")) == 3


def test_count_matches_finds_exactly_what_count_re_finditer_finds() -> None:
    import random

    from intake.parser.numbers import COUNT_RE, count_matches

    rng = random.Random(7)
    alphabet = "0123456789一二三十百千约大近将数几-~到至多余来人口位名个月孩子老人群众村民，, "
    texts = ["约3人", "大约三十人", "将近二十位", "约约3人", "3几-5人", "几3人", "一二百避难群众"]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randrange(1, 15))) for _ in range(5000)]
    for text in texts:
        old = [(m.span(), m.groupdict()) for m in COUNT_RE.finditer(text)]
        assert [(m.span(), m.groupdict()) for m in count_matches(text)] == old, text
