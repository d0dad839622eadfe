"""Search: keeping documents in step with what they describe, and answering queries.

Documents are built in SQL (one statement per kind, shared by the single-row refresh and the
bulk rebuild), so that the 7.5 million registry entries can be indexed set by set.

A query is parsed into `SearchParams` (forms.SearchForm checks it), turned into one WHERE clause,
and answered with a page of results, a capped total, and counts for each filter value. Counts for
a filter leave that filter's own selection out, so the other values stay visible to pick from.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache

from django.db import connection, transaction
from django.utils import timezone

from udyamsetu.search.models import Kind, SearchDocument, Synonym

COUNT_CAP = 10_000
PAGE_SIZE = 20
TS_CONFIG = "udyamsetu"

_TABLE = SearchDocument._meta.db_table
_COLUMNS = (
    "kind, object_id, key, title, summary, text, state, district, country, nic_codes, "
    "nic_divisions, nic_sections, size_class, processes, technology_areas, verification, "
    "exporter, latitude, longitude, changed_at"
)
_UPSERT_TAIL = "ON CONFLICT (kind, object_id) DO UPDATE SET " + ", ".join(
    f"{c.strip()} = EXCLUDED.{c.strip()}" for c in _COLUMNS.split(",")[2:]
)

# --- documents -------------------------------------------------------------------------------

# Which enterprises are listed: published profiles, and registry entries nobody has claimed yet
# (the registry's own public facts: name, place, activity, size). A claimed profile its owners
# keep unpublished is not listed. Contacts, amounts and programme flags are never in a document.
_ENTERPRISE_LISTED = "(e.is_published OR e.organisation_id IS NULL)"

_ENTERPRISE_DOCUMENTS = f"""
INSERT INTO {_TABLE} ({_COLUMNS})
SELECT 'enterprise', e.id, e.udyam_number, e.legal_name,
    coalesce(main_nic.title, ''),
    setweight(to_tsvector('{TS_CONFIG}', e.legal_name), 'A')
    || setweight(to_tsvector('{TS_CONFIG}', coalesce(terms.words, '') || ' '
        || coalesce(nic.titles, '')), 'B')
    || setweight(to_tsvector('{TS_CONFIG}', e.description || ' ' || e.offer_text || ' '
        || e.seek_text), 'C')
    || setweight(to_tsvector('{TS_CONFIG}', e.city || ' ' || e.district), 'D'),
    e.state, e.district, 'IN', coalesce(nic.classes, '{{}}'), coalesce(nic.divisions, '{{}}'),
    coalesce(nic.sections, '{{}}'), e.size_class,
    coalesce(terms.processes, '{{}}'), coalesce(terms.areas, '{{}}'),
    e.verification_level,
    e.export_turnover_rupees > 0 OR cardinality(e.export_markets) > 0,
    pin.latitude, pin.longitude, e.updated_at
FROM enterprises_enterprise AS e
LEFT JOIN search_pincentroid AS pin ON pin.pin = e.pin_code
LEFT JOIN search_nicentry AS main_nic ON main_nic.code = left(e.nic_codes[1], 4)
LEFT JOIN LATERAL (
    SELECT array_agg(DISTINCT n.code) AS classes,
        array_agg(DISTINCT left(n.code, 2)) AS divisions,
        array_agg(DISTINCT n.section) AS sections,
        string_agg(n.title, ' ') AS titles
    FROM unnest(e.nic_codes) AS c JOIN search_nicentry AS n ON n.code = left(c, 4)
) AS nic ON true
LEFT JOIN LATERAL (
    SELECT array_agg(t.id) FILTER (WHERE t.kind = 'process') AS processes,
        array_agg(t.id) FILTER (WHERE t.kind = 'technology_area') AS areas,
        string_agg(t.name || ' ' || t.name_hi || ' ' || array_to_string(t.synonyms, ' '), ' ')
            AS words
    FROM enterprises_term AS t
    WHERE t.id IN (
        SELECT term_id FROM enterprises_enterprise_processes WHERE enterprise_id = e.id
        UNION ALL SELECT term_id FROM enterprises_enterprise_technology_areas
            WHERE enterprise_id = e.id
        UNION ALL SELECT term_id FROM enterprises_enterprise_materials WHERE enterprise_id = e.id
    )
) AS terms ON true
WHERE {_ENTERPRISE_LISTED} AND __WHERE__
{_UPSERT_TAIL}
"""

_PARTNER_DOCUMENTS = f"""
INSERT INTO {_TABLE} ({_COLUMNS})
SELECT 'partner', p.id, o.slug, o.name, coalesce(sector.name, ''),
    setweight(to_tsvector('{TS_CONFIG}', o.name), 'A')
    || setweight(to_tsvector('{TS_CONFIG}', coalesce(sector.name, '') || ' '
        || coalesce(terms.words, '')), 'B')
    || setweight(to_tsvector('{TS_CONFIG}', o.description || ' ' || p.offer_text || ' '
        || p.seek_text), 'C')
    || setweight(to_tsvector('{TS_CONFIG}', o.city), 'D'),
    '', '', o.country, '{{}}', '{{}}', '{{}}', '',
    coalesce(terms.processes, '{{}}'), coalesce(terms.areas, '{{}}'), 0, true, NULL, NULL,
    p.updated_at
