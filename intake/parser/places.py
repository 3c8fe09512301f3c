"""Province / city / district of the people who need help, from the division table.

Order of evidence: the body text, then hashtags, then a trailing Weibo geotag ("孝感·孝昌县"),
because the geotag is where the poster was, not necessarily the family.
"""

import re
from dataclasses import dataclass

from .gazetteer import Entry, Gazetteer, load
from .text import HASHTAG_RE, words

# A short name followed by these is a road, school or hospital named after the place.
_NAME_TAIL = words(
    """
    路 街 大道 大街 巷 医院 大学 中学 小学 学院 公司 大厦 广场 花园 小区 酒店 宾馆 银行 站 机场 港
    湖 山 口 桥 村
    """
)
_DIRECTION_ROAD = {"东路", "西路", "南路", "北路", "中路", "大道", "东街", "西街"}
# A short name plus one more character and a road word is a road too: 长沙新路, 南京新街 (not 郑州的路).
_ROAD_AFTER_RE = re.compile(r"(?![的之市省县区])[\u4e00-\u9fff](?:路|大道|大街)")
# A city's name at the head of an organisation (武汉某某救援队, 北京某某科技公司) says where the
# team or company comes from; the people it helps are elsewhere when the post names another place.
# 在新乡的各地救援队 are teams working in Xinxiang: a 的 in between makes the city the place again.
_ORG_AFTER_RE = re.compile(
    r"(?:(?!的)[\u4e00-\u9fff]){0,5}?(?:救援队|公司|集团|科技|商会|基金会|车队|医疗队|志愿队)"
)
_NOT_ROAD = {"街头", "街上"}
# The flood's rallying tag, often pasted without its # signs; it names no one's location.
_TOPIC_RE = re.compile(r"河南暴雨互助|河南暴雨救援|河南暴雨")
_GEOTAG_RE = re.compile(r"(?:^|\s)([\u4e00-\u9fff]{2,8}(?:·\S{1,40})?)\s*$")
_LEAD_TAG_RE = re.compile(r"^\s*([\u4e00-\u9fff]{2,6})(?=\s*#)")
# Development zones are not divisions; a few well-known ones name their city on their own.
_NEW_AREAS = {
    "郑东新区": "4101", "航空港区": "4101", "航空港": "4101", "曲江新区": "6101", "浐灞": "6101",
    "西咸新区": "6101", "国际港务区": "6101", "航天基地": "6101", "东湖高新": "4201", "临港新片区": "3101",
    "平原示范区": "4107", "平原新区": "4107",
}  # fmt: skip
# Three or more cities listed one after another (安阳、新乡、鹤壁紧急救援电话) is a regional appeal
# or a news round-up: it names no one household's city.
_SEP_RE = re.compile(r"[、,，和及与/\s]{1,3}")
# Bounded: a username glued to the post's last sentence must not blank the whole post.
_VIDEO_RE = re.compile(r"[^\s。！!？?，,]{0,24}的微博视频\s*$")


@dataclass
class Mention:
    entries: list[Entry]
    pos: int
    length: int = 0
    placed: bool = False  # used as a place: 前往卫辉, 到达卫辉, or named twice


def _scan(text: str, g: Gazetteer) -> list[Mention]:
    out: list[Mention] = []
    n = len(text)
    heads, surfaces = g.lengths, g.surfaces.get
    after = 0  # a name's characters are not searched again for a name inside it
    # Only positions that can begin a name (a C-level regex scan): a Python loop over every
    # character was the largest single cost of the parser.
    for start in g.head_re.finditer(text):
        i = start.start()
        if i < after:
            continue
        for length in heads.get(text[i : i + 2], ()):
            if i + length > n:
                continue
            entries = surfaces(text[i : i + length])
            if entries is None or text[i + length - 1 : i + length + 1] in _NOT_ROAD:
                continue  # 周口街头 is not the township 周口街(道)
            tail = text[i + length : i + length + 2]
            # 新乡街头 is "in Xinxiang's streets", not a road named 新乡街.
            road = (tail.startswith(_NAME_TAIL) or tail in _DIRECTION_ROAD) and tail not in _NOT_ROAD
            road = road or bool(_ROAD_AFTER_RE.match(text, i + length, i + length + 3))
            keep = [e for e in entries if not (e.short and e.level != "s" and road)]
            if keep:
                out.append(Mention(keep, i, length))
            after = i + length
            break
    return out


