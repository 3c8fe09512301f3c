"""dup_of over a stream, and the MinHash/LSH index used for the intake duplicate check."""

from intake.parser import parse_stream
from intake.parser.dedup import DedupIndex


def dups(messages: list[str]) -> list[object]:
    return [r["dup_of"] for r in parse_stream(messages)]


def test_it_links_a_repost_to_the_earliest_message() -> None:
    a = "雁塔区丈八东路某小区 我爸72岁糖尿病 胰岛素只剩两天 求诺和锐30 电话13829014567"
    b = "转：雁塔区丈八东路的大爷胰岛素快没了 糖尿病 联系13829014567"
    c = "再转一次！" + a
    assert dups([a, b, c]) == [None, 1, 1]


def test_it_links_a_solved_notice_to_its_request() -> None:
    a = "灞桥区席王街道 尿毒症患者 已经停了一次透析 求帮忙联系医院 18691234567"
    b = "【已解决】灞桥区席王街道透析患者已送到医院，谢谢大家 18691234567"
    assert dups([a, b]) == [None, 1]


def test_it_does_not_link_different_patients_of_one_household() -> None:
    a = "【姓名】张秋芬【年龄】66岁【所在城市】武汉【病情描述】双肺感染 呼吸困难 急需床位"
    b = "【姓名】陈光弟【年龄】67岁【所在城市】武汉【病情描述】双肺感染 呼吸困难 急需床位"
    assert dups([a, b]) == [None, None]


def test_it_does_not_link_a_village_and_a_school_sharing_one_hub_number() -> None:
    a = "凤泉区大块镇秀才庄村 学校四位教师被困 水深两米 校长19900000000 老师19900000002"
    b = "凤泉区大块镇石庄村 几百口人困在房顶 村民电话19900000001 校长电话19900000000"
    assert dups([a, b]) == [None, None]


def test_it_finds_near_duplicates_and_same_phone_in_the_index() -> None:
    index = DedupIndex()
    index.add_many(
        ["r1", "r2", "r3"],
        [
            "浦东新区张江镇独居老人84岁降压药只剩两天居委电话打不通",
            "徐汇区一岁宝宝奶粉尿不湿快用完了",
            "完全无关的天气预报",
        ],
        [["13916123456"], ["13802135678"], []],
    )
    index.add("r4", "闵行区透析病人两次没透析了 胸闷气短", ["13817002233"])
    assert index.query("浦东新区张江镇独居老人84岁降压药只剩两天，居委电话打不通！")[0] == "r1"
    assert index.query("别的内容", ["13802135678"]) == ["r2"]
    assert index.query("闵行区透析病人两次没透析了，胸闷气短") == ["r4"]
    assert index.query("毫不相干的一句话") == []


def test_it_keeps_blocks_apart() -> None:
    index = DedupIndex()
    index.add("x", "雁塔区老人胰岛素只剩两天求助", block="xian-2021")
    assert index.query("雁塔区老人胰岛素只剩两天求助", block="shanghai-2022") == []
    assert index.query("雁塔区老人胰岛素只剩两天求助", block="xian-2021") == ["x"]


def test_it_links_a_follow_up_naming_only_the_street_and_one_condition() -> None:
    a = "居委转：徐汇区凌云路街道某小区 独居老人 八十七岁 氧气瓶只剩半瓶 联系居委 021-64000000"
    b = "更新！凌云路街道那位阿婆的制氧机已经有志愿者送上门了 谢谢"
    assert dups([a, b]) == [None, 1]


def test_it_does_not_link_another_person_behind_the_same_hub_number() -> None:
    a = "凌云路街道某小区 独居老人 八十七岁 氧气瓶只剩半瓶 联系居委 021-64000000"
    b = "凌云路街道某小区 独居的老伯 九十岁 家里没菜了 居委电话 021-64000000"
    c = "同一个小区另外一位老爷子腿脚不便 降压药吃完了 请联系 021-64000000"
    assert dups([a, b, c]) == [None, None, None]


def test_it_does_not_link_a_follow_up_to_an_offer_in_the_same_district() -> None:
    a = "徐汇区漕河泾街道 我家有两台制氧机闲置 可以借给邻居 免费 电话 13800000000"
    b = "更新：凌云路街道阿婆的制氧机已经送到了 谢谢"
    assert dups([a, b]) == [None, None]


def test_it_links_a_thank_you_that_names_the_street_and_the_building() -> None:
    a = "12345 来电人周先生 13800000010 黄浦区半淞园路街道某小区6号楼 母亲八十三岁独居 断粮两天"
    b = "谢谢志愿者，半淞园路街道6号楼阿婆家的菜已经送到了"
    assert dups([a, b]) == [None, 1]


def test_it_links_a_relatives_follow_up_with_a_different_phone() -> None:
    a = "徐汇区龙华街道 某弄12号 俩老人 都80多 家里只有半袋米了 电话 021-64000000"
    b = "龙华街道某弄12号俩老人断菜的事情有进展吗？我是他们女儿 186 0000 0000"
    c = "龙华街道某弄14号 另外一户 小孩一岁 发烧 家长电话 186 0000 0001"
    assert dups([a, b, c]) == [None, 1, None]


def test_it_keeps_two_households_with_their_own_numbers_apart() -> None:
    a = "雁塔区某小区 我妈68岁 1型糖尿病 胰岛素明天就打完了 电话 13800000020"
    b = "12345工单 雁塔区另一小区 父母七十余岁 母亲糖尿病 胰岛素仅剩一天 联系电话 13800000021"
    c = "帮朋友转：雁塔区那位68岁阿姨 糖尿病 胰岛素明天打完 联系她女儿 13800000022"
    assert dups([a, b, c]) == [None, None, 1]


def test_it_keeps_one_template_filled_in_for_two_households_apart() -> None:
    # A community worker's sheet: the same sentence per household, its own building and number.
    a = "雁塔区丈八街道锦园小区3号楼有独居老人一名,78岁,高血压药只剩两天,请帮忙配送,电话13800138011"
    b = "雁塔区丈八街道锦园小区5号楼有独居老人一名,81岁,高血压药只剩两天,请帮忙配送,电话13800138012"
    repost = "转:" + a
    assert dups([a, b, repost]) == [None, None, 1]
