"""People counts written as 3人, 三口人, 十几人, 3-5人, 二十多位 (contract: N多/N余/约N -> N,
ranges -> upper bound, 十几 and 十来 -> 10, 数千 -> None). 八个月大 is an age, not eight people."""

import re
from collections.abc import Iterator

from .text import CN_NUM_CHARS, cn_to_int

_N = rf"[\d{CN_NUM_CHARS}]++"
COUNT_RE = re.compile(
    rf"(?P<approx>约|大约|近|将近)?(?P<a>{_N}|数|几)(?:(?:-|~|到|至)(?P<b>{_N}))?(?P<more>多|余|几|来)?"
    rf"(?P<unit>个人|口人|人|口|位|名|个(?!月)(?=[^,，。；;\s\d]{{0,6}}?(?:老人|孩子|小孩|病人|患者|孕妇|学生|工人|村民|老乡|大人|工友|小哥|快递员|外卖员|骑手|宝宝|婴儿|女孩|男孩|女生|男生|姑娘))"
    # no measure word before a crowd noun: 一二百避难群众, 300村民
    rf"|(?=(?:避难|受灾|被困)?(?:群众|村民|灾民|居民|老人|工人|学生)))"
)
# The same pattern without the approximation prefix, led by one character class: the regex engine
# then skips to number characters in C instead of trying the whole pattern at every position
# (COUNT_RE.finditer was ~7 % of a message's parse). count_matches() puts the prefix back.
# A numeral run is tried from its first character only: its later characters see the same text
# after the run, so they match exactly when the first one does (and the run start comes first).
_A = (
    rf"[\d{CN_NUM_CHARS}数几](?:(?<=[数几])"
    rf"|(?<=[\d{CN_NUM_CHARS}])(?<![\d{CN_NUM_CHARS}][\d{CN_NUM_CHARS}])[\d{CN_NUM_CHARS}]*+)"
)
_SCAN_RE = re.compile(
    COUNT_RE.pattern.replace(rf"(?P<approx>约|大约|近|将近)?(?P<a>{_N}|数|几)", rf"(?P<a>{_A})", 1)
)
_APPROX = ("大约", "将近", "约", "近")  # two-character forms first: the leftmost start wins


def count_matches(text: str) -> Iterator[re.Match[str]]:
    """COUNT_RE.finditer(text), the same matches, found faster."""
    pos = 0
    while (m := _SCAN_RE.search(text, pos)) is not None:
        start = m.start()
        for word in _APPROX:
            if text.startswith(word, start - len(word)) and start - len(word) >= pos:
                start -= len(word)
                break
        full = COUNT_RE.match(text, start)
        assert full is not None  # the scan matched the same pattern from the number on
        yield full
        pos = full.end()


# 一二百 / 两三千: a range written as two digits and one unit; the upper bound is the second digit.
_RANGE_UNIT_RE = re.compile(r"[一二两三四五六七八九]([一二两三四五六七八九])([十百千万])")


def count_value(m: re.Match[str]) -> int | None:
    a, b = m.group("a"), m.group("b")
    if (
        a in ("数", "几")
        or a.strip("百千十") == ""
        and a != "十"
        or m.string[m.start() - 1 : m.start()] == "几"
    ):
        return None
    if b:
        return cn_to_int(b)
    ranged = _RANGE_UNIT_RE.fullmatch(a)
    if ranged:
        return (cn_to_int(ranged.group(1)) or 0) * (cn_to_int(ranged.group(2)) or 10000)
    if len(a) == 2 and all(ch in "一二两三四五六七八九" for ch in a) and a[0] != a[1]:
        return cn_to_int(a[1])  # 三四人 is a range: upper bound
    return cn_to_int(a)
