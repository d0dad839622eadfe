"""In-memory filter index: a compressed bitmap (Roaring) of document ids for every filter value.

Counting "how many results are in each state, district, size, certification …" over millions of
documents is set intersection. PostgreSQL answers it by reading every matching row (hundreds of
milliseconds for a whole state of the registry); bitmaps answer it in microseconds per value.
So each process keeps one `FacetIndex`, PostgreSQL stays the source of truth, and before every
search the index reads what changed since it last looked:

- every document row carries the id of the transaction that wrote it (`txid`); the index keeps a
  watermark below which every transaction is known to be finished, and re-reads rows from it;
- deletions are logged by a trigger (`search_searchremoval`); a TRUNCATE (a full rebuild)
  bumps the `search_generation` sequence by another trigger, and the index loads afresh;
- certificates count on the day they are valid: the index holds one day's certificate bitmaps
  and reloads them when the date changes.

A loaded index is saved to a snapshot file in the data folder, so the next process (or the next
start) reads a few megabytes and the changes since, instead of scanning the table again.
"""

from __future__ import annotations

import json
import logging
import math
import os
import struct
import sys
import threading
from array import array
from bisect import bisect_left, bisect_right
from collections import OrderedDict
from datetime import date
from pathlib import Path

from django.conf import settings
from django.db import connection
from pyroaring import BitMap

log = logging.getLogger(__name__)

_TABLE = "search_searchdocument"
# Filter name -> document column; array columns hold several values per document.
SCALARS = {"kind": "kind", "state": "state", "district": "district", "size": "size_class",
           "verification": "verification::text", "exporter": "CASE WHEN exporter THEN '1' END",
           "day": "(changed_at AT TIME ZONE 'UTC')::date::text",
           "place": "latitude::text || ',' || longitude::text"}  # fmt: skip
ARRAYS = {"nic_section": "nic_sections", "nic_division": "nic_divisions", "nic": "nic_codes",
          "process": "processes", "area": "technology_areas"}  # fmt: skip
# More changed rows than this since the snapshot: a full load is quicker than applying them.
_DELTA_LIMIT = 200_000
TS_CONFIG = "udyamsetu"
# Text matches kept per process: the ids matching each tsquery part ("'forg':*", a synonym
# group), most recently used first; kept in step with changes like the filter bitmaps.
_TERMS_KEPT = 512
_TERMS_PATCHED = 10_000  # more changed documents than this: forget the terms instead
_EARTH_KM = 6371.0


def ids_from_bytes(blob: bytes | None) -> BitMap:
    """A bitmap from the concatenated big-endian int4s that string_agg(int4send(id)) returns."""
    if not blob:
        return BitMap()
    ids = array("I")
    ids.frombytes(blob)
    if sys.byteorder == "little":
        ids.byteswap()
    return BitMap(ids)


