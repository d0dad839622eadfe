"""The independent check of a schedule: every rule it breaks, in words. It shares no code with
the solver or the greedy baseline, so tests and the benchmark can use it to prove them right."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from udyamsetu.events.scheduler import Id, Meeting, Problem, Schedule


def check(problem: Problem, schedule: Schedule) -> list[str]:
    """Every rule the schedule breaks, in words (empty when it is valid). Written apart from
    `solve` and `greedy` so that tests and the benchmark can prove their schedules valid."""
    faults: list[str] = []
    slots = {s.id: s for s in problem.slots}
    people = {p.id: p for p in problem.people}
    requests = {r.id: r for r in problem.requests}
    refused = {frozenset((n.a, n.b)) for n in problem.no_thanks}
    per_request: Counter[Id] = Counter()
    per_pair: Counter[frozenset[Id]] = Counter()
    per_person_slot: Counter[tuple[Id, Id]] = Counter()
    per_table: Counter[tuple[Id, int]] = Counter()
    per_slot: Counter[Id] = Counter()
    interpreted: Counter[Id] = Counter()
    placed: dict[Id, Meeting] = {}
    total = 0
    for m in schedule.meetings:
        request, slot = requests.get(m.request_id), slots.get(m.slot_id)
        if request is None:
            faults.append(f"meeting of unknown request {m.request_id!r}")
            continue
        if slot is None:
            faults.append(f"request {m.request_id!r} meets in unknown slot {m.slot_id!r}")
            continue
        total += request.value
        placed[m.request_id] = m
        if {m.a, m.b} != {request.a, request.b}:
            faults.append(
                f"request {m.request_id!r} is between {request.a!r} and {request.b!r}, "
                f"the meeting between {m.a!r} and {m.b!r}"
            )
        if slot.is_break:
            faults.append(f"request {m.request_id!r} meets in break slot {m.slot_id!r}")
        for person_id in (request.a, request.b):
            person = people.get(person_id)
            if person is None:
                faults.append(f"request {m.request_id!r} names unknown person {person_id!r}")
            elif person.available is not None and not any(
                start <= slot.start and slot.end <= end for start, end in person.available
            ):
                faults.append(
                    f"person {person_id!r} is not available for all of slot {m.slot_id!r} "
                    f"(request {m.request_id!r})"
                )
            per_person_slot[person_id, m.slot_id] += 1
        if frozenset((request.a, request.b)) in refused:
            faults.append(
                f"request {m.request_id!r} schedules no-thanks pair {request.a!r}, {request.b!r}"
            )
        if not 1 <= m.table <= problem.tables:
            faults.append(
                f"request {m.request_id!r} is at table {m.table}, outside 1..{problem.tables}"
            )
        per_request[m.request_id] += 1
        per_pair[frozenset((request.a, request.b))] += 1
        per_table[m.slot_id, m.table] += 1
        per_slot[m.slot_id] += 1
        interpreted[m.slot_id] += request.needs_interpreter
    faults += [f"request {r!r} meets {n} times" for r, n in per_request.items() if n > 1]
    faults += [f"pair {sorted(map(str, p))} meets {n} times" for p, n in per_pair.items() if n > 1]
    faults += [
        f"person {p!r} is in {n} meetings in slot {s!r}"
        for (p, s), n in per_person_slot.items()
        if n > 1
    ]
    faults += [
        f"table {t} holds {n} meetings in slot {s!r}" for (s, t), n in per_table.items() if n > 1
    ]
    faults += [
        f"slot {s!r} holds {n} meetings, more than the {problem.tables} tables"
        for s, n in per_slot.items()
        if n > problem.tables
    ]
    faults += [
        f"slot {s!r} holds {n} meetings needing an interpreter, more than {problem.interpreters}"
        for s, n in interpreted.items()
        if n > problem.interpreters
    ]
    for lock in problem.locked:
        m = placed.get(lock.request_id)
        if m is None or (m.slot_id, m.table) != (lock.slot_id, lock.table):
            where = "missing" if m is None else f"in slot {m.slot_id!r} at table {m.table}"
            faults.append(
                f"locked meeting of request {lock.request_id!r} belongs in slot "
                f"{lock.slot_id!r} at table {lock.table}, is {where}"
            )
    if total != schedule.objective:
        faults.append(f"objective is {schedule.objective}, the meetings are worth {total}")
    return faults
