"""Run the parser over the labelled set and score dev and held-out splits separately.

The whole set is parsed as one stream (labels file order) so duplicates can point across the
split boundary; each split is then scored on its own rows. Tune rules on dev only.
"""

from pathlib import Path

from intake.parser import parse_stream

from .scoring import score
from .sources import LABELS, load_texts, read_jsonl


def run_eval(data_dir: Path, labels_path: Path = LABELS) -> dict:
    gold = list(read_jsonl(labels_path))
    texts = load_texts([g["id"] for g in gold], data_dir)
    missing = [g["id"] for g in gold if g["id"] not in texts]
    present = [g for g in gold if g["id"] in texts]
    pred = {r["id"]: r for r in parse_stream({"id": g["id"], "text": texts[g["id"]]} for g in present)}
    result: dict = {"labels": len(gold), "missing_texts": len(missing)}
    for split in ("dev", "heldout"):
        result[split] = score([g for g in gold if g.get("split", "dev") == split], pred)
    for source in ("wuhan", "henan", "synthetic"):
        rows = [g for g in gold if g["id"].startswith(source + ":") and g.get("split") == "heldout"]
        if rows:
            result[f"heldout_{source}"] = score(rows, pred)
    return result
