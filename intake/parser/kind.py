"""request / offer / other by weighted cue words (the shape of the 2021 rescue map's classifier,
with the cues that it got wrong: solved notices, guides, and offers that also say 求助)."""

import re

_SOLVED = ("已解决", "已获救", "已被救", "已救出", "已经救出", "已经获救", "已转移", "已安全", "已经安全", "已联系上")
_SOLVED += ("已经联系上", "已找到", "已经找到", "已入院", "已经入院", "已住院", "已收治", "已被收治", "人已平安")
_SOLVED += ("已撤", "删除", "勿扩", "不用再", "无需再", "感谢大家", "已脱险", "已经脱险", "已送达", "已有床位")
_REQUEST = {"求助": 3, "求救": 3, "救救": 3, "被困": 3, "急需": 2, "需要": 1, "求扩": 2, "失联": 3, "寻人": 3}
_REQUEST |= {"帮帮": 2, "帮忙": 1, "收治": 2, "无法": 1, "没有床位": 2, "【姓名】": 4, "病情": 2, "困在": 3}
_REQUEST |= {"救援": 1, "断粮": 2, "断水": 1, "断药": 3, "没有吃": 2, "老人": 1, "孕妇": 1, "等待救援": 3}
_REQUEST |= {"急寻": 3, "联系不上": 3, "求扩散": 2, "缺药": 2, "买不到": 2, "求": 1, "急": 1, "麻烦": 1}
_OFFER = {"可提供": 4, "免费": 3, "提供": 2, "可以接": 2, "可接收": 3, "有需要": 3, "需要的": 2, "可联系": 1}
_OFFER |= {"救援队": 2, "救援电话": 3, "求助电话": 3, "热线": 2, "安置点": 2, "开放": 2, "供水": 2, "志愿者": 1}
_OFFER |= {"援助": 1, "可容纳": 3, "可免费": 3, "无偿": 3, "充电": 1, "接送": 1, "物资点": 2, "救助站": 2}
_OFFER |= {"我们有": 3, "我们可以": 3, "可以提供": 4, "可供": 3, "可支援": 4, "随时联系": 2, "汇总": 2}
_OFFER |= {"收留": 2, "义诊": 3, "捐赠点": 2, "领取": 2, "自取": 3, "名额": 1, "待命": 3, "出发": 1}
_OTHER = {"指南": 3, "自救": 2, "注意": 1, "加油": 2, "祈福": 3, "平安": 1, "挺住": 2, "新闻": 2, "记者": 1}
_OTHER |= {"捐款": 2, "辟谣": 4, "谣言": 3, "不实": 3, "感谢": 1, "致敬": 3, "心疼": 2, "视频": 1, "转发抽奖": 4}
_OTHER |= {"愿": 1, "希望": 1, "哭了": 2, "泪目": 2, "提醒": 2, "预警": 2, "通报": 2, "公告": 1}
_CONTACT_RE = re.compile(r"1[3-9]\d{9}|0\d{2,3}-\d{7,8}|●●●|联系")


def _score(text: str, weights: dict[str, int]) -> int:
    return sum(w for k, w in weights.items() if k in text)


def classify_kind(text: str) -> str:
    req, off, oth = _score(text, _REQUEST), _score(text, _OFFER), _score(text, _OTHER)
    if any(w in text for w in _SOLVED):
        oth += 6
    if _CONTACT_RE.search(text):
        req += 1
        off += 1
    else:
        oth += 2
    if req >= off and req >= oth and req >= 3:
        return "request"
    if off > oth and off >= 3:
        return "offer"
    return "other"
