"""Text normalisation and Chinese numerals shared by the field extractors."""

import re
import unicodedata

# Zero-width and bidi marks that Weibo copy-paste leaves inside phone numbers.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u202a\u202b\u202c\u202d\u202e\ufeff\u2060"), None)

_CN_DIGIT = {"零": 0, "〇": 0, "○": 0, "一": 1, "幺": 1, "二": 2, "两": 2, "俩": 2, "三": 3, "四": 4}
_CN_DIGIT.update({"五": 5, "六": 6, "七": 7, "八": 8, "九": 9})
_CN_UNIT = {"十": 10, "百": 100, "千": 1000}
CN_NUM_CHARS = "零〇一二两三四五六七八九十百千"
NUM_RE = rf"(?:\d++|[{CN_NUM_CHARS}]++)"


# Traditional characters typed by relatives abroad or by a phone's IME (見紅, 醫院, 藥), folded
# one-to-one (same length, so positions hold) for the cue words; only unambiguous pairs.
_TRAD = str.maketrans(
    "見紅醫藥難氣發燒電話號區鎮樓棟單聯繫係謝請幫糧飯療診斷沒無從東門開關車長陳張嗎剛個們這裡裏養歲媽爺陽漢鄭衛輝輛嚴壓"
    "臟癱瘓殘獨過還現體麼給買賣轉熱線況營護態動島熱級縣鄉滅濟貧陣痛產婦嬰兒腦臥床鬆緊應該盡時間門診癥狀夠喚氧",
    "见红医药难气发烧电话号区镇楼栋单联系系谢请帮粮饭疗诊断没无从东门开关车长陈张吗刚个们这里里养岁妈爷阳汉郑卫辉辆严压"
    "脏瘫痪残独过还现体么给买卖转热线况营护态动岛热级县乡灭济贫阵痛产妇婴儿脑卧床松紧应该尽时间门诊症状够唤氧",
)

_TRAD_RE = re.compile("[" + "".join(chr(c) for c in _TRAD) + "]")


def normalise(text: str) -> str:
    """NFKC folds full-width digits, letters and punctuation (１３８, ＋８６, （）) to ASCII."""
    text = unicodedata.normalize("NFKC", text).translate(_INVISIBLE)
    # str.translate walks every character in Python; a C-level search first keeps the common
    # (all-simplified) message at full speed.
    return text.translate(_TRAD) if _TRAD_RE.search(text) else text


def cn_to_int(s: str) -> int | None:
    """Parse 3, 十二, 二十五, 一百二十, 两 ... ; None when it is not a number."""
    if not s:
        return None
    if s.isdigit():
        return int(s)
    total, cur = 0, 0
    for ch in s:
        if ch in _CN_DIGIT:
            cur = cur * 10 + _CN_DIGIT[ch] if cur and ch not in "两俩" else _CN_DIGIT[ch]
        elif ch in _CN_UNIT:
            total += (cur or 1) * _CN_UNIT[ch]
            cur = 0
        else:
            return None
    return total + cur


def cue_re(words: tuple[str, ...] | list[str]) -> re.Pattern[str]:
    """One compiled alternation: a single C-level scan instead of a Python loop of `in` tests."""
    return re.compile("|".join(map(re.escape, sorted(set(words), key=len, reverse=True))))


HASHTAG_RE = re.compile(r"#[^#\n]{1,40}#")


def words(block: str) -> tuple[str, ...]:
    """Cue lists are written as whitespace-separated words, so long lists wrap like prose."""
    return tuple(block.split())
