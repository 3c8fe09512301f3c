"""The two-step flow (fill level by level, then re-optimise cost inside strongly connected components)
against one plain min-cost flow over the same candidate graph, and the lazy solver imports."""

import subprocess
import sys

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from ortools.graph.python import min_cost_flow

from matching.assignment import VolunteerIndex, synthetic
from matching.assignment.candidates import forward
from matching.assignment.flow import fill, open_costs, slots, solve
from matching.assignment.solve import Penalties, arcs_for


def plain_objective(ix, ta, arcs, open_cost, pen_load):
    """The textbook network in one solve: task → (volunteer, hour) → volunteer → sink, plus task → sink
    at the open cost. On these instances no exchange chain is long enough for the weighted optimum to
    differ from the lexicographic one, so the objectives must be equal."""
    n_t, n_v = len(ta.people), len(ix.volunteers)
    keys, vh = np.unique(arcs.v * 100 + arcs.hour, return_inverse=True)
    n_vh = len(keys)
    vol0, sink = n_t + n_vh, n_t + n_vh + n_v
    free = slots(ix, ta, arcs)
    sv = np.repeat(np.arange(n_v), free)
    sj = np.arange(len(sv)) - np.repeat(np.cumsum(free) - free, free)
    tails = np.r_[arcs.t, n_t + np.arange(n_vh), vol0 + sv, np.arange(n_t)]
    heads = np.r_[n_t + vh.reshape(-1), vol0 + keys // 100, np.full(len(sv) + n_t, sink)]
    caps = np.r_[np.ones(len(arcs) + n_vh + len(sv), np.int64), ta.people]
    costs = np.r_[arcs.cost, np.zeros(n_vh, np.int64), pen_load * (ix.load[sv] + sj), open_cost]
    smcf = min_cost_flow.SimpleMinCostFlow()
    smcf.add_arcs_with_capacity_and_unit_cost(
        tails.astype(np.int32), heads.astype(np.int32), caps.astype(np.int64), costs.astype(np.int64)
    )
    supplies = np.zeros(sink + 1, np.int64)
    supplies[:n_t] = ta.people
    supplies[sink] = -int(ta.people.sum())
    smcf.set_nodes_supplies(np.arange(sink + 1, dtype=np.int32), supplies)
    assert smcf.solve() == smcf.OPTIMAL
    return smcf.optimal_cost()


@settings(max_examples=12, deadline=None)
@given(st.integers(1, 10_000), st.sampled_from([(300, 30), (600, 80), (1500, 120)]), st.integers(2, 6))
def test_it_matches_one_plain_min_cost_flow(seed, size, k):
    n_tasks, n_vols = size
    ix = VolunteerIndex.build(synthetic.volunteers(n_vols, seed))
    ta = ix.tasks(synthetic.tasks(n_tasks, seed))
    pen = Penalties()
    pool = (ix.capacity > ix.load) & ix.fit
    t, v, _ = forward(ix, ta, np.flatnonzero(ta.people > 0), k, pool)
    arcs = arcs_for(ix, ta, t, v, pen, 2)
    open_cost = open_costs(ix, ta, pen.km, pen.scarce, pen.load)
    ours = solve(ix, ta, arcs, open_cost, pen.load)
    assert ours.objective == plain_objective(ix, ta, arcs, open_cost, pen.load)
    # starting the cost step from a fill plan computed separately gives the same optimum
    assert solve(ix, ta, arcs, open_cost, pen.load, filled=fill(ix, ta, arcs)).objective == ours.objective
    # and the arcs it reports used are a valid plan: one task per volunteer-hour, places not exceeded
    used_slots = arcs.v[ours.used] * 100 + arcs.hour[ours.used]
    assert len(np.unique(used_slots)) == len(used_slots)
    assert (np.bincount(arcs.t[ours.used], minlength=len(ta.people)) <= ta.people).all()


def test_it_does_not_load_the_solvers_on_import():
    """Web workers import the package for its dataclasses; OR-Tools and SciPy load on the first solve."""
    code = (
        "import sys, matching.assignment; "
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'ortools', 'scipy'}))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
