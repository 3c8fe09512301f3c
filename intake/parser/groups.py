"""Vulnerable groups; a stated age below 60 overrides the word 老人 (contract of issue 7)."""

import re

from .text import cn_to_int, cue_re, words

_AGE_RE = re.compile(
    r"(?:【年龄】\D{0,6}|年龄[:：]?|今年|享年)?(\d{1,3}|[一二三四五六七八九十]{1,3})(?:多|余)?(?:岁|周岁)"
)
_AGE_FIELD_RE = re.compile(r"【年龄】[^\d【]{0,8}(\d{1,3})")
_ELDER = words(
    """
    老人 高龄 老年 老奶奶 老爷爷 老太 老大爷 大爷 大妈 二老 老两口 外婆 外公 奶奶 爷爷 姥姥 姥爷
    一老一小 老母亲 老父亲 老伴 孤寡 空巢 敬老院 养老院 老弱病残
    """
)
_CUES: dict[str, tuple[str, ...]] = {
    "child": words(
        """
        孩子 小孩 婴儿 女婴 男婴 儿童 宝宝 幼儿 新生儿 一老一小 娃 婴幼儿 小朋友 小学生 中学生 初中生 高中生
        月大 个月的
        """
    ),
    "pregnant": words(
        """
        孕妇 怀孕 临产 待产 羊水 产妇 坐月子 分娩 孕 刚生 要生了 剖腹产
        """
    ),
    "disabled": words(
        """
        残疾 瘫痪 失明 残障 偏瘫 截肢 聋哑 智障 轮椅 老弱病残
        """
    ),
    "chronic_illness": words(
        """
        糖尿病 高血压 心脏病 冠心病 慢阻肺 COPD 癌 肿瘤 尿毒症 透析 中风 脑梗 基础病 基础疾病 三高
        支架 化疗 肝硬化 哮喘 肾病 心衰 白血病 胰岛素 心脏搭桥 慢性病 帕金森 脑溢血 脑出血 罕见病
        心脏不好 高血糖
        """
    ),
    "migrant_worker": words(
        """
        农民工 务工 打工 工地 民工 工友 外地来的 外地来沪
        """
    ),
    "living_alone": words(
        """
        独居 一个人住 独自在家 孤寡 空巢 一人在家 独自居住 一个人在家 独自一人 一个人隔离
        """
    ),
}


# Institutions and figures of speech that contain a group word but name no one: 幼儿园, 妇女儿童医院,
# 残疾人服务中心, 医务工作者 (务工), 排水系统瘫痪, 救救孩子 (a plea's idiom), 毛孩子 (a pet).
_NOISE_RE = re.compile(
    r"幼儿园|儿童医院|妇女儿童|妇幼|儿童节|残疾人(?:综合)?服务中心|残联|务工作|救救孩子|毛孩子"
    r"|(?:系统|交通|网络|道路|排水|通讯|电力|附近|全城|城市)瘫痪"
)
_ELDER_RE = cue_re(_ELDER)
_CUE_RES = [(group, cue_re(cues)) for group, cues in _CUES.items()]
_ORDER = ("elderly", *_CUES)


def _ages(text: str) -> list[int]:
    ages = [int(m.group(1)) for m in _AGE_FIELD_RE.finditer(text)]
    for m in _AGE_RE.finditer(text):
        value = cn_to_int(m.group(1))
        if value is not None and 0 < value < 120:
            ages.append(value)
    return ages


# A patient's own blood-pressure or heart drug names the condition (老人降压药只剩两天); the same drug
# in a supply list (缺：降压药3盒、退烧药…, 安置点需要面包、毛毯、降压药) names no one.
_CHRONIC_DRUG_RE = re.compile(
    r"(?<!、)(?:降压药|降糖药|速效救心丸|硝酸甘油)(?![\d一二两三四五六七八九十]+盒|、)"
)


def find_groups(text: str) -> list[str]:
    ages = _ages(text)
    found: list[str] = []
    elder_word = bool(_ELDER_RE.search(text))
    if any(a >= 60 for a in ages) or (elder_word and not ages) or ("八十" in text or "九十" in text):
        found.append("elderly")
    cleaned = _NOISE_RE.sub("", text)
    found.extend(group for group, rx in _CUE_RES if rx.search(cleaned))
    if "chronic_illness" not in found and _CHRONIC_DRUG_RE.search(cleaned):
        found.append("chronic_illness")
    if "child" not in found and any(a < 14 for a in ages):
        found.append("child")
    return sorted(found, key=_ORDER.index)
