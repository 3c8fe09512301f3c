"""Urgency 1 (life at risk now) .. 4 (not time-critical), for requests only.

Level 1 needs the danger to be present: 正在抢救 counts, 经过抢救 (past) does not; a history of
脑梗 is chronic illness, 脑梗发作 is an emergency. Being trapped counts as level 1 only with water
(or a breach) or with someone frail (an elderly person, an infant, a pregnant woman).
"""

import re

from .text import cue_re, words

_LEVEL1 = words(
    """
    呼吸困难 喘不上气 喘不过气 吸不上来气 透不过气 呼吸窘迫 吸氧 呼吸机 血氧 缺氧 昏迷 意识模糊
    意识不清 神志不清 不省人事 休克 窒息 抽搐 大出血 溺水 被埋 危在旦夕 病危 危重 生命危险 快不行
    命悬一线 垂危 正在抢救 需要抢救 临产 羊水破 破水 要生了 快生了 阵痛 宫缩 见红 发作 还在喘 轻生
    自杀 摔倒 起不来 疼得 冲走 落水 房顶 屋顶 楼顶 决堤 到胸口 齐腰 淹到脖子 胸闷气短 没透析
    没有透析 停了一次透析 无法透析 透析中断 化疗中断 胰岛素断 断了胰岛素 心衰 气息急促 呼吸极度困难
    气喘 喘气 急剧恶化 失去行动能力 水位上升 水位还在 还在涨 上涨 继续涨 山洪 塌方 房子塌 塌房 废墟
    滑坡 氧气机 制氧机 喘不上 口齿不清 半边身子 半身不遂 突发 犯了 胸口疼 胸痛 冷汗 迷糊 吞了 误吞
    骨折 敲门没人应 没人应 没有回应 没动静 血压测不到 大口喘 叫不醒
    被水泡 泡在水 倾斜 快饿死 晕倒 插管 流了很多血 大量出血
    不想活 想不开 寻短见 跳楼 吐血 呕血 咯血 活着没意思 不想撑了 想死 涨起来 又涨了
    """
)
# Breathing trouble and cut-off treatment written with words in between (呼吸也开始困难,
# 原定昨天透析因封控没去成): a cue word, then within a short window its complement.
_L1_WINDOW_RE = re.compile(
    r"呼吸[^,，。；;！!]{0,5}(?:困难|费劲|费力|不畅|急促|不过来|衰竭)|一直喘|喘得"
    r"|(?:透析|胰岛素|化疗)[^,，。；;！!]{0,10}(?:断了|停了|中断|没去成|做不了|去不了|没做成|没法做)"
    r"|(?:断了|停了|没有)(?:胰岛素|透析)|(?:中风|脑梗|脑出血|心梗|心脏病)[^,，。；;！!]{0,3}(?:了|发作|犯)"
    r"|羊水[^,，。；;！!]{0,4}破"
    # Dialysis already missed (已两次未透析, 两次没透了, 停透四天) is a cut-off, not a schedule.
    r"|未透析|没透了|没能透析|停透|[次天](?:未|没)透"
    # Insulin or a drug the patient cannot go without is already gone (not 快没了, still running out).
    r"|(?:胰岛素|特药|靶向药|抗排异药|抗癫痫药)[^,，。；;！!]{0,8}(?<![快要将就])(?:没了|用完了|吃完了|打完了|断了)"
)
# Someone missing in the flood itself (走丢了在泄洪区里, 被洪水冲散) rather than out of touch.
_LOST_IN_FLOOD_RE = re.compile(
    r"(?:走丢|走失|失踪|下落不明|冲散)[^,，。；;！!]{0,6}(?:泄洪|洪水|洪区|大水|水里|河里)"
    r"|(?:泄洪|洪水|洪区|大水|水里|河里)[^,，。；;！!]{0,6}(?:走丢|走失|失踪|下落不明|冲散)"
)
_LOST_RE = re.compile(r"走丢|走失|失踪|下落不明|冲散")


