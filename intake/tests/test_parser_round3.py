"""Round three rules: level-1 cut-offs, kind of rescue news and self-offers, places (synthetic only)."""

from intake.parser import parse_message
from intake.parser.kind import classify_kind
from intake.parser.places import find_place
from intake.parser.text import normalise
from intake.parser.urgency import score_urgency


def _urgency(text: str) -> int:
    return score_urgency(normalise(text))


def test_missed_dialysis_sessions_are_level_1() -> None:
    assert _urgency("其母尿毒症 本周小区封控 已两次未透析 腿开始肿") == 1
    assert _urgency("楼里有个透析的大爷 三次没透了 谁能帮帮") == 1
    assert _urgency("肾衰竭 医院停诊 已经停透三天") == 1
    # A session still ahead is a schedule, not a cut-off.
    assert _urgency("下周一要去透析 小区封着 想问问怎么申请通行") != 1


def test_insulin_or_a_special_drug_already_gone_is_level_1_but_running_low_is_not() -> None:
    assert _urgency("外公糖尿病 胰岛素没了 昨天就断了 13800000301") == 1
    assert _urgency("女儿罕见病 特药前天吃完了 药房没货") == 1
    assert _urgency("老人胰岛素快没了 还能打两天") == 2
    assert _urgency("胰岛素明天就打完了 求邻居匀一支") == 2


def test_water_up_to_the_chest_or_neck_is_level_1() -> None:
    assert _urgency("甲乙村一户 三口人困在平房里 院里的水已经淹到脖子了") == 1
    assert _urgency("水已经没过胸口 还在下雨 求救") == 1
    assert _urgency("路口积水到膝盖 超市关门 菜快没了") != 1


def test_suicidal_talk_and_vomiting_blood_are_level_1() -> None:
    assert _urgency("独居阿姨电话里一直哭 说不想活了 求心理援助") == 1
    assert _urgency("我爸肝病 这两天吐血 医院不收 13800000302") == 1


def test_a_breach_with_a_rescue_plea_is_level_1_but_a_plea_for_sandbags_is_not() -> None:
    assert _urgency("丙丁村北边的排洪沟过堤开口 村里几十户 请求救援") == 1
    assert _urgency("某路口桥洞漫堤 请送五百条沙袋和编织袋") != 1


def test_a_routine_check_or_a_poster_who_says_it_can_wait_is_level_3() -> None:
    assert _urgency("孕33周 下周要产检 医院要核酸 小区没人来采样") == 3
    assert _urgency("孩子湿疹 药膏用完了 不算急 这周能配到就行") == 3
    # An acute sign still wins over the word 产检.
    assert _urgency("孕36周 本来明天产检 现在肚子一阵一阵疼 见红了") == 1


def test_food_already_gone_or_badly_short_is_level_2() -> None:
    assert _urgency("我们三口人在六楼 家里米和面都没有了 有口吃的就行") == 2
    assert _urgency("某小区封控二十天 居民生活物资严重不足 请求保供") == 2


def test_a_report_of_a_rescue_already_done_is_news() -> None:
    text = "某某县消防大队接到群众报警后到场处置 23时成功把人救出 共营救两名老人一名婴儿"
    assert classify_kind(normalise(text), model=False) == "other"
    assert parse_message(text)["kind"] == "other"


def test_someone_offering_to_volunteer_or_a_self_equipped_team_is_an_offer() -> None:
    volunteer = "人在外省 想做线上志愿者帮忙核实信息 有群的拉我一下"
    assert classify_kind(normalise(volunteer), model=False) == "offer"
    team = "我们有一个十人医疗小队 自备医疗物资 自己有车 已核实 麻烦对接救援队 13800000303"
    assert classify_kind(normalise(team), model=False) == "offer"


def test_a_named_village_asking_for_a_boat_is_a_request_without_a_phone() -> None:
    text = "某县某镇柳树庄村 路断了 车开不进去 需要派船救援"
    assert classify_kind(normalise(text), model=False) == "request"