def _only_ancestors(mentions: list[Mention], orgs: list[Mention], g: Gazetteer) -> bool:
    """西安市未央区志愿者车队: the other places named are the team's own city or province, so the
    team's district is where the help is, not a hint that the people are elsewhere."""
    above: set[str] = set()
    for m in orgs:
        for e in m.entries:
            if e.level == "a":
                above.update(g.area[e.code][1:])
            elif e.level == "c":
                above.add(g.city[e.code][1])
    rest = [m for m in mentions if m not in orgs]
    return bool(above) and all(e.code in above for m in rest for e in m.entries)


def _context(mentions: list[Mention], g: Gazetteer) -> set[str]:
    """Province and city codes the whole text names; a bare short county name (大方, 同心, 通道)
    only counts inside one of them, because out of context it is usually an ordinary word."""
    ctx: set[str] = set()
    for m in mentions:
        for e in m.entries:
            if e.level == "p":
                ctx.add(e.code)
            elif e.level == "c":
                ctx.update((e.code, g.city[e.code][1]))
            elif e.level == "a" and not e.short:
                ctx.update(g.area[e.code][1:])
    return ctx


def _standalone(text: str, m: Mention, nxt: Mention | None, g: Gazetteer, after_place: bool = False) -> bool:
    """A short county name out of province/city context (阎良, 浦东) counts only when it has one
    candidate in the whole table and is used as a place: after 在/住/到/去/从 (她父亲在阎良,), or
    followed by one of its own townships (浦东 北蔡镇). Bare 大方, 通道 stay ordinary words."""
    if len(m.entries) != 1 or m.length < 2:
        return False
    before = text[m.pos - 1 : m.pos]
    urban = g.area[m.entries[0].code][0].endswith("区")
    if urban and (m.pos == 0 or (m.pos <= 10 and (before.isspace() or before in ":：】]"))):
        # A message that opens with an urban district's name ("浦东张江独居老人…", "转：闵行志愿者
        # 车队") is a terse address line; mid-sentence the same two characters are usually a word.
        return True
    if not after_place and text.count(text[m.pos : m.pos + m.length]) >= 2:
        # Named twice (卫辉北关…位置：卫辉北关): the post is about that place; 北关 right after
        # 卫辉 is a quarter of it, not Anyang's 北关区.
        return True
    after = text[m.pos + m.length : m.pos + m.length + 1]
    if "\u4e00" <= after <= "\u9fff" and not (nxt and nxt.pos == m.pos + m.length):
        return False
    if before in ("在", "住", "到", "去", "从"):
        return True
    code = m.entries[0].code
    return bool(
        nxt
        and nxt.pos - (m.pos + m.length) <= 2
        and any(e.level == "s" and g.street[e.code][1] == code for e in nxt.entries)
    )


def _in_context(mentions: list[Mention], ctx: set[str], g: Gazetteer, text: str = "") -> list[Mention]:
    out = []
    for k, m in enumerate(mentions):
        keep = [e for e in m.entries if not (e.level == "a" and e.short) or g.area[e.code][1] in ctx
                or g.area[e.code][2] in ctx]  # fmt: skip
        nxt = mentions[k + 1] if k + 1 < len(mentions) else None
        prev = mentions[k - 1] if k else None
        after_place = prev is not None and prev.pos + prev.length == m.pos
        if after_place and prev and all(e.level == "a" for e in prev.entries):
            # 卫辉北关: a short county name glued after a county is a quarter of it.
            keep = [e for e in keep if not (e.level == "a" and e.short)]
        if not keep and text and _standalone(text, m, nxt, g, after_place):
            keep = m.entries
        if keep:
            out.append(Mention(keep, m.pos, m.length, _placed(text, m)))
    return out