FROM enterprises_partnerprofile AS p
JOIN accounts_organisation AS o ON o.id = p.organisation_id
LEFT JOIN enterprises_term AS sector ON sector.id = p.sector_id
LEFT JOIN LATERAL (
    SELECT array_agg(t.id) FILTER (WHERE t.kind = 'process') AS processes,
        array_agg(t.id) FILTER (WHERE t.kind = 'technology_area') AS areas,
        string_agg(t.name || ' ' || t.name_hi || ' ' || array_to_string(t.synonyms, ' '), ' ')
            AS words
    FROM enterprises_term AS t
    WHERE t.id IN (
        SELECT term_id FROM enterprises_partnerprofile_processes WHERE partnerprofile_id = p.id
        UNION ALL SELECT term_id FROM enterprises_partnerprofile_technology_areas
            WHERE partnerprofile_id = p.id
    )
) AS terms ON true
WHERE p.is_published AND o.is_active AND __WHERE__
{_UPSERT_TAIL}
"""


def _where(statement: str, condition: str) -> str:
    """A document statement for the objects that meet `condition` (constant SQL)."""
    return statement.replace("__WHERE__", condition)


def refresh_enterprises(ids: Iterable[int]) -> None:
    """Bring the documents of these enterprises in step: rebuilt if listed, removed if not."""
    ids = list(ids)
    if not ids:
        return
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {_TABLE} WHERE kind = 'enterprise' AND object_id = ANY(%s)", [ids]
        )
        cursor.execute(_where(_ENTERPRISE_DOCUMENTS, "e.id = ANY(%s)"), [ids])


def refresh_partners(ids: Iterable[int]) -> None:
    """Bring the documents of these partner profiles in step."""
    ids = list(ids)
    if not ids:
        return
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {_TABLE} WHERE kind = 'partner' AND object_id = ANY(%s)", [ids]
        )
        cursor.execute(_where(_PARTNER_DOCUMENTS, "p.id = ANY(%s)"), [ids])


def refresh_enterprises_changed_since(since, batch: int = 50_000) -> int:
    """Documents for every enterprise changed since `since` (after a registry import), one
    transaction per `batch` enterprises. Returns how many documents were written."""
    return _enterprises_in_batches("e.updated_at >= %s", [since], batch)


def _enterprises_in_batches(condition: str, args: list, batch: int, progress=None) -> int:
    """Write the documents of the enterprises meeting `condition`, walking the ids in ranges of
    `batch`, one transaction each; `progress(done, total)` after each. Returns rows written."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT coalesce(min(id), 0), coalesce(max(id), 0) FROM enterprises_enterprise"
        )
        low, high = cursor.fetchone()
    statement = _where(_ENTERPRISE_DOCUMENTS, f"{condition} AND e.id >= %s AND e.id < %s")
    written = 0
    for start in range(low, high + 1, batch):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement, [*args, start, start + batch])
            written += cursor.rowcount
        if progress:
            progress(min(start + batch, high + 1) - low, high + 1 - low)
    return written


def rebuild(batch: int = 50_000, progress=None) -> int:
    """Make every document again from scratch, `batch` enterprises per transaction.

    `progress(done, total)` is called after each batch. Returns the number of documents.
    """
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {_TABLE}")
        cursor.execute(_where(_PARTNER_DOCUMENTS, "true"))
    _enterprises_in_batches("true", [], batch, progress)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {_TABLE}")
    return SearchDocument.objects.count()


# --- queries ---------------------------------------------------------------------------------


@dataclass
class SearchParams:
    """A search, as the page and the API take it (all filters optional)."""

    kind: str = Kind.ENTERPRISE
    q: str = ""
    state: list[str] = field(default_factory=list)
    district: list[str] = field(default_factory=list)
    nic_section: list[str] = field(default_factory=list)
    nic_division: list[str] = field(default_factory=list)
    nic: list[str] = field(default_factory=list)
    size: list[str] = field(default_factory=list)
    process: list[int] = field(default_factory=list)
    certification: list[int] = field(default_factory=list)
    area: list[int] = field(default_factory=list)
    verification: list[int] = field(default_factory=list)
    exporter: bool = False
    near: tuple[float, float] | None = None  # latitude, longitude of the PIN code given
    radius_km: int = 100
    sort: str = "relevance"
    page: int = 1
    today: date | None = None


