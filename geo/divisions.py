"""Load and look up the division table shipped in geo/data (see its README)."""

import csv
import hashlib
import marshal
import os
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
FILES = ("provinces.csv", "cities.csv", "areas.csv", "streets.csv")
# names() as a marshal file: 45,000 rows load in ~20 ms instead of ~50 ms of CSV parsing, which every
# server start pays before its first request (gunicorn's warm-up). Rebuilt when a data file changes.
CACHE_DIR = Path(os.getenv("HELI_CACHE_DIR", str(Path(__file__).resolve().parents[1] / "var" / "cache")))
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
    stats = [(DATA / f).stat() for f in FILES]
    stamp = repr([marshal.version, *((st.st_size, st.st_mtime_ns) for st in stats)])
    cache = CACHE_DIR / f"division-names-{hashlib.sha256(stamp.encode()).hexdigest()[:16]}.marshal"
    try:
        table = marshal.loads(cache.read_bytes())  # noqa: S302 - our own file, beside the migrate template
        if isinstance(table, dict):
            return table
    except (OSError, ValueError, EOFError, TypeError):
        pass
    table = _parse_names()
    try:  # a read-only install just parses every time
        cache.parent.mkdir(parents=True, exist_ok=True)
        partial = cache.with_suffix(f".{os.getpid()}.tmp")
        partial.write_bytes(marshal.dumps(table))
        partial.replace(cache)  # atomic: a concurrent start reads the whole file or none
        for stale in cache.parent.glob("division-names-*.marshal"):
            if stale != cache:
                stale.unlink(missing_ok=True)
    except OSError:
        pass
    return table


def _parse_names() -> dict[str, str]:
    """csv.reader rather than iter_rows' DictReader: a dict per row is most of the parse time."""
    table: dict[str, str] = {}
    for file in FILES:
        with open(DATA / file, encoding="utf-8", newline="") as fh:
            rows = csv.reader(fh)
            header = next(rows)
            code, name = header.index("code"), header.index("name")
            for row in rows:
                table[row[code]] = row[name]
    return table


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
