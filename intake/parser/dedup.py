"""Near-duplicate index: MinHash + LSH banding, plus exact blocking on phone numbers.

Bands are kept as sorted numpy arrays (binary search on query) instead of dicts of lists, so a
1,000,000-row index is ~200 MB, not gigabytes. Bulk rows (add_many) are sorted once, lazily, on the
first query; rows added one at a time afterwards go to small per-band dicts.
"""

import zlib
from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence

import numpy as np

from .minhash import make_perms, signatures

_BLOCK_MIX = np.uint64(0x9E3779B97F4A7C15)
# A bucket this full is template text shared by thousands of posts, not a near-duplicate signal.
MAX_BUCKET = 500


class DedupIndex:
    def __init__(self, *, num_perm: int = 16, bands: int = 4) -> None:
        if num_perm % bands:
            raise ValueError("num_perm must be a multiple of bands")
        self.num_perm, self.bands, self.rows = num_perm, bands, num_perm // bands
        self.perms = make_perms(num_perm)
        self.ids: list[Hashable] = []
        self._sig_chunks: list[np.ndarray] = []
        self._sigs = np.empty((0, num_perm), dtype=np.uint32)
        self._key_chunks: list[np.ndarray] = []
        self._sorted: list[tuple[np.ndarray, np.ndarray]] = []  # per band: (sorted keys, row numbers)
        self._fresh: list[dict[int, list[int]]] = [defaultdict(list) for _ in range(bands)]
        self._phones: dict[str, list[int]] = defaultdict(list)

    def __len__(self) -> int:
        return len(self.ids)

    @staticmethod
    def _block_code(block: str) -> int:
        return zlib.crc32(block.encode()) if block else 0

    def _band_keys(self, sigs: np.ndarray, block: str) -> np.ndarray:
        """(n, bands) uint64 bucket keys; the block (incident, time window) is mixed into each."""
        view = sigs.astype(np.uint64).reshape(len(sigs), self.bands, self.rows)
        keys = np.zeros((len(sigs), self.bands), dtype=np.uint64)
        with np.errstate(over="ignore"):
            for r in range(self.rows):
                keys = keys * np.uint64(1_000_003) + view[:, :, r]
            keys ^= np.uint64(self._block_code(block)) * _BLOCK_MIX
            keys += np.arange(self.bands, dtype=np.uint64)[None, :]
        return keys

    def _consolidate(self) -> None:
        if self._sig_chunks:
            self._sigs = np.concatenate([self._sigs, *self._sig_chunks])
            self._sig_chunks = []
        if self._key_chunks:
            keys = np.concatenate(self._key_chunks)
            self._key_chunks = []
            rows = np.arange(len(keys), dtype=np.int64)
            for band in range(self.bands):
                order = np.argsort(keys[:, band], kind="stable")
                self._sorted.append((keys[order, band], rows[order]))

    def add_many(
        self,
        ids: Sequence[Hashable],
        texts: Sequence[str],
        phones: Iterable[Iterable[str]] = (),
        block: str = "",
    ) -> None:
        """Bulk build; only valid before the first query or add()."""
        if self._sorted:
            raise RuntimeError("add_many() after the index was queried; use add()")
        base = len(self.ids)
        sigs = signatures(list(texts), self.perms)
        self.ids.extend(ids)
        self._sig_chunks.append(sigs)
        self._key_chunks.append(self._band_keys(sigs, block))
        for row, numbers in zip(range(base, base + len(sigs)), phones, strict=False):
            for p in numbers:
                self._phones[p].append(row)

    def freeze(self) -> None:
        """Sort the bulk rows now (otherwise the first query pays for it)."""
        self._consolidate()
        if not self._sorted:
            empty = np.empty(0, dtype=np.uint64), np.empty(0, dtype=np.int64)
            self._sorted = [empty] * self.bands

    def add(self, id: Hashable, text: str, phones: Iterable[str] = (), block: str = "") -> None:
        self.extend([id], [text], [phones], block)

    def extend(
        self,
        ids: Sequence[Hashable],
        texts: Sequence[str],
        phones: Sequence[Iterable[str]] = (),
        block: str = "",
    ) -> None:
        """add() for several rows at once, at any time: one numpy pass hashes them all (hashing
        one text costs ~100 µs of call overhead, most of an online add)."""
        if any("\x00" in t for t in texts) and len(texts) > 1:
            # NUL separates texts inside signatures(): hash such a text on its own, as add() did.
            for k, id_ in enumerate(ids):
                self.extend([id_], [texts[k]], [phones[k]] if k < len(phones) else [()], block)
            return
        self.freeze()
        base = len(self.ids)
        sigs = signatures(list(texts), self.perms)
        self.ids.extend(ids)
        self._sigs = np.concatenate([self._sigs, sigs]) if len(self._sigs) < 4096 else self._grow(sigs)
        for row, keys in enumerate(self._band_keys(sigs, block).tolist(), start=base):
            for band, key in enumerate(keys):
                self._fresh[band][key].append(row)
        for row, numbers in zip(range(base, base + len(sigs)), phones, strict=False):
            for p in numbers:
                self._phones[p].append(row)

    def _grow(self, sigs: np.ndarray) -> np.ndarray:
        # Amortised append: keep spare capacity instead of copying the whole matrix per row.
        n, m = len(self._sigs), len(self._sigs) + len(sigs)
        if not hasattr(self, "_buf") or len(self._buf) < m:
            self._buf = np.empty((max(2 * n, 8192, m), self.num_perm), dtype=np.uint32)
            self._buf[:n] = self._sigs
        self._buf[n:m] = sigs
        return self._buf[:m]

    def query(
        self, text: str, phones: Iterable[str] = (), block: str = "", min_similarity: float = 0.5
    ) -> list:
        """Ids of rows sharing a phone, or an LSH bucket with estimated Jaccard >= min_similarity,
        most similar first."""
        self.freeze()
        sig = signatures([text], self.perms)
        rows: list[int] = []
        for band, key in enumerate(self._band_keys(sig, block)[0]):
            sorted_keys, sorted_rows = self._sorted[band]
            if len(sorted_keys):  # an index built online (a stream) has no bulk rows
                lo = int(np.searchsorted(sorted_keys, key, side="left"))
                hi = int(np.searchsorted(sorted_keys, key, side="right"))
                if hi - lo <= MAX_BUCKET:
                    rows.extend(sorted_rows[lo:hi].tolist())
            rows.extend(self._fresh[band].get(int(key), ())[:MAX_BUCKET])
        by_phone = {r for p in phones for r in self._phones.get(p, ())}
        candidates = np.fromiter(set(rows) | by_phone, dtype=np.int64)
        if not len(candidates):
            return []
        sims = (self._sigs[candidates] == sig[0]).mean(axis=1)
        keep = (sims >= min_similarity) | np.isin(candidates, list(by_phone))
        order = np.lexsort((candidates[keep], -sims[keep]))
        return [self.ids[r] for r in candidates[keep][order].tolist()]
