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
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

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


def _model(
    prep: Prepared,
    options: dict[int, list[int]],
    size: Callable[[int], int],
    locked_at: Callable[[int], int],
    hint: dict[int, int],
) -> tuple[cp_model.CpModel, dict[tuple[int, int], cp_model.IntVar]]:
    """The CP-SAT model of a stage: a boolean x[r, k] for each request r and each of its
    `options` k, a slot or a group of `size(k)` interchangeable slots. At most one per pair of
    people; per person and k at most size(k); per k at most tables * size(k), and as many
    times `interpreters` meetings needing one; locked meetings fixed at `locked_at(slot)`;
    maximise the total value. `hint` (request -> k) seeds the search."""
    problem = prep.problem
    model = cp_model.CpModel()
    x: dict[tuple[int, int], cp_model.IntVar] = {}
    by_pair: dict[frozenset[Id], list[cp_model.IntVar]] = defaultdict(list)
    by_person: dict[tuple[Id, int], list[cp_model.IntVar]] = defaultdict(list)
    by_option: dict[int, list[cp_model.IntVar]] = defaultdict(list)
    interpreted: dict[int, list[cp_model.IntVar]] = defaultdict(list)
    for ri, ks in options.items():
        request = problem.requests[ri]
        for k in ks:
            var = x[ri, k] = model.new_bool_var(f"x_{ri}_{k}")
            by_pair[pair(request.a, request.b)].append(var)
            by_person[request.a, k].append(var)
            by_person[request.b, k].append(var)
            by_option[k].append(var)
            if request.needs_interpreter:
                interpreted[k].append(var)
            if hint:
                model.add_hint(var, hint.get(ri) == k)
    for group in by_pair.values():
        if len(group) > 1:
            model.add_at_most_one(group)
    for (_person, k), group in by_person.items():
        if len(group) > size(k):
            model.add(sum(group) <= size(k))
    for k, group in by_option.items():
        if len(group) > problem.tables * size(k):
            model.add(sum(group) <= problem.tables * size(k))
    for k, group in interpreted.items():
        if len(group) > problem.interpreters * size(k):
            model.add(sum(group) <= problem.interpreters * size(k))
    for ri, (si, _table) in prep.locked.items():
        model.add(x[ri, locked_at(si)] == 1)  # validated: a locked slot is always usable
    model.maximize(sum(problem.requests[ri].value * var for (ri, _k), var in x.items()))
    return model, x


def _run(
    model: cp_model.CpModel,
    x: dict[tuple[int, int], cp_model.IntVar],
    seconds: float,
    gap_limit: float,
) -> tuple[str, dict[int, int] | None, int]:
    """Solve a stage: its status, the chosen request -> option (None without a solution) and
    the proven bound."""
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(seconds, 0.05)
    solver.parameters.relative_gap_limit = gap_limit
    solver.parameters.num_workers = 2  # the machine is shared; more workers only contend
    # With two workers CP-SAT runs one full-problem worker beside its heuristics. The default
    # one (default_lp) linearises too little of this model: on the benchmark event it proved no
    # useful bound in 30 s. max_lp solves the whole linear relaxation, nearly integral here, and
    # proves the first stage optimal in seconds.
    solver.parameters.subsolvers.append("max_lp")
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return solver.status_name(status), None, round(solver.best_objective_bound)
    chosen = {ri: k for (ri, k), var in x.items() if solver.boolean_value(var)}
    return solver.status_name(status), chosen, round(solver.best_objective_bound)


def solve(problem: Problem, time_limit_s: float = 30.0, gap_limit: float = 0.01) -> Schedule:
    """A schedule of greatest total value, found by CP-SAT within `time_limit_s` seconds or
    once proved within `gap_limit` (relative) of the best possible.

    The plain model (x[r, s] for each request and usable slot: not a break, both people
    available for all of it, not a no-thanks pair) is full of symmetry: slots that the same
    people can attend are interchangeable, and CP-SAT wastes its time on equivalent schedules.
    So it runs in stages (see `_model`):

    1. Choose the meetings: slots grouped by who can attend them (`Prepared.groups`), x[r, g]
       for each group, at most |g| meetings per person in a group, tables * |g| per group. Any
       schedule is a solution of this relaxation, so its proven bound bounds every schedule.
       Hinted with the greedy schedule of the requests by value.
    2. Place the chosen meetings in slots of their group, x[r, s]: a small problem, nearly
       always placing them all, which makes the schedule optimal (within the gap) as well.
    3. Only if stage 2 leaves the schedule short of the gap: the plain model over all requests
       and slots, hinted with the best schedule so far, for the time left.

    Tables are numbered afterwards (any numbering of a slot's meetings works, since their
    count is bounded). `status` is OPTIMAL when the schedule is proved best (gap 0), FEASIBLE
    otherwise; if CP-SAT finds nothing at all (a time limit too short to load the model), the
    greedy schedule of the requests by value is returned with CP-SAT's status (UNKNOWN).
    """
    started = time.perf_counter()
    deadline = started + time_limit_s
    prep = prepare(problem)
    requests = problem.requests
    best = _greedy_choice(prep, sorted(range(len(requests)), key=lambda ri: -requests[ri].value))
    groups = {
        ri: sorted({prep.group_of[si] for si in usable}) for ri, usable in enumerate(prep.usable)
    }
    model, x = _model(
        prep,
        {ri: gs for ri, gs in groups.items() if gs},
        lambda g: len(prep.groups[g]),
        lambda si: prep.group_of[si],
        {ri: prep.group_of[si] for ri, si in best.items()},
    )
    status, picked, bound = _run(model, x, deadline - time.perf_counter(), gap_limit)
    found = picked is not None
    if picked is not None:
        options = {
            ri: [si for si in prep.usable[ri] if prep.group_of[si] == g] for ri, g in picked.items()
        }
        model, x = _model(prep, options, lambda _si: 1, lambda si: si, {})
        _status, placed, _bound = _run(model, x, deadline - time.perf_counter(), gap_limit)
        if placed is not None and _value(prep, placed) > _value(prep, best):
            best = placed
    if bound - _value(prep, best) > gap_limit * bound and time.perf_counter() < deadline:
        usable = {ri: slots for ri, slots in enumerate(prep.usable) if slots}
        model, x = _model(prep, usable, lambda _si: 1, lambda si: si, best)
        status, placed, plain_bound = _run(model, x, deadline - time.perf_counter(), gap_limit)
        found |= placed is not None
        if placed is not None and _value(prep, placed) > _value(prep, best):
            best = placed
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
