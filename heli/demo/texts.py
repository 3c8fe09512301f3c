"""Synthetic help-request scenarios for a city under lockdown, written for the demo.

Every sentence here is made up; nothing is copied from real case data. Each scenario is one kind of
need with its usual urgency, vulnerable groups and need lines, plus a few ways people phrase it.
"""

from dataclasses import dataclass

# (category, item, (min qty, max qty) or None, unit)
Need = tuple[str, str, tuple[int, int] | None, str]


@dataclass(frozen=True)
class Scenario:
    key: str
    urgency: tuple[int, ...]  # drawn uniformly: repeat a level to weight it
    needs: tuple[Need, ...]
    texts: tuple[str, ...]
    groups: tuple[str, ...] = ()
    people: tuple[int, int] = (1, 4)
    weight: int = 10


# Slots: {n} people, {d} days, {place} compound, {who} a relative, {age}, {w} weeks.
SCENARIOS: tuple[Scenario, ...] = (
    Scenario(
        "food_family", (2, 2, 3, 3, 4),
        (("food", "大米", (10, 25), "斤"), ("food", "蔬菜", (5, 15), "斤"), ("food", "鸡蛋", (10, 30), "个")),
        ("{place}封控第{d}天,家里{n}口人,米面只够再吃一两顿,团购一直送不进来。",
         "家里{n}口人,冰箱已经空了,小区团购几次都没抢到,想买点米和菜。",
         "封控前没来得及囤菜,现在只剩一点挂面,孩子每天只能吃面条。"),
        people=(2, 5), weight=30,
    ),
    Scenario(
        "food_elderly", (1, 2, 2, 3),
        (("food", "挂面", (3, 6), "把"), ("food", "蔬菜", (3, 8), "斤"), ("care", "送菜上门", (1, 1), "次")),
        ("{who}八十多岁独居,不会用手机抢菜,家里只剩半袋面,已经两天没吃上热饭。",
         "楼上独居老人腿脚不便,下不了楼领物资,敲门说家里快断粮了。",
         "老两口都七十多岁,子女在外地回不来,家里的菜吃完了,不会网上买。"),
        groups=("elderly", "living_alone"), people=(1, 2), weight=22,
    ),
    Scenario(
        "food_migrant", (1, 1, 2),
        (("food", "方便面", (2, 6), "箱"), ("food", "馒头", (20, 60), "个"),
         ("water", "矿泉水", (2, 6), "箱")),
        ("{n}名外地务工人员困在{place}附近的工地板房,没有收入,只剩几把挂面和半袋土豆。",
         "我们是来西安打工的,{n}个人住在城中村出租屋,钱花光了,吃饭成问题。",
         "工地停工,工友{n}个人滞留在宿舍,老板联系不上,已经断粮一天。"),
        groups=("migrant_worker",), people=(5, 25), weight=10,
    ),
    Scenario(
        "medicine_chronic", (1, 2, 2),
        (("medicine", "降压药", (2, 6), "盒"), ("medicine", "二甲双胍", (2, 4), "盒")),
        ("{who}有高血压和糖尿病,常吃的药还剩{d}天的量,附近药店都关了,社区医院也买不到。",
         "家里老人每天要吃降压药,明天就吃完了,处方在三院,出不了小区。",
         "慢性病老人断药两天,血压一直偏高,请帮忙买药送到楼下。"),
        groups=("elderly", "chronic_illness"), people=(1, 2), weight=20,
    ),
    Scenario(
        "medicine_insulin", (1, 1, 2),
        (("medicine", "胰岛素笔芯", (3, 10), "支"), ("medicine", "血糖试纸", (1, 2), "盒")),
        ("一型糖尿病孩子,胰岛素只够用{d}天,平时在医院内分泌科开药,现在去不了。",
         "家人每天打两次胰岛素,库存快用完了,需要同型号笔芯。"),
        groups=("chronic_illness",), people=(1, 1), weight=8,
    ),
    Scenario(
        "dialysis", (1,),
        (("medical_care", "血液透析", None, ""), ("transport", "就医车辆", (1, 1), "次")),
        ("尿毒症患者每周透析三次,原定医院暂停接诊,距上次透析已经{d}天,全身浮肿。",
         "{who}需要规律透析,小区封控出不去,请帮忙联系能接收的医院和车辆。"),
        groups=("chronic_illness",), people=(1, 1), weight=6,
    ),
    Scenario(
        "pregnant", (1, 2),
        (("medical_care", "产检", None, ""), ("transport", "就医车辆", (1, 1), "次")),
        ("孕{w}周,原定的产检取消了,这两天偶尔腹痛,想联系医院和能出小区的车。",
         "妻子怀孕{w}周,见红了,打了几个医院电话都没接通,需要尽快就医。"),
        groups=("pregnant",), people=(1, 2), weight=6,
    ),
    Scenario(
        "baby_supplies", (2, 2, 3),
        (("supplies", "婴儿奶粉", (1, 3), "罐"), ("supplies", "纸尿裤", (1, 3), "包")),
        ("宝宝{age}个月大,奶粉只够喝两天,纸尿裤也快没了,附近母婴店都关着。",
         "家有{age}个月的婴儿,特殊配方奶粉买不到,平时在网上买,快递停了。"),
        groups=("child",), people=(3, 4), weight=10,
    ),
    Scenario(
        "care_disabled", (1, 2, 2),
        (("care", "上门照护", (1, 7), "次"), ("food", "方便食品", (1, 3), "箱")),
        ("{who}重度残疾卧床,平时请护工照顾,护工被封在别的小区过不来,家里没人能搭把手。",
         "残疾人独自在家,轮椅坏了出不了门,需要有人上门帮忙买菜和打扫。"),
        groups=("disabled",), people=(1, 2), weight=8,
    ),
    Scenario(
        "psych", (2, 3, 3),
        (("psychological", "心理疏导", (1, 3), "次"),),
        ("一个人隔离在出租屋里,已经连续几晚睡不着,心慌,总想哭,希望有人聊聊。",
         "家里老人确诊后被转运,剩下的家人情绪很差,孩子一直做噩梦。",
         "封控后失去工作,压力很大,这几天有点撑不下去了,想找专业的人说说话。"),
        people=(1, 3), weight=8,
    ),
    Scenario(
        "water", (2, 3),
        (("water", "桶装水", (2, 6), "桶"),),
        ("楼里停水两天,家里没有存水,老人提不动水,请帮忙送几桶水上楼。",
         "小区供水管道检修,物业说要停三天,家里{n}口人没有饮用水了。"),
        people=(1, 4), weight=6,
    ),
    Scenario(
        "supplies_hygiene", (3, 3, 4),
        (("supplies", "卫生巾", (2, 6), "包"), ("supplies", "消毒液", (1, 3), "瓶"),
         ("supplies", "口罩", (20, 50), "个")),
        ("家里卫生巾和消毒液用完了,团购只有成箱的蔬菜,买不到日用品。",
         "隔离中的一家人口罩快用完了,做核酸每天都要用,附近买不到。"),
        people=(1, 4), weight=8,
    ),
    Scenario(
        "transport_hospital", (1, 2, 2),
        (("transport", "就医车辆", (1, 1), "次"), ("medical_care", "复诊", None, "")),
        ("{who}化疗按计划在下周,小区不让私家车进出,需要通行证和车辆送去医院。",
         "老人骨折术后要去医院拆线,已经超期{d}天,伤口发红,需要车辆接送。"),
        groups=("chronic_illness",), people=(1, 2), weight=8,
    ),
    Scenario(
        "livelihood", (3, 3, 4),
        (("livelihood", "临时生活补助", None, ""), ("food", "米面油", (1, 1), "份")),
        ("外卖骑手,封控后不能接单,房租和生活费都没着落,一个人在西安。",
         "小饭馆停业一个月,{n}口人靠这个吃饭,现在连房租都交不起了。"),
        groups=("migrant_worker",), people=(1, 4), weight=6,
    ),
    Scenario(
        "shelter", (2, 3),
        (("shelter", "临时住处", (1, 7), "晚"), ("food", "盒饭", (3, 9), "份")),
        ("来西安出差被封在酒店,酒店要求明天退房,没有地方可去。",
         "{n}名外地司机滞留在物流园,车上过夜,天冷需要临时住处。"),
        groups=("migrant_worker",), people=(1, 6), weight=4,
    ),
    Scenario(
        "power_comms", (2, 3),
        (("power_comms", "话费充值", (50, 100), "元"),),
        ("独居老人手机欠费停机,外地子女联系不上,请帮忙充值并上门看看。",
         "老人只有老年机,充电器坏了,手机没电,家里人打不通电话很着急。"),
        groups=("elderly", "living_alone"), people=(1, 1), weight=4,
    ),
    Scenario(
        "rescue_fall", (1,),
        (("rescue", "紧急上门", None, ""), ("medical_care", "急救", None, "")),
        ("独居老人在家摔倒起不来,邻居隔着门听到呼救,门是反锁的。",
         "{who}突发胸痛喘不上气,打了急救电话还在排队,需要有人立刻帮忙。"),
        groups=("elderly", "living_alone"), people=(1, 1), weight=4,
    ),
    Scenario(
        "missing", (1, 2),
        (("missing_person", "寻找走失老人", None, ""),),
        ("家里患阿尔茨海默病的老人下午出门后没回来,穿灰色棉衣,手机在家里。",
         "智力障碍的弟弟在核酸检测点走散了,已经找了{d}个小时。"),
        groups=("elderly", "disabled"), people=(1, 1), weight=2,
    ),
)

