"""Needs (for offers: what is offered) by cue words; medicine vs medical_care per the contract.

Cues are phrased as needs, not topics: 吃不下饭 is a symptom, 没有吃的 is a need; 紧急救援 must
not read as 急救 (medical care).
"""

import re

from .text import cue_re, words

_CUES: dict[str, tuple[str, ...]] = {
    "rescue": words(
        """
        被困 困在 营救 救出 冲锋舟 被埋 搜救 挖掘机 困住 皮划艇 被大水 包围 冲走 落水
        希望转移 需要转移 无法出去 水位继续上升 涨水 爆破 需要救助 急需救助 水位还在 全村进水
        救援力量不足 救援力量仍然不足 无救援力量 没有救援队 没有人去救援 请求支援 需要支援 增援 加固
        """
    ),
    "food": words(
        """
        食物 吃的 断粮 粮食 馒头 泡面 方便面 蔬菜 大米 米面 奶粉 热粥 食品 面包 饭菜 没吃没喝 挨饿
        没菜 买不到菜 帮忙买菜 无法买菜 吃食 盒饭 热饭 食材 没有米 就餐 米也 菜已经 菜快 团购 没吃东西
        没人做饭 菜早就没 菜没了 菜都没了 没吃饭 没有吃饭 饿了 买点菜 米快 只够吃 包吃 没粮 断菜 菜一点没有
        没有菜 半袋米 没米 简餐 买到菜 挂面 米饭 缺粮
        """
    ),
    "water": words(
        """
        饮用水 喝水 断水 矿泉水 没水 纯净水 饮水 供水 送水 缺水 停水 水吃 没喝 取水
        """
    ),
    "medicine": words(
        """
        缺药 断药 买药 没药 没有药 配药 药吃完 药快 药没了 急需药 需要药 送药 药用完 制氧机 吸氧机 氧气瓶
        氧气袋 买不到药 药么了 药不够 药只剩
        """
    ),
    "medical_care": words(
        """
        床位 住院 入院 收治 核酸 检测 透析 手术 转院 就医 治疗 看病 ICU 重症监护 化疗 急诊 就诊
        医治 救治 医疗 义诊 送医 产检 接生 试剂盒 确诊 肺炎 发烧 发热 医护 抢救 血浆 接诊 送医院
        昏迷 叫不醒 破水 羊水 见红 要生了 快生了 换药 高烧 阵痛 一阵一阵 生病了 晕倒 黄疸 去大医院 要去医院
        流血 头破 宫缩 临产 停诊
        120来不了 120打不通 120占线 120一直占线 120排队 120说要等 120打不进 救护车
        """
    ),
    "supplies": words(
        """
        物资 沙袋 水泵 抽水 被褥 帐篷 口罩 防护服 充电宝 救生衣 雨衣 凉席 尿不湿 卫生巾 毛毯 被子
        衣服 衣物 床上用品 头灯 手电筒 船只 快艇 纸尿裤
        """
    ),
    "transport": words(
        """
        接送 送医 派车 无车 没车 用车 拖车 车送 通行证 顺风车 送往医院 需要车 协调车辆
        没有交通 交通工具 航空 送到医院 求转运 需要转运 紧急转运 转运到 转运去 求助车辆 需要车辆
        找不到车 大车 运送物资 运输 120来不了 救护车叫不到 叫不到救护车 没有救护车 救护车来不了
        求车 要有车 谁有车 有车的 一直没来 车能送 车送我 可拉
        """
    ),
    "shelter": words(
        """
        避难所 无处避难 需要避难 借住 无家可归 需要安置 无处安置 临时安置 灾民安置 住宿 收留 落脚
        没地方住 赶出来 无处可住 没处住 住的地方 两个房间 空房
        过夜 避险 休息点 临时住所 留宿 休憩 露宿 桥洞 睡在路边
        """
    ),
    "care": words(
        """
        没人照顾 无人照顾 无人照料 没人照料 无人照看 没人照看 需要人照料 需要照顾 陪护 护工 看护
        临时监护 没人管 无人管 上门看看 帮忙喂 没人做饭 家里没人 保姆
        """
    ),
    "psychological": words(
        """
        心理 抑郁 焦虑 崩溃 想不开 轻生 情绪失控
        """
    ),
    "livelihood": words(
        """
        生计 工资 没有收入 失业 房租 交不起 没钱 经济困难 欠费 饲料 养殖户
        """
    ),
    "missing_person": words(
        """
        失联 寻人 联系不上 失踪 下落不明 走失 寻找 找人 未联系上 急寻 取得联络 联络不上 失去联系
        电话打不通 没见人 冲走 还没找到 联系不到 就打不通 没联系上
        """
    ),
    "power_comms": words(
        """
        断电 停电 充电 没电 信号 通讯 通信 发电 断网 2G网
        """
    ),
}
# Topic words that are a need only next to a need marker: 降压药吃完了 / 急需胰岛素 are needs,
# 医生开了退烧药 / 吃药后好转 (history) are not.
_WEAK: dict[str, tuple[str, ...]] = {
    "medicine": words(
        """
        药品 药物 取药 开药 胰岛素 氧气 降压药 救心丸 止痛药 退烧药 降糖药 消炎药 感冒药 布洛芬 二甲双胍
        雾化药 靶向药 药 波立维 硝酸甘油 速效救心丸 吸入剂 喷雾剂
        """
    ),
}
_MARKER_RE = re.compile(
    r"缺|没了|没有|断|买不到|需要|急需|求|剩|快没|快用完|配|送|吃完|用完|不够|只够|么了|找|帮忙|哪里|有没有|停了|要冷藏"
    r"|打完|最后一|还有[^,，。]{0,3}天|还够|还能吃|还能用|代买|代购"
)
# Words that contain a marker but report history or effect: 要求回家 / 没有效果 / 吃药没有用.
_NOT_MARKER_RE = re.compile(r"要求|请求|没有效果|没有用|没有好转|没有太|没有明显|送医院|送到医院")
# A need list ("村民需要水、食物、被褥、降压药") can put the marker far before the topic word.
_LIST_MARKER_RE = re.compile(r"需要|急需|缺|求|征集")
_CLAUSE_RE = re.compile(r"[，,。.!！?？;；:：]")
# 吃药 / 开了药 / 喂药 describe treatment taken, unless a shortage follows (药吃完了).
_TAKEN_RE = re.compile(r"(?:吃|服|喂|开|开了|打|涂|中)$")
_SHORTAGE_AFTER_RE = re.compile(r"^.{0,3}(?:吃完|用完|没了|快没|不够|只剩|断)")
_WINDOW = 8
_LIST_WINDOW = 40
# Lost contact with a rescue team, a hospital or a hotline is not a missing person.
_INSTITUTION_RE = re.compile(
    r"救援|社区|医院|120|热线|电话|队|街道|物业|老板|居委|客服|办事处|政府|部门|城管|消防|市长"
)
# 找人说说话 / 找人帮忙 look for company or help, not for a missing person.
_NOT_MISSING_RE = re.compile(r"找人(?:说|聊|陪|帮|搬|送|代)")

