"""dup_of over a stream: the earliest earlier message asking the same help for the same people."""

import re
from collections import Counter, deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import chain

from .dedup import DedupIndex
from .minhash import jaccard, shingles
from .text import NUM_RE, cn_to_int

_NAME_RE = re.compile(
    r"(?:【姓名】|姓名[:：]|失联人[:：]?|寻人启事[:：])\s*(?:患者|病人)?([\u4e00-\u9fff]{2,3})(?=[^\u4e00-\u9fff]|$)"
)
# A rewording or a "solved" notice often shares no phone and little text, but names the same street
# (or district) and the same specific condition: 等驾坡街道 + 尿毒症/透析, 韩森寨街道 + 老夫妻/氧气瓶.
_STREET_RE = re.compile(r"([\u4e00-\u9fff]{2,4}?)(?:街道|街办|镇|乡)")
_TOPIC_RE = re.compile(
    r"尿毒症|透析|肺癌|肝癌|胃癌|癌症|化疗|放疗|止痛药|氧气瓶|制氧机|呼吸机|心衰|胰岛素|糖尿病|孕妇|怀孕|羊水|"
    r"老夫妻|老两口|独居|瘫痪|轮椅|哮喘|白血病|脑梗|中风|奶粉|婴儿|新生儿|癫痫|抑郁|精神|自闭|透析|血液病|"
    r"工棚|工地|工友|农民工"
)
# Synonyms of one condition count once: a relay says 孕妇 where the original said 怀孕.
_TOPIC_CANON = {
    "怀孕": "孕妇",
    "羊水": "孕妇",
    "见红": "孕妇",
    "制氧机": "氧气瓶",
    "老两口": "老夫妻",
    "透析": "尿毒症",
    "工棚": "工地",
    "工友": "工地",
    "农民工": "工地",
}
_NOT_STREET = {"社区", "小区", "街道", "城关", "乡镇", "城镇", "村镇"}
_DIGITS_RE = re.compile(r"\d+")
_AGE_RE = re.compile(rf"({NUM_RE})([多余])?(?:岁|周岁)")
# A village or hamlet named in the plea (X大王庄, X刘庄): a rewording that keeps most of the wording
# and the village is the same plea even when a breach is written 决口 in one and 堤破了 in the other.
_VILLAGE_RE = re.compile(r"(?<![全本该这那各每整一个])[\u4e00-\u9fff]{2}(?:村|庄)")
# Weibo's attribution of an attached video ("某某的微博视频"): reposts keep it.
_VIDEO_RE = re.compile(r"(\S{2,24})的微博视频")
# A follow-up that points back at one earlier plea: 更新：…, 孕妇那条, 那位阿姨, …已经送到了.
_FOLLOW_UP_RE = re.compile(
    r"更新|那条|那个|那位|上面|之前|刚才|已经|已解决|后续|进展|的事|找到了|有消息|联系上"
)
# A relay names the patient's helper, so its number differs: 帮朋友转, 转自…, 代发.
_RELAY_RE = re.compile(r"帮朋友|帮[^,，。]{0,2}转|转自|转[:：]|代发|代转")
# Details a follow-up repeats to point at its plea: the building and the relative (6号楼, 姥姥).
_DETAIL_RE = re.compile(
    r"\d+(?:号楼|栋|幢|单元)|弄\d+号|[\u4e00-\u9fff]?(?:伯伯|阿婆|阿姨|大爷|老伯)|姥姥|姥爷|外婆|外公|奶奶|爷爷"
    r"|孕妇|产妇|养殖户"
)
_BUILDING_RE = re.compile(r"\d+(?:号楼|栋|幢|号院)")
_WHO_RE = re.compile(
    r"老人|老太太?|老爷子|老伯|阿婆|阿姨|大爷|大妈|奶奶|爷爷|姥姥|姥爷|孕妇|产妇|宝宝|婴儿|孩子|病人|患者"
)
# "Another one in the same building": the same hub phone then names a different person.
_ANOTHER_RE = re.compile(r"另外一|另一|还有一位|还有一个")
# Earlier messages checked pairwise (exactly); older ones only through the MinHash index.
WINDOW = 300


