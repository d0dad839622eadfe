"""Search: keeping documents in step with what they describe, and answering queries.

Documents are built in SQL (one statement per kind, shared by the single-row refresh and the
bulk rebuild), so that the 7.5 million registry entries can be indexed set by set.

A query is parsed into `SearchParams` (forms.SearchForm checks it) and answered with a page of
results, a capped total, and counts for each filter value: the sets come from the in-memory
filter index (facets.py) and the text matches from PostgreSQL's GIN index; the page's rows are
read from PostgreSQL in the order asked for. Counts for a filter leave that filter's own
selection out, so the other values stay visible to pick from.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from functools import cache

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from pyroaring import BitMap

from udyamsetu.core.services import as_recipient
from udyamsetu.search import facets
from udyamsetu.search.facets import TS_CONFIG
from udyamsetu.search.models import Kind, SavedSearch, SearchDocument, Synonym

COUNT_CAP = 10_000
PAGE_SIZE = 20

_TABLE = SearchDocument._meta.db_table
_COLUMNS = (
    "kind, object_id, key, title, summary, text, state, district, country, nic_codes, "
    "nic_divisions, nic_sections, size_class, processes, technology_areas, verification, "
    "exporter, latitude, longitude, changed_at, txid"
)
_TXID = "pg_current_xact_id()::text::bigint"
_UPSERT_TAIL = "ON CONFLICT (kind, object_id) DO UPDATE SET " + ", ".join(
    f"{c.strip()} = EXCLUDED.{c.strip()}" for c in _COLUMNS.split(",")[2:]
)

# --- documents -------------------------------------------------------------------------------

# Which enterprises are listed: published profiles, and registry entries nobody has claimed yet
# (the registry's own public facts: name, place, activity, size). A claimed profile its owners
# keep unpublished is not listed. Contacts, amounts and programme flags are never in a document.
_ENTERPRISE_LISTED = "(e.is_published OR e.organisation_id IS NULL)"


def term_links(model: str, id_column: str, fields: list[str]) -> str:
    """SQL selecting the ids of the vocabulary terms linked to one profile (`id_column` of the
    outer query) through its many-to-many `fields` of enterprises.<model>."""
    return "\n        UNION ALL ".join(
        f"SELECT term_id FROM enterprises_{model}_{name} WHERE {model}_id = {id_column}"
        for name in fields
    )


def _terms_of(model: str, id_column: str, fields: list[str]) -> str:
    """A lateral join `terms` with the ids of the profile's processes and technology areas, and
    the words (English, Hindi, synonyms) of every vocabulary term linked through `fields`."""
    links = term_links(model, id_column, fields)
    return f"""LEFT JOIN LATERAL (
    SELECT array_agg(t.id) FILTER (WHERE t.kind = 'process') AS processes,
        array_agg(t.id) FILTER (WHERE t.kind = 'technology_area') AS areas,
        string_agg(t.name || ' ' || t.name_hi || ' ' || array_to_string(t.synonyms, ' '), ' ')
            AS words
    FROM enterprises_term AS t
    WHERE t.id IN (
        {links}
    )
) AS terms ON true"""


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
    pin.latitude, pin.longitude, e.updated_at, {_TXID}
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
{_terms_of("enterprise", "e.id", ["processes", "technology_areas", "materials"])}
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
    p.updated_at, {_TXID}
FROM enterprises_partnerprofile AS p
JOIN accounts_organisation AS o ON o.id = p.organisation_id
LEFT JOIN enterprises_term AS sector ON sector.id = p.sector_id
{_terms_of("partnerprofile", "p.id", ["processes", "technology_areas"])}
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
        # Document ids start again: a trigger on TRUNCATE starts a new generation, and the
        # in-memory filter indexes load afresh.
        cursor.execute(f"TRUNCATE {_TABLE}, search_searchremoval")
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
    changed_since: datetime | None = None  # only documents new or changed after this


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

    @property
    def path(self) -> str:
        """The address of the object's page ('' for kinds that have no page yet)."""
        if self.kind == Kind.ENTERPRISE:
            return reverse("enterprises:profile", args=[self.key])
        if self.kind == Kind.PARTNER:
            return reverse("enterprises:partner_profile", args=[self.key])
        return ""


@dataclass
class SearchResult:
    hits: list[Hit]
    total: int  # exact below COUNT_CAP; COUNT_CAP means "COUNT_CAP or more"
    facets: dict[str, list[Count]]
    corrected_q: str = ""  # the query as corrected, when the one typed found nothing
    fuzzy: bool = False  # results are names similar to the query, not matches
    text_found: bool = True  # the words were found in some document, whatever the filters

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


