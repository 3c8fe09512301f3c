"""dup_of over a stream: the earliest earlier message asking the same help for the same people."""

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from .dedup import DedupIndex
from .minhash import jaccard, shingles

_NAME_RE = re.compile(
    r"(?:【姓名】|姓名[:：]|失联人[:：]?|寻人启事[:：])\s*(?:患者|病人)?([\u4e00-\u9fff]{2,3})(?=[^\u4e00-\u9fff]|$)"
)
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
    extra: dict = field(default_factory=dict)


def names_in(text: str) -> frozenset[str]:
    return frozenset(m.group(1) for m in _NAME_RE.finditer(text))


def same_request(new: _Seen, old: _Seen) -> bool:
    if new.names and old.names and not new.names & old.names:
        return False  # same household, different patient
    sim = jaccard(new.shingles, old.shingles)
    small = min(len(new.shingles), len(old.shingles)) or 1
    contained = len(new.shingles & old.shingles) / small
    if sim >= 0.5 or (contained >= 0.8 and small >= 15):
        return True
    if new.names & old.names:
        return True  # the template's patient name: same patient, same plea
    if new.phones & old.phones:
        # Same contact list (or one contained in the other) is the same plea re-worded; a hub
        # number shared by two different lists (a village head, a school) is not.
        return new.phones <= old.phones or old.phones <= new.phones or sim >= 0.2
    return False


class DupTracker:
    """Remembers earlier messages of one stream and answers dup_of for the next one."""

    def __init__(self) -> None:
        self.seen: list[_Seen] = []
        self.row_of: dict[object, int] = {}
        self.index = DedupIndex(num_perm=32, bands=16)

    def check(self, record: dict, text: str) -> object | None:
        """Return the id of the earliest earlier message with the same plea, and remember this one."""
        seen, row_of = self.seen, self.row_of
        cur = _Seen(record["id"], record["id"], shingles(text), frozenset(record["phones"]), names_in(text))
        cur.people = record.get("people")
        candidates = {len(seen) - 1 - k for k in range(min(WINDOW, len(seen)))}
        if len(seen) > WINDOW:
            candidates.update(
                row_of[i] for i in self.index.query(text, record["phones"], min_similarity=0.3) if i in row_of
            )
        roots = [seen[r].root for r in sorted(candidates) if same_request(cur, seen[r])]
        if roots:
            cur.root = min(roots, key=lambda rid: row_of[rid])
        row_of.setdefault(cur.id, len(seen))
        seen.append(cur)
        self.index.add(cur.id, text, record["phones"])
        return cur.root if cur.root != cur.id else None


def assign_dups(items: Iterable[tuple[dict, str]]) -> Iterator[dict]:
    """items: (parsed record, normalised text); fills record["dup_of"]."""
    tracker = DupTracker()
    for record, text in items:
        record["dup_of"] = tracker.check(record, text)
        yield record
