"""B2B meeting scheduler for matchmaking events: one-to-one meetings in fixed time slots at
numbered tables, optimised with OR-Tools CP-SAT.

Pure Python without Django: the events app turns its rows into a `Problem` and stores the
`Schedule` it gets back. Times are aware datetimes in UTC; showing them in a participant's time
zone is the caller's job.

- `request_value` turns a request's kind and match score into the integer value maximised.
- `solve` finds a schedule of (near) greatest total value with CP-SAT.
- `greedy` is the first-come baseline: requests in the order they were made, each in the
  earliest slot that fits. It is the peer `bench/schedule.py` measures `solve` against.
- `check` lists every rule a schedule breaks, written independently of both (in `checks.py`,
  as input validation is in `validation.py`).

Rules every schedule keeps: a request meets at most once and so does a pair of people (two
requests for the same pair are one meeting); a person is in at most one meeting per slot; a slot
holds at most `tables` meetings, each at its own table numbered 1..tables; at most
`interpreters` meetings needing an interpreter per slot; no meeting in a break, outside either
person's availability, or between a "no thanks" pair; locked meetings stay in their slot at
their table.
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TypeVar

from ortools.sat.python import cp_model

from udyamsetu.events.checks import check
from udyamsetu.events.validation import KINDS, Prepared, pair, prepare

__all__ = [
    "KINDS",
    "KIND_BASE",
    "Id",
    "Locked",
    "Meeting",
    "NoThanks",
    "Person",
    "Problem",
    "Request",
    "Schedule",
    "Slot",
    "check",
    "greedy",
    "request_value",
    "solve",
]

Id = int | str
Window = tuple[datetime, datetime]
K = TypeVar("K")  # a stage's variable keys
# Base value of each kind; the match score (0..100) is added on top. A mutual "must meet" is
# worth more than any three other meetings: placing it in a slot displaces at most the two
# people's meetings there and one for a table or an interpreter, so the optimum never drops it
# for lower kinds. A mutual "would meet" is worth about two accepted requests.
KIND_BASE = {"mutual_must": 10_000, "mutual": 1_000, "accepted": 500}


@dataclass(frozen=True)
class Slot:
    """A meeting slot; `start` and `end` are aware datetimes in UTC."""

    id: Id
    start: datetime
    end: datetime
    is_break: bool = False


@dataclass(frozen=True)
class Person:
    """A participant, available during `available` windows (None: the whole event). `language`
    is carried for the caller, which decides `Request.needs_interpreter` from it."""

    id: Id
    available: Sequence[Window] | None = None
    language: str = "en"


@dataclass(frozen=True)
class Request:
    """A meeting two people want, worth `value` (see `request_value`)."""

    id: Id
    a: Id
    b: Id
    value: int
    kind: str
    needs_interpreter: bool = False


@dataclass(frozen=True)
class NoThanks:
    """Two people who must never be scheduled together, whatever requests exist."""

    a: Id
    b: Id


@dataclass(frozen=True)
class Locked:
    """A meeting already fixed (announced, or placed by hand): kept in its slot at its table."""

    request_id: Id
    slot_id: Id
    table: int


@dataclass(frozen=True)
class Problem:
    """An event to schedule. `interpreters` is how many meetings needing one a slot can hold."""

    slots: Sequence[Slot]
    tables: int
    people: Sequence[Person]
    requests: Sequence[Request]
    no_thanks: Sequence[NoThanks] = field(default_factory=list)
    locked: Sequence[Locked] = field(default_factory=list)
    interpreters: int = 0


@dataclass(frozen=True)
class Meeting:
    request_id: Id
    a: Id
    b: Id
    slot_id: Id
    table: int


@dataclass(frozen=True)
class Schedule:
    """The meetings, their total value (`objective`), an upper bound on the best total, the
    relative gap between them, how the run ended and how long it took."""

    meetings: list[Meeting]
    objective: int
    bound: int
    gap: float
    status: str
    seconds: float


def request_value(kind: str, match_score: float) -> int:
    """The value of a request: its kind's base (`KIND_BASE`: mutual must-meet 10,000, mutual
    would-meet 1,000, accepted request 500) plus the match score 0..100 rounded to an integer,
    so the score only orders requests of the same kind."""
    if kind not in KIND_BASE:
        raise ValueError(f"unknown request kind {kind!r}; expected one of {', '.join(KINDS)}")
    if not 0 <= match_score <= 100:
        raise ValueError(f"match score must be between 0 and 100, got {match_score}")
    return KIND_BASE[kind] + round(match_score)


def _meetings(prep: Prepared, chosen: dict[int, int]) -> list[Meeting]:
    """Meetings for the chosen request index -> slot index, with tables: locked meetings keep
    theirs, the others take the free numbers 1..tables in order, in request order."""
    taken: dict[int, set[int]] = defaultdict(set)
    for si, table in prep.locked.values():
        taken[si].add(table)
    free = {
        si: iter([t for t in range(1, prep.problem.tables + 1) if t not in taken[si]])
        for si in set(chosen.values())
    }
    meetings = []
    for ri in sorted(chosen, key=lambda ri: (chosen[ri], ri)):
        si = chosen[ri]
        request = prep.problem.requests[ri]
        table = prep.locked[ri][1] if ri in prep.locked else next(free[si])
        meetings.append(Meeting(request.id, request.a, request.b, prep.slots[si].id, table))
    return meetings


def _greedy_choice(prep: Prepared, order: Iterable[int]) -> dict[int, int]:
    """Locked meetings first, then each request in `order` (indices) in the earliest usable
    slot where both people are free and a table (and an interpreter, if needed) is left.
    Returns request index -> slot index."""
    problem = prep.problem
    chosen: dict[int, int] = {}
    busy: set[tuple[Id, int]] = set()
    used: Counter[int] = Counter()
    interpreted: Counter[int] = Counter()
    met: set[frozenset[Id]] = set()

    def place(ri: int, si: int) -> None:
        request = problem.requests[ri]
        chosen[ri] = si
        busy.update(((request.a, si), (request.b, si)))
        used[si] += 1
        interpreted[si] += request.needs_interpreter
        met.add(pair(request.a, request.b))

    for ri, (si, _table) in prep.locked.items():
        place(ri, si)
    for ri in order:
        request = problem.requests[ri]
        if ri in chosen or pair(request.a, request.b) in met:
            continue
        for si in prep.usable[ri]:
            if (
                (request.a, si) not in busy
                and (request.b, si) not in busy
                and used[si] < problem.tables
                and (not request.needs_interpreter or interpreted[si] < problem.interpreters)
            ):
                place(ri, si)
                break
    return chosen


def _value(prep: Prepared, chosen: dict[int, int]) -> int:
    return sum(prep.problem.requests[ri].value for ri in chosen)


def greedy(problem: Problem) -> Schedule:
    """First come, first served: locked meetings first, then the requests in the order given
    (the order they were made), each in the earliest slot where both people are available and
    free and a table (and an interpreter, if needed) is left. Its `bound` is the trivial one,
    the total value of every request that has a usable slot, so its gap says little."""
    started = time.perf_counter()
    prep = prepare(problem)
    chosen = _greedy_choice(prep, range(len(problem.requests)))
    objective = _value(prep, chosen)
    bound = sum(r.value for r, usable in zip(problem.requests, prep.usable, strict=True) if usable)
    return Schedule(
        _meetings(prep, chosen),
        objective,
        bound,
        (bound - objective) / max(1, bound),
        "GREEDY",
        time.perf_counter() - started,
    )


def _hall(
    model: cp_model.CpModel,
    z: dict[tuple[int, int], cp_model.IntVar],
    slots_of: dict[tuple[int, int], list[int]],
    keys: list[tuple[int, int]],
    per_slot: int,
) -> None:
    """Capacity cuts for stage 1: for each interval of slots, the meetings among `keys` that
    can only take place inside it fill at most `per_slot` places in each slot they can use.
    For one person (per_slot 1) whose windows are intervals this is Hall's condition, so each
    person's chosen meetings fit their slots."""
    spans = {key: (slots_of[key][0], slots_of[key][-1]) for key in keys}
    seen: set[frozenset[tuple[int, int]]] = set()
    for first in sorted({lo for lo, _hi in spans.values()}):
        for last in sorted({hi for _lo, hi in spans.values() if hi >= first}):
            inside = frozenset(k for k, (lo, hi) in spans.items() if first <= lo and hi <= last)
            room = per_slot * len({si for key in inside for si in slots_of[key]})
            if len(inside) > room and inside not in seen:
                seen.add(inside)
                model.add(sum(z[key] for key in inside) <= room)