ORDER = tuple(_CUES)
_CUE_RES = [(need, cue_re(cues)) for need, cues in _CUES.items()]
# 救援 asks for rescue; 救援队 / 救援信息 / 救援电话 name the rescuers or the information about them.
_RESCUE_RE = re.compile(r"救援(?!队|信息|电话|物资|力量|者|组织|工作|热线|通道|车|的志愿|群|路线)")
_CUE_RES = [
    (need, re.compile(rx.pattern + "|" + _RESCUE_RE.pattern) if need == "rescue" else rx)
    for need, rx in _CUE_RES
]
_WEAK_RES = {need: cue_re(cues) for need, cues in _WEAK.items()}


def _weak_hit(text: str, rx: re.Pattern[str]) -> bool:
    """A topic word is a need only with a marker in its own clause (a comma ends the window)."""
    for m in rx.finditer(text):
        after = text[m.end() : m.end() + _WINDOW]
        before_long = _CLAUSE_RE.split(text[max(0, m.start() - _LIST_WINDOW) : m.start()])[-1]
        before = before_long[-_WINDOW:]
        if m.group() == "药" and _TAKEN_RE.search(before) and not _SHORTAGE_AFTER_RE.search(after):
            continue
        ctx = before + m.group() + _CLAUSE_RE.split(after)[0]
        if _MARKER_RE.search(_NOT_MARKER_RE.sub("", ctx)):
            return True
        if "、" in before_long and _LIST_MARKER_RE.search(before_long):
            return True
    return False


