"""Benchmark: the B2B meeting scheduler (CP-SAT) on a generated matchmaking event, against the
first-come schedule of the same requests.

    python -m bench.schedule [--participants 500] [--requests 3000] [--tables 40] [--seed 1]
                             [--time-limit 30] [--gap 0.01]

The event (seeded, so every run schedules the same one): 16 slots of 20 minutes from 09:00 IST,
the ninth of them a break, so 15 slots hold meetings (7 in the morning, 8 in the afternoon);
40 tables; 500 participants, 20% of them there only in the morning or only in the afternoon,
10% of them foreign delegates (Japanese, German, French) needing an interpreter with anyone
of another language (4 interpreters per slot).
3,000 requests between distinct pairs: 8% mutual "must meet", 22% mutual "would meet", the
rest accepted one-sided requests, each with a match score; who is asked is drawn by a skewed
(Pareto) popularity, so popular participants are asked far more often than they have slots.
20 "no thanks" pairs (half of them with a request) and 8 meetings locked in advance.

Measured: `solve` (time limit 30 s, relative gap 1%, 2 workers) and `greedy` (requests in the
order they were made, each in the earliest slot that fits) on the same event; both schedules
must pass `check`, else the run fails. Reported: solver seconds and proven gap, meetings and
total value of each, and their ratios. Writes bench/results/schedule.json. The summary also
prints how many requests of each kind each schedule meets.

With 40 tables the room, not the people, is the limit: 600 places for 3,000 requests, which
both schedules fill, so the meeting ratio stays near 1 and the gain is in which meetings take
the places (`value_ratio`). `--tables 200` shows the other case, where popular people are the
limit.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench.import_registry import ROOT, machine
from udyamsetu.events.scheduler import (
    KINDS,
    Locked,
    NoThanks,
    Person,
    Problem,
    Request,
    Slot,
    check,
    greedy,
    request_value,
    solve,
)

RESULTS = ROOT / "bench" / "results"
START = datetime(2026, 2, 10, 3, 30, tzinfo=UTC)  # 09:00 in India
SLOT_MINUTES = 20
SLOTS = 16
BREAK = 8  # the ninth slot (counted among the 16)
FOREIGN = ("ja", "de", "fr")


def event(participants: int, requests: int, tables: int, seed: int) -> Problem:
    """The generated event; see the module docstring for its make-up."""
    rng = random.Random(seed)
    slots = [
        Slot(
            f"s{i + 1:02}",
            START + timedelta(minutes=SLOT_MINUTES * i),
            START + timedelta(minutes=SLOT_MINUTES * (i + 1)),
            is_break=i == BREAK,
        )
        for i in range(SLOTS)
    ]
    morning = (slots[0].start, slots[BREAK].start)
    afternoon = (slots[BREAK].end, slots[-1].end)
    people = []
    for i in range(participants):
        draw = rng.random()
        available = [morning] if draw < 0.1 else [afternoon] if draw < 0.2 else None
        language = rng.choice(FOREIGN) if rng.random() < 0.1 else "en"
        people.append(Person(f"p{i + 1:03}", available, language))
    language = {p.id: p.language for p in people}
    popularity = [rng.paretovariate(1.2) for _ in people]

    pairs: set[frozenset[str]] = set()
    wishes = []
    while len(wishes) < requests:
        a = rng.choice(people).id
        b = rng.choices(people, weights=popularity)[0].id
        if a == b or frozenset((a, b)) in pairs:
            continue
        pairs.add(frozenset((a, b)))
        draw = rng.random()
        kind = "mutual_must" if draw < 0.08 else "mutual" if draw < 0.30 else "accepted"
        wishes.append(
            Request(
                f"r{len(wishes) + 1:04}",
                a,
                b,
                request_value(kind, round(rng.uniform(0, 100), 1)),
                kind,
                needs_interpreter=language[a] != language[b],
            )
        )
    rng.shuffle(wishes)  # the order in which they were made, which first-come follows

    no_thanks = [NoThanks(r.b, r.a) for r in rng.sample(wishes, 10)]
    while len(no_thanks) < 20:
        a, b = rng.sample(people, 2)
        no_thanks.append(NoThanks(a.id, b.id))
    refused = {frozenset((n.a, n.b)) for n in no_thanks}

    # Meetings arranged in advance (a minister's visit, say): must-meets of people there all
    # day, in the first slots, at table 1, each person locked once at most.
    locked, locked_people = [], set()
    whole_day = {p.id for p in people if p.available is None}
    for r in wishes:
        if len(locked) == 8:
            break
        if (
            r.kind == "mutual_must"
            and not r.needs_interpreter
            and {r.a, r.b} <= whole_day - locked_people
            and frozenset((r.a, r.b)) not in refused
        ):
            locked.append(Locked(r.id, slots[len(locked)].id, 1))
            locked_people |= {r.a, r.b}
    return Problem(slots, tables, people, wishes, no_thanks, locked, interpreters=4)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=500)
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--tables", type=int, default=40)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--time-limit", type=float, default=30.0)
    parser.add_argument("--gap", type=float, default=0.01)
    parser.add_argument("--out", type=Path, default=RESULTS / "schedule.json")
    args = parser.parse_args()
    if args.participants < 2 or args.requests < 1:
        parser.error("--participants must be at least 2 and --requests at least 1")
    if args.requests > args.participants * (args.participants - 1) // 2:
        parser.error("more --requests than pairs of participants")

    problem = event(args.participants, args.requests, args.tables, args.seed)
    usable = sum(not s.is_break for s in problem.slots)
    print(
        f"{args.participants} participants, {len(problem.requests):,} requests, "
        f"{usable} meeting slots × {args.tables} tables = {usable * args.tables:,} places"
    )
    first_come = greedy(problem)
    print(
        f"  greedy: {len(first_come.meetings)} meetings, value {first_come.objective:,} "
        f"in {first_come.seconds:.2f} s"
    )
    best = solve(problem, time_limit_s=args.time_limit, gap_limit=args.gap)
    print(
        f"  solver: {len(best.meetings)} meetings, value {best.objective:,} (bound "
        f"{best.bound:,}, gap {best.gap:.2%}, {best.status}) in {best.seconds:.1f} s"
    )
    for name, schedule in (("greedy", first_come), ("solver", best)):
        if faults := check(problem, schedule):
            sys.exit(f"the {name} schedule is invalid:\n  " + "\n  ".join(faults[:20]))
    kind = {r.id: r.kind for r in problem.requests}
    wanted = Counter(kind.values())
    for name, schedule in (("greedy", first_come), ("solver", best)):
        met = Counter(kind[m.request_id] for m in schedule.meetings)
        print(f"  {name} meets " + ", ".join(f"{met[k]}/{wanted[k]} {k}" for k in KINDS))

    result = {
        "participants": args.participants,
        "requests": len(problem.requests),
        "slots": len(problem.slots),
        "tables": args.tables,
        "seconds": round(best.seconds, 1),
        "gap": round(best.gap, 4),
        "meetings": len(best.meetings),
        "greedy_meetings": len(first_come.meetings),
        "ratio": round(len(best.meetings) / max(1, len(first_come.meetings)), 3),
        "value": best.objective,
        "greedy_value": first_come.objective,
        "value_ratio": round(best.objective / max(1, first_come.objective), 3),
        "status": best.status,
        "machine": machine(),
        "date": time.strftime("%Y-%m-%d"),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
