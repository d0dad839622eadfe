"""The registry import: a Udyam-style CSV (docs/registry-import.md) into the enterprise table.

How it works, and why:
- Rows are read and checked in Python, where every rule can name the field and the line; rows
  that break a rule go to the reject file with their line number and reasons.
- Into an empty table (the first load of the registry) good rows go straight in by COPY, with
  the table's secondary indexes dropped and built once at the end: far cheaper than keeping them
  up to date row by row. Otherwise rows go by COPY into a temporary staging table and are
  upserted on the Udyam number, updating only rows whose registry fields differ, so a second
  import of the same file changes nothing.
- Each batch (COPY, upsert, counters, reject-file position) commits in one transaction. A run
  killed part-way leaves whole batches only; run again, it resumes after the last committed
  batch, truncates the reject file back to the matching position, and builds any index the
  killed run had dropped.
- While the database works on one batch, a thread reads and checks the next, so both cores work.
  (Checking in worker processes as well was measured and lost: with PostgreSQL busy on one
  core, the second core has no time to spare. See docs/decisions/0013.)
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import os
import queue
import re
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import psycopg
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from udyamsetu.enterprises.models import Enterprise, RegistryImport
from udyamsetu.enterprises.reference import (
    STATES,
    STATES_BY_CODE,
    nic_codes,
    pin_directory,
    size_class,
)
from udyamsetu.enterprises.signals import registry_imported

HEADER = [
    "udyam_number", "enterprise_name", "organisation_type", "major_activity",
    "date_of_commencement", "nic_codes", "investment_rupees", "turnover_rupees",
    "export_turnover_rupees", "employees", "address", "city", "district", "pin_code",
    "state_code", "women_led", "sc_st_owned", "email", "mobile", "description",
]  # fmt: skip
BATCH_ROWS = 100_000
MAX_AMOUNT = 10**13
EARLIEST = date(1900, 1, 1)

_UDYAM = re.compile(r"UDYAM-([A-Z]{2})-(\d{2})-(\d{7})")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_MOBILE = re.compile(r"[6-9]\d{9}")
# The enterprise columns each good row fills, in the order of its COPY line; the importer adds
# the columns every imported row has in common (_COMMON_COLUMNS) after these.
COPY_COLUMNS = [
    "udyam_number", "legal_name", "organisation_type", "major_activity", "commencement_date",
    "nic_codes", "investment_rupees", "turnover_rupees", "export_turnover_rupees", "employees",
    "address", "city", "district", "pin_code", "state", "women_led", "sc_st_owned",
    "contact_email", "contact_phone", "description", "size_class",
]  # fmt: skip
_ORG_TYPES = frozenset(Enterprise.OrganisationType.values)
_ACTIVITIES = frozenset(Enterprise.Activity.values)
_STATE_INDEX = {s.code: i for i, s in enumerate(STATES)}


class RegistryFileError(ValueError):
    """The file cannot be imported at all (unreadable, wrong header); nothing was written."""


@dataclass
class Progress:
    """What the importer reports after every batch."""

    lines_done: int
    bytes_read: int
    bytes_total: int
    inserted: int
    updated: int
    unchanged: int
    rejected: int


@dataclass
class _Batch:
    first_line: int
    last_line: int
    bytes_read: int
    good: list[str] = field(default_factory=list)  # COPY text lines
    rejects: list[tuple[int, str, str]] = field(default_factory=list)  # line, reasons, raw


# --- reading ---------------------------------------------------------------------------------


def fingerprint(path: Path) -> str:
    """Identifies a file cheaply: its size and its first and last megabyte."""
    digest = hashlib.sha256()
    size = path.stat().st_size
    digest.update(str(size).encode())
    with path.open("rb") as f:
        digest.update(f.read(1 << 20))
        if size > 1 << 20:
            f.seek(max(size - (1 << 20), 0))
            digest.update(f.read())
    return digest.hexdigest()


class _Source:
    """The file's CSV rows, with how far into the (compressed) file we are.

    Bytes that are not UTF-8 become U+FFFD, so the row is rejected rather than the file.
    """

    def __init__(self, path: Path):
        self.raw = path.open("rb")
        magic = self.raw.read(2)
        self.raw.seek(0)
        stream = gzip.GzipFile(fileobj=self.raw) if magic == b"\x1f\x8b" else self.raw
        self.text = io.TextIOWrapper(stream, encoding="utf-8-sig", errors="replace", newline="")
        self.rows = csv.reader(self.text)
        self.total = path.stat().st_size

    @property
    def line(self) -> int:
        return self.rows.line_num

    @property
    def position(self) -> int:
        return self.raw.tell()

    def close(self) -> None:
        self.raw.close()


def _escape(value: str) -> str:
    """COPY text format: backslash, tab and line breaks must be escaped."""
    if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
        value = (
            value.replace("\\", "\\\\")
            .replace("\t", "\\t")
            .replace("\n", "\\n")
            .replace("\r", "\\r")
        )
    return value


def _udyam_key(match: re.Match) -> int:
    """A Udyam number as one integer: exact, and far smaller in memory than the string."""
    return (_STATE_INDEX[match.group(1)] * 100 + int(match.group(2))) * 10_000_000 + int(
        match.group(3)
    )


class _Checker:
    """Checks rows against docs/registry-import.md and turns good ones into COPY lines."""

    def __init__(self, today: date, suffix: str):
        self.suffix = suffix  # the COPY fields every imported row ends with
        self.today_iso = today.isoformat()
        self.earliest = EARLIEST.isoformat()
        self.classes = frozenset(c for c, e in nic_codes().items() if e.level == "class")
        self.pins = pin_directory()
        self.seen: set[int] = set()

    def check(self, row: list[str]) -> tuple[str | None, list[str]]:
        """The COPY line for a good row, or None and the reasons it was rejected."""
        if len(row) != len(HEADER):
            return None, [f"has {len(row)} columns, expected {len(HEADER)}"]
        # Values are taken as written: " Y" is not "Y". The registry format has no padding.
        (udyam, name, org_type, activity, started, nics, investment, turnover, exports,
         employees, address, city, district, pin, state, women, scst, email, mobile,
         description) = row  # fmt: skip
        reasons: list[str] = []
        key = None
        match = _UDYAM.fullmatch(udyam)
        if not match:
            reasons.append("udyam_number must look like UDYAM-SS-DD-NNNNNNN")
        elif match.group(1) not in STATES_BY_CODE:
            reasons.append(f"udyam_number: {match.group(1)} is not a state code")
        elif match.group(2) == "00":
            reasons.append("udyam_number: the district number cannot be 00")
        else:
            key = _udyam_key(match)
            if key in self.seen:
                reasons.append(f"udyam_number {udyam} appears earlier in the file")
        if not name:
            reasons.append("enterprise_name is empty")
        elif len(name) > 255:
            reasons.append(f"enterprise_name has {len(name)} characters, at most 255")
        if org_type not in _ORG_TYPES:
            reasons.append(
                f"organisation_type {org_type!r} is not one of {', '.join(sorted(_ORG_TYPES))}"
            )
        if activity not in _ACTIVITIES:
            reasons.append(f"major_activity {activity!r} is not manufacturing, services or trading")
        try:
            if len(started) != 10:
                raise ValueError
            date.fromisoformat(started)
            # ISO dates of equal length compare correctly as strings, and faster.
            if not self.earliest <= started <= self.today_iso:
                reasons.append(
                    f"date_of_commencement {started} is not between 1900-01-01 and today"
                )
        except ValueError:
            reasons.append(f"date_of_commencement {started!r} is not a real YYYY-MM-DD date")
        codes = nics.split(";")
        if not nics or len(codes) > 10:
            reasons.append("nic_codes must list 1 to 10 codes separated by ';'")
        for code in codes:
            if len(code) not in (4, 5) or not code.isdigit() or code[:4] not in self.classes:
                reasons.append(f"NIC code {code!r} is not a NIC 2008 class or sub-class")
        amounts = []
        for label, text in (
            ("investment_rupees", investment),
            ("turnover_rupees", turnover),
            ("export_turnover_rupees", exports),
        ):
            if text.isdigit() and int(text) <= MAX_AMOUNT:
                amounts.append(int(text))
            else:
                reasons.append(f"{label} {text!r} is not a whole number of rupees from 0 to 10^13")
        if len(amounts) == 3 and amounts[2] > amounts[1]:
            reasons.append("export_turnover_rupees is larger than turnover_rupees")
        if not (employees.isdigit() and int(employees) <= 1_000_000):
            reasons.append(f"employees {employees!r} is not a number from 0 to 1,000,000")
        if len(address) > 500 or len(city) > 100 or len(district) > 100 or len(description) > 2000:
            for label, text, limit in (
                ("address", address, 500),
                ("city", city, 100),
                ("district", district, 100),
                ("description", description, 2000),
            ):
                if len(text) > limit:
                    reasons.append(f"{label} has {len(text)} characters, at most {limit}")
        if state not in STATES_BY_CODE:
            reasons.append(f"state_code {state!r} is not a state code")
        elif match and match.group(1) != state:
            reasons.append(f"state_code {state} differs from the udyam_number's {match.group(1)}")
        location = self.pins.get(pin)
        if location is None:
            reasons.append(f"pin_code {pin!r} is not a known PIN code")
        elif state in STATES_BY_CODE and location.state.code != state:
            reasons.append(
                f"pin_code {pin} is in {location.state.name}, not {STATES_BY_CODE[state].name}"
            )
        if women not in ("Y", "N"):
            reasons.append(f"women_led {women!r} must be Y or N")
        if scst not in ("Y", "N"):
            reasons.append(f"sc_st_owned {scst!r} must be Y or N")
        if email and (len(email) > 254 or not _EMAIL.fullmatch(email)):
            reasons.append(f"email {email!r} is not an e-mail address")
        if mobile and not _MOBILE.fullmatch(mobile):
            reasons.append(f"mobile {mobile!r} must be 10 digits starting with 6-9")
        if reasons:
            return None, reasons
        if "\ufffd" in name or "\ufffd" in address or "\ufffd" in description:
            return None, ["is not valid UTF-8"]
        size = size_class(amounts[0], amounts[1], amounts[2])
        fields = (
            udyam, name, org_type, activity, started,
            "{" + ",".join(codes) + "}", investment, turnover, exports, employees,
            address, city, district or location.district, pin, state,
            "t" if women == "Y" else "f", "t" if scst == "Y" else "f", email, mobile,
            description, size,
        )  # fmt: skip
        copy_line = "\t".join(fields)
        if (
            "\\" in copy_line
            or copy_line.count("\t") != len(fields) - 1
            or "\n" in copy_line
            or "\r" in copy_line
        ):
            copy_line = "\t".join(_escape(v) for v in fields)
        if "\x00" in copy_line:  # PostgreSQL text cannot hold NUL
            return None, ["holds a NUL character"]
        self.seen.add(key)  # type: ignore[arg-type]
        return copy_line + self.suffix, []


def _batches(
    source: _Source, skip_to_line: int, batch_rows: int, checker: _Checker
) -> Iterator[_Batch]:
    """Read, check and group the file's rows into batches, starting after `skip_to_line`."""
    header = next(source.rows, [])
    if header != HEADER:
        raise RegistryFileError(
            f"line 1: the header must be {','.join(HEADER)} (see docs/registry-import.md)"
        )
    batch = _Batch(first_line=2, last_line=1, bytes_read=0)
    check = checker.check
    for row in source.rows:
        line_no = source.line
        if line_no <= skip_to_line:
            # Resuming: these lines are in the database already; only the duplicate check
            # needs to know their Udyam numbers.
            _remember(checker, row)
            continue
        if row:
            copy_line, reasons = check(row)
            if copy_line is None:
                batch.rejects.append((line_no, "; ".join(reasons), _as_csv(row)))
            else:
                batch.good.append(copy_line)
        batch.last_line = line_no
        if len(batch.good) + len(batch.rejects) >= batch_rows:
            batch.bytes_read = source.position
            yield batch
            batch = _Batch(first_line=line_no + 1, last_line=line_no, bytes_read=0)
    if batch.good or batch.rejects or batch.last_line >= batch.first_line:
        batch.bytes_read = source.position
        yield batch