def search(params: SearchParams, *, with_facets: bool = True) -> SearchResult:
    """One page of results, the total (capped) and the counts for every filter. Words found
    nowhere are corrected from the portal's vocabulary, or else names like them are shown."""
    tsquery = tsquery_text(params.q) if _tokens(params.q) else None
    result = _run(params, tsquery, with_facets)
    if tsquery and not result.text_found:
        corrected = correct_spelling(params.q)
        if corrected and corrected != params.q.lower():
            result = _run(params, tsquery_text(corrected), with_facets)
            result.corrected_q = corrected
        if not result.text_found:
            result = _similar_names(params, with_facets)
    return result


@dataclass
class _Selection:
    """What the filters pick out of the in-memory index: `base` (kind, distance, changed
    since: never counted) and each chosen filter's documents, kept apart so that a filter's
    counts can leave it out."""

    base: BitMap
    chosen: dict[str, BitMap]
    places: list[tuple[float, str]]  # (km, place key) within the radius, nearest first
    certificates: dict[str, BitMap]  # valid on the day searched

    def narrowed(self, leave_out: str | None = None) -> BitMap:
        result = self.base
        for name, selected in self.chosen.items():
            if name != leave_out:
                result = result & selected
        return result


def _select(index, params: SearchParams, today: date) -> _Selection:
    """The filters' documents; call with the index synced and locked."""
    certificates = (
        index.groups["certification"] if today == index.day else index.certificates_on(today)
    )
    base = index.groups["kind"].get(params.kind, BitMap())
    places: list[tuple[float, str]] = []
    if params.near:
        places = index.places_within(*params.near, params.radius_km)
        base = base & index.union("place", [key for _km, key in places])
    if params.changed_since:
        base = base & facets.ids_where("d.changed_at > %s", [params.changed_since])
    chosen: dict[str, BitMap] = {}
    for name in (*_SCALAR_FACETS, *_ARRAY_FACETS):
        if values := getattr(params, name):
            chosen[name] = index.union(name, values)
    if params.certification:
        found = [certificates[str(c)] for c in params.certification if str(c) in certificates]
        chosen["certification"] = BitMap.union(*found) if found else BitMap()
    if params.exporter:
        chosen["exporter"] = index.groups.get("exporter", {}).get("1", BitMap())
    return _Selection(base, chosen, places, certificates)


def _run(params: SearchParams, tsquery: str | None, with_facets: bool) -> SearchResult:
    """Sets from the in-memory filter index (facets.py), text matches from PostgreSQL's GIN
    index (kept in the same index), the page's ids picked from them, its rows from PostgreSQL."""
    today = params.today or timezone.localdate()
    index = facets.index_for_connection()
    with index.lock:
        index.sync(timezone.localdate())
        selection = _select(index, params, today)
        text_found = True
        if tsquery:
            matches = _text_ids(index, tsquery)
            kind = index.groups["kind"].get(params.kind, BitMap())
            text_found = not matches.isdisjoint(kind)
            selection.base = selection.base & matches
        final = selection.narrowed()
        counts = _counts(index, params, selection, final) if with_facets else {}
        ids = _page_ids(index, params, tsquery, final, selection.places)
    hits = _rows(params, ids) if ids else []
    _attach_certificates(hits, today)
    return SearchResult(
        hits=hits, total=min(len(final), COUNT_CAP), facets=counts, text_found=text_found
    )


def documents_where(params: SearchParams) -> BitMap:
    """The ids of the listed documents that pass every filter of `params` (its text, if any,
    as search matches it): matching's hard eligibility, from the same in-memory index."""
    today = params.today or timezone.localdate()
    tsquery = tsquery_text(params.q) if _tokens(params.q) else None
    index = facets.index_for_connection()
    with index.lock:
        index.sync(timezone.localdate())
        selection = _select(index, params, today)
        if tsquery:
            selection.base = selection.base & _text_ids(index, tsquery)
        return selection.narrowed()


def facet_documents(name: str, values) -> list[BitMap]:
    """The documents having each of these values of one filter ("process", "area": term ids),
    in the order given: matching's "has what is wanted", from the same in-memory index."""
    index = facets.index_for_connection()
    with index.lock:
        index.sync(timezone.localdate())
        group = index.groups.get(name, {})
        return [group.get(str(value), BitMap()) for value in values]


