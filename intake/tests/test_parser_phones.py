"""Phone rules of the issue 7 contract, on synthetic messages."""

from intake.parser import parse_message
from intake.parser.phones import find_phones
from intake.parser.text import normalise


def phones(text: str, city: str | None = None) -> list[str]:
    return find_phones(normalise(text), city)


def test_it_keeps_mobiles_as_11_digits_in_every_format() -> None:
    text = "电话 138 2901 4567，或 139-9123-4578，或 +86 150 2998 1234，或 +86-186-9123-4567，或8613700001111"
    assert phones(text) == ["13829014567", "13991234578", "15029981234", "18691234567", "13700001111"]


def test_it_formats_landlines_with_the_area_code_split() -> None:
    text = "座机 029-8856 2231；(021)58951234；0371 6666 8888；010-62345678；07126543210"
    assert phones(text) == ["029-88562231", "021-58951234", "0371-66668888", "010-62345678", "0712-6543210"]


def test_it_gives_a_bare_8_digit_landline_the_city_code() -> None:
    record = parse_message("上海市宝山区大场镇 母亲需要帮助 座机 56781234")
    assert record["phones"] == ["021-56781234"]


def test_it_reads_phones_written_in_chinese_numerals() -> None:
    assert phones("电话一三九九一二三四五六七") == ["13991234567"]


def test_it_lists_each_number_once_in_order_of_appearance() -> None:
    assert phones("联系13829014567或15029981234，再说一遍13829014567") == ["13829014567", "15029981234"]


def test_it_splits_two_mobiles_pasted_together() -> None:
    assert phones("联系电话：1533391606315346133932") == ["15333916063", "15346133932"]


def test_it_ignores_service_numbers_dates_counts_and_ids() -> None:
    text = "打了110、120、12345都没用，2022-01-03 10:30，200多人，订单号 87654321，身份证420102199001011234"
    assert phones(text) == []


def test_it_ignores_malformed_digit_runs() -> None:
    assert phones("电话 1380013800 和 138001380001 和 180864899") == []


def test_it_keeps_two_numbers_separated_by_a_space_apart() -> None:
    assert phones("19900000004 19900000005") == ["19900000004", "19900000005"]


def test_it_splits_a_mobile_from_the_next_list_number() -> None:
    text = "1、联系人：杨先生138000011112、明天上午集合 联系人：张先生139000022223、下午"
    assert find_phones(text) == ["13800001111", "13900002222"]


def test_it_reads_labelled_dotted_and_financial_numeral_numbers() -> None:
    assert find_phones("TEL13800001234") == ["13800001234"]
    assert find_phones("电话:138.0000.1234") == ["13800001234"]
    assert find_phones("电话 壹叁捌零零零零壹贰叁肆") == ["13800001234"]
    assert find_phones("微信号wxid13800001234") == []


def test_it_reads_a_number_right_after_a_date_with_dots() -> None:
    assert find_phones("已核实7.22 13800001234") == ["13800001234"]
    assert find_phones("体温38.5 度 时间2021.07.22") == []


def test_it_splits_a_mobile_from_a_two_digit_list_number() -> None:
    assert find_phones("9、文武 1380000111110、张先生13900002222") == ["13800001111", "13900002222"]


def test_it_does_not_read_a_dashed_date_and_time_as_a_landline() -> None:
    assert find_phones("已核实21-07-22 10:27 联系电话13800001234", "郑州市") == ["13800001234"]
    assert find_phones("2021-07-22 13800001234") == ["13800001234"]


def test_it_survives_runs_that_are_only_a_date_or_a_decimal_tail() -> None:
    assert find_phones("时间 21-07-22 和 3.1234567 以及 2021-07-22") == []


def test_it_splits_a_mobile_from_a_glued_building_number() -> None:
    assert find_phones("本人在市区13800001234130号楼值守") == ["13800001234"]


def test_it_reads_a_mobile_dialled_with_a_leading_zero() -> None:
    # From another city people dial 0 before a mobile; full-width digits are common in pastes.
    assert find_phones("电话013800138000") == ["13800138000"]
    assert find_phones(normalise("电话０１３８ ００１３ ８０００")) == ["13800138000"]
    assert find_phones("北京01062751234") == ["010-62751234"]  # a Beijing landline is not one