def _lost_in_flood(text: str) -> bool:
    # The literal words first: the window pattern has no fixed first character to skip to.
    return _LOST_RE.search(text) is not None and _LOST_IN_FLOOD_RE.search(text) is not None


# Water reaching the chest, neck or head where the people are: found from the body word (rare)
# backwards, since 水 is in almost every flood post. 水到脖子…后来下到大腿 has gone down again.
_BODY_RE = re.compile(r"胸|脖|下巴|头顶")
_WATER_UP_RE = re.compile(r"水[^,，。；;！!]{0,8}(?:到|至|没过|淹过|淹到)[^,，。；;！!]{0,4}$")
_GONE_DOWN_RE = re.compile(r"[^,，。；;！!]{0,6}(?:下到|退到|降到|退了|下去了)")


def _water_high(text: str) -> bool:
    for m in _BODY_RE.finditer(text):
        if _WATER_UP_RE.search(text, max(0, m.start() - 14), m.start()) and not _GONE_DOWN_RE.match(
            text, m.end(), m.end() + 12
        ):
            return True
    return False


_TRAPPED = ("被困", "困在", "困住", "包围", "无法出去", "出不去", "取得联络", "失联")
_HELD_RE = re.compile(r"被困|困在|困住|包围")
_WATER = ("淹", "水位", "积水", "涨水", "洪水", "大水", "水深", "进水", "水流", "水已经", "膝盖", "水灾")
_WATER += ("泡水", "溃堤", "决口", "漫堤", "泄洪")
_LEVEL2 = words(
    """
    发烧 高烧 发热 烧到 肺炎 断粮 没有吃 没吃的 断水 没水 断药 药吃完 药没了 失联 联系不上 再无联系
    寻人 无人照顾 没人照顾 无人照看 被困 困在 无法就医 疑似 确诊 独居 瘫痪 透析 胰岛素 化疗 孕
    没有床位 无床位 住不进 阳性 感染 断了 没有米 用完 吃完 不接诊 手术 肠梗阻 没菜 断菜 没米 没吃的
    没吃饭 没有吃饭 没人管 无人管 没人照料 无人照料 没人看护 无人看护 黄疸 走失 抽搐 停电
    严重不足 严重短缺
    """
)
_LEVEL3 = words(
    """
    不多了 快没了 快用完 推迟 延期 复查 复诊 缺少 短缺 物资 紧缺 不够 没菜 团购 一周 一个星期 心理
    崩溃 抽水泵 水泵
    """
)
_DAYS_LEFT_RE = re.compile(
    r"(?:只剩|还剩|剩|够吃|能撑|还能用|还能吃|还有|只够)[^，。,；]{0,6}?(?:[一二两三1-3]|两三|一两)天"
)


