import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from matching.assignment import Reason, Task, Volunteer, VolunteerIndex, assign, rank_volunteers
from matching.assignment.solve import Penalties, pair_costs

SKILLS = ("driver", "doctor", "counsellor")
ZONES = ("Z1", "Z2")
ANY_HOURS = st.sampled_from([0.5, 1.0, 2.0])


def feasible(t: Task, v: Volunteer) -> bool:
    """The hard rules, written out plainly as the reference."""
    return (
        t.skills <= v.skills
        and (not t.sealed or t.zone in v.passes)
        and v.fit
        and v.hours_left >= t.hours
        and any(min(t.end, e) - max(t.start, s) >= t.hours for s, e in v.windows)
    )


@st.composite
def instances(draw, hours=ANY_HOURS):
    tasks, vols = [], []
    for i in range(draw(st.integers(1, 8))):
        start = draw(st.integers(6, 20))
        tasks.append(
            Task(
                id=f"T{i}",
                lat=draw(st.floats(30.5, 30.7)),
                lon=draw(st.floats(114.2, 114.4)),
                skills=frozenset(draw(st.sets(st.sampled_from(SKILLS), max_size=1))),
                zone=draw(st.sampled_from(ZONES)),
                sealed=draw(st.booleans()),
                start=start,
                end=start + 2,
                hours=draw(hours),
                urgency=draw(st.integers(1, 4)),
                people=draw(st.integers(1, 2)),
            )
        )
    for i in range(draw(st.integers(1, 6))):
        s = draw(st.integers(6, 20))
        vols.append(
            Volunteer(
                id=f"V{i}",
                lat=draw(st.floats(30.5, 30.7)),
                lon=draw(st.floats(114.2, 114.4)),
                skills=frozenset(draw(st.sets(st.sampled_from(SKILLS)))),
                passes=frozenset(draw(st.sets(st.sampled_from(ZONES)))),
                windows=((s, s + draw(st.integers(1, 6))),),
                capacity=draw(st.integers(0, 3)),
                load=draw(st.integers(0, 1)),
                hours_left=draw(st.sampled_from([0.0, 1.0, 2.0, 8.0])),
                fit=draw(st.booleans()),
            )
        )
    return tasks, vols


@settings(max_examples=80, deadline=None)
@given(instances(), st.integers(1, 4))
def test_it_never_breaks_a_hard_rule(inst, k):
    tasks, vols = inst
    result = assign(tasks, vols, k=k)
    by_t = {t.id: t for t in tasks}
    by_v = {v.id: v for v in vols}
    pairs = [(t, v) for t, v, _ in result.pairs()]
    assert len(set(pairs)) == len(pairs)
    for tid, vid in pairs:
        assert feasible(by_t[tid], by_v[vid])
    for v in vols:
        mine = [by_t[t] for t, vid in pairs if vid == v.id]
        assert len(mine) <= max(v.capacity - v.load, 0)
        assert sum(t.hours for t in mine) <= v.hours_left
    for t in tasks:
        assert sum(1 for tid, _ in pairs if tid == t.id) + result.unfilled[tasks.index(t)] == t.people


@settings(max_examples=80, deadline=None)
@given(instances(hours=st.just(1.0)), st.integers(1, 3))
def test_it_never_leaves_level_1_open_while_someone_could_take_it(inst, k):
    tasks, vols = inst
    result = assign(tasks, vols, k=k)
    pairs = {(t, v) for t, v, _ in result.pairs()}
    for i, t in enumerate(tasks):
        if t.urgency != 1 or result.unfilled[i] == 0:
            continue
        for v in vols:
            held = [p for p in pairs if p[1] == v.id]
            spare = len(held) < v.capacity - v.load and (len(held) + 1) * 1.0 <= v.hours_left
            assert not (feasible(t, v) and spare and (t.id, v.id) not in pairs), (t, v)