def _choose(
    prep: Prepared, options: dict[int, list[int]]
) -> tuple[cp_model.CpModel, dict[tuple[int, int], cp_model.IntVar]]:
    """Stage 1, which requests meet and in which part of the day: the runs of slots between
    breaks. A boolean z[r, g] for each request r and part g holding one of its slots; at most
    one per pair of people; in each part `_hall` cuts for each person, the tables and the
    interpreters; locked meetings fixed; maximise the total value. When everyone's windows
    follow the breaks (morning, afternoon, all day), a part's slots are interchangeable and
    the cuts are plain capacities."""
    problem = prep.problem
    part_of: dict[int, int] = {}
    part = 0
    for si, slot in enumerate(prep.slots):
        part += slot.is_break
        part_of[si] = part
    model = cp_model.CpModel()
    z: dict[tuple[int, int], cp_model.IntVar] = {}
    slots_of: dict[tuple[int, int], list[int]] = defaultdict(list)
    by_pair: dict[frozenset[Id], list[cp_model.IntVar]] = defaultdict(list)
    by_person: dict[tuple[Id, int], list[tuple[int, int]]] = defaultdict(list)
    by_part: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for ri, slots in options.items():
        request = problem.requests[ri]
        for si in slots:
            slots_of[ri, part_of[si]].append(si)
        for g in sorted({part_of[si] for si in slots}):
            z[ri, g] = model.new_bool_var(f"z_{ri}_{g}")
            by_pair[pair(request.a, request.b)].append(z[ri, g])
            by_person[request.a, g].append((ri, g))
            by_person[request.b, g].append((ri, g))
            by_part[g].append((ri, g))
    for group in by_pair.values():
        if len(group) > 1:
            model.add_at_most_one(group)
    for keys in by_person.values():
        _hall(model, z, slots_of, keys, 1)
    for keys in by_part.values():
        _hall(model, z, slots_of, keys, problem.tables)
        interpreted = [key for key in keys if problem.requests[key[0]].needs_interpreter]
        _hall(model, z, slots_of, interpreted, problem.interpreters)
    for ri, (si, _table) in prep.locked.items():
        model.add(z[ri, part_of[si]] == 1)
    model.maximize(sum(problem.requests[ri].value * var for (ri, _g), var in z.items()))
    return model, z


