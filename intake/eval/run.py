"""Run the parser over the labelled set and score dev and held-out splits separately.

The whole set is parsed as one stream (labels file order) so duplicates can point across the
split boundary; each split is then scored on its own rows. Tune rules on dev only.

Splits: `dev` (tune on these), `heldout` (every 5th row of the first 320 labels) and `test` (a
fixed hash-based quarter of the labels added after those, sha1(id)[0] % 4 == 0; scored only at the end).
"""

import os
from pathlib import Path

from intake.parser import parse_stream

from .scoring import score
from .sources import LABELS, load_texts, read_jsonl

SPLITS = ("dev", "heldout", "test")


def run_eval(data_dir: Path, labels_path: Path = LABELS) -> dict:
    gold = list(read_jsonl(labels_path))
    texts = load_texts([g["id"] for g in gold], data_dir)
    missing = [g["id"] for g in gold if g["id"] not in texts]
    present = [g for g in gold if g["id"] in texts]
    pred = {r["id"]: r for r in parse_stream({"id": g["id"], "text": texts[g["id"]]} for g in present)}
    result: dict = {"labels": len(gold), "missing_texts": len(missing)}
    splits = [s for s in SPLITS if any(g.get("split", "dev") == s for g in gold)]
    for split in splits:
        result[split] = score([g for g in gold if g.get("split", "dev") == split], pred)
    for split in splits:
        if split == "dev" and os.environ.get("HELI_EVAL_DEV_SOURCES") is None:
            continue
        for source in ("wuhan", "henan", "synthetic"):
            rows = [g for g in gold if g["id"].startswith(source + ":") and g.get("split", "dev") == split]
            if rows:
                result[f"{split}_{source}"] = score(rows, pred)
    return result