def word_documents(text: str) -> list[tuple[str, BitMap]]:
    """Each distinct word of `text` (three letters or more) with the ids of the documents (of
    every kind) containing it, stemmed as search stems it; kept in the index's text cache like
    search's own query parts. Stop words come back with no documents."""
    words = list(dict.fromkeys(t for t in _tokens(text) if len(t) >= 3))
    index = facets.index_for_connection()
    with index.lock:
        index.sync(timezone.localdate())
        return [(word, index.text_ids(_lexeme(word, prefix=False))) for word in words]


def _text_ids(index, tsquery: str) -> BitMap:
    """The documents that match the text: each part of the query (a word, a synonym group) from
    the GIN index or the index's cache of recent parts, the rarest first."""
    parts = sorted((index.text_ids(part) for part in tsquery.split(" & ")), key=len)
    return BitMap.intersection(*parts) if len(parts) > 1 else parts[0]


def _in_weights(tsquery: str, weights: str) -> str:
    """The same query matched only in parts of the text of these weights ("A": the name)."""
    return re.sub(r"'([^']+)'(:\*)?", lambda m: f"'{m[1]}':{'*' if m[2] else ''}{weights}", tsquery)


def _counts(index, params, selection: _Selection, final: BitMap) -> dict[str, list[Count]]:
    """Counts for every filter's values, each among the results of the other filters.

    Districts are counted within the states chosen, NIC divisions within the sections chosen and
    NIC classes within the divisions chosen (as the page shows them): hundreds of values that
    say little until the search is narrowed to where they belong.
    """
    from udyamsetu.enterprises.reference import nic_codes

    groups = index.groups
    wanted: dict[str, list[str] | None] = {name: None for name in FACETS}
    wanted["district"] = index.districts_in(params.state) if params.state else []
    if params.nic_section:
        wanted["nic_division"] = [
            c for c, e in nic_codes().items()
            if e.level == "division" and e.section in params.nic_section
        ]  # fmt: skip
    else:
        wanted["nic_division"] = []
    wanted["nic"] = (
        [c for c in groups.get("nic", {}) if c[:2] in params.nic_division]
        if params.nic_division else []
    )  # fmt: skip
    result: dict[str, list[Count]] = {}
    for name in FACETS:
        within = selection.narrowed(name) if name in selection.chosen else final
        if name == "exporter":
            exporters = groups.get("exporter", {}).get("1", BitMap())
            result[name] = [Count("1", within.intersection_cardinality(exporters))]
            continue
        group = selection.certificates if name == "certification" else groups.get(name, {})
        values = wanted[name] if wanted[name] is not None else list(group)
        selected = {str(v) for v in getattr(params, name)}
        found = []
        for value in values:
            bitmap = group.get(value)
            n = within.intersection_cardinality(bitmap) if bitmap is not None else 0
            if n or value in selected:
                found.append(Count(value, n))
        if name == "verification":
            found.sort(key=lambda c: c.value)
        else:
            found.sort(key=lambda c: (-c.count, c.value))
        result[name] = found
    return result


# PostgreSQL's ts_rank reads each candidate's text: a tier of relevance larger than this is
# ordered newest first instead (within one tier, such as "the words are in the name", ranks
# differ little, and ranking 50,000 texts takes half a second).
_RANK_LIMIT = 2_000


def _page_ids(index, params, tsquery, final: BitMap, places) -> list[int]:
    """The ids on the page, in the order asked for."""
    need = max(params.page, 1) * PAGE_SIZE
    if not final or len(final) <= need - PAGE_SIZE:
        return []
    if params.sort == "relevance" and tsquery:
        taken = _by_relevance(index, params, tsquery, final, need)
    elif params.sort == "distance" and params.near:
        buckets = (index.groups["place"][key] for _km, key in places)
        taken = _from_buckets(final, buckets, need, newest=False)
    else:  # newest: by the day last changed, then by id, newest first
        taken = _newest(index, final, need)
    return taken[need - PAGE_SIZE : need]