@dataclass
class Count:
    value: str
    count: int

    @property
    def capped(self) -> bool:
        return self.count >= COUNT_CAP


@dataclass
class Hit:
    kind: str
    object_id: int
    key: str
    title: str
    summary: str
    state: str
    district: str
    country: str
    size_class: str
    verification: int
    exporter: bool
    processes: list[int]
    technology_areas: list[int]
    distance_km: float | None
    certifications: list[int] = field(default_factory=list)


@dataclass
class SearchResult:
    hits: list[Hit]
    total: int  # exact below COUNT_CAP; COUNT_CAP means "COUNT_CAP or more"
    facets: dict[str, list[Count]]
    corrected_q: str = ""  # the query as corrected, when the one typed found nothing
    fuzzy: bool = False  # results are names similar to the query, not matches

    @property
    def total_capped(self) -> bool:
        return self.total >= COUNT_CAP


# Facets: the filter's name, and how to count a document under it. Array columns are
# unnested; certifications live in their own table, with their validity.
_SCALAR_FACETS = {"state": "state", "district": "district", "size": "size_class",
                  "verification": "verification"}  # fmt: skip
_ARRAY_FACETS = {"nic_section": "nic_sections", "nic_division": "nic_divisions",
                 "nic": "nic_codes", "process": "processes", "area": "technology_areas"}  # fmt: skip
FACETS = [*_SCALAR_FACETS, *_ARRAY_FACETS, "certification", "exporter"]

_EARTH_KM = 6371.0
_DISTANCE = (
    f"(2 * {_EARTH_KM} * asin(sqrt(power(sin(radians(d.latitude - %s) / 2), 2) + cos(radians(%s)) "
    "* cos(radians(d.latitude)) * power(sin(radians(d.longitude - %s) / 2), 2))))"
)
_VALID_CERTIFICATE = (
    "c.enterprise_id = d.object_id AND (c.valid_until IS NULL OR c.valid_until >= %s) "
    "AND (c.valid_from IS NULL OR c.valid_from <= %s)"
)

_TOKEN = re.compile(r"[\w\u0900-\u097f]+")


def _tokens(text: str) -> list[str]:
    return [t for t in _TOKEN.findall(text.lower()) if t != "_"]


@cache
def _synonym_groups_cached(version: int) -> list[list[list[str]]]:
    return [[_tokens(p) for p in group.phrases if _tokens(p)] for group in Synonym.objects.all()]


def synonym_groups() -> list[list[list[str]]]:
    """Every synonym group, each phrase as its tokens. Cached until a group changes."""
    from django.core.cache import cache as shared

    return _synonym_groups_cached(shared.get("search:synonyms-version", 0))


def forget_synonyms() -> None:
    """Called when officials edit synonyms: every process reloads them."""
    from django.core.cache import cache as shared

    try:
        shared.incr("search:synonyms-version")
    except ValueError:
        shared.set("search:synonyms-version", 1, None)


def _lexeme(token: str, prefix: bool) -> str:
    # Tokens are letters and digits only (see _TOKEN), so quoting cannot be broken out of.
    return f"'{token}'" + (":*" if prefix else "")


def tsquery_text(q: str) -> str:
    """The text of a PostgreSQL tsquery for what someone typed: every word must match (as a
    prefix, so "forg" finds "forging"), and a word or phrase with synonyms matches any of them."""
    tokens = _tokens(q)
    parts: list[str] = []
    i = 0
    groups = synonym_groups()
    while i < len(tokens):
        matched = None
        for group in groups:
            for phrase in group:
                fits = phrase and tokens[i : i + len(phrase)] == phrase
                if fits and (matched is None or len(phrase) > len(matched[1])):
                    matched = (group, phrase)
        if matched:
            group, phrase = matched
            alternatives = [
                " <-> ".join(_lexeme(t, False) for t in p) if len(p) > 1 else _lexeme(p[0], True)
                for p in group
            ]
            parts.append("(" + " | ".join(alternatives) + ")")
            i += len(phrase)
        else:
            parts.append(_lexeme(tokens[i], prefix=len(tokens[i]) >= 3))
            i += 1
    return " & ".join(parts)