@dataclass
class _Seen:
    id: object
    root: object
    shingles: set[str]
    phones: frozenset[str]
    names: frozenset[str]
    people: int | None = None
    places: frozenset[str] = frozenset()
    topics: frozenset[str] = frozenset()
    extra: dict = field(default_factory=dict)


def _ages(text: str) -> frozenset[tuple[int, int]]:
    """Ages as ranges: 七十多岁 is 70-79, so it agrees with a relay's 73岁."""
    out = set()
    for m in _AGE_RE.finditer(text):
        age = cn_to_int(m.group(1))
        if age:
            out.add((age, age + 9 if m.group(2) and age % 10 == 0 else age))
    return frozenset(out)


def _ages_overlap(a: frozenset[tuple[int, int]], b: frozenset[tuple[int, int]]) -> bool:
    return any(lo1 <= hi2 and lo2 <= hi1 for lo1, hi1 in a for lo2, hi2 in b)


def names_in(text: str) -> frozenset[str]:
    return frozenset(m.group(1) for m in _NAME_RE.finditer(text))


def same_request(new: _Seen, old: _Seen, inter: int | None = None) -> bool:
    """`inter` is len(new.shingles & old.shingles) when the caller has counted it already."""
    if {new.extra.get("kind"), old.extra.get("kind")} == {"request", "offer"}:
        # A plea and an offer are never the same help for the same people, however much they
        # share (a hotline list that repeats a plea's number, a "we can help" reply quoting it).
        return False
    a_len, b_len = len(new.shingles), len(old.shingles)
    if inter is None:
        inter = len(new.shingles & old.shingles)
    sim = inter / (a_len + b_len - inter) if a_len and b_len else 0.0  # = jaccard()
    small = min(a_len, b_len) or 1
    contained = inter / small
    if new.names and old.names and not new.names & old.names:
        # Same household, different patient -- unless the texts are near-identical: Weibo
        # pseudonymises names per post, so two copies of one plea can carry different names.
        # ... and the numbers (ages, dates, building numbers) must agree: they are not pseudonymised.
        if new.extra["numbers"] != old.extra["numbers"]:
            return False
        a, b = new.extra["masked"], old.extra["masked"]
        masked_sim = jaccard(a, b)
        return masked_sim >= 0.8 or (len(a & b) / (min(len(a), len(b)) or 1) >= 0.9 and small >= 30)
    if sim >= 0.5 or (contained >= 0.8 and small >= 15):
        # One template filled in per household (a community worker's sheet: "3号楼…老人…电话A",
        # "5号楼…老人…电话B") shares most of its wording: different numbers for the building, age
        # or count and a different contact make it another household, not a repost.
        return not (
            new.phones
            and old.phones
            and not new.phones & old.phones
            and new.extra["short_numbers"] != old.extra["short_numbers"]
            and not (new.extra["follow_up"] or new.extra["relay"])
        )
    if new.names & old.names:
        return True  # the template's patient name: same patient, same plea
    if new.extra["ages"] and old.extra["ages"] and not _ages_overlap(new.extra["ages"], old.extra["ages"]):
        return False  # 87岁 and 90岁 behind one 居委 number are two people
    if new.extra["another"]:
        return False  # 另外一位… : the same building or hub number, a different person
    shared_topics = len(new.topics & old.topics)
    # Two different contact numbers are two households unless the new one reads as a follow-up.
    other_contact = bool(new.phones and old.phones) and not (new.extra["follow_up"] or new.extra["relay"])
    if not (new.phones & old.phones) and not (new.names and old.names):
        if new.places & old.places and shared_topics >= 2 and not other_contact:
            return True  # same street or district, same specific condition
        # A follow-up (更新：凌云路街道王阿婆的制氧机已送到) names the street and one condition.
        text = new.extra.get("text", "")
        same_street = any(p in text for p in old.extra["streets"])
        shared_details = len(new.extra["details"] & old.extra["details"])
        if same_street and new.extra["follow_up"] and (shared_topics == 1 or shared_details >= 1):
            return True
        if same_street and new.extra["follow_up"] and contained >= 0.3 and small >= 10:
            return True  # a short update that repeats part of the plea's wording
        short_notice = len(new.shingles) <= 60 and not new.phones and new.extra["follow_up"]
        if short_notice and new.extra["buildings"] & old.extra["buildings"]:
            # "8号楼那位老人已经送医了": a short notice naming only the building and the person
            # (long narratives name buildings and 之前/已经 in passing).
            return bool(new.extra["who"] & old.extra["who"] or shared_topics)
    village = new.extra["villages"] & old.extra["villages"]
    if village and new.extra["video"] & old.extra["video"] and not (new.phones and old.phones):
        return True  # the same village and the same poster's video: a reworded repost of one plea
    if village and contained >= 0.6 and small >= 30 and not other_contact and not (new.phones ^ old.phones):
        return True
    if new.phones & old.phones:
        # Same contact list (or one contained in the other) is the same plea re-worded; a hub
        # number shared by two different lists (a village head, a school) is not.
        return new.phones <= old.phones or old.phones <= new.phones or sim >= 0.2
    return False