def _by_relevance(index, params, tsquery: str, final: BitMap, need: int) -> list[int]:
    """The first `need` results by relevance: a document named exactly as the query first, then
    tiers (the words in the name, then in the name or capabilities, then anywhere), each ranked
    by ts_rank with the weights (name A > capabilities B > description C > place D)."""
    exact = final & _exact_names(params)
    taken = list(exact)
    rest = final - exact
    if len(rest) <= _RANK_LIMIT:
        tiers = [rest]
    else:
        named = rest & _text_ids(index, _in_weights(tsquery, "A"))
        capable = (rest & _text_ids(index, _in_weights(tsquery, "AB"))) - named
        tiers = [named, capable, rest - named - capable]
    for tier in tiers:
        wanted = need - len(taken)
        if wanted <= 0:
            break
        if not tier:
            continue
        if len(tier) <= _RANK_LIMIT:
            taken += _ranked(tier, tsquery, wanted)
        else:
            taken += _newest(index, tier, wanted)
    return taken


def _exact_names(params: SearchParams) -> BitMap:
    """Documents whose name is the query itself (case and spacing aside)."""
    return facets.ids_where(
        "lower(d.title) = %s AND d.kind = %s", [" ".join(params.q.lower().split()), params.kind]
    )


def _ranked(ids: BitMap, tsquery: str, limit: int) -> list[int]:
    """The `limit` best of `ids` by PostgreSQL's weighted rank."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT d.id FROM {_TABLE} d WHERE d.id = ANY(%s) "
            f"ORDER BY ts_rank(d.text, to_tsquery('{TS_CONFIG}', %s)) DESC, d.id LIMIT %s",
            [list(ids), tsquery, limit],
        )
        return [row[0] for row in cursor.fetchall()]


def _newest(index, within: BitMap, limit: int) -> list[int]:
    """The `limit` newest of `within`: by the day last changed, then by id, newest first."""
    days = index.groups.get("day", {})
    return _from_buckets(within, (days[d] for d in sorted(days, reverse=True)), limit, newest=True)


def _from_buckets(within: BitMap, buckets, limit: int, *, newest: bool) -> list[int]:
    """The first `limit` of `within`, bucket by bucket in the order given (days, places);
    inside a bucket by id, highest first when `newest`, else lowest first."""
    taken: list[int] = []
    for bucket in buckets:
        inside = within & bucket
        wanted = limit - len(taken)
        if newest:
            taken.extend(reversed(inside[max(0, len(inside) - wanted) :]))
        else:
            taken.extend(inside[: min(wanted, len(inside))])
        if len(taken) >= limit:
            break
    return taken


def _rows(params, ids: list[int]) -> list[Hit]:
    """The page of hits, in the order of `ids`."""
    return [hit for _id, hit in hits(ids, params)]


def hits(ids: Sequence[int], params: SearchParams) -> list[tuple[int, Hit]]:
    """(document id, hit) for these documents, in the order of `ids` (any deleted meanwhile
    left out); with the distance from `params.near` when it is set."""
    distance, distance_args = "NULL", []
    if params.near:
        lat, lon = params.near
        distance, distance_args = _DISTANCE, [lat, lat, lon]
    ids = list(ids)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT d.id, {_HIT_COLUMNS}, {distance} AS distance_km FROM {_TABLE} d "
            "WHERE d.id = ANY(%s) ORDER BY array_position(%s, d.id)",
            [*distance_args, ids, ids],
        )
        return [(row[0], Hit(*row[1:])) for row in cursor.fetchall()]


_HIT_COLUMNS = (
    "d.kind, d.object_id, d.key, d.title, d.summary, d.state, d.district, d.country, "
    "d.size_class, d.verification, d.exporter, d.processes, d.technology_areas"
)


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


# Names like the query are taken from this many of the most similar in the whole registry,
# then narrowed by the filters.
_SIMILAR_CANDIDATES = 1_000


def _similar_names(params: SearchParams, with_facets: bool) -> SearchResult:
    """Typo tolerance for names: titles that look like the query (trigram similarity), within
    the filters chosen."""
    q = " ".join(params.q.split())
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT d.id FROM {_TABLE} d WHERE d.kind = %s AND d.title %% %s "
            "ORDER BY similarity(d.title, %s) DESC, d.id LIMIT %s",
            [params.kind, q, q, _SIMILAR_CANDIDATES],
        )
        candidates = [row[0] for row in cursor.fetchall()]
    allowed = documents_where(replace(params, q=""))  # the filters, not the words
    ids = [i for i in candidates if i in allowed][:PAGE_SIZE]
    hits = _rows(params, ids) if ids else []
    _attach_certificates(hits, params.today or timezone.localdate())
    facets_ = {name: [] for name in FACETS} if with_facets else {}
    return SearchResult(hits=hits, total=len(hits), facets=facets_, fuzzy=bool(hits))


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


# --- saved searches --------------------------------------------------------------------------

# What a saved search keeps of the page's address: the filters, not the page number.
_NOT_SAVED = {"page", "csrfmiddlewaretoken"}
DIGEST_HITS = 10
_DIGEST_INTERVAL = {"daily": timedelta(days=1), "weekly": timedelta(days=7)}
# A run that starts a little early (cron jitter) still sends the digest that is due.
_DIGEST_SLACK = timedelta(hours=1)


def filters_of(query: QueryDict) -> QueryDict:
    """A search's query string without what is not part of the search (the page number)."""
    kept = query.copy()
    for name in _NOT_SAVED:
        kept.pop(name, None)
    return kept


