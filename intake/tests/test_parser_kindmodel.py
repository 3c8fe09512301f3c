"""The trained kind model, rescue/child precision and duplicates across pseudonymised names
(synthetic messages only)."""

from intake.parser import parse_message, parse_stream
from intake.parser.groups import find_groups
from intake.parser.kind import classify_kind
from intake.parser.kind_model import load_model, text_ngrams
from intake.parser.needs import find_needs


def test_model_is_loaded_once_and_ngrams_fold_digits():
    assert load_model() is not None and load_model() is load_model()
    grams = text_ngrams("电话13800001111")
    assert "00" in grams and "13" not in grams and "电话" in grams


def test_kind_model_and_rules_agree_on_clear_cases():
    for text, kind in [
        ("我妈72岁 胰岛素只剩两天 求助 13800001111", "request"),
        ("志愿车队可接送透析病人 需要的请联系 王师傅 186-2177-5521", "offer"),
        ("谢谢大家 那位大叔已经被接去医院透析了 勿再转", "other"),
    ]:
        assert classify_kind(text) == kind
        assert classify_kind(text, model=False) == kind


def test_relayed_notice_is_not_a_request():
    r = parse_message(
        "请帮忙宣传:太多志愿者打电话过去,求助者手机电量告急,麻烦志愿者不要打电话了,不要占用救援资源"
    )
    assert r["kind"] == "other"


def test_rescue_team_is_not_a_rescue_need():
    assert "rescue" not in find_needs("感谢各地救援队 以下是给救援队和志愿者的休息点")
    assert "rescue" in find_needs("村里水位还在涨 急需救援")
    assert "rescue" in find_needs("老人困在二楼 求救助")


def test_pets_and_university_students_are_not_children():
    assert "child" not in find_groups("救救毛孩子们 狗狗被困")
    assert "child" not in find_groups("大学城 学生宿舍 200多名学生 盒饭不够")
    assert "child" in find_groups("两个孩子 一个4岁")


def test_pseudonymised_names_do_not_block_a_near_identical_copy():
    body = "【年龄】68【所在城市】武汉【所在小区、社区】洪山区某小区5栋【病情描述】发烧十天 呼吸困难 求床位"
    rows = list(
        parse_stream(
            [{"id": "a", "text": "【姓名】张晓明" + body}, {"id": "b", "text": "【姓名】李建国" + body}]
        )
    )
    assert rows[1]["dup_of"] == "a"


def test_different_patients_with_short_different_texts_stay_apart():
    rows = list(
        parse_stream(
            [
                {"id": "a", "text": "【姓名】张晓明【年龄】68 发烧 求床位"},
                {"id": "b", "text": "【姓名】李建国【年龄】45 咳嗽 求核酸"},
            ]
        )
    )
    assert rows[1]["dup_of"] is None


def test_solved_notice_naming_street_and_condition_links_back():
    rows = list(
        parse_stream(
            [
                {"id": "a", "text": "灞桥区纺织城街道 独居老人 尿毒症 三天没透析了 喘不上气 13912345678"},
                {"id": "b", "text": "谢谢大家 纺织城街道那位尿毒症老人已经被接去透析了 别再打电话了"},
                {"id": "c", "text": "碑林区张家村街道 孕妇 见红 需要车 13700001111"},
            ]
        )
    )
    assert rows[1]["dup_of"] == "a" and rows[2]["dup_of"] is None