_PLACE_VERB_RE = re.compile(r"(?:前往|到达|赶往|驰援|支援|救援|关注|去|到|在)$")


def _placed(text: str, m: Mention) -> bool:
    if not text:
        return False
    name = text[m.pos : m.pos + m.length]
    return bool(_PLACE_VERB_RE.search(text[max(0, m.pos - 2) : m.pos])) or text.count(name) >= 2


def _resolve(mentions: list[Mention], g: Gazetteer) -> tuple[str | None, str | None, str | None] | None:
    provs: list[str] = []
    cities: list[str] = []
    areas: list[list[str]] = []
    streets: list[list[str]] = []
    has_full_area = any(e.level == "a" and not e.short for m in mentions for e in m.entries)
    for m in mentions:
        if (
            has_full_area
            and all(e.short for e in m.entries if e.level == "a")
            and not any(e.level in "pc" for e in m.entries)
        ):
            m = Mention([e for e in m.entries if e.level != "a"], m.pos)  # 洪山坊 next to 武昌区

        by_level: dict[str, list[str]] = {}
        for e in m.entries:
            by_level.setdefault(e.level, []).append(e.code)
        if "c" in by_level:  # 新乡 is the city before it is 新乡县
            cities.extend(c for c in by_level["c"] if c not in cities)
        elif "p" in by_level:
            provs.extend(p for p in by_level["p"] if p not in provs)
        elif "a" in by_level:
            areas.append(by_level["a"])
        elif "s" in by_level:
            streets.append(by_level["s"])
    if not (provs or cities or areas or streets):
        return None
    city_provs = {g.city[c][1] for c in cities}
    prov_scope = set(provs) | city_provs

    def narrow(codes: list[str], city_of: dict[str, str], prov_of: dict[str, str]) -> list[str]:
        if cities:
            inside = [c for c in codes if city_of[c] in cities]
            if inside:
                return inside
        if prov_scope:
            inside = [c for c in codes if prov_of[c] in prov_scope]
            if inside:
                return inside
        return codes

    short_areas = {e.code for m in mentions for e in m.entries if e.level == "a" and e.short and not m.placed}

    def short_only(codes: list[str]) -> bool:
        return all(c in short_areas for c in codes)

    a_city = {c: g.area[c][1] for m in areas for c in m}
    a_prov = {c: g.area[c][2] for m in areas for c in m}
    resolved: list[str] = []
    ambiguous_names: list[str] = []
    for codes in areas:
        if cities and short_only(codes) and not any(a_city[c] in cities for c in codes):
            continue  # 清水源社区 in a Wuhan post is not 清水县
        if prov_scope and not any(a_prov[c] in prov_scope for c in codes):
            continue  # 河师大东区 in a Xinxiang post is a campus, not Shenyang's 大东区
        codes = narrow(codes, a_city, a_prov)
        if len(codes) == 1:
            if codes[0] not in resolved:
                resolved.append(codes[0])
        else:
            ambiguous_names.append(g.area[codes[0]][0])
    s_area = {c: g.street[c][1] for m in streets for c in m}
    if ambiguous_names and not resolved:
        # 长安区 + 韦曲街道: a township inside one of the candidates settles it.
        named = {a for m in areas for a in m if g.area[a][0] in ambiguous_names}
        owners = {s_area[c] for m in streets for c in m if s_area[c] in named}
        if len(owners) == 1:
            resolved.append(owners.pop())
            ambiguous_names = []
    if not resolved and not ambiguous_names and streets:
        s_city = {c: g.area[s_area[c]][1] for c in s_area}
        s_prov = {c: g.area[s_area[c]][2] for c in s_area}
        for codes in streets:
            if cities and not any(s_city[c] in cities for c in codes):
                continue
            owners = {s_area[c] for c in narrow(codes, s_city, s_prov)}
            if len(owners) == 1:
                owner = owners.pop()
                if owner not in resolved:
                    resolved.append(owner)
    district = city = prov = None
    if len(resolved) == 1:
        district = g.area[resolved[0]][0]
        city = g.city_name(g.area[resolved[0]][1])
        prov = g.province[g.area[resolved[0]][2]]
    elif len(resolved) > 1:
        owner_cities = {g.area[a][1] for a in resolved}
        if len(owner_cities) == 1:
            code = owner_cities.pop()
            city, prov = g.city_name(code), g.province[g.city[code][1]]
    elif ambiguous_names and len(set(ambiguous_names)) == 1 and not cities:
        district = ambiguous_names[0]
    if city is None and cities:
        city, prov = g.city_name(cities[0]), g.province[g.city[cities[0]][1]]
    if prov is None and provs:
        prov = g.province[provs[0]]
        if g.city.get(provs[0] + "01", ("", ""))[0] in ("市辖区",) and city is None:
            city = prov  # 上海 alone names the city too
    return prov, city, district