def saved_query(query: QueryDict) -> str:
    """The query string to keep for a search: its filters, checked, without the page."""
    from udyamsetu.search.forms import SearchForm

    kept = filters_of(query)
    form = SearchForm(kept)
    if not form.is_valid():
        raise ValidationError(_("This search has errors; correct them before saving it."))
    return kept.urlencode()


def save_search(user, *, name: str, query: QueryDict, frequency: str) -> SavedSearch:
    """Keep a search for `user`, who gets an e-mail of its new results at `frequency`."""
    from django.conf import settings

    kept = saved_query(query)
    kind = query.get("kind") or Kind.ENTERPRISE
    with transaction.atomic():
        # The lock makes two saves at once count each other against the limit.
        get_user_model().objects.select_for_update().filter(pk=user.pk).first()
        if user.saved_searches.count() >= settings.SAVED_SEARCHES_PER_USER:
            raise ValidationError(
                _("You can keep at most %(n)s saved searches; delete one first.")
                % {"n": settings.SAVED_SEARCHES_PER_USER}
            )
        saved = SavedSearch(
            user=user, name=name.strip(), kind=kind, query=kept, frequency=frequency
        )
        saved.full_clean()
        saved.save()
    return saved


def params_of(saved: SavedSearch) -> SearchParams | None:
    """The search a saved search stands for, or None if it no longer makes sense (a vocabulary
    term it names was withdrawn, say)."""
    from udyamsetu.search.forms import SearchForm

    form = SearchForm(QueryDict(saved.query))
    return form.params() if form.is_valid() else None


def send_digests(frequency: str, now: datetime | None = None) -> int:
    """E-mail every saved search of `frequency` that is due the results new or changed since its
    last digest. A search with nothing new sends nothing but still moves on. Two runs at once
    never send the same digest twice: each search is locked while it is handled. Returns the
    number of e-mails queued."""
    from django.conf import settings
    from django.template.loader import render_to_string

    from udyamsetu.core.services import send_email_later

    now = now or timezone.now()
    due_before = now - _DIGEST_INTERVAL[frequency] + _DIGEST_SLACK
    sent = 0
    ids = SavedSearch.objects.filter(frequency=frequency, user__is_active=True).values_list(
        "pk", flat=True
    )
    for pk in list(ids):
        with transaction.atomic():
            saved = (
                SavedSearch.objects.select_for_update(skip_locked=True)
                .select_related("user")
                .filter(pk=pk, frequency=frequency)
                .filter(
                    models.Q(last_sent_at__isnull=True) | models.Q(last_sent_at__lte=due_before)
                )
                .first()
            )
            if saved is None:
                continue
            params = params_of(saved)
            since = saved.last_sent_at or saved.created_at
            saved.last_sent_at = now
            saved.save(update_fields=["last_sent_at", "updated_at"])
            if params is None or not saved.user.email:
                continue
            params.changed_since = since
            params.sort = "newest"
            params.page = 1
            result = search(params, with_facets=False)
            if not result.total or result.fuzzy:
                continue
            with as_recipient(saved.user):
                context = {
                    "saved": saved,
                    "hits": result.hits[:DIGEST_HITS],
                    "total": result.total,
                    "more": result.total - min(result.total, DIGEST_HITS),
                    "portal": settings.PORTAL_URL,
                    "search_url": settings.PORTAL_URL
                    + reverse("search:search")
                    + "?"
                    + saved.query,
                    "manage_url": settings.PORTAL_URL + reverse("search:saved"),
                }
                send_email_later(
                    subject=_("%(count)s new for your saved search “%(name)s”")
                    % {"count": f"{result.total:,}", "name": saved.name},
                    body=render_to_string("search/email/digest.txt", context),
                    to=[saved.user.email],
                )
            sent += 1
    return sent