class _Where:
    """The WHERE clause of a search, with one filter left out on request (for its counts)."""

    def __init__(self, params: SearchParams, tsquery: str | None):
        self.params = params
        self.tsquery = tsquery
        self.today = params.today or timezone.localdate()

    def sql(self, leave_out: str | None = None) -> tuple[str, list]:
        p = self.params
        clauses = ["d.kind = %s"]
        args: list = [p.kind]
        if self.tsquery:
            clauses.append(f"d.text @@ to_tsquery('{TS_CONFIG}', %s)")
            args.append(self.tsquery)
        for name, column in _SCALAR_FACETS.items():
            values = getattr(p, name)
            if values and name != leave_out:
                clauses.append(f"d.{column} = ANY(%s)")
                args.append(list(values))
        for name, column in _ARRAY_FACETS.items():
            values = getattr(p, name)
            if values and name != leave_out:
                cast = "::int[]" if name in ("process", "area") else "::varchar[]"
                clauses.append(f"d.{column} && %s{cast}")
                args.append(list(values))
        if p.certification and leave_out != "certification":
            clauses.append(
                "d.kind = 'enterprise' AND EXISTS (SELECT 1 FROM enterprises_certificate c "
                f"WHERE {_VALID_CERTIFICATE} AND c.certification_id = ANY(%s))"
            )
            args += [self.today, self.today, list(p.certification)]
        if p.exporter and leave_out != "exporter":
            clauses.append("d.exporter")
        if p.near:
            lat, lon = p.near
            # A box first (cheap, indexable), then the great-circle distance.
            dlat = p.radius_km / 111.0
            dlon = p.radius_km / (111.0 * max(math.cos(math.radians(lat)), 0.01))
            clauses.append("d.latitude BETWEEN %s AND %s AND d.longitude BETWEEN %s AND %s")
            args += [lat - dlat, lat + dlat, lon - dlon, lon + dlon]
            clauses.append(f"{_DISTANCE} <= %s")
            args += [lat, lat, lon, p.radius_km]
        return " AND ".join(clauses), args


def search(params: SearchParams, *, with_facets: bool = True) -> SearchResult:
    """One page of results, the total (capped) and the counts for every filter."""
    tsquery = tsquery_text(params.q) if _tokens(params.q) else None
    result = _run(params, tsquery, with_facets)
    if tsquery and result.total == 0:
        corrected = correct_spelling(params.q)
        if corrected and corrected != params.q.lower():
            result = _run(params, tsquery_text(corrected), with_facets)
            result.corrected_q = corrected
        if result.total == 0:
            result = _similar_names(params, with_facets)
    return result


def _run(params: SearchParams, tsquery: str | None, with_facets: bool) -> SearchResult:
    where = _Where(params, tsquery)
    sql, args = where.sql()
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count(*) FROM (SELECT 1 FROM {_TABLE} d WHERE {sql} LIMIT {COUNT_CAP}) AS x",
            args,
        )
        total = cursor.fetchone()[0]
        hits = _page(cursor, params, sql, args, tsquery) if total else []
        facets = _facets(cursor, where) if with_facets else {}
    _attach_certificates(hits, where.today)
    return SearchResult(hits=hits, total=total, facets=facets)


_HIT_COLUMNS = (
    "d.kind, d.object_id, d.key, d.title, d.summary, d.state, d.district, d.country, "
    "d.size_class, d.verification, d.exporter, d.processes, d.technology_areas"
)


def _page(cursor, params: SearchParams, sql: str, args: list, tsquery: str | None) -> list[Hit]:
    distance = "NULL"
    distance_args: list = []
    if params.near:
        lat, lon = params.near
        distance = _DISTANCE
        distance_args = [lat, lat, lon]
    order = "d.changed_at DESC, d.id DESC"
    order_args: list = []
    if params.sort == "distance" and params.near:
        order = "distance_km, d.id"
    elif params.sort == "relevance" and tsquery:
        # An exact name first, then by weighted rank (name A > capabilities B > text C).
        order = (
            f"lower(d.title) = %s DESC, ts_rank(d.text, to_tsquery('{TS_CONFIG}', %s)) DESC, d.id"
        )
        order_args = [" ".join(params.q.lower().split()), tsquery]
    offset = (max(params.page, 1) - 1) * PAGE_SIZE
    cursor.execute(
        f"SELECT {_HIT_COLUMNS}, {distance} AS distance_km FROM {_TABLE} d WHERE {sql} "
        f"ORDER BY {order} LIMIT {PAGE_SIZE} OFFSET %s",
        [*distance_args, *args, *order_args, offset],
    )
    return [Hit(*row) for row in cursor.fetchall()]


