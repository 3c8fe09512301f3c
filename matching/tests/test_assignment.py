import math

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from matching.assignment import Reason, Task, Volunteer, VolunteerIndex, assign, rank_volunteers
from matching.assignment.flow import open_costs, slots
from matching.assignment.solve import Penalties, arcs_for

SKILLS = ("driver", "doctor", "counsellor")
ZONES = ("Z1", "Z2")
ANY_HOURS = st.sampled_from([0.5, 1.0, 2.0])


def starts(t: Task, v: Volunteer) -> list[int]:
    """Whole hours at which v can do t: inside the task window and one availability window."""
    return [
        h
        for s, e in v.windows
        for h in range(math.ceil(max(t.start, s)), math.floor(min(t.end, e) - t.hours) + 1)
    ]


def feasible(t: Task, v: Volunteer) -> bool:
    """The hard rules, written out plainly as the reference."""
    return (
        t.skills <= v.skills
        and (not t.sealed or t.zone in v.passes)
        and v.fit
        and v.hours_left >= t.hours
        and bool(starts(t, v))
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
                end=start + draw(st.sampled_from([2, 3])),
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


def rows(result):  # (task, volunteer, start hour)
    return [(t, v, h) for (t, v, _), h in zip(result.pairs(), result.start, strict=True)]


@settings(max_examples=60, deadline=None)
@given(instances(), st.integers(1, 4))
def test_it_never_breaks_a_hard_rule(inst, k):
    tasks, vols = inst
    result = assign(tasks, vols, k=k)
    by_t = {t.id: t for t in tasks}
    by_v = {v.id: v for v in vols}
    pairs = [(t, v) for t, v, _ in rows(result)]
    assert len(set(pairs)) == len(pairs)
    for tid, vid, h in rows(result):
        assert feasible(by_t[tid], by_v[vid]) and h in starts(by_t[tid], by_v[vid])
    for v in vols:
        mine = sorted((h, by_t[t]) for t, vid, h in rows(result) if vid == v.id)
        assert len(mine) <= max(v.capacity - v.load, 0)
        assert sum(t.hours for _, t in mine) <= v.hours_left
        # one task per hour slot and never two at once: a volunteer is in one place at a time
        for (h1, t1), (h2, _) in zip(mine, mine[1:], strict=False):
            assert h2 >= h1 + max(1, math.ceil(t1.hours))
    for i, t in enumerate(tasks):
        assert sum(1 for tid, _ in pairs if tid == t.id) + result.unfilled[i] == t.people


@settings(max_examples=60, deadline=None)
@given(instances(hours=st.just(1.0)), st.integers(1, 3))
def test_it_never_leaves_level_1_open_while_someone_could_take_it(inst, k):
    tasks, vols = inst
    result = assign(tasks, vols, k=k)
    by_t = {t.id: t for t in tasks}
    for i, t in enumerate(tasks):
        if t.urgency != 1 or result.unfilled[i] == 0:
            continue
        for v in vols:
            held = [(tid, h) for tid, vid, h in rows(result) if vid == v.id]
            if (t.id, v.id) in {(tid, v.id) for tid, _ in held} or not feasible(t, v):
                continue
            room = len(held) < v.capacity - v.load and sum(by_t[x].hours for x, _ in held) + 1 <= v.hours_left
            free_hour = set(starts(t, v)) - {h for _, h in held}
            assert not (room and free_hour), (t, v, held)


@settings(max_examples=30, deadline=None)
@given(instances(hours=st.sampled_from([0.5, 1.0])))
def test_it_is_optimal_against_highs(inst):
    """With k ≥ pool size the candidate graph holds every feasible (task, volunteer, start hour); an LP
    over it (a network matrix, so integral) solved by HiGHS must reach the same objective."""
    tasks, vols = inst
    pen = Penalties()
    result = assign(tasks, vols, k=len(vols))
    ix = VolunteerIndex.build(vols)
    ta = ix.tasks(tasks)
    free = [max(v.capacity - v.load, 0) > 0 and v.fit and v.hours_left > 0 for v in vols]
    pairs = [(i, j) for i, t in enumerate(tasks) for j, v in enumerate(vols) if free[j] and feasible(t, v)]
    if not pairs:
        return
    t, v = (np.array(x, np.int64) for x in zip(*pairs, strict=True))
    arcs = arcs_for(ix, ta, t, v, pen, 2)
    n_slot = slots(ix, ta, arcs)
    sv = np.repeat(np.arange(len(vols)), n_slot)
    sc = pen.load * (ix.load[sv] + np.arange(len(sv)) - np.repeat(np.cumsum(n_slot) - n_slot, n_slot))
    vh = sorted({(a, h) for a, h in zip(arcs.v.tolist(), arcs.hour.tolist(), strict=True)})
    n_x, n_z, n_o, n_t = len(arcs), len(sv), len(tasks), len(tasks)
    c = np.r_[arcs.cost, sc, open_costs(ix, ta, pen.km, pen.scarce, pen.load)]
    a_eq = np.zeros((n_t + len(vols), n_x + n_z + n_o))
    a_eq[arcs.t, np.arange(n_x)] = 1
    a_eq[np.arange(n_o), n_x + n_z + np.arange(n_o)] = 1
    a_eq[n_t + arcs.v, np.arange(n_x)] = 1
    a_eq[n_t + sv, n_x + np.arange(n_z)] = -1
    b_eq = np.r_[[tk.people for tk in tasks], np.zeros(len(vols))]
    a_ub = np.zeros((len(vh), n_x + n_z + n_o))  # one task per volunteer-hour
    for r, (a, h) in enumerate(vh):
        a_ub[r, np.flatnonzero((arcs.v == a) & (arcs.hour == h))] = 1
    bounds = [(0, 1)] * (n_x + n_z) + [(0, None)] * n_o
    lp = linprog(c, A_ub=a_ub, b_ub=np.ones(len(vh)), A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs")
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
    assert sorted(v for _, v, _ in result.pairs()) == ["far", "near"]
    assert {t for t, _, _ in result.pairs()} == {"c1", "c2"}
    assert result.reasons == {"low": Reason.AT_CAPACITY}


def test_it_never_puts_one_volunteer_in_two_places_at_once():
    vols = [_vol("A", capacity=5, hours_left=8)]
    tasks = [Task(f"T{i}", 30.6, 114.3, start=9, end=11, hours=0.5, urgency=i + 1) for i in range(3)]
    tasks.append(Task("long", 30.6, 114.3, start=11, end=15, hours=3, urgency=1))
    tasks.append(Task("after", 30.6, 114.3, start=12, end=13, hours=1, urgency=2))
    result = assign(tasks, vols)
    got = {t: h for t, _, h in rows(result)}
    # two hour slots in 9–11 go to the two most urgent; the 3-hour task and the 12:00 one cannot both fit
    assert got["T0"] != got["T1"] and {got["T0"], got["T1"]} == {9.0, 10.0}
    assert "T2" not in got
    assert "long" in got and "after" not in got
    assert result.solves >= 2  # the overlap was found and repaired


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
    assert len(rank_volunteers(task, index, n=len(vols))) == len(vols)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 40), st.sampled_from([0.0, 0.25, 0.5]), st.integers(0, 10)),
        min_size=1,
        max_size=3,
    ),
    st.lists(
        st.tuples(st.integers(0, 40), st.sampled_from([0.0, 0.5]), st.integers(1, 6), ANY_HOURS),
        min_size=1,
        max_size=6,
    ),
)
def test_it_offers_each_real_start_hour_once(windows, specs):
    """Start options from the hour bitmasks: the first whole hours inside the task window and one
    availability window, each hour once even where two windows overlap, against the plain reference."""
    vol = _vol("A", windows=tuple((s + f, s + f + d) for s, f, d in windows))
    tasks = [
        Task(f"T{i}", 30.6, 114.3, start=s + f, end=s + f + w + q, hours=q)
        for i, (s, f, w, q) in enumerate(specs)
    ]
    ix = VolunteerIndex.build([vol])
    ta = ix.tasks(tasks)
    assert ta.hour_bits is not None
    got = ix.starts(ta, np.arange(len(tasks)), np.zeros(len(tasks), np.int64), 3)
    for i, t in enumerate(tasks):
        want = sorted(set(starts(t, vol)))[:3]
        assert [h for h in got[i] if not np.isnan(h)] == want
        assert ix.available(ta, np.array([i]), np.array([0]))[0] == bool(want)


def test_it_falls_back_to_plain_hours_beyond_64_hours():
    vol = _vol("A", windows=((0.0, 100.0),))
    tasks = [
        Task("early", 30.6, 114.3, start=2.5, end=6, hours=1),
        Task("late", 30.6, 114.3, start=90, end=92),
    ]
    ix = VolunteerIndex.build([vol])
    ta = ix.tasks(tasks)
    assert ta.hour_bits is None  # a week-long clock does not fit one 64-bit word
    got = ix.starts(ta, np.arange(2), np.zeros(2, np.int64), 2)
    assert got.tolist() == [[3.0, 4.0], [90.0, 91.0]]
    assert assign(tasks, [vol]).assigned == 1  # one place (capacity 1), matched on the plain path