def _keys(s: _Seen) -> tuple[bool, frozenset, frozenset, bool, frozenset, int, frozenset]:
    e = s.extra
    return bool(s.names), s.phones, s.places, bool(e["streets"]), e["buildings"], len(s.shingles), e["video"]


class DupTracker:
    """Remembers earlier messages of one stream and answers dup_of for the next one."""

    def __init__(self) -> None:
        self.seen: list[_Seen] = []
        self.row_of: dict[object, int] = {}
        self.index = DedupIndex(num_perm=32, bands=16)
        # Shingle -> rows of the window holding it: one C-level count gives every window row's
        # overlap with the new message, instead of ~300 set intersections.
        self.postings: dict[str, deque[int]] = {}
        # Rows not yet in the MinHash index: only rows that left the window are looked up there,
        # so rows are hashed in batches of ~WINDOW (one numpy pass) as they leave it.
        self.pending: list[tuple[object, str, list[str]]] = []
        self.keys: list[tuple] = []  # per row, what the pair filter in check() compares
        self.by_video: dict[str, list[int]] = {}

    def check(self, record: dict, text: str) -> object | None:
        """Return the id of the earliest earlier message with the same plea, and remember this one."""
        seen, row_of = self.seen, self.row_of
        cur = _Seen(record["id"], record["id"], shingles(text), frozenset(record["phones"]), names_in(text))
        cur.people = record.get("people")
        if cur.names:
            cur.extra["masked"] = shingles(_NAME_RE.sub("【姓名】", text))
            cur.extra["numbers"] = frozenset(_DIGITS_RE.findall(text))
        cur.extra["short_numbers"] = frozenset(n for n in _DIGITS_RE.findall(text) if len(n) < 7)
        places = {m.group(1) for m in _STREET_RE.finditer(text)}
        # The lazy match can start a character early (区丈八沟街道); keep every tail with a 2+ char
        # stem, so a follow-up that writes only 丈八沟街道 still finds it.
        streets = [m for m in _STREET_RE.finditer(text) if m.group(1) not in _NOT_STREET]
        cur.extra["streets"] = (
            frozenset(
                m.group(0)[-k:]
                for m in streets
                for k in range(len(m.group(0)) - len(m.group(1)) + 2, len(m.group(0)) + 1)
            )
            | frozenset(  # a follow-up often drops the suffix: 桃园路 for 桃园路街道
                m.group(1)[-k:]
                for m in streets
                if m.group(0).endswith("街道")
                for k in range(3, len(m.group(1)) + 1)
            )
        )
        cur.extra["video"] = frozenset(_VIDEO_RE.findall(text) if "的微博视频" in text else ())
        if record.get("district"):
            places.add(record["district"])
        cur.places = frozenset(places)
        cur.topics = frozenset(_TOPIC_CANON.get(t, t) for t in _TOPIC_RE.findall(text))
        cur.extra["ages"] = _ages(text)
        cur.extra["villages"] = frozenset(_VILLAGE_RE.findall(text))
        cur.extra["follow_up"] = bool(_FOLLOW_UP_RE.search(text))
        cur.extra["relay"] = bool(_RELAY_RE.search(text))
        cur.extra["details"] = frozenset(_DETAIL_RE.findall(text))
        cur.extra["another"] = bool(_ANOTHER_RE.search(text))
        cur.extra["buildings"] = frozenset(_BUILDING_RE.findall(text))
        cur.extra["who"] = frozenset(_WHO_RE.findall(text))
        cur.extra["text"] = text
        cur.extra["kind"] = record.get("kind")
        n, postings = len(seen), self.postings
        start = max(0, n - WINDOW)
        candidates = set(range(start, n))
        for video in cur.extra["video"]:  # a repost of the same video can come much later
            candidates.update(self.by_video.get(video, ()))
        if n > WINDOW:
            if len(self.index) < start:
                self._flush()
            candidates.update(
                row_of[i] for i in self.index.query(text, record["phones"], min_similarity=0.3) if i in row_of
            )
        # Shared shingles with every window row in one C-level count (instead of ~300 set
        # intersections), then a cheap necessary condition of same_request: each of its branches
        # that can answer True needs both names, a shared phone / place / building / video, a
        # follow-up and a street, or enough shared text (contained >= 0.6 or Jaccard >= 0.5). Keep the two
        # in step; most pairs stop here.
        overlap = Counter(chain.from_iterable(filter(None, map(postings.get, cur.shingles)))).get
        c_named, c_phones, c_places, _, c_build, c_len, c_video = _keys(cur)
        c_follow = cur.extra["follow_up"]
        keys, matches = self.keys, []
        for r in sorted(candidates):
            o_named, o_phones, o_places, o_streets, o_build, o_len, o_video = keys[r]
            inter = overlap(r, 0) if r >= start else len(cur.shingles & seen[r].shingles)
            if (
                (c_named and o_named)
                or c_phones & o_phones
                or c_places & o_places
                or (c_follow and o_streets)
                or c_build & o_build
                or c_video & o_video
                or (
                    inter
                    and (inter / (min(c_len, o_len) or 1) >= 0.6 or inter / (c_len + o_len - inter) >= 0.5)
                )
            ) and same_request(cur, seen[r], inter):
                matches.append(seen[r])
        if cur.phones and any(cur.phones & m.phones for m in matches):
            # A shared number outweighs a street-and-condition match: 泗泾镇那个工地 with the hotline
            # caller's number is that caller's plea, not an earlier crew's at the same town.
            matches = [m for m in matches if cur.phones & m.phones]
        roots = [m.root for m in matches]
        if roots:
            cur.root = min(roots, key=lambda rid: row_of[rid])
        del cur.extra["text"]  # only the new message is searched for the old ones' place names
        repeated_id = cur.id in row_of
        row_of.setdefault(cur.id, n)
        seen.append(cur)
        self.keys.append(_keys(cur))
        for video in cur.extra["video"]:
            self.by_video.setdefault(video, []).append(n)
        self.pending.append((cur.id, text, record["phones"]))
        if repeated_id:
            # The index answers ids, and an id maps to its first row: index this row now, as a
            # row-by-row index would have, so a query can reach the first row through it.
            self._flush()
        for s in cur.shingles:
            if s in postings:
                postings[s].append(n)
            else:
                postings[s] = deque((n,))
        if n >= WINDOW:  # row n - WINDOW leaves the window
            for s in seen[n - WINDOW].shingles:
                rows = postings[s]
                rows.popleft()
                if not rows:
                    del postings[s]
        return cur.root if cur.root != cur.id else None

    def _flush(self) -> None:
        if self.pending:
            ids, texts, phones = zip(*self.pending, strict=True)
            self.index.extend(ids, texts, phones)
            self.pending = []


def assign_dups(items: Iterable[tuple[dict, str]]) -> Iterator[dict]:
    """items: (parsed record, normalised text); fills record["dup_of"]."""
    tracker = DupTracker()
    for record, text in items:
        record["dup_of"] = tracker.check(record, text)
        yield record