def _facets(cursor, where: _Where) -> dict[str, list[Count]]:
    facets: dict[str, list[Count]] = {}
    for name, column in _SCALAR_FACETS.items():
        sql, args = where.sql(leave_out=name)
        blank = "" if column == "verification" else f" AND d.{column} <> ''"
        order = "1" if column == "verification" else "2 DESC, 1"
        cursor.execute(
            f"SELECT d.{column}::text, count(*) FROM {_TABLE} d WHERE {sql}{blank} "
            f"GROUP BY 1 ORDER BY {order}",
            args,
        )
        facets[name] = [Count(v, n) for v, n in cursor.fetchall()]
    for name, column in _ARRAY_FACETS.items():
        sql, args = where.sql(leave_out=name)
        cursor.execute(
            f"SELECT v::text, count(*) FROM {_TABLE} d, unnest(d.{column}) AS v WHERE {sql} "
            "GROUP BY 1 ORDER BY 2 DESC, 1",
            args,
        )
        facets[name] = [Count(v, n) for v, n in cursor.fetchall()]
    sql, args = where.sql(leave_out="certification")
    cursor.execute(
        "SELECT c.certification_id::text, count(DISTINCT d.id) FROM "
        f"{_TABLE} d JOIN enterprises_certificate c ON {_VALID_CERTIFICATE} "
        f"WHERE {sql} GROUP BY 1 ORDER BY 2 DESC, 1",
        [where.today, where.today, *args],
    )
    facets["certification"] = [Count(v, n) for v, n in cursor.fetchall()]
    sql, args = where.sql(leave_out="exporter")
    cursor.execute(f"SELECT count(*) FROM {_TABLE} d WHERE {sql} AND d.exporter", args)
    facets["exporter"] = [Count("1", cursor.fetchone()[0])]
    return facets


def _attach_certificates(hits: Sequence[Hit], today: date) -> None:
    """The valid certifications of the enterprises on the page, for their result cards."""
    ids = [h.object_id for h in hits if h.kind == Kind.ENTERPRISE]
    if not ids:
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.enterprise_id, array_agg(DISTINCT c.certification_id) "
            "FROM enterprises_certificate c WHERE c.enterprise_id = ANY(%s) "
            "AND (c.valid_until IS NULL OR c.valid_until >= %s) "
            "AND (c.valid_from IS NULL OR c.valid_from <= %s) GROUP BY 1",
            [ids, today, today],
        )
        found = dict(cursor.fetchall())
    for hit in hits:
        if hit.kind == Kind.ENTERPRISE:
            hit.certifications = found.get(hit.object_id, [])


def _similar_names(params: SearchParams, with_facets: bool) -> SearchResult:
    """Typo tolerance for names: titles that look like the query (trigram similarity)."""
    q = " ".join(params.q.split())
    where = _Where(params, None)
    sql, args = where.sql()
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {_HIT_COLUMNS}, NULL FROM {_TABLE} d WHERE {sql} AND d.title %% %s "
            f"ORDER BY similarity(d.title, %s) DESC, d.id LIMIT {PAGE_SIZE}",
            [*args, q, q],
        )
        hits = [Hit(*row) for row in cursor.fetchall()]
    _attach_certificates(hits, where.today)
    facets = {name: [] for name in FACETS} if with_facets else {}
    return SearchResult(hits=hits, total=len(hits), facets=facets, fuzzy=bool(hits))


@cache
def _dictionary_cached(version: int) -> frozenset[str]:
    from udyamsetu.enterprises.models import Term
    from udyamsetu.enterprises.reference import STATES, nic_codes

    words: set[str] = set()
    for entry in nic_codes().values():
        words.update(_tokens(entry.title))
    for name, name_hi, synonyms in Term.objects.values_list("name", "name_hi", "synonyms"):
        words.update(_tokens(" ".join([name, name_hi, *synonyms])))
    for group in synonym_groups():
        for phrase in group:
            words.update(phrase)
    for state in STATES:
        words.update(_tokens(state.name))
    return frozenset(w for w in words if len(w) >= 3)


def correct_spelling(q: str) -> str:
    """The query with misspelt words replaced by the closest word of the portal's vocabulary
    (NIC titles, capabilities, synonyms, states); unchanged words stay as typed."""
    from django.core.cache import cache as shared

    dictionary = _dictionary_cached(shared.get("search:synonyms-version", 0))
    corrected = []
    for token in _tokens(q):
        if len(token) < 4 or token in dictionary or token.isdigit():
            corrected.append(token)
            continue
        close = difflib.get_close_matches(token, dictionary, n=1, cutoff=0.8)
        corrected.append(close[0] if close else token)
    return " ".join(corrected)