def _place(
    prep: Prepared, options: dict[int, list[int]], hint: dict[int, int], *, every: bool = False
) -> tuple[cp_model.CpModel, dict[tuple[int, int], cp_model.IntVar]]:
    """The plain model: a boolean x[r, s] for each request r and each slot s in its
    `options`. At most one per pair of people (so per request); at most one per person and
    slot; at most `tables` per slot, and `interpreters` meetings needing one; locked meetings
    fixed; maximise the total value. `hint` (request -> slot) seeds the search. With `every`,
    the question is only whether every request can be placed (stage 2): a pure feasibility
    problem, which CP-SAT answers in about a second where maximising the same placement took
    it twenty."""
    problem = prep.problem
    model = cp_model.CpModel()
    x: dict[tuple[int, int], cp_model.IntVar] = {}
    by_pair: dict[frozenset[Id], list[cp_model.IntVar]] = defaultdict(list)
    by_person: dict[tuple[Id, int], list[cp_model.IntVar]] = defaultdict(list)
    by_slot: dict[int, list[cp_model.IntVar]] = defaultdict(list)
    interpreted: dict[int, list[cp_model.IntVar]] = defaultdict(list)
    for ri, slots in options.items():
        request = problem.requests[ri]
        for si in slots:
            var = x[ri, si] = model.new_bool_var(f"x_{ri}_{si}")
            by_pair[pair(request.a, request.b)].append(var)
            by_person[request.a, si].append(var)
            by_person[request.b, si].append(var)
            by_slot[si].append(var)
            if request.needs_interpreter:
                interpreted[si].append(var)
            if hint:
                model.add_hint(var, hint.get(ri) == si)
    for group in (*by_pair.values(), *by_person.values()):
        if len(group) > 1:
            model.add_at_most_one(group)
    if every:
        for ri, slots in options.items():
            model.add_exactly_one(x[ri, si] for si in slots)
    for group in by_slot.values():
        if len(group) > problem.tables:
            model.add(sum(group) <= problem.tables)
    for group in interpreted.values():
        if len(group) > problem.interpreters:
            model.add(sum(group) <= problem.interpreters)
    for ri, (si, _table) in prep.locked.items():
        model.add(x[ri, si] == 1)  # validated: a locked slot is always usable
    if not every:
        model.maximize(sum(problem.requests[ri].value * var for (ri, _si), var in x.items()))
    return model, x


