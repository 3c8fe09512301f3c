"""Load and look up the division table shipped in geo/data (see its README)."""

import csv
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
# Direct-controlled municipalities have the placeholder city "市辖区"; people say 上海市.
PLACEHOLDER_CITY = "市辖区"


def iter_rows() -> Iterator[tuple[str, str, int, str | None]]:
    """(code, name, level, parent_code) in parent-before-child order."""
    files = [
        ("provinces.csv", 1, None),
        ("cities.csv", 2, "provinceCode"),
        ("areas.csv", 3, "cityCode"),
        ("streets.csv", 4, "areaCode"),
    ]
    for name, level, parent_col in files:
        with open(DATA / name, encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                yield row["code"], row["name"], level, (row[parent_col] if parent_col else None)


@lru_cache(maxsize=1)
def names() -> dict[str, str]:
    return {code: name for code, name, _, _ in iter_rows()}


def display_name(code: str) -> str:
    """Human name of a code; a municipality's placeholder city shows as the province name."""
    table = names()
    name = table.get(code, code)
    if name == PLACEHOLDER_CITY and len(code) == 4:
        return table.get(code[:2], name)
    return name


def path_names(code: str) -> str:
    """'陕西省 西安市 雁塔区' for a county code; skips repeated municipality names."""
    parts: list[str] = []
    for size in (2, 4, 6, 9):
        if len(code) >= size:
            name = display_name(code[:size])
            if not parts or parts[-1] != name:
                parts.append(name)
    return " ".join(parts)


@lru_cache(maxsize=1)
def _children_by_name() -> dict[tuple[str, str], str]:
    """(parent code, name) -> code; a municipality's placeholder city is found by the province name too."""
    index: dict[tuple[str, str], str] = {}
    for code, name, _, parent in iter_rows():
        index[(parent or "", name)] = code
        if name == PLACEHOLDER_CITY and parent:
            index[(parent, names()[parent])] = code
    return index


def code_for(province: str | None, city: str | None = None, district: str | None = None) -> str:
    """The most specific code for official names (湖北省, 武汉市, 江岸区); '' when nothing matches."""
    index = _children_by_name()
    code = index.get(("", province or ""), "")
    if not code:
        return ""
    city_code = index.get((code, city or ""), "")
    if not city_code:
        return code
    return index.get((city_code, district or ""), "") or city_code