# People known to be trapped at a place and now out of touch (被困…处于失联状态) need rescue, not
# a search: they are missing only when someone is looked for (寻人, 找不到, 下落不明).
_TRAPPED_RE = re.compile(r"被困|困在|困住")
_SEARCH_RE = re.compile(r"寻人|寻找|找人|找不到|没找到|下落|走失|失踪")


def _missing(text: str, rx: re.Pattern[str]) -> bool:
    if _TRAPPED_RE.search(text) and not _SEARCH_RE.search(text):
        return False
    text = _NOT_MISSING_RE.sub("  ", text)
    return any(
        not _INSTITUTION_RE.search(text, max(0, m.start() - 6), m.end() + 4) for m in rx.finditer(text)
    )


# Scheduled treatment plus a lockdown that keeps the patient in: the need is a way there.
_SCHEDULED_RE = re.compile(r"透析|化疗|产检|放疗|去大医院|要去医院")
_SHUT_IN_RE = re.compile(r"出不去|出不了|不让出|封了|封控|没车|无车")
_UTILITIES_CUT_RE = re.compile(r"水电[^,，。;；]{0,6}(?:中断|断|停)")


# 物资 moved by someone (拉物资, 运送物资, 搬物资) is cargo, not a need for supplies.
_CARGO_RE = re.compile(r"(?:拉|运|搬|运送|转运|装|卸)[^,，。;；!！]{0,4}?物资|物资(?:运|送)(?:到|往|去)")
_SUPPLY_ITEM_RE = cue_re(_CUES["supplies"])
_FLOOD_RE = re.compile(r"水已经|淹|水深|积水|进水|洪水|大水")
# Plain 水 is a need only beside food or a need verb: 食物和水, 急需水 (not 水位, 水泵, 水深).
_WATER_RE = re.compile(
    r"(?:食物|食品|吃的|粮食|馒头|面包)(?:和|与|、|及)水|水(?:和|与|、|及)(?:食物|食品|吃的|面包)"
    r"|(?:需要|急需|缺|求)水(?![位泵深库管流])"
)


def find_needs(text: str) -> list[str]:
    found = []
    for need, rx in _CUE_RES:
        hit = _missing(text, rx) if need == "missing_person" else rx.search(text) is not None
        if not hit and need in _WEAK_RES:
            hit = _weak_hit(text, _WEAK_RES[need])
        if not hit and need == "rescue":
            # 出不去 in a lockdown is a closed gate; with water around it is people trapped.
            hit = "出不去" in text and _FLOOD_RE.search(text) is not None
        if not hit and need == "water":
            hit = _WATER_RE.search(text) is not None or _UTILITIES_CUT_RE.search(text) is not None
        if not hit and need == "transport":
            hit = bool(_SCHEDULED_RE.search(text) and _SHUT_IN_RE.search(text))
        if not hit and need == "medical_care":
            hit = "【病情描述】" in text or "【患病时间】" in text  # the Wuhan patient template
        if hit and need == "supplies" and not _SUPPLY_ITEM_RE.search(_CARGO_RE.sub("", text)):
            hit = False  # only 拉物资 / 运送物资: the goods are cargo, the need is a vehicle
        if hit:
            found.append(need)
    return found