def _run(
    model: cp_model.CpModel, x: dict[K, cp_model.IntVar], seconds: float, gap_limit: float
) -> tuple[str, list[K] | None, int | None]:
    """Solve a stage: CP-SAT's status, the keys of the variables set and the proven bound,
    both None without a solution (CP-SAT stopped early reports a bound of 0)."""
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(seconds, 0.05)
    solver.parameters.relative_gap_limit = gap_limit
    solver.parameters.num_workers = 2  # the machine is shared; more workers only contend
    # With two workers CP-SAT runs one full-problem worker beside its heuristics. The default
    # one (default_lp) linearises too little of these models: on the benchmark event it proved
    # no useful bound in 30 s. max_lp solves the whole linear relaxation, nearly integral here.
    solver.parameters.subsolvers.append("max_lp")
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return solver.status_name(status), None, None
    return (
        solver.status_name(status),
        [k for k, var in x.items() if solver.boolean_value(var)],
        round(solver.best_objective_bound),
    )


def solve(problem: Problem, time_limit_s: float = 30.0, gap_limit: float = 0.01) -> Schedule:
    """A schedule of greatest total value, found by CP-SAT within `time_limit_s` seconds or
    once proved within `gap_limit` (relative) of the best possible.

    The plain model (x[r, s] for each request and usable slot: not a break, both people
    available for all of it, not a no-thanks pair; see `_place`) is full of symmetry, since
    slots the same people can attend are interchangeable, and its linear relaxation is slow:
    on the benchmark event CP-SAT neither improved on a good start nor proved it within 1% in
    30 s. So it runs in stages:

    1. Choose which requests meet, and in which part of the day (`_choose`). Every schedule
       is a solution of this relaxation, so its proven bound bounds every schedule.
    2. Place exactly the chosen meetings in slots (`_place`, every one): nearly always
       possible, and then the schedule is as close to the bound as stage 1's choice.
    3. Only if that fails, or leaves the schedule further than `gap_limit` from the bound:
       the plain model over all requests and slots for the time left, hinted with the best
       schedule so far (the chosen meetings placed greedily by value, or all requests so);
       its bound tightens the first.

    Tables are numbered afterwards (any numbering of a slot's meetings works, since their
    count is bounded). `status` is OPTIMAL when the schedule is proved best (gap 0), FEASIBLE
    otherwise; if CP-SAT finds nothing at all (a time limit too short to load the model), the
    greedy schedule of the requests by value is returned with CP-SAT's status (UNKNOWN).
    """
    started = time.perf_counter()
    deadline = started + time_limit_s
    prep = prepare(problem)
    requests = problem.requests
    by_value = sorted(range(len(requests)), key=lambda ri: -requests[ri].value)
    best = _greedy_choice(prep, by_value)
    options = {ri: slots for ri, slots in enumerate(prep.usable) if slots}
    options |= {ri: [si] for ri, (si, _table) in prep.locked.items()}
    # No hint here: on the benchmark event the greedy hint slowed stage 1 by a quarter.
    model, z = _choose(prep, options)
    status, picked, proven = _run(model, z, deadline - time.perf_counter(), gap_limit)
    found = picked is not None
    # Without a proof, the trivial bound: every request that has a slot meets.
    bound = proven if proven is not None else sum(requests[ri].value for ri in options)
    if picked is not None:
        chosen = {ri for ri, _part in picked}
        model, x = _place(prep, {ri: options[ri] for ri in chosen}, {}, every=True)
        _status, placed, _bound = _run(model, x, deadline - time.perf_counter(), 0)
        if placed is None:  # not all placeable (or no time): the chosen ones, greedily
            placed = list(_greedy_choice(prep, [ri for ri in by_value if ri in chosen]).items())
        if _value(prep, dict(placed)) >= _value(prep, best):
            best = dict(placed)
    if bound - _value(prep, best) > gap_limit * bound and time.perf_counter() < deadline:
        model, x = _place(prep, options, best)
        status, placed, plain_bound = _run(model, x, deadline - time.perf_counter(), gap_limit)
        if placed is not None and plain_bound is not None:
            found = True
            if _value(prep, dict(placed)) >= _value(prep, best):
                best = dict(placed)
            bound = min(bound, plain_bound)
    objective = _value(prep, best)
    bound = max(bound, objective)
    if objective == bound:
        status = "OPTIMAL"
    elif found:
        status = "FEASIBLE"  # CP-SAT says OPTIMAL once within the gap limit; the gap tells
    return Schedule(
        _meetings(prep, best),
        objective,
        bound,
        (bound - objective) / max(1, bound),
        status,
        time.perf_counter() - started,
    )
