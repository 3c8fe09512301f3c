"""Place inference from the division table (geo/data), on synthetic messages."""

from intake.parser.places import find_place
from intake.parser.text import normalise


def place(text: str) -> tuple[str | None, str | None, str | None]:
    return find_place(normalise(text))


def test_it_infers_city_and_province_from_a_unique_district() -> None:
    assert place("雁塔区电子城街道 老人需要药") == ("陕西省", "西安市", "雁塔区")


def test_it_keeps_an_ambiguous_district_alone_without_city() -> None:
    assert place("长安区 家里两个老人需要降压药") == (None, None, "长安区")
    assert place("鼓楼区 老人需要透析") == (None, None, "鼓楼区")


def test_it_resolves_an_ambiguous_district_with_the_named_city() -> None:
    assert place("开封市鼓楼区 老人透析中断") == ("河南省", "开封市", "鼓楼区")
    assert place("石家庄长安区建北街道 老人中风") == ("河北省", "石家庄市", "长安区")


def test_it_resolves_an_ambiguous_district_with_a_unique_township() -> None:
    assert place("长安区韦曲街道 老人心脏病发作") == ("陕西省", "西安市", "长安区")


def test_it_names_shanghai_as_its_own_city() -> None:
    assert place("上海 浦东新区张江镇 独居老人") == ("上海市", "上海市", "浦东新区")
    assert place("上海市闵行区七宝镇") == ("上海市", "上海市", "闵行区")


def test_it_infers_the_district_from_a_unique_township() -> None:
    assert place("狄寨街道 孕妇要生了") == ("陕西省", "西安市", "灞桥区")


def test_it_nulls_the_district_when_districts_conflict() -> None:
    assert place("武汉市江岸区的老人，女儿在洪山区上班") == ("湖北省", "武汉市", None)


def test_it_uses_a_weibo_geotag_only_when_nothing_else_is_named() -> None:
    assert place("还有人在等待救援 郑州·金水区某小区 ") == ("河南省", "郑州市", "金水区")
    assert place("新乡市卫辉市城郊乡 被困 郑州·金水区 ") == ("河南省", "新乡市", "卫辉市")


def test_it_does_not_read_places_out_of_roads_or_everyday_words() -> None:
    assert place("请大家帮忙扩散 平安 互助 大方 同心") == (None, None, None)
    assert place("武汉 住在金水东路附近") == ("湖北省", "武汉市", None)


def test_it_reads_short_county_names_inside_their_province() -> None:
    assert place("#河南暴雨互助# 巩义小关镇口头村六人被困") == ("河南省", "郑州市", "巩义市")
