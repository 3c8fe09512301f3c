"""A small multinomial logistic regression over character 1–2-grams plus the rules' evidence.

Trained on the dev labels only by `python -m intake.eval.train_kind` (hand-rolled with numpy, no
download); the weights live next to this file in `kind_model.npz` and are loaded once. Without the
file the rules' answer stands.
"""

from functools import lru_cache
from pathlib import Path

import numpy as np

MODEL_PATH = Path(__file__).resolve().parent / "kind_model.npz"
LABELS = ("request", "offer", "other")
MAX_CHARS = 400
_FOLD = str.maketrans("123456789\t\n\r\u3000", "00000000000  ")


def text_ngrams(text: str) -> set[str]:
    """Character 1–2-grams of the first MAX_CHARS characters; digits fold to 0 (phones look alike).
    Trigrams cost a third more time and did no better in cross-validation on dev."""
    t = text[:MAX_CHARS].translate(_FOLD)
    return {*t, *map(str.__add__, t, t[1:])}


def dense_features(text: str, feats: dict[str, float]) -> dict[str, float]:
    out = dict(feats)
    n = len(text)
    out["len_short"] = float(n < 60)
    out["len_long"] = float(n > 300)
    return out


class KindModel:
    """Weights as plain Python floats: a message touches ~100 n-grams, where numpy's per-call
    overhead would cost more than the arithmetic."""

    def __init__(self, vocab: list[str], dense: list[str], weights: np.ndarray, bias: np.ndarray) -> None:
        rows = weights.astype(float).tolist()
        self.sparse = {g: tuple(rows[i]) for i, g in enumerate(vocab)}
        self.dense = [(k, tuple(rows[len(vocab) + j])) for j, k in enumerate(dense)]
        self.bias = tuple(bias.astype(float).tolist())

    def logits(self, text: str, feats: dict[str, float]) -> tuple[float, float, float]:
        a, b, c = self.bias
        get = self.sparse.get
        for w in filter(None, map(get, text_ngrams(text))):
            a += w[0]
            b += w[1]
            c += w[2]
        d = dense_features(text, feats)
        for k, w in self.dense:
            x = d.get(k, 0.0)
            if x:
                a += x * w[0]
                b += x * w[1]
                c += x * w[2]
        return a, b, c


@lru_cache(maxsize=1)
def load_model(path: Path = MODEL_PATH) -> KindModel | None:
    if not path.exists():
        return None
    z = np.load(path, allow_pickle=False)
    return KindModel(list(z["vocab"]), list(z["dense"]), z["weights"], z["bias"])


def predict(text: str, feats: dict[str, float], fallback: str) -> str:
    model = load_model()
    if model is None:
        return fallback
    if feats.get("solved"):
        return "other"  # a solved notice closes a request whatever else it says
    a, b, c = model.logits(text, feats)
    return LABELS[0] if a >= b and a >= c else LABELS[1] if b >= c else LABELS[2]
