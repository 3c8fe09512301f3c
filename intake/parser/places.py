"""Province / city / district of the people who need help, from the division table.

Order of evidence: the body text, then hashtags, then a trailing Weibo geotag ("孝感·孝昌县"),
because the geotag is where the poster was, not necessarily the family.
"""

import re
from dataclasses import dataclass

from .gazetteer import Entry, Gazetteer, load
from .text import HASHTAG_RE

# A short name followed by these is a road, school or hospital named after the place.
_NAME_TAIL = ("路", "街", "大道", "大街", "巷", "医院", "大学", "中学", "小学", "学院", "公司", "大厦", "广场")
_NAME_TAIL += ("花园", "小区", "酒店", "宾馆", "银行", "站", "机场", "港", "湖", "山", "口", "桥", "村")
_GEOTAG_RE = re.compile(r"(?:^|\s)([\u4e00-\u9fff]{2,8}(?:·\S{1,40})?)\s*$")
_VIDEO_RE = re.compile(r"\S*的微博视频\s*$")


@dataclass
class Mention:
    entries: list[Entry]
    pos: int


def _scan(text: str, g: Gazetteer) -> list[Mention]:
    out: list[Mention] = []
    i, n = 0, len(text)
    while i < n:
        lengths = g.lengths.get(text[i])
        hit = 0
        if lengths:
            for length in lengths:
                if i + length > n:
                    continue
                entries = g.surfaces.get(text[i : i + length])
                if entries is None:
                    continue
                tail = text[i + length : i + length + 2]
                keep = [e for e in entries if not (e.short and e.level != "s" and tail.startswith(_NAME_TAIL))]
                if keep:
                    out.append(Mention(keep, i))
                hit = length
                break
        i += hit or 1
    return out


def _resolve(mentions: list[Mention], g: Gazetteer) -> tuple[str | None, str | None, str | None] | None:
    provs: list[str] = []
    cities: list[str] = []
    areas: list[list[str]] = []
    streets: list[list[str]] = []
    for m in mentions:
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

    a_city = {c: g.area[c][1] for m in areas for c in m}
    a_prov = {c: g.area[c][2] for m in areas for c in m}
    resolved: list[str] = []
    ambiguous_names: list[str] = []
    for codes in areas:
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


def find_place(text: str) -> tuple[str | None, str | None, str | None]:
    """(province, city, district) full official names or None; `text` must be normalised."""
    g = load()
    body = _VIDEO_RE.sub("", text)
    geotag = ""
    m = _GEOTAG_RE.search(body)
    if m and ("·" in m.group(1) or m.group(1) in g.surfaces):
        geotag, body = m.group(1), body[: m.start()]
    tags = " ".join(HASHTAG_RE.findall(body))
    body = HASHTAG_RE.sub(" ", body)
    for part in (body, tags, geotag):
        found = _resolve(_scan(part, g), g) if part else None
        if found:
            return found
    return None, None, None
