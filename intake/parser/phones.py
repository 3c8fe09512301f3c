"""Contact numbers: mobiles as 11 digits, landlines as 0AREA-NUMBER (contract of issue 7).

A plain regex over-matches dates, ID numbers and order numbers, and phonenumbers' matcher misses
numbers glued to Chinese text, so this walks runs of digit groups and keeps only the exact shapes
the contract allows.
"""

import re

from .areacodes import area_code_for

_RUN_RE = re.compile(r"[+]?\d[\d \-‐–—()]*\d|\d")
_GROUP_RE = re.compile(r"\d+")
# Chinese-numeral numbers, also grouped like 幺三八 零一六七 二二三三.
_CN_PHONE_RE = re.compile(
    r"[零〇一二三四五六七八九幺壹贰叁肆伍陆柒捌玖](?:[ \-]?[零〇一二三四五六七八九幺壹贰叁肆伍陆柒捌玖]){6,}"
)
# Digits typed one by one with spaces (1 5 8 2 9 0 1 3 3 4 6) and emoji list numbers (2⃣️).
_SPACED_RE = re.compile(r"(?<!\d)(?<!\d )\d(?: \d){6,}(?! ?\d)")
_KEYCAP_RE = re.compile(r"\d\ufe0f?\u20e3")
_CN_PHONE_MAP = str.maketrans("零〇一二三四五六七八九幺壹贰叁肆伍陆柒捌玖", "001234567891123456789")
# 138.0000.1234: dots are kept out of digit runs (38.5度, 2021.7.22), so this shape is joined first.
_DOTTED_MOBILE_RE = re.compile(r"(?<![\d.])1[3-9]\d\.\d{4}\.\d{4}(?![\d.])")
# Latin labels glued to a number (TEL13800001234) still introduce a phone; other letters (wxid…) do not.
_PHONE_LABELS = ("tel", "phone", "mobile", "mob", "call", "dh")
_MOBILE_RE = re.compile(r"1[3-9]\d{9}")
_TWO_MOBILES_RE = re.compile(r"1[3-9]\d{9}1[3-9]\d{9}")
_DATE_RE = re.compile(r"(?:19|20)\d\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])")
_SERVICE = {"110", "119", "120", "122", "12345", "114", "12315", "12320"}
# Digits right after these words are identifiers, not phone numbers.
_NOT_PHONE_BEFORE = (
    "身份证",
    "证号",
    "订单",
    "单号",
    "编号",
    "卡号",
    "账号",
    "车牌",
    "QQ",
    "qq",
    "邮编",
    "工号",
)
_MAX_GROUPS = 5
_DASH_DATE_RE = re.compile(r"(?:\d{2}|\d{4})-(?:0?[1-9]|1[0-2])-(?:0?[1-9]|[12]\d|3[01])(?!\d)")
_BUILDING_MARKS = ("号", "栋", "楼", "幢", "单", "室")
_LIST_MARKS = ("、", ".", ")", "）")


def _landline(digits: str) -> str | None:
    """0AREA + 7/8 digit local number; area code is 3 digits for 010/02x, 4 otherwise."""
    if not digits.startswith("0") or len(digits) < 10 or len(digits) > 12:
        return None
    split = 3 if digits.startswith(("010", "02")) else 4
    area, local = digits[:split], digits[split:]
    if len(local) not in (7, 8) or local[0] in "01" or area[1] == "0" and area != "010":
        return None
    return f"{area}-{local}"


def _classify(digits: str, had_plus: bool, city_code: str | None) -> str | None:
    if digits.startswith("0086"):
        digits, had_plus = digits[4:], True
    elif digits.startswith("86") and len(digits) >= 12:
        digits, had_plus = digits[2:], True
    if _MOBILE_RE.fullmatch(digits):
        return digits
    if len(digits) == 12 and digits[0] == "0" and _MOBILE_RE.fullmatch(digits[1:]):
        return digits[1:]  # 013800138000: the 0 callers dial before a mobile from another city
    if had_plus and digits[:1] not in ("0", "1"):
        digits = "0" + digits  # +86 27 8888 6666 drops the trunk 0
    if digits.startswith("0"):
        return _landline(digits)
    if len(digits) == 8 and digits[0] not in "01" and not _DATE_RE.fullmatch(digits):
        return f"{city_code}-{digits}" if city_code else digits
    return None