def _as_csv(row: list[str]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow(row)
    return out.getvalue()


def _remember(checker: _Checker, row: list[str]) -> None:
    """Note the Udyam number of an already-imported line, for the duplicate check."""
    match = _UDYAM.fullmatch(row[0]) if row else None
    if match and match.group(1) in STATES_BY_CODE:
        checker.seen.add(_udyam_key(match))


def _prefetch(iterator: Iterator[_Batch], depth: int = 1) -> Iterator[_Batch]:
    """Run the iterator in a thread, one batch ahead of the consumer."""
    box: queue.Queue = queue.Queue(maxsize=depth)
    done = object()

    def produce() -> None:
        try:
            for item in iterator:
                box.put(item)
            box.put(done)
        except BaseException as exc:  # hand any error to the consumer
            box.put(exc)

    thread = threading.Thread(target=produce, daemon=True)
    thread.start()
    while True:
        item = box.get()
        if item is done:
            return
        if isinstance(item, BaseException):
            raise item
        yield item


# --- writing ---------------------------------------------------------------------------------

_TABLE = Enterprise._meta.db_table
# Columns every imported row has in common, after COPY_COLUMNS; the values are per run.
_COMMON_COLUMNS = [
    "website", "offer_text", "seek_text", "export_markets", "verification_level",
    "is_published", "source", "created_at", "updated_at",
]  # fmt: skip
_COLUMNS = ", ".join(COPY_COLUMNS + _COMMON_COLUMNS)


def _common_values() -> str:
    """The COPY fields that end every imported row's line."""
    now = timezone.now().isoformat()
    return "\t" + "\t".join(["", "", "", "{}", "0", "f", Enterprise.Source.REGISTRY, now, now])


# The staging table takes its column types from the enterprise table itself, so that rows of
# the two compare directly (varchar to varchar), and it empties itself at every commit.
_STAGING = f"""
CREATE TEMP TABLE IF NOT EXISTS registry_staging ON COMMIT DELETE ROWS AS
SELECT {_COLUMNS} FROM {_TABLE} WITH NO DATA
"""

# Registry fields are the registry's; contact details and the description belong to the
# enterprise once it has claimed its profile on the portal, so the import leaves those alone.
_REGISTRY_FIELDS = [
    "legal_name", "organisation_type", "commencement_date", "major_activity", "nic_codes",
    "investment_rupees", "turnover_rupees", "export_turnover_rupees", "employees", "address",
    "city", "district", "pin_code", "state", "women_led", "sc_st_owned", "size_class",
]  # fmt: skip
_CHANGED = f"""
    ({", ".join(f"e.{f}" for f in _REGISTRY_FIELDS)},
     CASE WHEN e.organisation_id IS NULL THEN (e.contact_email, e.contact_phone, e.description) END)
    IS DISTINCT FROM
    ({", ".join(f"s.{f}" for f in _REGISTRY_FIELDS)},
     CASE WHEN e.organisation_id IS NULL THEN (s.contact_email, s.contact_phone, s.description) END)
"""
# Update first, then insert what is new: this is about a third faster than INSERT … ON
# CONFLICT, whose speculative insertion checks the unique index twice per row.
_UPDATE = f"""
UPDATE {_TABLE} AS e SET
    {", ".join(f"{f} = s.{f}" for f in _REGISTRY_FIELDS)},
    contact_email = CASE WHEN e.organisation_id IS NULL THEN s.contact_email ELSE e.contact_email END,
    contact_phone = CASE WHEN e.organisation_id IS NULL THEN s.contact_phone ELSE e.contact_phone END,
    description = CASE WHEN e.organisation_id IS NULL THEN s.description ELSE e.description END,
    updated_at = s.updated_at
FROM registry_staging AS s
WHERE e.udyam_number = s.udyam_number AND {_CHANGED}
"""
_INSERT = f"""
INSERT INTO {_TABLE} ({_COLUMNS})
SELECT {_COLUMNS} FROM registry_staging AS s
WHERE NOT EXISTS (SELECT 1 FROM {_TABLE} AS e WHERE e.udyam_number = s.udyam_number)
"""


def _drop_secondary_indexes() -> None:
    """Before a bulk load into an empty table: drop the indexes that `_restore_indexes` builds
    again at the end. The unique index on the Udyam number stays: it guards correctness."""
    with connection.cursor() as cursor:
        for index in Enterprise._meta.indexes:
            cursor.execute(f'DROP INDEX IF EXISTS "{index.name}"')


def _restore_indexes() -> list[str]:
    """Build any of the enterprise table's declared indexes that is missing; their names."""
    with connection.cursor() as cursor:
        existing = connection.introspection.get_constraints(cursor, _TABLE)
    missing = [index for index in Enterprise._meta.indexes if index.name not in existing]
    if missing:
        with connection.schema_editor() as editor:
            # Inside an outer transaction (a test's), rows inserted there still have deferred
            # foreign-key checks queued, and PostgreSQL builds no index over pending events.
            editor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for index in missing:
                editor.add_index(Enterprise, index)
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {_TABLE}")
    return [index.name for index in missing]


def _resumable_run(path: Path, started_by) -> RegistryImport:
    """The unfinished run of this same file to resume, or a new run."""
    print_ = fingerprint(path)
    run = (
        RegistryImport.objects.filter(fingerprint=print_)
        .exclude(status=RegistryImport.Status.DONE)
        .order_by("-created_at")
        .first()
    )
    if run is None:
        run = RegistryImport.objects.create(
            file_name=path.name, fingerprint=print_, started_by=started_by
        )
    return run


def import_registry(
    path: Path | str,
    *,
    rejects_path: Path | str | None = None,
    started_by=None,
    run: RegistryImport | None = None,
    batch_rows: int = BATCH_ROWS,
    on_progress: Callable[[Progress], None] | None = None,
) -> RegistryImport:
    """Import a registry file; resume the unfinished run of the same file if there is one.

    Raises RegistryFileError, having written nothing, when the file cannot be read or its
    header is wrong. Returns the finished run with its counts.
    """
    path = Path(path)
    if not path.is_file():
        raise RegistryFileError(f"{path}: no such file")
    run = run or _resumable_run(path, started_by)
    rejects_path = Path(
        rejects_path or run.reject_path or path.with_name(path.name.split(".")[0] + ".rejects.csv")
    )
    source = _Source(path)
    checker = _Checker(timezone.localdate(), _common_values())
    try:
        rejects_file = _open_rejects(
            rejects_path, keep_bytes=run.reject_bytes if run.lines_done else 0
        )
    except OSError as exc:
        source.close()
        raise RegistryFileError(f"{rejects_path}: cannot write the reject file ({exc})") from exc
    RegistryImport.objects.filter(pk=run.pk).update(
        status=RegistryImport.Status.RUNNING,
        reject_path=str(rejects_path),
        error="",
        lines_total=None,
    )
    # A first load into an empty table takes the fast path (see the module docstring).
    bulk = run.lines_done == 0 and not Enterprise.objects.exists()
    try:
        with connection.cursor() as cursor:
            cursor.execute(_STAGING)
        if bulk:
            _drop_secondary_indexes()
        for batch in _prefetch(_batches(source, run.lines_done, batch_rows, checker)):
            bulk = _write_batch(run, batch, rejects_file, bulk)
            if on_progress:
                on_progress(
                    Progress(
                        run.lines_done,
                        batch.bytes_read,
                        source.total,
                        run.inserted,
                        run.updated,
                        run.unchanged,
                        run.rejected,
                    )
                )
        _restore_indexes()
    except BaseException as exc:
        RegistryImport.objects.filter(pk=run.pk).update(
            status=RegistryImport.Status.FAILED, error=str(exc)[:2000]
        )
        raise
    finally:
        rejects_file.close()
        source.close()
    run.status = RegistryImport.Status.DONE
    run.finished_at = timezone.now()
    run.lines_total = run.lines_done
    run.save(update_fields=["status", "finished_at", "lines_total", "updated_at"])
    # Rows of every attempt of this run were stamped after the run was created.
    registry_imported.send(sender=RegistryImport, run=run, since=run.created_at)
    return run


def _open_rejects(path: Path, keep_bytes: int):
    """Open the reject file, cut back to what committed batches wrote (0: start afresh)."""
    exists = path.exists()
    f = path.open("r+b" if exists else "w+b")
    f.truncate(keep_bytes)
    f.seek(keep_bytes)
    if keep_bytes == 0:
        f.write(b"line,reasons,row\n")
    return f


def _write_batch(run: RegistryImport, batch: _Batch, rejects_file, bulk: bool) -> bool:
    """Load one batch and record the progress in a single transaction.

    Returns whether the next batch may still go straight into the table: not once another
    writer has put one of the file's enterprises there first (a portal registration during
    the load), which only the upsert handles.
    """
    if batch.rejects:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        for line_no, reasons, raw in batch.rejects:
            writer.writerow([line_no, reasons, raw])
        rejects_file.write(out.getvalue().encode())
    rejects_file.flush()
    os.fsync(rejects_file.fileno())
    inserted = updated = 0
    with transaction.atomic():
        if batch.good:
            data = "\n".join(batch.good) + "\n"
            with connection.cursor() as cursor:
                if bulk:
                    try:
                        with (
                            transaction.atomic(),
                            cursor.copy(f"COPY {_TABLE} ({_COLUMNS}) FROM STDIN") as copy,
                        ):
                            copy.write(data)
                        inserted = len(batch.good)
                    # Django does not translate errors from COPY: psycopg's own arrives.
                    except (IntegrityError, psycopg.errors.UniqueViolation):
                        bulk = False
                if not bulk:
                    with cursor.copy(f"COPY registry_staging ({_COLUMNS}) FROM STDIN") as copy:
                        copy.write(data)
                    cursor.execute(_UPDATE)
                    updated = cursor.rowcount
                    cursor.execute(_INSERT)
                    inserted = cursor.rowcount
        run.lines_done = batch.last_line
        run.inserted += inserted
        run.updated += updated
        run.unchanged += len(batch.good) - inserted - updated
        run.rejected += len(batch.rejects)
        run.reject_bytes = rejects_file.tell()
        run.save(
            update_fields=[
                "lines_done",
                "inserted",
                "updated",
                "unchanged",
                "rejected",
                "reject_bytes",
                "updated_at",
            ]
        )
    return bulk