def test_a_city_name_inside_a_road_name_is_not_the_city() -> None:
    place = find_place(normalise("郑州金水区 某某路与长沙新路交叉口 地下车库有人失联"))
    assert place == ("河南省", "郑州市", "金水区")
    # The city followed by 的路 is still the city.
    assert find_place(normalise("我在郑州的路上 车被淹了"))[1] == "郑州市"


def test_a_team_or_company_named_after_its_home_city_does_not_place_the_post() -> None:
    assert find_place(normalise("武汉某某救援队急需一位新乡当地向导 能坐皮划艇"))[1] == "新乡市"
    assert find_place(normalise("北京某某科技有限公司宣布捐赠一千万元驰援河南")) == ("河南省", None, None)
    # With no other place, the team's city is all there is.
    assert find_place(normalise("武汉某某救援队待命中 随时出发"))[1] == "武汉市"


def test_the_hashtag_picks_one_city_when_the_body_names_two() -> None:
    text = "#安阳暴雨# 我在郑州上班 郑州已经好多了 老家安阳还在下 请关注安阳"
    assert find_place(normalise(text))[1] == "安阳市"
    # One city in the body stays, whatever the hashtags say.
    assert find_place(normalise("#新乡暴雨# 郑州某小区停电三天 缺水"))[1] == "郑州市"


def test_people_counts_girls_and_about_ten_but_not_months_of_age() -> None:
    from intake.parser.people import count_people

    assert count_people(normalise("我们现在5个女孩在家 在13楼 一楼被淹")) == 5
    assert count_people(normalise("工棚里的十来个工人两天没吃饭了")) == 10
    assert count_people(normalise("一个八个月大的宝宝 高烧抽搐 13800000304")) == 1
    # A 12345 log names its patient as 其父 / 其母.
    assert count_people(normalise("来电人张女士 诉求：其母八十岁 降压药已断两天")) == 1


def _dups(texts: list[str]) -> list[object]:
    from intake.parser import parse_stream

    return [r["dup_of"] for r in parse_stream({"id": f"m{i}", "text": t} for i, t in enumerate(texts))]


def test_a_relay_saying_seventy_odd_matches_a_plea_saying_73() -> None:
    plea = "12345工单 来电人王女士 电话13800000305 诉求：其父73岁 尿毒症 住某某街道某小区 已两次未透析"
    relay = "转自邻居群：某小区有位七十多岁透析的老爷子 两次没透了 家属电话138 0000 0305 谁能帮帮"
    assert _dups([plea, relay]) == [None, "m0"]
    # 87岁 and 90岁 behind one number are still two people.
    other = "转：某小区还有位90岁的老太太 透析也停了 家属电话138 0000 0305"
    assert _dups(["某小区87岁老人 透析停了 13800000305", other]) == [None, None]


def test_a_follow_up_about_the_same_work_site_crew_is_a_duplicate() -> None:
    plea = "某区某某街道 工地上十几个工友 封在工棚里两天没饭吃了 电话13800000306"
    follow = "某某街道那个工棚里的十来个工人还没人管 两天没吃饭了 谁能送点方便面"
    assert _dups([plea, follow]) == [None, "m0"]


def test_a_shared_number_wins_over_a_street_and_condition_match() -> None:
    first = "某区某某镇 工地上二十多个工友 封在工棚里一周了 没吃的 电话 13800000307"
    hotline = "热线记录：某区某某镇某工地有务工人员二十名 食物已吃完 来电号码 021-5700 0308"
    again = "某某镇那个工地的二十个工友 还是没吃的 电话 021 5700 0308 求求帮帮我们"
    assert _dups([first, hotline, again])[2] == "m1"


def test_a_reworded_village_plea_without_numbers_is_a_duplicate() -> None:
    plea = "戊己庄村东头 大堤已经决口 留在村里的都是老人和孩子 从昨晚等到现在没人来 求救电话打不进去 急需救援"
    reworded = (
        "帮转 今早8点戊己庄村东头快撑不住了 堤已经破了 留在村里的都是老人和孩子 "
        "从昨晚等到现在没人来 求救电话打不进去 大家都在屋顶上 求扩散"
    )
    assert _dups([plea, reworded]) == [None, "m0"]