def _named(place: tuple[str | None, str | None, str | None]) -> int:
    return sum(x is not None for x in place)


def _blank(m: re.Match[str]) -> str:
    return " " * len(m.group(0))


# The Weibo help template's address fields ("【所在城市】武汉江岸区【所在小区、社区】…") say where the
# patient lives; the story after them names hospitals and relatives' homes in other districts.
_FIELD_RE = re.compile(r"【(?:所在城市|所在小区、社区|所在小区|所在社区|详细地址|地址)】([^【]{0,60})")


# Homophone typos of division names seen in hand-typed posts (same length, so positions hold).
_TYPOS = {"桥口区": "硚口区", "乔口区": "硚口区"}


def find_place(text: str) -> tuple[str | None, str | None, str | None]:
    """(province, city, district) full official names or None; `text` must be normalised."""
    for typo, name in _TYPOS.items():
        if typo in text:
            text = text.replace(typo, name)
    if "【" in text:
        fields = " ".join(m.group(1) for m in _FIELD_RE.finditer(text))
        if fields.strip():
            place = _find_place(fields)
            if place[2] is not None:
                return place
    return _find_place(text)


def _find_place(text: str) -> tuple[str | None, str | None, str | None]:
    g = load()
    # The literal test first: the pattern tries up to 24 characters at every position.
    body = _VIDEO_RE.sub(_blank, text) if "的微博视频" in text else text
    geo_start = len(body)
    m = _GEOTAG_RE.search(body)
    if m and ("·" in m.group(1) or m.group(1) in g.surfaces):
        geo_start = m.start(1)
    # Hashtags are blanked, not removed, so one scan of the text serves all three parts by position.
    in_tag = bytearray(len(text))
    for tag in (*HASHTAG_RE.finditer(body), *_TOPIC_RE.finditer(body)):
        in_tag[tag.start() : tag.end()] = b"\x01" * (tag.end() - tag.start())
    mentions = _scan(body, g)
    orgs = [m for m in mentions if _ORG_AFTER_RE.match(body, m.pos + m.length, m.pos + m.length + 12)]
    if orgs and len(orgs) < len(mentions) and not _only_ancestors(mentions, orgs, g):
        mentions = [m for m in mentions if m not in orgs]
    ctx = _context(mentions, g)
    mentions = _in_context(mentions, ctx, g, body)
    # "郑州#河南暴雨互助#…": a place glued before the first hashtag is the poster's tag, like a geotag.
    lead = _LEAD_TAG_RE.match(body)
    lead_end = lead.end(1) if lead else 0
    parts: tuple[list[Mention], list[Mention], list[Mention]] = ([], [], [])
    for mention in mentions:
        geo = mention.pos >= geo_start or mention.pos < lead_end
        parts[2 if geo else 1 if in_tag[mention.pos] else 0].append(mention)
    found = [_resolve(part, g) if part else None for part in parts]
    from_tags, from_geotag = found[1], found[2]
    if found[0] and _named(found[0]):
        body_place = found[0]
        if body_place[2] is None and _lists_cities(body, parts[0]):
            return body_place[0], None, None
        if body_place[1] is None and from_tags and from_tags[1] and from_tags[0] == body_place[0]:
            return from_tags  # 河南 in the body, #郑州# in a hashtag: the tag only sharpens it
        tag_city = _tag_city(body, parts[0], parts[1])
        if tag_city and body_place[1] != g.city_name(tag_city):
            # #安阳暴雨# … 我在郑州上班 … 关注安阳: the body names several cities, the hashtags
            # say which one the post is about.
            return g.province[g.city[tag_city][1]], g.city_name(tag_city), None
        return _with_new_area(body_place, body, g)
    zone = _with_new_area((None, None, None), body, g)
    if zone[1] and (not from_tags or from_tags[1] in (None, zone[1])):
        return zone  # a zone named in the body is a place: the poster's geotag does not count
    tag_cities = {e.code for m in parts[1] for e in m.entries if e.level == "c"}
    if from_tags and len(tag_cities) > 1:
        return from_tags[0], None, None  # #安阳暴雨##新乡暴雨#: several cities named, none chosen
    # "#河南暴雨互助# ... 郑州·华林都市家园": the geotag only sharpens the hashtag's province.
    consistent = from_geotag and (not from_tags or from_tags[0] in (None, from_geotag[0]))
    if consistent and (not from_tags or _named(from_geotag) > _named(from_tags)):
        return from_geotag
    return _with_new_area(from_tags or (None, None, None), body, g)