def _segment(groups: list[str], had_plus: bool, city_code: str | None) -> list[str]:
    """Longest-first join of space/dash separated groups, so 138 0013 8000 is one number but
    two numbers separated by a space stay two."""
    found: list[str] = []
    i = 0
    while i < len(groups):
        for j in range(min(len(groups), i + _MAX_GROUPS), i, -1):
            phone = _classify("".join(groups[i:j]), had_plus and i == 0, city_code)
            if phone:
                found.append(phone)
                i = j
                break
        else:
            i += 1
    return found


def _pad(m: re.Match[str], digits: str) -> str:
    """The run with its inner spaces and dashes dropped, padded so positions stay put."""
    joined = digits.replace(" ", "").replace("-", "")
    return joined + " " * (len(m.group(0)) - len(joined))


def find_phones(text: str, city: str | None = None) -> list[str]:
    """Every contact number in order of appearance, each once. `text` must be normalised."""
    if _CN_PHONE_RE.search(text):
        text = _CN_PHONE_RE.sub(lambda m: _pad(m, m.group(0).translate(_CN_PHONE_MAP)), text)
    if "." in text and _DOTTED_MOBILE_RE.search(text):
        text = _DOTTED_MOBILE_RE.sub(lambda m: _pad(m, m.group(0).replace(".", "")), text)
    if "\u20e3" in text:
        text = _KEYCAP_RE.sub(lambda m: " " * len(m.group(0)), text)
    if _SPACED_RE.search(text):
        text = _SPACED_RE.sub(lambda m: _pad(m, m.group(0)), text)
    city_code = area_code_for(city)
    out: list[str] = []
    for m in _RUN_RE.finditer(text):
        run = m.group(0)
        if len(run) < 7:
            continue
        start = m.start()
        prev = text[start - 1] if start else ""
        if prev.isascii() and prev.isalpha():
            word = re.search(r"[A-Za-z]*$", text[max(0, start - 8) : start])
            if not (word and word.group(0).lower() in _PHONE_LABELS):
                continue
        if any(w in text[max(0, start - 8) : start] for w in _NOT_PHONE_BEFORE):
            continue
        groups = _GROUP_RE.findall(run)
        if _DASH_DATE_RE.match(run):
            groups = groups[3:]  # 21-07-22 10:27 is a date and a time, not 8 digits
        if prev == ".":
            # The run continues a decimal or a date (38.5, 7.22 13800001234): drop that first part.
            groups = groups[1:]
        # Two mobiles pasted together (1533391606315346133932) are still two contacts.
        groups = [x for g in groups for x in ((g[:11], g[11:]) if _TWO_MOBILES_RE.fullmatch(g) else (g,))]
        if len(groups) == 1 and groups[0] in _SERVICE:
            continue
        if not groups:
            continue
        # A numbered list glues the next item's number on: "杨猛137338244442、7.24号…" is
        # 13733824444 followed by item 2 (or item 10: "…1823875222110、").
        last = groups[-1]
        after = text[m.end() : m.end() + 1]
        if len(last) in (12, 13) and _MOBILE_RE.fullmatch(last[:11]) and after in _LIST_MARKS:
            groups[-1] = last[:11]
        elif 12 <= len(last) <= 15 and _MOBILE_RE.fullmatch(last[:11]) and after in _BUILDING_MARKS:
            groups[-1] = last[:11]  # 本人15981893925130号楼: a mobile glued to a building number
        for phone in _segment(groups, run.startswith("+"), city_code):
            if phone not in out:
                out.append(phone)
    return out
