"""request / offer / other by weighted cue words.

The 2021 rescue map used one weighted keyword list per class and reached 0.70; what it got wrong
were solved notices, donation news and offers that also say 求助/需要. Here a request also needs
evidence of a person or site (a need plus a contact or a dependant), and offers win only on
explicit offering phrases.
"""

import re

from .needs import find_needs
from .text import cue_re, words
from .urgency import score_urgency

_SOLVED = words(
    """
    已解决 已获救 已被救 已救出 已经救出 已经获救 已安全 已经安全 已联系上 已送到 已经联系上 已找到
    已经找到 已被收治 人已平安 已脱险 已经脱险 已送达 已有床位 已经有人送 不用再 无需再 勿再转
    已转移 已经转移 已撤离 已入院 已经入院 已住院
    """
)
_REQUEST = {"求助": 3, "求救": 3, "救救": 3, "被困": 3, "急需": 2, "需要": 1, "求扩": 2, "失联": 3, "寻人": 3}
_REQUEST |= {"帮帮": 2, "帮忙": 1, "收治": 2, "没有床位": 2, "【姓名】": 4, "病情": 2, "困在": 3, "求购": 3}
_REQUEST |= {
    "断粮": 2,
    "断药": 3,
    "没有吃": 2,
    "等待救援": 3,
    "急寻": 3,
    "联系不上": 3,
    "缺药": 2,
    "买不到": 2,
}
_REQUEST |= {"被埋": 3, "冲走": 3, "被淹": 2, "救命": 3, "施救": 3, "被大水": 3, "请与我联系": 2, "包围": 2}
_REQUEST |= {"诉求": 3, "没人照顾": 3, "无人照顾": 3, "用完": 2, "吃完": 2, "快没了": 2, "断了": 2, "谁能": 2}
_REQUEST |= {"怎么办": 2, "有没有": 1, "要生了": 3, "打不通": 1, "不够": 1, "请求": 2, "求心理": 3, "求": 1}
_REQUEST |= {"告急": 3, "物资紧缺": 3, "缺少": 1, "很缺": 2, "紧缺": 2, "急": 1, "麻烦": 1, "呼吁": 2}
_PERSON = words(
    """
    老人 孩子 宝宝 孕妇 我妈 我爸 奶奶 爷爷 患者 病人 一家 独居 岁 母亲 父亲 老公 妻子 家里 家中
    阿姨 大爷 老太 学生 工人 村民
    """
)
_OFFER = {
    "可提供": 4,
    "免费": 3,
    "提供": 2,
    "可以接": 2,
    "可接收": 3,
    "有需要的": 4,
    "需要的请": 4,
    "可联系": 1,
}
_OFFER |= {
    "救援队": 1,
    "救援电话": 3,
    "求助电话": 3,
    "热线": 2,
    "安置点": 1,
    "开放": 2,
    "供水点": 3,
    "志愿者": 1,
}
_OFFER |= {
    "可容纳": 3,
    "可免费": 3,
    "无偿": 3,
    "物资点": 2,
    "救助站": 2,
    "我们有": 3,
    "我们可以": 4,
    "可以提供": 4,
}
_OFFER |= {"可供": 3, "可支援": 4, "随时联系": 2, "汇总": 2, "收留": 2, "义诊": 3, "捐赠点": 2, "领取": 2}
_OFFER |= {"自取": 3, "待命": 3, "休息点": 4, "可以帮忙": 4, "可以联系他": 4, "可以艾特": 4, "接收点": 3}
_OFFER |= {
    "哪里需要": 4,
    "准备了": 2,
    "想报名": 3,
    "希望有组织接收": 4,
    "可以支援": 4,
    "可以团购": 3,
    "能供应": 3,
}
_OFFER |= {"招募": 2, "送药上门": 4, "接送": 1, "进群": 2, "联系方式": 1, "公布": 2, "请拨打": 3}
_OTHER = {"指南": 3, "自救": 2, "注意": 1, "加油": 2, "祈福": 3, "挺住": 2, "新闻": 2, "记者": 2, "捐款": 3}
_OTHER |= {"辟谣": 5, "谣言": 3, "不实": 3, "感谢": 1, "致敬": 3, "心疼": 2, "转发抽奖": 4, "感恩": 2}
_OTHER |= {"哭了": 2, "泪目": 2, "提醒": 2, "预警": 2, "通报": 3, "公告": 2, "善款": 3, "捐赠": 1, "据悉": 3}
_OTHER |= {"获悉": 3, "网友": 1, "歌迷": 3, "明星": 3, "追责": 3, "辛苦了": 3, "问一下": 3, "有没有人知道": 4}
_CONTACT_RE = re.compile(r"1[3-9]\d{9}|0\d{2,3}-?\d{7,8}|●●●|联系|电话")


def _score(text: str, weights: dict[str, int]) -> int:
    return sum(w for k, w in weights.items() if k in text)


_SOLVED_RE = cue_re(_SOLVED)
_PERSON_RE = cue_re(_PERSON)


def classify_kind(text: str, needs: list[str] | None = None) -> str:
    if _SOLVED_RE.search(text):
        return "other"  # "solved" notices close a request; they never open one
    req, off, oth = _score(text, _REQUEST), _score(text, _OFFER), _score(text, _OTHER)
    contact = bool(_CONTACT_RE.search(text))
    person = bool(_PERSON_RE.search(text))
    needs = find_needs(text) if needs is None else needs
    if needs and (contact or person):
        req += 2 + (2 if contact and person else 0)
    if contact and person:
        req += 2  # a phone number next to a dependant is a plea even without the word 求助
        if score_urgency(text) <= 2:
            req += 2
    if not contact:
        oth += 2
    if off >= 4 and off >= req:
        return "offer"
    if req >= 4 and req > oth:
        return "request"
    if off >= 3 and off > oth:
        return "offer"
    if req >= 3 and req >= oth:
        return "request"
    return "other"
