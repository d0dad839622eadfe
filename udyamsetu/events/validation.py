"""Validation of a scheduling `Problem`: every fault raises ValueError naming the id and what is
wrong, before any solver runs; a valid problem comes back indexed for `solve` and `greedy`."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from itertools import pairwise
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from udyamsetu.events.scheduler import Id, Person, Problem, Slot

KINDS = ("mutual_must", "mutual", "accepted")


@dataclass
class Prepared:
    """A validated problem with slots in time order and each request's usable slots."""

    problem: Problem
    slots: list[Slot]  # chronological; the solver and greedy work with these indices
    slot_index: dict[Id, int]
    usable: list[list[int]]  # per request (given order): slot indices it may be placed in
    locked: dict[int, tuple[int, int]]  # request index -> (slot index, table)


def pair(a: Id, b: Id) -> frozenset[Id]:
    return frozenset((a, b))


def covers(person: Person, slot: Slot) -> bool:
    """Whether the person is available for the whole slot."""
    if person.available is None:
        return True
    return any(start <= slot.start and slot.end <= end for start, end in person.available)


def unique(kind: str, ids: list[Id]) -> None:
    for value, count in Counter(ids).items():
        if count > 1:
            raise ValueError(f"duplicate {kind} id {value!r}")


def aware(moment: datetime) -> bool:
    return moment.tzinfo is not None and moment.utcoffset() is not None


def prepare(problem: Problem) -> Prepared:
    """Validate the problem (ValueError naming the id and the fault) and index it."""
    if problem.tables < 1:
        raise ValueError(f"tables must be at least 1, got {problem.tables}")
    if problem.interpreters < 0:
        raise ValueError(f"interpreters must be 0 or more, got {problem.interpreters}")
    unique("slot", [s.id for s in problem.slots])
    unique("person", [p.id for p in problem.people])
    unique("request", [r.id for r in problem.requests])
    for slot in problem.slots:
        if not (aware(slot.start) and aware(slot.end)):
            raise ValueError(f"slot {slot.id!r} needs aware (UTC) start and end times")
        if slot.end <= slot.start:
            raise ValueError(f"slot {slot.id!r} ends before it starts")
    slots = sorted(problem.slots, key=lambda s: s.start)
    for earlier, later in pairwise(slots):
        if later.start < earlier.end:
            raise ValueError(f"slots {earlier.id!r} and {later.id!r} overlap")
    people = {p.id: p for p in problem.people}
    for person in problem.people:
        for number, (start, end) in enumerate(person.available or (), start=1):
            if not (aware(start) and aware(end)):
                raise ValueError(f"person {person.id!r}: availability window {number} is naive")
            if end <= start:
                raise ValueError(
                    f"person {person.id!r}: availability window {number} ends before it starts"
                )
    for request in problem.requests:
        for person_id in (request.a, request.b):
            if person_id not in people:
                raise ValueError(f"request {request.id!r} names unknown person {person_id!r}")
        if request.a == request.b:
            raise ValueError(f"request {request.id!r} has person {request.a!r} meeting themself")
        if request.kind not in KINDS:
            raise ValueError(f"request {request.id!r} has unknown kind {request.kind!r}")
        if request.value < 0:
            raise ValueError(f"request {request.id!r} has negative value {request.value}")

    # Pairs naming people outside the event are ignored: the caller may pass them all.
    refused = {pair(n.a, n.b) for n in problem.no_thanks}
    slot_index = {s.id: i for i, s in enumerate(slots)}
    usable = []
    for request in problem.requests:
        a, b = people[request.a], people[request.b]
        usable.append(
            []
            if pair(a.id, b.id) in refused
            else [
                i for i, s in enumerate(slots) if not s.is_break and covers(a, s) and covers(b, s)
            ]
        )
    return Prepared(
        problem, slots, slot_index, usable, locked_meetings(problem, slots, slot_index, refused)
    )


class LockedMeetingConflict(ValueError):
    """A meeting kept where it is breaks a rule of the event as it is now (a break, an
    availability, a table or an interpreter taken away since it was placed): the organiser must
    move or unlock it. Other faults of the problem are the caller's bugs (plain ValueError)."""


def locked_meetings(
    problem: Problem, slots: list[Slot], slot_index: dict[Id, int], refused: set[frozenset[Id]]
) -> dict[int, tuple[int, int]]:
    """Validate the locked meetings against each other and the rules; request index -> (slot
    index, table)."""
    request_index = {r.id: i for i, r in enumerate(problem.requests)}
    people = {p.id: p for p in problem.people}
    locked: dict[int, tuple[int, int]] = {}
    seen_table: dict[tuple[int, int], Id] = {}
    seen_person: dict[tuple[Id, int], Id] = {}
    seen_pair: dict[frozenset[Id], Id] = {}
    interpreted: Counter[int] = Counter()
    for lock in problem.locked:
        rid = lock.request_id
        if rid not in request_index:
            raise ValueError(f"locked meeting names unknown request {rid!r}")
        if lock.slot_id not in slot_index:
            raise ValueError(
                f"locked meeting of request {rid!r} names unknown slot {lock.slot_id!r}"
            )
        ri, si = request_index[rid], slot_index[lock.slot_id]
        request, slot = problem.requests[ri], slots[si]
        if ri in locked:
            raise ValueError(f"request {rid!r} is locked twice")
        if slot.is_break:
            raise LockedMeetingConflict(
                f"locked meeting of request {rid!r} is in break slot {slot.id!r}"
            )
        for person_id in (request.a, request.b):
            if not covers(people[person_id], slot):
                raise LockedMeetingConflict(
                    f"locked meeting of request {rid!r}: person {person_id!r} is not available "
                    f"for all of slot {slot.id!r}"
                )
        if not 1 <= lock.table <= problem.tables:
            raise LockedMeetingConflict(
                f"locked meeting of request {rid!r}: table {lock.table} is outside "
                f"1..{problem.tables}"
            )
        couple = pair(request.a, request.b)
        if couple in refused:
            raise LockedMeetingConflict(
                f"locked meeting of request {rid!r} is between a no-thanks pair"
            )
        if couple in seen_pair:
            raise ValueError(
                f"locked meetings of requests {seen_pair[couple]!r} and {rid!r} are for the "
                "same pair"
            )
        if (si, lock.table) in seen_table:
            raise ValueError(
                f"locked meetings of requests {seen_table[si, lock.table]!r} and {rid!r} both use "
                f"table {lock.table} in slot {slot.id!r}"
            )
        for person_id in (request.a, request.b):
            if (person_id, si) in seen_person:
                raise ValueError(
                    f"locked meetings of requests {seen_person[person_id, si]!r} and {rid!r} "
                    f"both have person {person_id!r} in slot {slot.id!r}"
                )
            seen_person[person_id, si] = rid
        if request.needs_interpreter:
            interpreted[si] += 1
            if interpreted[si] > problem.interpreters:
                raise LockedMeetingConflict(
                    f"locked meetings in slot {slot.id!r} need more than the "
                    f"{problem.interpreters} interpreters available (request {rid!r})"
                )
        seen_table[si, lock.table] = rid
        seen_pair[couple] = rid
        locked[ri] = (si, lock.table)
    return locked
