"""Per-field scores of the issue 7 contract."""

from collections.abc import Iterable

FIELDS = ("kind", "phones", "province", "city", "district", "people", "needs", "groups", "urgency")


def _f1(tp: int, fp: int, fn: int) -> float:
    if tp == 0:
        return 1.0 if fp == 0 and fn == 0 else 0.0
    return 2 * tp / (2 * tp + fp + fn)


def _micro_f1(pairs: Iterable[tuple[list[str], list[str]]]) -> float:
    tp = fp = fn = 0
    for gold, pred in pairs:
        g, p = set(gold), set(pred)
        tp, fp, fn = tp + len(g & p), fp + len(p - g), fn + len(g - p)
    return _f1(tp, fp, fn)


def score(gold: list[dict], pred: dict[str, dict]) -> dict[str, float | int]:
    """gold: label rows; pred: id -> parser output. Rows without a prediction count as wrong."""
    rows = [(g, pred.get(g["id"], {})) for g in gold]
    n = len(rows) or 1

    def acc(ok: Iterable[bool]) -> float:
        return round(sum(ok) / n, 4)

    level1 = [(g, p) for g, p in rows if g["urgency"] == 1]
    gold_pairs = {(g["id"], g["dup_of"]) for g, _ in rows if g["dup_of"]}
    pred_pairs = {(g["id"], p.get("dup_of")) for g, p in rows if p.get("dup_of")}
    tp = len(gold_pairs & pred_pairs)
    return {
        "n": len(rows),
        "kind_accuracy": acc(g["kind"] == p.get("kind") for g, p in rows),
        "phones_exact_set": acc(set(g["phones"]) == set(p.get("phones", [])) for g, p in rows),
        "province_exact": acc(g["province"] == p.get("province") for g, p in rows),
        "city_exact": acc(g["city"] == p.get("city") for g, p in rows),
        "district_exact": acc(g["district"] == p.get("district") for g, p in rows),
        "people_exact": acc(g["people"] == p.get("people") for g, p in rows),
        "needs_micro_f1": round(_micro_f1((g["needs"], p.get("needs", [])) for g, p in rows), 4),
        "groups_micro_f1": round(_micro_f1((g["groups"], p.get("groups", [])) for g, p in rows), 4),
        "urgency_exact": acc(g["urgency"] == p.get("urgency") for g, p in rows),
        "urgency_within_one": acc(abs(g["urgency"] - p.get("urgency", 9)) <= 1 for g, p in rows),
        "urgency_level1_recall": round(sum(p.get("urgency") == 1 for _, p in level1) / (len(level1) or 1), 4),
        "dup_pair_f1": round(_f1(tp, len(pred_pairs) - tp, len(gold_pairs) - tp), 4),
    }