# Nobody is coming: trapped or flooded and the rescue has not arrived or cannot be reached
# (目前没有救援队, 等了一夜也没等到救援, 未被救援). Being trapped alone stays level 2.
_NO_RESCUE_RE = re.compile(
    r"没有救援队|附近没有救援|没等到救援|未被救援|无人救援|没人救援|没有任何救援|等了一夜"
    r"|救援[^,，。；;！!]{0,4}(?:进不来|进不去|到不了|过不来)"
)
# A dyke or dam gave way where frail people live (已经溃堤，都是老人孩子): no 被困 needed.
_BREACH_RE = re.compile(r"溃堤|决堤|决口|溃坝|垮坝")
# A breach where people still are (过堤开口 请求救援): without 被困 or someone frail it is level 1
# only when the post asks for rescue, not sandbags for the dyke itself.
_BREACH_PEOPLE_RE = re.compile(r"(?:溃堤|决堤|决口|过堤|漫堤|堤口)[^。]{0,40}(?:救援|救命|求救)")
_SANDBAGS_RE = re.compile(r"沙袋|沙土|编织袋|装沙")
# Food or water already gone (米和面都没有了, 急需食物): serious harm within days.
_NO_FOOD_RE = re.compile(
    r"(?:米|面|菜|粮|吃的|食物|饮用水|奶粉)[^,，。；;！!]{0,3}(?:都没有|没有了|都没了)"
    r"|急需[^,，。；;！!]{0,3}(?:食物|吃的|粮食|米面)"
)
_NO_FOOD_HINT_RE = re.compile(r"都没有|没有了|都没了|急需")
# The poster says it can wait (不算急 但是希望这周能配到), or the visit is a routine check (产检).
_CAN_WAIT_RE = re.compile(r"不算急|不太急|不着急|不是很急|暂时不急|不急")
_ROUTINE_RE = re.compile(r"产检|复查|复诊|常规检查")
# An acute brain bleed is an emergency; its 后遗症 (after-effects) is a chronic condition.
_ACUTE_RE = re.compile(r"(?:脑出血|脑溢血)(?!后遗症)")
_FRAIL_RE = re.compile(
    r"[6-9]\d岁|[六七八九]十多?岁|[七八九]旬|老人|高龄|老奶奶|老爷爷|老太太|婴儿|新生儿|(?:\d+|[一二两三四五六七八九十]+)个月大|孕妇|瘫痪|敬老院|养老院"
)
# "Enough for a week": a shortage that can wait (还有米 就是没菜 撑个一周没问题).
_WEEK_OK_RE = re.compile(r"(?:撑|够)[^,，。；;]{0,4}(?:一周|一个星期|[五六七]天)")
_L1, _TRAP, _WET, _L2, _L3 = map(cue_re, (_LEVEL1, _TRAPPED, _WATER, _LEVEL2, _LEVEL3))
# Something needed already ran out, or runs out by tomorrow: 药么了 (typo), 奶粉明天就没了.
_RUN_OUT_RE = re.compile(
    r"(?:药|奶粉|菜|米|粮|吃的|食物|水)[^,，。；;！!]{0,6}(?:没了|么了|吃完|用完|断了|见底)"
    r"|(?:明天|今天|今晚)[^,，。；;！!]{0,4}(?:就)?(?:没了|断|用完|吃完)"
)


def score_urgency(text: str) -> int:
    if _L1.search(text) or _L1_WINDOW_RE.search(text) or _water_high(text) or _lost_in_flood(text):
        return 1
    if _TRAP.search(text) and (_WET.search(text) or _FRAIL_RE.search(text) and _HELD_RE.search(text)):
        # Trapped in water, or held in place with someone who cannot wait it out; a locked gate
        # (封控出不去) or lost contact (失联) with an old parent is serious, not life-threatening now.
        return 1
    if _NO_RESCUE_RE.search(text) and (_TRAP.search(text) or _WET.search(text)):
        return 1
    if _BREACH_RE.search(text) and _FRAIL_RE.search(text) or _ACUTE_RE.search(text):
        return 1
    if _BREACH_PEOPLE_RE.search(text) and not _SANDBAGS_RE.search(text):
        return 1
    if "孕" in text and any(w in text for w in ("腹痛", "肚子疼", "肚子痛", "出血", "一阵一阵")):
        return 1
    if _WEEK_OK_RE.search(text) or _CAN_WAIT_RE.search(text):
        return 3
    if _ROUTINE_RE.search(text) and not (_L2.search(_ROUTINE_RE.sub("", text).replace("孕", ""))):
        return 3  # 孕34周 需要产检: pregnancy alone is not a 1-3 day danger
    if _NO_FOOD_HINT_RE.search(text) and _NO_FOOD_RE.search(text):
        return 2
    if _DAYS_LEFT_RE.search(text) or _RUN_OUT_RE.search(text):
        return 2
    level3 = bool(_L3.search(text))
    if _L2.search(text):
        return 2
    return 3 if level3 else 4