def test_trapped_people_out_of_touch_need_rescue_not_a_search() -> None:
    from intake.parser.needs import find_needs

    trapped = find_needs(normalise("三位邻居被困在楼里 停电一天 现在电话也打不通 处于失联状态 楼下积水很深"))
    assert "missing_person" not in trapped and "rescue" in trapped
    assert "missing_person" in find_needs(normalise("寻人 我舅舅被困前打过一次电话 之后失联 找不到人"))


def test_a_body_place_that_resolves_to_nothing_leaves_the_hashtag_city() -> None:
    # 城关镇 exists in hundreds of counties: the body settles nothing, so #新乡暴雨# names the city.
    text = "#新乡暴雨# 城关镇某路段塌陷 有漏电 大家绕行"
    assert find_place(normalise(text)) == ("河南省", "新乡市", None)


def test_offers_of_a_volunteer_or_a_vehicle_are_offers_but_asking_to_join_a_group_buy_is_not() -> None:
    volunteer = "本人护理专业在读 会包扎 也想去灾区当志愿者 谁知道怎么报名"
    assert classify_kind(normalise(volunteer), model=False) == "offer"
    trucks = "我有一辆皮卡可拉物资 后天早上出发去灾区 联系 13800000309"
    assert classify_kind(normalise(trucks), model=False) == "offer"
    group_buy = "某某街道 两位老人七十多 米面还有 就是缺蔬菜 有团购的拉我一下 13800000310"
    assert classify_kind(normalise(group_buy), model=False) == "request"


def test_a_patients_own_blood_pressure_drug_names_a_chronic_illness_but_a_supply_list_does_not() -> None:
    from intake.parser.groups import find_groups

    assert "chronic_illness" in find_groups(normalise("家里老人84岁 独居 降压药只剩两天 13800000311"))
    assert "chronic_illness" not in find_groups(normalise("某安置点缺：降压药3盒、退烧药、纱布"))
    assert "chronic_illness" not in find_groups(normalise("安置点需要面包、矿泉水、毛毯、降压药"))


def test_lao_ruo_bing_can_names_elderly_and_disabled_people() -> None:
    from intake.parser.groups import find_groups

    assert find_groups(normalise("某乡还有不少老弱病残没转移 请安排车辆")) == ["elderly", "disabled"]


def test_teams_working_in_a_city_and_hashtags_about_something_else_keep_their_meaning() -> None:
    # 新乡的各地救援队: the teams are in Xinxiang, so the city stays.
    assert find_place(normalise("#河南暴雨互助# 今天在新乡的各地救援队都辛苦了"))[1] == "新乡市"
    # A hashtag about drivers who once helped Wuhan does not pick Wuhan for a Xuchang post.
    text = "#武汉来的货车司机志愿帮忙# 许昌长葛市某镇 几辆货车帮村民搬家"
    assert find_place(normalise(text))[1] == "许昌市"


def test_counted_or_generic_villages_are_not_a_named_site() -> None:
    from intake.parser.kind import _SITE_RE

    assert _SITE_RE.search("某县某镇柳树庄村 车进不去")
    assert _SITE_RE.search("城东某某社区 停水停电第三天")
    assert not _SITE_RE.search("听说有三个村子还没人去")
    assert not _SITE_RE.search("小县城尤其农村 人手不够")
    assert not _SITE_RE.search("附近村庄都在撤离")


def test_two_students_not_heard_from_is_a_plea() -> None:
    text = "某某社区7号楼三楼 两个男生 一天多没联系上了"
    assert classify_kind(normalise(text), model=False) == "request"
    from intake.parser.needs import find_needs

    assert "missing_person" in find_needs(normalise(text))


def test_water_that_has_gone_down_from_the_neck_is_not_level_1() -> None:
    assert _urgency("前天巷子里的水到脖子 昨天慢慢下到大腿 今天能走路了") != 1