@settings(max_examples=30, deadline=None)
@given(instances(hours=st.just(1.0)))
def test_it_is_optimal_against_highs(inst):
    """With k ≥ pool size the candidate graph is every feasible pair; an LP over it (totally
    unimodular, so integral) solved by HiGHS must reach the same objective."""
    tasks, vols = inst
    pen = Penalties()
    result = assign(tasks, vols, k=len(vols))
    ix = VolunteerIndex.build(vols)
    ta = ix.tasks(tasks)
    free = [max(v.capacity - v.load, 0) for v in vols]
    t = np.array(
        [i for i, tk in enumerate(tasks) for j, v in enumerate(vols) if feasible(tk, v) and free[j]], int
    )
    v = np.array([j for tk in tasks for j, vo in enumerate(vols) if feasible(tk, vo) and free[j]], int)
    if len(t) == 0:
        return
    _, cost = pair_costs(ix, ta, t, v, pen)
    slots = [min(free[j], int(vols[j].hours_left), int((v == j).sum())) for j in range(len(vols))]
    sv = [j for j in range(len(vols)) for _ in range(slots[j])]
    sc = [pen.load * (vols[j].load + n) for j in range(len(vols)) for n in range(slots[j])]
    u4 = 2 * int(cost.max() + max(sc, default=0)) + 1
    open_cost = [u4 * 4 ** (4 - tk.urgency) for tk in tasks]
    n_x, n_z, n_o = len(t), len(sv), len(tasks)
    c = np.r_[cost, sc, open_cost]
    a_eq = np.zeros((len(tasks) + len(vols), n_x + n_z + n_o))
    a_eq[t, np.arange(n_x)] = 1
    a_eq[np.arange(n_o), n_x + n_z + np.arange(n_o)] = 1
    a_eq[len(tasks) + v, np.arange(n_x)] = 1
    a_eq[len(tasks) + np.array(sv, int), n_x + np.arange(n_z)] = -1
    b_eq = np.r_[[tk.people for tk in tasks], np.zeros(len(vols))]
    bounds = [(0, 1)] * (n_x + n_z) + [(0, None)] * n_o
    lp = linprog(c, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs")
    assert lp.status == 0
    assert abs(lp.fun - result.objective) < 1e-6 * max(1.0, abs(lp.fun))


def _vol(vid: str, **kw) -> Volunteer:
    base = dict(
        lat=30.6, lon=114.3, skills=frozenset({"driver"}), passes=frozenset({"Z1"}), windows=((8.0, 18.0),)
    )
    return Volunteer(vid, **{**base, **kw})


def test_it_explains_each_unassigned_task():
    vols = [_vol("A", capacity=1), _vol("B", fit=False, capacity=3, passes=frozenset({"Z2"}))]
    tasks = [
        Task("skill", 30.6, 114.3, skills=frozenset({"doctor"}), start=9, end=11),
        Task("pass", 30.6, 114.3, zone="Z3", sealed=True, start=9, end=11),
        Task("unfit", 30.6, 114.3, zone="Z2", sealed=True, start=9, end=11),
        Task("late", 30.6, 114.3, start=20, end=22),
        Task("first", 30.6, 114.3, start=9, end=11, urgency=1),
        Task("second", 30.6, 114.3, start=9, end=11, urgency=4),
    ]
    result = assign(tasks, vols)
    assert result.pairs() == [("first", "A", 0.0)]
    assert result.reasons == {
        "skill": Reason.NO_SKILL,
        "pass": Reason.NO_PASS,
        "unfit": Reason.WELLBEING,
        "late": Reason.NOT_AVAILABLE,
        "second": Reason.AT_CAPACITY,
    }


def test_it_gives_level_1_a_volunteer_beyond_its_k_nearest():
    vols = [_vol("near", capacity=1), _vol("far", lat=30.9, capacity=1)]
    tasks = [
        Task("low", 30.6, 114.3, urgency=4),
        Task("c1", 30.6, 114.3, urgency=1),
        Task("c2", 30.6, 114.3, urgency=1),
    ]
    result = assign(tasks, vols, k=1)
    assert sorted(result.pairs()) == [("c1", "near", 0.0), ("c2", "far", 33.359)] or sorted(
        result.pairs()
    ) == [
        ("c1", "far", 33.359),
        ("c2", "near", 0.0),
    ]
    assert result.reasons == {"low": Reason.AT_CAPACITY}


def test_it_ranks_online_with_reasons():
    vols = [_vol(f"V{i}", lat=30.6 + i * 0.01, capacity=2, load=i % 2) for i in range(30)]
    vols.append(_vol("doc", lat=30.6, skills=frozenset({"driver", "doctor"}), capacity=2))
    index = VolunteerIndex.build(vols)
    task = Task("T", 30.6, 114.3, skills=frozenset({"driver"}), zone="Z1", sealed=True, start=9, end=11)
    ranked = rank_volunteers(task, index, n=10)
    assert [r.rank for r in ranked] == list(range(1, 11))
    assert [r.score for r in ranked] == sorted(r.score for r in ranked)
    assert ranked[0].volunteer_id == "V0" and "0.0 km" in ranked[0].reason and ranked[0].has_pass
    doc = next(r for r in ranked if r.volunteer_id == "doc")
    assert doc.rank > 1 and "doctor" in doc.reason
    # brute force: the same ten best scores over the whole pool
    scores = sorted(
        int(round(r.km * 100)) for r in rank_volunteers(task, index, n=len(vols)) if r.volunteer_id != "doc"
    )
    assert len(rank_volunteers(task, index, n=len(vols))) == len(vols)
    assert scores[0] == 0
