"""Which lifecycle paths the demo requests take, how many of each, and how long each step takes.

A path is the list of steps after creation; the final status follows from it. Counts are for
`--scale 1`; every path keeps at least one request at any scale so every status and close reason shows.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Path:
    name: str
    steps: tuple[str, ...]
    count: int
    age_hours: tuple[float, float]  # how long ago the request came in


PATHS: tuple[Path, ...] = (
    # new (待核实)
    Path("new", (), 45, (0.1, 8)),
    Path("new_one_miss", ("no_answer",), 15, (1, 10)),
    Path("new_unreachable", ("no_answer", "no_answer", "no_answer"), 10, (8, 30)),
    Path("new_wrong_number", ("wrong_number", "no_answer", "wrong_number"), 3, (10, 40)),
    # verified (已核实)
    Path("verified", ("confirm",), 40, (0.5, 12)),
    Path("verified_after_misses", ("no_answer", "no_answer", "no_answer", "confirm"), 10, (6, 30)),
    Path("verified_corrected", ("correct",), 8, (1, 20)),
    Path("released", ("confirm", "claim", "release"), 5, (20, 60)),
    # claimed (已认领)
    Path("claimed", ("confirm", "claim"), 35, (4, 60)),
    Path("assigned_by_hub", ("assign_org",), 10, (2, 30)),
    Path("transfer_pending", ("confirm", "claim", "transfer"), 5, (10, 50)),
    Path("reopened_after_followup", ("confirm", "claim", "assign", "deliver", "followup_more"), 6,
         (110, 200)),
    # in progress (处理中)
    Path("in_progress", ("confirm", "claim", "assign"), 45, (8, 120)),
    Path("transferred", ("confirm", "claim", "transfer", "accept", "assign"), 5, (20, 100)),
    Path("started", ("confirm", "claim", "start"), 5, (10, 60)),
    # delivered (已送达), follow-up due 3 days after delivery
    Path("delivered", ("confirm", "claim", "assign", "deliver"), 40, (24, 140)),
    Path("delivered_partly", ("confirm", "claim", "assign", "deliver_partial"), 8, (24, 140)),
    Path("followup_missed", ("confirm", "claim", "assign", "deliver", "followup_unreachable"), 6, (110, 200)),
    # closed (已结案), one path per close reason
    Path("fulfilled", ("confirm", "claim", "assign", "deliver", "followup_ok"), 60, (100, 230)),
    Path("partly_fulfilled", ("confirm", "claim", "assign", "deliver_partial", "followup_ok"), 12,
         (100, 230)),
    Path("already_helped", ("already_helped",), 12, (5, 200)),
    Path("not_needed", ("no_answer", "not_needed"), 10, (5, 200)),
    Path("false_report", ("false",), 5, (5, 200)),
    Path("duplicate", ("close_duplicate",), 20, (0, 0)),  # timed from its original, see lifecycle
    Path("unreachable", ("no_answer", "no_answer", "no_answer", "close_unreachable"), 8, (30, 200)),
    Path("out_of_scope", ("confirm", "close_out_of_scope"), 5, (10, 200)),
    Path("done_by_others", ("confirm", "claim", "close_done_by_others"), 4, (20, 200)),
    # on hold (暂缓)
    Path("held_new", ("hold",), 6, (2, 60)),
    Path("held_verified", ("confirm", "hold"), 8, (5, 80)),
    Path("held_in_progress", ("confirm", "claim", "assign", "hold"), 8, (10, 120)),
)

# Hours from the previous step: (min, max). A follow-up call happens once it is due (3 days).
GAP_HOURS: dict[str, tuple[float, float]] = {
    "no_answer": (0.3, 3), "wrong_number": (0.3, 2), "confirm": (0.2, 3), "correct": (0.2, 3),
    "already_helped": (0.5, 6), "not_needed": (1, 8), "false": (0.5, 6),
    "claim": (0.3, 6), "assign_org": (0.2, 2), "assign": (0.2, 4), "start": (0.5, 4),
    "transfer": (1, 8), "accept": (0.5, 4), "release": (2, 12),
    "deliver": (2, 30), "deliver_partial": (2, 30),
    "followup_ok": (72, 84), "followup_more": (72, 84), "followup_unreachable": (72, 84),
    "close_duplicate": (0.2, 3), "close_unreachable": (2, 24), "close_out_of_scope": (0.5, 6),
    "close_done_by_others": (2, 20), "hold": (0.5, 8),
}


def scaled_count(path: Path, scale: float) -> int:
    return max(1, round(path.count * scale))
