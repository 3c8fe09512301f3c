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
