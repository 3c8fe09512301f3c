"""`python -m intake.eval [--json]`: every split (dev, heldout, test) and per source, as a table.

`heli parse --eval` prints dev and the old held-out split; this also shows the `test` split.
"""

import json
import sys
from pathlib import Path

from .run import run_eval
from .sources import shared_data_dir


def format_all(result: dict) -> str:
    cols = [k for k, v in result.items() if isinstance(v, dict)]
    metrics = [m for m in result["dev"] if m != "n"]
    lines = [f"labels: {result['labels']}  texts missing: {result['missing_texts']}"]
    lines.append(f"{'metric':<24}" + "".join(f"{c:>18}" for c in cols))
    lines.append(f"{'n':<24}" + "".join(f"{result[c]['n']:>18}" for c in cols))
    for m in metrics:
        lines.append(f"{m:<24}" + "".join(f"{result[c][m]:>18.3f}" for c in cols))
    return "\n".join(lines)


def main(argv: list[str]) -> None:
    data = shared_data_dir(Path(__file__).resolve().parents[3] / "shared" / "data")
    result = run_eval(data)
    print(format_all(result))
    if "--json" in argv:
        print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv[1:])
