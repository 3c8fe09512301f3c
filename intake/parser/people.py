"""How many people the message asks help for (requests only; the caller nulls it otherwise)."""

import re

from .numbers import COUNT_RE, count_matches, count_value
from .text import HASHTAG_RE, NUM_RE, cn_to_int, cue_re, words

_NAME_FIELD_RE = re.compile(r"【姓名】([^【]{1,40})")
_NAME_SPLIT_RE = re.compile(r"[，,、;；/和及与 ]+")
_FAMILY_RE = re.compile(
    r"(?:[一1]家|一户|全家|家里|家中|一共|共|总共|人数[:：]?\s*(?:已知)?)([\d一二两三四五六七八九十]+)(?:口|个?人|位)"
)
_PAIRS = (
    "二老",
    "两老",
    "老两口",
    "夫妻",
    "夫妇",
    "母女",
    "母子",
    "父子",
    "父女",
    "一老一小",
    "爷孙",
    "祖孙",
    "俩老",
    "父母均",
    "父母都",
    "俩孩子",
    "俩人",
)
_ONE = words(
    """
    我妈 我爸 母亲 父亲 妈妈 爸爸 老公 丈夫 妻子 老婆 婆婆 公公 外婆 外公 奶奶 爷爷 姥姥 姥爷 姑姑
    舅舅 阿姨 叔叔 孕妇 患者 病人 老人 弟弟 哥哥 姐姐 妹妹 儿子 女儿 孩子 朋友 同学 同事 失联人
    亲戚 阿婆 阿公 老太太 老太 大爷 大妈 宝宝 婴儿 孕 老父亲 老母亲 快递员 外卖员 骑手 我一个人 帮帮我
    老爷子 老伯 老奶奶 老爷爷 小孩 小伙子 小哥 五保户 大学生 外国人 男孩 女孩 小弟弟 小妹妹 伯伯 残疾人
    其父 其母 其子 其女 其夫 其妻 我伯 我舅 我姨
    """
)
_EXCLUDE_BEFORE = ("户", "万", "千", "百")
_PAIRS_RE = cue_re(_PAIRS)
_ONE_RE = cue_re(_ONE)
# A village, an estate or a crowd: 老人 / 孩子 there are a kind of people, not one person.
_CROWD_RE = re.compile(
    r"全村|村民|群众|灾民|许多|多为|都是老|大部分|好多人|上千|上百人|几百人|几千人|数百|数千|大量|很多人"
    r"|不少人|老人(?:和|与|、)?(?:小孩|孩子|妇女)|老弱病残|一些老|[几两三四五六七八九十\d]户"
)
# A hotline case description: 居民刘某，男，45岁.
_CASE_RE = re.compile(r"[\u4e00-\u9fff]某[,，、\s]*[男女][,，、\s]*\d{1,3}岁")
# ... unless the post is about one relative (我爸, 岳母): then the crowd words are narrative.
_KIN_RE = re.compile(r"我妈|我爸|母亲|父亲|妈妈|爸爸|老公|丈夫|妻子|老婆|岳母|岳父|婆婆|公公|儿子|女儿")


_AGE_FIELD_RE = re.compile(r"【年龄】([^【]{1,20})")
# In a one-patient template, "both of them" means the plea is for two: 夫妻双方均已患病, 两老.
_BOTH_RE = re.compile(r"夫妻双方|夫妻俩|两人都|两个人都|他们两|两老|二老|老两口")


def _template_names(text: str) -> int | None:
    """Patients named in the Weibo help template: every 【姓名】 field (a post can carry two), or
    the ages listed in 【年龄】 (82岁79岁, 33/59) when the names are run together."""
    total = 0
    for m in _NAME_FIELD_RE.finditer(text):
        raw = m.group(1).replace("姓名", "").strip(" :：")
        parts = [p for p in _NAME_SPLIT_RE.split(raw) if not p.startswith("身份")]
        names = [p for p in parts if 2 <= len(p) <= 4]
        # Two names run together (朱宗勤沈玉珍) count once here; the ages field splits them.
        total += len(names) or int(any(5 <= len(p) <= 8 for p in parts))
    if not total:
        return None
    age = _AGE_FIELD_RE.search(text)
    ages = len(re.findall(r"\d{1,3}", age.group(1))) if age else 0
    if total == 1 and (ages >= 2 or _BOTH_RE.search(text)):
        return 2
    return total


# Counts of different kinds of people side by side add up: 三个大人三个小孩 is six,
# 一个5个月的婴儿，三个成人 four.
_PART_RE = re.compile(
    rf"({NUM_RE})(?:个|名|位)(?:[^,，。;；!！、]{{0,6}}?的)?(大人|成年人|成人|小孩|孩子|婴儿|宝宝|老人)"
)
_KIND_OF = {
    "大人": "a",
    "成年人": "a",
    "成人": "a",
    "小孩": "c",
    "孩子": "c",
    "婴儿": "c",
    "宝宝": "c",
    "老人": "e",
}


_PART_WORD_RE = re.compile("|".join(_KIND_OF))


def _parts(text: str) -> int | None:
    if len(_PART_WORD_RE.findall(text)) < 2:
        return None  # two kinds of people are needed; the literal test is far cheaper
    found = list(_PART_RE.finditer(text))
    for first, second in zip(found, found[1:], strict=False):
        near = second.start() - first.end() <= 6
        kinds = {_KIND_OF[first.group(2)], _KIND_OF[second.group(2)]}
        if near and len(kinds) == 2:
            run = [first, second]
            for nxt in found[found.index(second) + 1 :]:
                if nxt.start() - run[-1].end() > 6 or _KIND_OF[nxt.group(2)] in kinds:
                    break
                kinds.add(_KIND_OF[nxt.group(2)])
                run.append(nxt)
            values = [cn_to_int(m.group(1)) for m in run]
            return sum(values) if all(values) else None  # type: ignore[arg-type]
    return None


_EACH_RE = re.compile(
    r"(?:一|1)(?:名|位|个)(?=孕妇|小孩|孩子|老人|病人|患者|婴儿|女婴|男婴|残疾|产妇|学生|大人|男|女)|一对"
)


def count_people(text: str) -> int | None:
    # A hashtag counts the disaster (#巩义洪灾已致至少4人死亡#), not the people asking for help.
    if "#" in text:
        text = HASHTAG_RE.sub(" ", text)
    each = _EACH_RE.findall(text)
    if len(each) >= 2:  # 一名孕妇，一名两岁小孩，一名老人 / 一对母女和一对母子
        return sum(2 if e == "一对" else 1 for e in each)
    m = _FAMILY_RE.search(text)
    if m:
        return count_value(COUNT_RE.search(m.group(1) + "人"))  # type: ignore[arg-type]
    parts = _parts(text)
    counts: list[int] = []
    for m in count_matches(text):
        before = text[max(0, m.start() - 1) : m.start()]
        after = text[m.end() : m.end() + 2]
        if before in _EXCLUDE_BEFORE or after in (
            "民警",
            "医生",
            "消防",
            "救援",
            "死亡",
            "遇难",
            "受伤",
            "获救",
        ):
            continue
        value = count_value(m)
        if value is not None and 0 < value < 100_000:
            counts.append(value)
    named = _template_names(text)
    if parts and (not counts or parts > max(counts)):
        counts.append(parts)
    if counts:
        best = max(counts)
        return max(best, named) if named else best
    if named:
        return named
    if _PAIRS_RE.search(text):
        return 2
    if _ONE_RE.search(text) and (_KIN_RE.search(text) or not _CROWD_RE.search(text)):
        return 1
    if _CASE_RE.search(text):
        return 1
    return None
