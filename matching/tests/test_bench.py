from matching.bench import bench_allocate, bench_match


def test_it_reports_the_allocate_figures():
    out = bench_allocate(lines=300, warehouses=5, seed=2)
    assert set(out) == {
        "lines",
        "warehouses",
        "seconds",
        "unmet_ratio_vs_fcfs",
        "gini_ratio_vs_fcfs",
        "km_ratio_vs_fcfs",
        "unmet_ratio_vs_utilitarian",
    }
    assert out["unmet_ratio_vs_utilitarian"] >= 1.0  # the utilitarian plan minimises weighted unmet


def test_it_reports_the_match_figures():
    out = bench_match(tasks=300, volunteers=60, online=500)
    assert {"tasks", "volunteers", "k", "seconds", "assigned", "gap_vs_k50", "online_p95_ms"} <= set(out)
    assert out["assigned"] > 0 and out["online_p95_ms"] > 0