PLACE_HEADS = ("锦华", "丰庆", "长乐", "明德", "兴庆", "南湖", "紫薇", "枫林", "青松", "翠竹", "永安", "东方",
               "金桥", "文景", "华清", "含光", "朱雀", "凤城", "昆明", "太白", "光华", "建工", "纺建", "电子")
PLACE_TAILS = ("小区", "花园", "家园", "苑", "公寓", "新村", "家属院", "佳苑")
RELATIVES = ("我母亲", "我父亲", "我奶奶", "我爷爷", "我外婆", "家里老人", "邻居大爷", "邻居阿姨")
SURNAMES = ("王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董"
            "萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶")
GIVEN = ("伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超",
         "秀英", "霞", "平", "刚", "桂英", "建华", "玉兰", "志强", "海燕", "晓东", "红梅", "文博", "思雨")
POLITE = ("阿姨", "叔叔", "先生", "女士", "师傅", "大爷", "奶奶")
# Pasted-message wrappers for the channels where text arrives as a chat or post.
WECHAT_WRAP = ("【求助】{county}{place}:{text}联系人{name},电话{phone}。",
               "转发:{text}地址{county}{place},{name} {phone}",
               "{county}{place}急需帮助!{text}({name},{phone})")
WEIBO_WRAP = ("#西安疫情求助# {text}坐标{county}{place},联系{phone}。",)
