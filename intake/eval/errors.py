"""List the parser's errors on dev rows: `python -m intake.eval.errors [FIELD ...] [--source S]`.

Only the `dev` split is ever listed. Reading held-out or test errors would turn them into
training data for the rules and make their scores meaningless, so there is deliberately no
switch for other splits. FIELD is a contract key (kind, city, urgency, dup_of, ...); with none,
every field is compared. `--source henan|wuhan|synthetic` narrows to one source.

The output contains real post texts: read it in the terminal, never paste it into the repository.
"""

import sys
from pathlib import Path

from intake.parser import parse_stream

from .sources import LABELS, load_texts, read_jsonl, shared_data_dir

FIELDS = ("kind", "phones", "province", "city", "district", "people", "needs", "groups", "urgency", "dup_of")


def _differs(gold: object, pred: object) -> bool:
    if isinstance(gold, list):
        return set(gold) != set(pred or [])
    return gold != pred


def dev_errors(data: Path, fields: tuple[str, ...] = FIELDS, source: str | None = None) -> list[dict]:
    gold = list(read_jsonl(LABELS))
    texts = load_texts([g["id"] for g in gold], data)
    present = [g for g in gold if g["id"] in texts]
    # The whole file is one stream so dup_of can point at any earlier label, as in run_eval.
    pred = {r["id"]: r for r in parse_stream({"id": g["id"], "text": texts[g["id"]]} for g in present)}
    out = []
    for g in present:
        if g.get("split", "dev") != "dev" or (source and not g["id"].startswith(source + ":")):
            continue
        p = pred[g["id"]]
        diff = {f: (g[f], p[f]) for f in fields if _differs(g[f], p[f])}
        if diff:
            out.append({"id": g["id"], "text": texts[g["id"]], "diff": diff})
    return out


def main(argv: list[str]) -> None:
    source = None
    if "--source" in argv:
        i = argv.index("--source")
        source = argv[i + 1]
        argv = argv[:i] + argv[i + 2 :]
    fields = tuple(a for a in argv if a in FIELDS) or FIELDS
    data = shared_data_dir(Path(__file__).resolve().parents[3] / "shared" / "data")
    rows = dev_errors(data, fields, source)
    for row in rows:
        print(f"--- {row['id']}\n{row['text'][:300]}")
        for field, (want, got) in row["diff"].items():
            print(f"    {field}: gold {want!r}  parser {got!r}")
    print(f"{len(rows)} dev rows differ on {', '.join(fields)}")


if __name__ == "__main__":
    main(sys.argv[1:])
