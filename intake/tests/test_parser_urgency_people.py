"""Urgency and head counts in flood and lockdown posts (synthetic messages)."""

from intake.parser import parse_message
from intake.parser.people import count_people
from intake.parser.text import normalise
from intake.parser.urgency import score_urgency


def test_it_never_leaves_a_request_at_level_4() -> None:
    msg = parse_message("卫辉市某村 133人等待食物和水 联系人 13800000011")
    assert msg["kind"] == "request" and msg["urgency"] == 2


def test_it_reads_trapped_with_a_frail_person_or_a_breach_as_level_1() -> None:
    assert score_urgency(normalise("85岁老人被困！！！安钢老一区")) == 1
    assert score_urgency(normalise("村子已经溃堤 村民被困 等了一夜")) == 1
    assert score_urgency(normalise("小区停电三天 被困 出不去")) == 2


def test_it_does_not_count_a_crowd_word_as_one_person() -> None:
    assert count_people(normalise("全村进水 村里有许多老人不会游泳 求救援")) is None
    assert count_people(normalise("小区老人小孩全部被困 没水没电")) is None
    assert count_people(normalise("我爸瘫痪在床 村里很多人都出不去 13800000012")) == 1
    assert count_people(normalise("外地来的打工的小伙子 没钱了 13800000013")) == 1


def test_it_reads_labour_and_an_unrousable_patient_as_level_1() -> None:
    assert score_urgency(normalise("我老婆怀孕四十周 羊水好像破了")) == 1
    assert score_urgency(normalise("姥姥九十二了 昨晚摔了一跤 今天叫不醒")) == 1


def test_it_counts_every_patient_of_the_help_template() -> None:
    two_fields = "【姓名】张某某【年龄】66岁【病情描述】双肺感染【姓名】陈某某【年龄】67岁【病情描述】高烧"
    assert count_people(normalise(two_fields)) == 2
    assert count_people(normalise("【姓名】朱某某沈某某【年龄】82岁79岁【病情描述】确诊")) == 2
    assert count_people(normalise("【姓名】汪某某【年龄】53【病情描述】夫妻双方均已患病")) == 2
    assert count_people(normalise("【姓名】汪某某【年龄】53【病情描述】发热十天 妻子照顾")) == 1


def test_it_reads_ranges_pairs_and_case_descriptions() -> None:
    assert count_people(normalise("卫辉某小学有一二百避难群众 急需食物")) == 200
    assert count_people(normalise("某弄12号 俩老人 都80多 断菜")) == 2
    assert count_people(normalise("来电人反映：居民刘某，男，45岁，尿毒症，需透析")) == 1


def test_it_ignores_disaster_counts_and_households() -> None:
    assert count_people(normalise("#巩义洪灾已致至少4人死亡# 敬老院还有很多人被困")) is None
    assert count_people(normalise("辉县市共济医院被困三百多老人")) == 300
    assert count_people(normalise("村里好几户都断粮了 有小孩有老人")) is None
    assert count_people(normalise("父母均七十余岁 母亲糖尿病")) == 2


def test_it_reads_a_nursing_home_trapped_as_level_1_and_a_week_of_food_as_level_3() -> None:
    assert score_urgency(normalise("河洛镇敬老院 很多人被困 水电中断")) == 1
    assert score_urgency(normalise("还有米 就是没菜没油 撑个一周没问题")) == 3


def test_it_reads_intubation_a_cut_off_chemotherapy_and_heavy_bleeding_as_level_1() -> None:
    assert score_urgency(normalise("在ICU插管十一天无明显改善")) == 1
    assert score_urgency(normalise("我妈乳腺癌 化疗停了两周了")) == 1
    assert score_urgency(normalise("老人摔倒 头破了 流了很多血")) == 1
