"""`heli bench parse`: parser throughput and duplicate-index build/query figures on synthetic messages.

Never uses the real posts: every message is generated from templates with a fixed seed.
"""

import random
import resource
import time
from collections.abc import Iterator

from intake.parser import parse_message
from intake.parser.dedup import DedupIndex

_DISTRICTS = (
    "雁塔区",
    "碑林区",
    "未央区",
    "灞桥区",
    "莲湖区",
    "新城区",
    "长安区",
    "浦东新区",
    "闵行区",
    "徐汇区",
)
_STREETS = (
    "电子城街道",
    "张家堡街道",
    "韦曲街道",
    "花木街道",
    "七宝镇",
    "田林街道",
    "纺织城街道",
    "土门街道",
)
_WHO = (
    "我妈",
    "我爸",
    "独居老人",
    "孕妇",
    "两岁宝宝",
    "一家三口",
    "老两口",
    "透析病人",
    "糖尿病老人",
    "工地工友",
)
_NEED = ("胰岛素只剩两天", "家里断粮了", "降压药吃完了", "需要车送医院", "没人照顾", "发烧39度", "菜快没了")
_TAIL = ("求助", "求扩散", "谢谢大家", "急", "麻烦帮忙", "在线等", "")
_CHUNK = 50_000


def synthetic_messages(n: int, seed: int = 7) -> Iterator[tuple[str, list[str]]]:
    """(text, phones); about one message in ten is a re-worded repost of an earlier one."""
    rng = random.Random(seed)
    recent: list[tuple[str, list[str]]] = []
    for _ in range(n):
        if recent and rng.random() < 0.1:
            text, phones = rng.choice(recent)
            yield "转发：" + text + rng.choice(_TAIL), phones
            continue
        phone = f"1{rng.choice('3578')}{rng.randrange(10**9):09d}"
        text = (
            f"{rng.choice(_DISTRICTS)}{rng.choice(_STREETS)}"
            f"{rng.randrange(1, 40)}号楼{rng.randrange(101, 2999)}室"
            f" {rng.choice(_WHO)}{rng.randrange(50, 95)}岁 {rng.choice(_NEED)}，{rng.choice(_NEED)} "
            f"电话{phone} {rng.choice(_TAIL)}"
        )
        recent.append((text, [phone]))
        if len(recent) > 1000:
            recent.pop(0)
        yield text, [phone]


def _parse_rate(n: int = 5000, repeats: int = 3) -> tuple[float, float]:
    """Messages a second, (wall, CPU), the median of `repeats` passes after a warm-up pass.

    On this shared 2-core VM one pass can run 30 % slower than the next for reasons outside the
    process; the median of three is steadier than one pass and less flattering than the best.
    """
    texts = [t for t, _ in synthetic_messages(n, seed=11)]
    for t in texts[:200]:  # lazy tables (gazetteer, model) and caches, as in a running worker
        parse_message(t)
    walls, cpus = [], []
    for _ in range(repeats):
        start, cpu = time.perf_counter(), time.process_time()
        for t in texts:
            parse_message(t)
        walls.append(n / (time.perf_counter() - start))
        cpus.append(n / max(time.process_time() - cpu, 1e-9))
    return sorted(walls)[len(walls) // 2], sorted(cpus)[len(cpus) // 2]


def bench_parse(*, rows: int = 1_000_000, **_: object) -> dict:
    parse_message("预热 gazetteer 雁塔区")  # load the division table outside the timed loop
    rate, cpu_rate = _parse_rate()
    index = DedupIndex()
    start = time.perf_counter()
    batch_t: list[str] = []
    batch_p: list[list[str]] = []
    for text, phones in synthetic_messages(rows):
        batch_t.append(text)
        batch_p.append(phones)
        if len(batch_t) == _CHUNK:
            index.add_many(range(len(index), len(index) + len(batch_t)), batch_t, batch_p)
            batch_t, batch_p = [], []
    if batch_t:
        index.add_many(range(len(index), len(index) + len(batch_t)), batch_t, batch_p)
    build_s = time.perf_counter() - start
    timings = []
    for text, phones in synthetic_messages(200, seed=99):
        t0 = time.perf_counter()
        index.query(text, phones)
        timings.append((time.perf_counter() - t0) * 1000)
    timings.sort()
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "parse_msgs_per_s": round(rate, 1),
        "parse_msgs_per_cpu_s": round(cpu_rate, 1),
        "dedup_rows": rows,
        "dedup_build_s": round(build_s, 2),
        "dedup_check_p95_ms": round(timings[int(len(timings) * 0.95) - 1], 3),
        "dedup_peak_rss_mb": round(peak_kb / 1024, 1),
    }