def ids_where(condition: str, args: list) -> BitMap:
    """The ids of the documents (alias `d`) meeting `condition`, sent packed, into a bitmap."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT string_agg(int4send(d.id::int4), ''::bytea) FROM {_TABLE} d WHERE {condition}",
            args,
        )
        blob = cursor.fetchone()[0]
    return ids_from_bytes(bytes(blob) if blob else None)


def _valid_on(alias: str = "c") -> str:
    return (
        f"({alias}.valid_until IS NULL OR {alias}.valid_until >= %(day)s) "
        f"AND ({alias}.valid_from IS NULL OR {alias}.valid_from <= %(day)s)"
    )


class FacetIndex:
    """Bitmaps of document ids by filter value (`groups[filter][value]`), for one database."""

    def __init__(self) -> None:
        self.generation = ""  # database and truncation count the bitmaps are of
        self.watermark = 0  # every transaction with a lower id is in the bitmaps
        self.day: date | None = None  # the day `groups["certification"]` is valid for
        self.groups: dict[str, dict[str, BitMap]] = {}
        self.places: list[tuple[float, float, str]] = []  # sorted by latitude
        self.district_states: dict[str, set[str]] | None = None  # worked out when first needed
        self.tentative: set[int] = set()  # own open transactions whose writes are in the bitmaps
        self.terms: OrderedDict[str, BitMap] = OrderedDict()
        self.lock = threading.Lock()

    # --- keeping in step ---------------------------------------------------------------------

    def sync(self, today: date) -> None:
        """Bring the bitmaps in step with the documents (call with `lock` held)."""
        with connection.cursor() as cursor:
            # The generation names the database too: a database dropped and made again (tests,
            # benchmarks) must not meet a snapshot of its predecessor.
            cursor.execute(
                "SELECT (SELECT system_identifier FROM pg_control_system())::text || ':' "
                "|| (SELECT oid FROM pg_database WHERE datname = current_database())::text "
                "|| ':' || (last_value + (CASE WHEN is_called THEN 0 ELSE -1 END))::text, "
                "pg_snapshot_xmin(pg_current_snapshot())::text::bigint, "
                "pg_current_xact_id_if_assigned()::text::bigint FROM search_generation"
            )
            generation, horizon, mine = cursor.fetchone()
            # Rows this connection's own open transaction wrote are visible to it; if that
            # transaction was then rolled back, the bitmaps hold what never existed: start over.
            for xid in list(self.tentative):
                cursor.execute("SELECT pg_xact_status(%s::text::xid8)", [xid])
                status = cursor.fetchone()[0]
                if status == "aborted":
                    self.generation = ""
                if status != "in progress":
                    self.tentative.discard(xid)
        if mine is not None:
            self.tentative.add(mine)
        stale = generation != self.generation or self._changed_rows() > _DELTA_LIMIT
        # The snapshot another process saved may be recent enough to catch up from.
        if stale and not (self._read_snapshot(generation) and self._changed_rows() <= _DELTA_LIMIT):
            self._load(generation)
            if mine is None:  # never save what an open transaction may still undo
                self._write_snapshot()
        if self._apply_changes(horizon) > _DELTA_LIMIT // 20 and mine is None:
            self._write_snapshot()
        if self.day != today:
            self._load_certificates(today)

    def _changed_rows(self) -> int:
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT count(*) FROM (SELECT 1 FROM {_TABLE} WHERE txid >= %s LIMIT %s) AS x",
                [self.watermark, _DELTA_LIMIT + 1],
            )
            return cursor.fetchone()[0]

    def _load(self, generation: str) -> None:
        """Every bitmap from the document table (a scan per filter)."""
        log.info("Loading the search filter index from the database")
        groups: dict[str, dict[str, BitMap]] = {}
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint")
            (horizon,) = cursor.fetchone()
            for name, column in [*SCALARS.items(), *ARRAYS.items()]:
                source = f"unnest({column})" if name in ARRAYS else column
                cursor.execute(
                    f"SELECT v::text, string_agg(int4send(id::int4), ''::bytea) "
                    f"FROM {_TABLE}, LATERAL (SELECT {source} AS v) AS x "
                    "WHERE v IS NOT NULL AND v::text <> '' GROUP BY 1"
                )
                groups[name] = {value: ids_from_bytes(blob) for value, blob in cursor.fetchall()}
        groups["certification"] = {}
        self.groups = groups
        self.generation = generation
        self.watermark = horizon
        self.day = None
        self.district_states = None
        self.terms = OrderedDict()
        self._index_places()

    def _apply_changes(self, horizon: int) -> int:
        """Re-read documents written and removed since the watermark; returns how many."""
        columns = ", ".join(f"{c} AS {n}" for n, c in [*SCALARS.items(), *ARRAYS.items()])
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT id, {columns} FROM {_TABLE} WHERE txid >= %s", [self.watermark])
            names = [c.name for c in cursor.description]
            rows = cursor.fetchall()
            cursor.execute(
                "SELECT document_id FROM search_searchremoval WHERE txid >= %s", [self.watermark]
            )
            removed = BitMap(row[0] for row in cursor.fetchall())
            certificates: list[tuple[int, int]] = []
            if self.day is not None and rows:
                cursor.execute(
                    f"SELECT d.id, c.certification_id FROM {_TABLE} d "
                    "JOIN enterprises_certificate c ON c.enterprise_id = d.object_id "
                    f"WHERE d.kind = 'enterprise' AND d.txid >= %(mark)s AND {_valid_on()}",
                    {"mark": self.watermark, "day": self.day},
                )
                certificates = cursor.fetchall()
        changed = removed | BitMap(row[0] for row in rows)
        if changed:
            for group in self.groups.values():
                for bitmap in group.values():
                    bitmap.difference_update(changed)
        self._patch_terms(changed, [row[0] for row in rows])
        new_place = False
        for row in rows:
            doc = row[0]
            for name, value in zip(names[1:], row[1:], strict=True):
                values = value if name in ARRAYS else [value]
                for v in values:
                    if v is None or v == "":
                        continue
                    group = self.groups.setdefault(name, {})
                    key = str(v)
                    if key not in group:
                        group[key] = BitMap()
                        new_place = new_place or name == "place"
                    group[key].add(doc)
        for doc, certification in certificates:
            self.groups["certification"].setdefault(str(certification), BitMap()).add(doc)
        if new_place:
            self._index_places()
        if self.district_states is not None:
            place = {name: i for i, name in enumerate(names)}
            for row in rows:
                district, state = row[place["district"]], row[place["state"]]
                if district and state and district in self.district_states:
                    self.district_states[district].add(state)
        self.watermark = max(self.watermark, horizon)
        return len(changed)

    def _patch_terms(self, changed: BitMap, written: list[int]) -> None:
        """Re-test the changed documents against every text part kept."""
        if not self.terms or not changed:
            return
        if len(changed) > _TERMS_PATCHED:
            self.terms.clear()
            return
        for bitmap in self.terms.values():
            bitmap.difference_update(changed)
        if not written:
            return
        parts = list(self.terms)
        tests = ", ".join(f"text @@ to_tsquery('{TS_CONFIG}', %s)" for _ in parts)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT id, ARRAY[{tests}] FROM {_TABLE} WHERE id = ANY(%s)", [*parts, written]
            )
            for doc, matches in cursor.fetchall():
                for part, match in zip(parts, matches, strict=True):
                    if match:
                        self.terms[part].add(doc)

    def text_ids(self, part: str) -> BitMap:
        """The documents (of every kind) matching one part of a tsquery; kept for next time."""
        if part in self.terms:
            self.terms.move_to_end(part)
            return self.terms[part]
        found = ids_where(f"d.text @@ to_tsquery('{TS_CONFIG}', %s)", [part])
        self.terms[part] = found
        if len(self.terms) > _TERMS_KEPT:
            self.terms.popitem(last=False)
        return found

    def _load_certificates(self, day: date) -> None:
        self.groups["certification"] = self.certificates_on(day)
        self.day = day

    def certificates_on(self, day: date) -> dict[str, BitMap]:
        """Enterprise documents by certification they hold valid on `day`."""
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT c.certification_id::text, string_agg(DISTINCT int4send(d.id::int4), "
                f"''::bytea) FROM {_TABLE} d JOIN enterprises_certificate c "
                f"ON c.enterprise_id = d.object_id WHERE d.kind = 'enterprise' AND {_valid_on()} "
                "GROUP BY 1",
                {"day": day},
            )
            return {value: ids_from_bytes(blob) for value, blob in cursor.fetchall()}

    def _index_places(self) -> None:
        places = []
        for key in self.groups.get("place", {}):
            lat, lon = key.split(",")
            places.append((float(lat), float(lon), key))
        self.places = sorted(places)

    # --- snapshot file -----------------------------------------------------------------------

    def _snapshot_path(self) -> Path:
        name = connection.settings_dict["NAME"]
        return Path(settings.DATA_DIR) / "search" / f"filter-index-{name}.bin"

    def _write_snapshot(self) -> None:
        """Save the bitmaps (not the certificates, which are per day) for the next process."""
        path = self._snapshot_path()
        entries, blobs = [], []
        for name, group in self.groups.items():
            if name == "certification":
                continue
            for value, bitmap in group.items():
                blob = bitmap.serialize()
                entries.append([name, value, len(blob)])
                blobs.append(blob)
        header = json.dumps(
            {"generation": self.generation, "watermark": self.watermark, "entries": entries}
        ).encode()
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.partial")
        with open(partial, "wb") as out:
            out.write(struct.pack(">Q", len(header)))
            out.write(header)
            for blob in blobs:
                out.write(blob)
        partial.replace(path)  # atomic: readers see the old file or the new one

    def _read_snapshot(self, generation: str) -> bool:
        path = self._snapshot_path()
        try:
            data = path.read_bytes()
            (length,) = struct.unpack(">Q", data[:8])
            header = json.loads(data[8 : 8 + length])
        except (OSError, ValueError, struct.error):
            return False
        if header.get("generation") != generation:
            return False
        groups: dict[str, dict[str, BitMap]] = {"certification": {}}
        offset = 8 + length
        for name, value, size in header["entries"]:
            groups.setdefault(name, {})[value] = BitMap.deserialize(data[offset : offset + size])
            offset += size
        self.groups = groups
        self.generation = generation
        self.watermark = header["watermark"]
        self.day = None
        self.district_states = None
        self.terms = OrderedDict()
        self._index_places()
        return True

    # --- answering ---------------------------------------------------------------------------

    def union(self, name: str, values) -> BitMap:
        group = self.groups.get(name, {})
        found = [group[str(v)] for v in values if str(v) in group]
        return BitMap.union(*found) if found else BitMap()

    def districts_in(self, states: list[str]) -> list[str]:
        """The districts that have documents in these states."""
        if self.district_states is None:
            self.district_states = {}
        found = []
        for district, bitmap in self.groups.get("district", {}).items():
            if district not in self.district_states:
                self.district_states[district] = {
                    state for state, in_state in self.groups.get("state", {}).items()
                    if bitmap.intersect(in_state)
                }  # fmt: skip
            if self.district_states[district] & set(states):
                found.append(district)
        return found

    def places_within(self, lat: float, lon: float, radius_km: float) -> list[tuple[float, str]]:
        """(distance in km, place key) of every place within the radius, nearest first."""
        dlat = radius_km / 111.0
        low = bisect_left(self.places, (lat - dlat,))
        high = bisect_right(self.places, (lat + dlat, math.inf))
        found = []
        for plat, plon, key in self.places[low:high]:
            km = distance_km(lat, lon, plat, plon)
            if km <= radius_km:
                found.append((km, key))
        return sorted(found)


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (the same formula as the SQL in services)."""
    a = (
        math.sin(math.radians(lat2 - lat1) / 2) ** 2
        + math.cos(math.radians(lat1))
        * math.cos(math.radians(lat2))
        * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * _EARTH_KM * math.asin(math.sqrt(a))


_indexes: dict[str, FacetIndex] = {}
_indexes_lock = threading.Lock()


def index_for_connection() -> FacetIndex:
    """This process's index of the current database (tests and benchmarks switch databases)."""
    name = connection.settings_dict["NAME"]
    with _indexes_lock:
        if name not in _indexes:
            _indexes[name] = FacetIndex()
        return _indexes[name]