def _with_new_area(
    place: tuple[str | None, str | None, str | None], body: str, g: Gazetteer
) -> tuple[str | None, str | None, str | None]:
    """Development zones are not in the division table (contract: district null, city from
    context); a few well-known ones name their city on their own: 郑东新区 -> 郑州市."""
    if place[1] is not None:
        return place
    for name, code in _NEW_AREAS.items():
        if name in body:
            prov = g.province[g.city[code][1]]
            if place[0] in (None, prov):
                return prov, g.city_name(code), None
    return place


# Only a hashtag about the disaster or a plea names the post's place (#安阳暴雨#, #新乡暴雨求助#);
# a tag about drivers who once helped Wuhan is about their past, not this post's place.
_DISASTER_TAG_RE = re.compile(r"#[^#]*(?:暴雨|降雨|降水|洪|水|汛|求助|求救|互助|救援|加油|挺住|受灾)[^#]*#")


def _tag_city(body_text: str, body: list[Mention], tags: list[Mention]) -> str | None:
    """The one city both the body and the disaster hashtags name, when the body names more than one."""
    body_cities = {e.code for m in body for e in m.entries if e.level == "c"}
    if len(body_cities) < 2:
        return None
    spans = [(t.start(), t.end()) for t in _DISASTER_TAG_RE.finditer(body_text)]
    in_disaster_tag = [m for m in tags if any(a <= m.pos < b for a, b in spans)]
    shared = body_cities & {e.code for m in in_disaster_tag for e in m.entries if e.level == "c"}
    return shared.pop() if len(shared) == 1 else None


def _lists_cities(body: str, mentions: list[Mention]) -> bool:
    cities = [m for m in mentions if any(e.level == "c" for e in m.entries)]
    run = 1
    for prev, cur in zip(cities, cities[1:], strict=False):
        gap = body[prev.pos + prev.length : cur.pos]
        if gap.startswith("市"):
            gap = gap[1:]
        run = run + 1 if _SEP_RE.fullmatch(gap) else 1
        if run >= 3:
            return True
    return False
