"""Division-table gazetteer: every official name and its common short form, loaded once."""

import csv
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parents[2] / "geo" / "data"

_PROVINCE_SUFFIXES = ("壮族自治区", "回族自治区", "维吾尔自治区", "特别行政区", "自治区", "省", "市")
_AREA_SUFFIXES = ("自治县", "自治旗", "新区", "区", "县", "市", "旗")
# Official names that are also everyday words; matching them would invent places.
_GENERIC = {
    "城区",
    "郊区",
    "矿区",
    "新区",
    "市区",
    "城关",
    "开发区",
    "东区",
    "西区",
    "南区",
    "北区",
    "中区",
    "老城区",
}
# Short forms that are everyday words (互助 as in #河南暴雨互助#, 平安, 路桥) rather than places.
_GENERIC_SHORT = {
    "互助",
    "平安",
    "路桥",
    "新华",
    "和平",
    "向阳",
    "白云",
    "城中",
    "长安",
    "安定",
    "吉利",
    "永定",
}
_GENERIC_SHORT |= {"红旗", "解放", "中山", "文化", "人民", "建设", "东风", "胜利", "光明", "前进", "团结"}
_GENERIC_SHORT |= {"阿里"}  # 阿里盒马, 阿里健康: the company, far more often than 阿里地区
_MUNICIPAL_PLACEHOLDERS = {"市辖区", "县"}


@dataclass(frozen=True)
class Entry:
    level: str  # "p", "c", "a", "s"
    code: str
    short: bool


@dataclass
class Gazetteer:
    province: dict[str, str] = field(default_factory=dict)  # code -> name
    city: dict[str, tuple[str, str]] = field(default_factory=dict)  # code -> (name, province code)
    area: dict[str, tuple[str, str, str]] = field(default_factory=dict)  # code -> (name, city, prov)
    street: dict[str, tuple[str, str]] = field(default_factory=dict)  # code -> (name, area code)
    surfaces: dict[str, list[Entry]] = field(default_factory=dict)
    # First two characters -> the lengths of the surfaces starting with them, longest first. Every
    # surface has 2+ characters; a two-character key rules out most positions of a text at once,
    # where a one-character key left ~3 lengths to slice and look up at almost every position.
    lengths: dict[str, tuple[int, ...]] = field(default_factory=dict)
    # A first character of some name followed by a second character of some name: a C-level scan
    # for the few positions worth looking up (a superset of the two-character keys above).
    head_re: re.Pattern[str] = re.compile("(?!)")

    def city_name(self, code: str) -> str:
        name, prov = self.city[code]
        # Direct-controlled municipalities: the city is the municipality itself (上海市).
        return self.province[prov] if name in _MUNICIPAL_PLACEHOLDERS else name

    def _add(self, surface: str, entry: Entry) -> None:
        if len(surface) < 2 or surface in _GENERIC or entry.short and surface in _GENERIC_SHORT:
            return
        self.surfaces.setdefault(surface, []).append(entry)


def _short(name: str, suffixes: tuple[str, ...]) -> str | None:
    if "族自治" in name:
        return name[:2]
    for suf in suffixes:
        if name.endswith(suf) and len(name) - len(suf) >= 2:
            return name[: -len(suf)]
    return None


def _charset(chars: set[str]) -> str:
    return "".join(map(re.escape, sorted(chars)))


def _rows(name: str) -> list[list[str]]:
    with open(DATA_DIR / name, encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))[1:]


@lru_cache(maxsize=1)
def load() -> Gazetteer:
    g = Gazetteer()
    for code, name in _rows("provinces.csv"):
        g.province[code] = name
        g._add(name, Entry("p", code, False))
        short = _short(name, _PROVINCE_SUFFIXES)
        if short:
            g._add(short, Entry("p", code, True))
    for code, name, prov in _rows("cities.csv"):
        g.city[code] = (name, prov)
        if name in _MUNICIPAL_PLACEHOLDERS:
            continue
        g._add(name, Entry("c", code, False))
        short = _short(name, ("地区", "自治州", "盟", "市"))
        if short:
            g._add(short, Entry("c", code, True))
    for code, name, city, prov in _rows("areas.csv"):
        g.area[code] = (name, city, prov)
        g._add(name, Entry("a", code, False))
        short = _short(name, _AREA_SUFFIXES)
        if "族" in name and name.endswith("区"):
            short = name[:2]  # 管城回族区 is said 管城 or 管城区
            g._add(short + "区", Entry("a", code, True))
        if short and not short.endswith(("村", "镇", "乡", "庄")):  # 马村区 vs 大司马村
            g._add(short, Entry("a", code, True))
    for code, name, area, _prov, _city in _rows("streets.csv"):
        g.street[code] = (name, area)
        g._add(name, Entry("s", code, False))
        if name.endswith("街道") and len(name) >= 4:
            g._add(name[:-1], Entry("s", code, True))  # Wuhan writes 二桥街 for 二桥街道
    lengths: dict[str, set[int]] = {}
    for surface in g.surfaces:
        lengths.setdefault(surface[:2], set()).add(len(surface))
    g.lengths = {head: tuple(sorted(ls, reverse=True)) for head, ls in lengths.items()}
    firsts, seconds = ({head[k] for head in lengths} for k in (0, 1))
    g.head_re = re.compile(f"[{_charset(firsts)}](?=[{_charset(seconds)}])")
    return g
