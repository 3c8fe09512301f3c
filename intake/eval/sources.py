"""Load message texts for label ids: wuhan:<post file>, henan:<post link>, synthetic:<id>."""

import json
import os
import re
from collections.abc import Iterator
from pathlib import Path

EVAL_DIR = Path(__file__).resolve().parent
LABELS = EVAL_DIR / "labels.jsonl"
SYNTHETIC = EVAL_DIR / "synthetic_messages.jsonl"
_RAW_RE = re.compile(r"^content_full_raw:(.*)$", re.M)


def shared_data_dir(default: Path) -> Path:
    return Path(os.environ.get("HELI_SHARED_DATA") or default)


def read_jsonl(path: Path) -> Iterator[dict]:
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def _wuhan(data: Path, name: str) -> str:
    raw = (data / "wuhancrisis-weibo-sos" / "_posts" / name).read_text(encoding="utf-8")
    m = _RAW_RE.search(raw)
    return m.group(1).strip() if m else ""


def _henan_index(data: Path) -> dict[str, str]:
    folder = data / "henan-flood-weibo-2021"
    texts: dict[str, str] = {}
    with open(folder / "combined.json", encoding="utf-8") as fh:
        for row in json.load(fh):
            texts[row["微博链接"]] = row.get("微博内容") or ""
    return texts


def load_texts(ids: list[str], data: Path) -> dict[str, str]:
    """id -> text; ids whose source file is missing are left out (reported by the caller)."""
    out: dict[str, str] = {}
    henan: dict[str, str] | None = None
    synthetic = {row["id"]: row["text"] for row in read_jsonl(SYNTHETIC)}
    for id_ in ids:
        source, _, key = id_.partition(":")
        try:
            if source == "wuhan":
                out[id_] = _wuhan(data, key)
            elif source == "henan":
                henan = henan if henan is not None else _henan_index(data)
                if key in henan:
                    out[id_] = henan[key]
            elif source == "synthetic" and id_ in synthetic:
                out[id_] = synthetic[id_]
        except FileNotFoundError:
            continue
    return out
