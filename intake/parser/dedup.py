"""Near-duplicate index: MinHash + LSH banding, plus exact blocking on phone numbers.

Bands are kept as sorted numpy arrays (binary search on query) instead of dicts of lists, so a
1,000,000-row index is ~100 MB, not gigabytes; rows added after a bulk build go to a small dict.
"""

import zlib
from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence

import numpy as np

from .minhash import make_perms, signatures

_BLOCK_MIX = np.uint64(0x9E3779B97F4A7C15)


class DedupIndex:
    def __init__(self, *, num_perm: int = 16, bands: int = 8) -> None:
        if num_perm % bands:
            raise ValueError("num_perm must be a multiple of bands")
        self.num_perm, self.bands, self.rows = num_perm, bands, num_perm // bands
        self.perms = make_perms(num_perm)
        self.ids: list[Hashable] = []
        self._sigs: list[np.ndarray] = []  # chunks of (n, num_perm) uint32
        self._sorted: list[tuple[np.ndarray, np.ndarray]] = []  # per band: (sorted keys, row numbers)
        self._fresh: list[dict[int, list[int]]] = [defaultdict(list) for _ in range(bands)]
        self._phones: dict[str, list[int]] = defaultdict(list)

    def __len__(self) -> int:
        return len(self.ids)

    def _band_keys(self, sigs: np.ndarray, blocks: np.ndarray) -> np.ndarray:
        """(n, bands) uint64 bucket keys; the block (incident, time window) is mixed into each."""
        view = sigs.astype(np.uint64).reshape(len(sigs), self.bands, self.rows)
        keys = np.zeros((len(sigs), self.bands), dtype=np.uint64)
        with np.errstate(over="ignore"):
            for r in range(self.rows):
                keys = keys * np.uint64(1_000_003) + view[:, :, r]
            keys ^= blocks[:, None] * _BLOCK_MIX
            keys += np.arange(self.bands, dtype=np.uint64)[None, :]
        return keys

    @staticmethod
    def _block_code(block: str) -> int:
        return zlib.crc32(block.encode()) if block else 0

    def add_many(
        self, ids: Sequence[Hashable], texts: Sequence[str], phones: Iterable[Iterable[str]] = (), block: str = ""
    ) -> None:
        """Bulk build; call before any add(). Rows keep insertion order."""
        base = len(self.ids)
        sigs = signatures(list(texts), self.perms)
        self.ids.extend(ids)
        self._sigs.append(sigs)
        blocks = np.full(len(sigs), self._block_code(block), dtype=np.uint64)
        keys = self._band_keys(sigs, blocks)
        rows = np.arange(base, base + len(sigs), dtype=np.int64)
        for band in range(self.bands):
            col = keys[:, band]
            if len(self._sorted) > band:
                old_keys, old_rows = self._sorted[band]
                col, rows_b = np.concatenate([old_keys, col]), np.concatenate([old_rows, rows])
            else:
                rows_b = rows
            order = np.argsort(col, kind="stable")
            entry = (col[order], rows_b[order])
            if len(self._sorted) > band:
                self._sorted[band] = entry
            else:
                self._sorted.append(entry)
        for row, numbers in zip(range(base, base + len(sigs)), phones, strict=False):
            for p in numbers:
                self._phones[p].append(row)

    def add(self, id: Hashable, text: str, phones: Iterable[str] = (), block: str = "") -> None:
        row = len(self.ids)
        sig = signatures([text], self.perms)
        self.ids.append(id)
        self._sigs.append(sig)
        keys = self._band_keys(sig, np.array([self._block_code(block)], dtype=np.uint64))[0]
        for band in range(self.bands):
            self._fresh[band][int(keys[band])].append(row)
        for p in phones:
            self._phones[p].append(row)

    def _signature_of(self, row: int) -> np.ndarray:
        for chunk in self._sigs:
            if row < len(chunk):
                return chunk[row]
            row -= len(chunk)
        raise IndexError(row)

    def query(self, text: str, phones: Iterable[str] = (), block: str = "", min_similarity: float = 0.0) -> list:
        """Ids of rows sharing a phone or an LSH bucket, most similar first."""
        sig = signatures([text], self.perms)
        keys = self._band_keys(sig, np.array([self._block_code(block)], dtype=np.uint64))[0]
        rows: set[int] = set()
        for band, key in enumerate(keys):
            if band < len(self._sorted):
                sorted_keys, sorted_rows = self._sorted[band]
                lo, hi = np.searchsorted(sorted_keys, [key, key], side="left")[0], 0
                hi = np.searchsorted(sorted_keys, key, side="right")
                rows.update(sorted_rows[lo:hi].tolist())
            rows.update(self._fresh[band].get(int(key), ()))
        for p in phones:
            rows.update(self._phones.get(p, ()))
        scored = [(float(np.mean(self._signature_of(r) == sig[0])), r) for r in rows]
        scored.sort(key=lambda x: (-x[0], x[1]))
        return [self.ids[r] for s, r in scored if s >= min_similarity or r in rows and min_similarity <= 0]
