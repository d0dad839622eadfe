"""Matching: the vectors of what profiles offer and seek, kept in step by background tasks.

A profile's "offers" text is its name, activity (NIC titles), capabilities (processes,
materials, technology areas), description and offer; its "seeks" text is what it wrote it
seeks. The kinds of partnership it wants are left out: they are a form, not a capability, and
matched by words they brought "joint development" firms to a need for composites. Each text is
embedded (embeddings.py) and stored with a digest, so a profile saved without a change in those
texts costs no embedding.
"""

from __future__ import annotations

import hashlib
import struct
import time
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING

import numpy as np
from django.conf import settings
from django.db import connection, transaction
from django.utils.translation import gettext as _
from pgvector.django import IvfflatIndex
from psycopg import sql as pg_sql

from udyamsetu.matching.embeddings import embedder
from udyamsetu.matching.models import (
    OFFERS_INDEX,
    OFFERS_INDEX_MIN_LISTS,
    Aspect,
    Feedback,
    ProfileVector,
)
from udyamsetu.search.services import term_links

if TYPE_CHECKING:
    from udyamsetu.matching.matcher import Need

_TABLE = ProfileVector._meta.db_table

# One row per profile: (id, offers text, seeks text). Vocabulary names in English only: the
# embedding model is English; Hindi names would be noise to it.
_TERMS = """
LEFT JOIN LATERAL (
    SELECT string_agg(t.name, ', ') AS offered
    FROM enterprises_term AS t WHERE t.id IN ({links})
) AS terms ON true
"""
_ENTERPRISE_TEXTS = (
    """
SELECT e.id,
    concat_ws('. ', e.legal_name, nic.titles, terms.offered, nullif(e.description, ''),
        nullif(e.offer_text, '')),
    e.seek_text
FROM enterprises_enterprise AS e
LEFT JOIN LATERAL (
    SELECT string_agg(n.title, ', ') AS titles
    FROM unnest(e.nic_codes) AS c JOIN search_nicentry AS n ON n.code = left(c, 4)
) AS nic ON true
"""
    + _TERMS.format(
        links=term_links("enterprise", "e.id", ["processes", "materials", "technology_areas"])
    )
    + "WHERE {where} ORDER BY e.id"
)
_PARTNER_TEXTS = (
    """
SELECT p.id,
    concat_ws('. ', o.name, sector.name, terms.offered, nullif(o.description, ''),
        nullif(p.offer_text, '')),
    p.seek_text
FROM enterprises_partnerprofile AS p
JOIN accounts_organisation AS o ON o.id = p.organisation_id
LEFT JOIN enterprises_term AS sector ON sector.id = p.sector_id
"""
    + _TERMS.format(links=term_links("partnerprofile", "p.id", ["processes", "technology_areas"]))
    + "WHERE {where} ORDER BY p.id"
)
_TEXTS = {"enterprise": (_ENTERPRISE_TEXTS, "e.id"), "partner": (_PARTNER_TEXTS, "p.id")}
KINDS = tuple(_TEXTS)


def profile_texts(kind: str, ids: Iterable[int]) -> list[tuple[int, str, str]]:
    """(id, offers text, seeks text) of these profiles, in id order; missing ids are left out."""
    sql, column = _TEXTS[kind]
    with connection.cursor() as cursor:
        cursor.execute(sql.format(where=f"{column} = ANY(%s)"), [list(ids)])
        return cursor.fetchall()


def digest(text: str) -> int:
    """A 64-bit hash of a text, to tell whether it changed since it was embedded."""
    return int.from_bytes(
        hashlib.blake2b(text.encode(), digest_size=8).digest(), "big", signed=True
    )


def embed_profiles(kind: str, ids: Iterable[int]) -> int:
    """Embed the offers and seeks of these profiles where their text changed; drop the vectors
    of profiles that are gone and of seeks left empty. Returns how many vectors were written."""
    ids = list(ids)
    rows = profile_texts(kind, ids)
    with transaction.atomic():
        written = _store(kind, rows)
        with connection.cursor() as cursor:
            cursor.execute(
                f"DELETE FROM {_TABLE} WHERE kind = %s AND object_id = ANY(%s) "
                "AND NOT (object_id = ANY(%s) AND (aspect = 'offers' OR object_id = ANY(%s)))",
                [kind, ids, [r[0] for r in rows], [r[0] for r in rows if r[2]]],
            )
    return written


def embed_all(
    kinds: Sequence[str] = KINDS,
    batch: int = 20_000,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Embed every profile of these kinds, `batch` per transaction, skipping texts unchanged
    since they were embedded; `progress(done, total)` after each batch. Returns vectors written."""
    return _embed_in_ranges(kinds, "true", [], batch, progress)


def embed_enterprises_changed_since(since, batch: int = 20_000) -> int:
    """Embed the enterprises changed since `since` (after a registry import)."""
    return _embed_in_ranges(["enterprise"], "e.updated_at >= %s", [since], batch, None)


def _embed_in_ranges(kinds, condition: str, args: list, batch: int, progress) -> int:
    """Walk each kind's ids in ranges of `batch`, one transaction each."""
    tables = {"enterprise": "enterprises_enterprise", "partner": "enterprises_partnerprofile"}
    bounds = {}
    with connection.cursor() as cursor:
        for kind in kinds:
            cursor.execute(
                f"SELECT coalesce(min(id), 0), coalesce(max(id), -1) FROM {tables[kind]}"
            )
            bounds[kind] = cursor.fetchone()
    total = sum(high - low + 1 for low, high in bounds.values())
    done = written = 0
    for kind, (low, high) in bounds.items():
        sql, column = _TEXTS[kind]
        statement = sql.format(where=f"{condition} AND {column} >= %s AND {column} < %s")
        for start in range(low, high + 1, batch):
            with transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute(statement, [*args, start, start + batch])
                    rows = cursor.fetchall()
                written += _store(kind, rows)
            done += min(batch, high + 1 - start)
            if progress:
                progress(done, total)
    return written


def forget(kind: str, ids: Iterable[int]) -> None:
    """Drop the vectors of deleted profiles."""
    ProfileVector.objects.filter(kind=kind, object_id__in=list(ids)).delete()


def reembed_all(batch: int = 20_000, progress=None) -> tuple[int, float]:
    """Embed every profile again from scratch (a new model, a damaged table): the nearest-
    neighbour index is dropped while the vectors are written and built once at the end, many
    times faster than keeping it up to date row by row. Returns (vectors, index build seconds).
    """
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {_TABLE}")
    with connection.schema_editor() as editor:
        editor.execute(f'DROP INDEX IF EXISTS "{_offers_index().name}"')
    written = embed_all(batch=batch, progress=progress)
    return written, build_offers_index()


# Offer vectors per IVFFlat list. pgvector suggests rows/1000 up to a million rows and
# sqrt(rows) beyond; needs are short texts far from every profile, which must look into more of
# the nearest clusters than a profile would, and smaller lists make each look cheaper (decision
# 0026: at 7.5 million, 7,500 lists).
VECTORS_PER_LIST = 1_000


def offers_index_lists(vectors: int) -> int:
    """How many lists the offers index gets for this many offer vectors."""
    return max(OFFERS_INDEX_MIN_LISTS, round(vectors / VECTORS_PER_LIST))


def _offers_index() -> IvfflatIndex:
    return next(i for i in ProfileVector._meta.indexes if i.name == OFFERS_INDEX)


def build_offers_index() -> float:
    """(Re)build the nearest-offers index with lists for the offer vectors there are now: its
    clusters are learnt from them, so after a bulk load, a new model or much growth it should be
    built again. An existing index keeps serving while its successor is built beside it (out of
    a transaction, concurrently, so profiles can still be saved), then they are swapped. Returns
    the seconds the build took."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {_TABLE} WHERE aspect = %s", [Aspect.OFFERS])
        lists = offers_index_lists(cursor.fetchone()[0])
        cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [OFFERS_INDEX])
        replacing = cursor.fetchone()[0]
    _path, args, kwargs = _offers_index().deconstruct()
    name = f"{OFFERS_INDEX}_new" if replacing else OFFERS_INDEX
    index = IvfflatIndex(*args, **{**kwargs, "lists": lists, "name": name})
    started = time.perf_counter()
    with connection.cursor() as cursor:
        # k-means over the sample is done in memory; short of what it needs, the build stops.
        cursor.execute("SET maintenance_work_mem = %s", [settings.MATCHING_INDEX_BUILD_MEMORY])
    try:
        with connection.schema_editor(atomic=False) as editor:
            editor.execute(f'DROP INDEX IF EXISTS "{name}"')  # a build interrupted before
            editor.add_index(
                ProfileVector, index, concurrently=replacing and not connection.in_atomic_block
            )
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET maintenance_work_mem")
    if replacing:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f'DROP INDEX "{OFFERS_INDEX}"')
            cursor.execute(f'ALTER INDEX "{name}" RENAME TO "{OFFERS_INDEX}"')
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {_TABLE}")
    return time.perf_counter() - started


def _store(kind: str, rows: Sequence[tuple[int, str, str]]) -> int:
    """Embed and upsert the texts of `rows` whose digest differs from the stored one."""
    wanted = [
        (object_id, aspect, text)
        for object_id, offers, seeks in rows
        for aspect, text in ((Aspect.OFFERS, offers), (Aspect.SEEKS, seeks))
        if text
    ]
    if not wanted:
        return 0
    digests = [digest(text) for _id, _aspect, text in wanted]
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT object_id, aspect, digest FROM {_TABLE} "
            "WHERE kind = %s AND object_id = ANY(%s)",
            [kind, list({object_id for object_id, _a, _t in wanted})],
        )
        stored = {(object_id, aspect): d for object_id, aspect, d in cursor.fetchall()}
    keep = [
        i for i, (object_id, aspect, _t) in enumerate(wanted)
        if stored.get((object_id, aspect)) != digests[i]
    ]  # fmt: skip
    wanted = [wanted[i] for i in keep]
    digests = [digests[i] for i in keep]
    if not wanted:
        return 0
    vectors = embedder().embed([text for _id, _aspect, text in wanted])
    _upsert(kind, wanted, digests, vectors)
    return len(wanted)


# pgvector's binary form of a halfvec: dimensions and an unused int16, then big-endian halves.
_HALFVEC_HEADER = struct.Struct(">hh")


def _upsert(kind: str, wanted, digests: list[int], vectors: np.ndarray) -> None:
    """Write vectors with COPY (binary: no float formatting) through a staging table."""
    header = _HALFVEC_HEADER.pack(vectors.shape[1], 0)
    halves = vectors.astype(">f2")
    # The staging table empties at commit: COPY and INSERT must share one transaction.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE IF NOT EXISTS matching_staging (object_id bigint, "
            f"aspect varchar(6), digest bigint, vector halfvec({vectors.shape[1]})) "
            "ON COMMIT DELETE ROWS"
        )
        with cursor.copy(
            "COPY matching_staging (object_id, aspect, digest, vector) FROM STDIN (FORMAT BINARY)"
        ) as copy:
            copy.set_types(["int8", "text", "int8", "bytea"])
            for (object_id, aspect, _text), value, row in zip(wanted, digests, halves, strict=True):
                copy.write_row((object_id, str(aspect), value, header + row.tobytes()))
        cursor.execute(
            f"INSERT INTO {_TABLE} (kind, object_id, aspect, digest, vector, updated_at) "
            "SELECT %s, object_id, aspect, digest, vector, now() FROM matching_staging "
            "ON CONFLICT (kind, object_id, aspect) DO UPDATE SET digest = EXCLUDED.digest, "
            "vector = EXCLUDED.vector, updated_at = EXCLUDED.updated_at",
            [kind],
        )
        cursor.execute("TRUNCATE matching_staging")


def responsiveness_by_profile(kind: str, ids: Sequence[int]) -> dict[int, tuple[float, str]]:
    """profile id → (a responsiveness score from 0 to 1, the figures in words) for the claimed profiles
    among `ids` whose organisation has enough enquiries to judge. The score is the share
    answered, discounted by the median time to answer (a two-day answer counts half)."""
    from udyamsetu.enterprises.models import Enterprise, PartnerProfile
    from udyamsetu.marketplace.models import Responsiveness
    from udyamsetu.marketplace.services.responsiveness import MINIMUM_ENQUIRIES, describe

    model = Enterprise if kind == "enterprise" else PartnerProfile
    owners = dict(
        model.objects.filter(pk__in=ids, organisation__isnull=False).values_list(
            "organisation_id", "pk"
        )
    )
    found = {}
    for row in Responsiveness.objects.filter(
        organisation_id__in=owners, enquiries__gte=MINIMUM_ENQUIRIES
    ):
        speed = 1 / (1 + (row.median_seconds or 0) / (48 * 3600))
        found[owners[row.organisation_id]] = (row.rate * speed, describe(row))
    return found


def stored_vectors(kind: str, ids: Sequence[int], aspect: str) -> dict[int, np.ndarray]:
    """The stored vectors of one aspect of these profiles, by id (those not yet embedded are
    missing). Read by binary COPY: parsing the text form of a hundred vectors costs more than
    the query."""
    ids = [int(i) for i in ids]
    if not ids:
        return {}
    # COPY takes no parameters; psycopg composes the values safely (and Django's debug cursor
    # takes a statement only).
    statement = pg_sql.SQL(
        "COPY (SELECT object_id, vector FROM {} WHERE kind = {} AND aspect = {} "
        "AND object_id = ANY({}::bigint[])) TO STDOUT (FORMAT BINARY)"
    ).format(
        pg_sql.Identifier(_TABLE), pg_sql.Literal(kind), pg_sql.Literal(str(aspect)),
        pg_sql.Literal(ids),
    )  # fmt: skip
    found: dict[int, np.ndarray] = {}
    with connection.cursor() as cursor, cursor.copy(statement) as copy:
        copy.set_types(["int8", "bytea"])
        for object_id, data in copy.rows():
            found[object_id] = np.frombuffer(data, dtype=">f2", offset=_HALFVEC_HEADER.size).astype(
                np.float32
            )
    return found


def recommended_for(kind: str, object_id: int, limit: int = 20, today=None):
    """Enterprises matching what a profile seeks ("Recommended for you"), reciprocity counted
    with what it offers, hidden matches left out; empty while it has not written what it
    seeks."""
    from udyamsetu.matching.matcher import Need, match

    rows = profile_texts(kind, [object_id])
    if not rows or not rows[0][2]:
        return []
    need = Need(
        text=rows[0][2],
        offers_vector=stored_vectors(kind, [object_id], Aspect.OFFERS).get(object_id),
        exclude={(kind, object_id), *hidden_matches(kind, object_id)},
    )
    return match(need, limit=limit, today=today)


# How long the dashboard keeps a seeker's recommendations (the matcher takes tens of ms at
# full scale, half a second at p95, and a dashboard is loaded far more often than it changes).
RECOMMENDATIONS_TTL = 15 * 60


def cached_recommendations(kind: str, object_id: int, limit: int = 5) -> list:
    """`recommended_for`, kept a quarter of an hour per seeker, language and day. The key holds
    the digests of the seeker's embedded texts and its team's latest verdict, so an edit (once
    its task has run) or a hidden match shows at once; matches no longer listed are dropped on
    reading, so a profile unpublished meanwhile is never shown."""
    from django.core.cache import cache
    from django.db.models import Count, Max
    from django.utils import timezone
    from django.utils.translation import get_language

    from udyamsetu.search.models import SearchDocument

    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT coalesce(string_agg(aspect || digest, ',' ORDER BY aspect), '') "
            f"FROM {_TABLE} WHERE kind = %s AND object_id = %s",
            [kind, object_id],
        )
        texts = cursor.fetchone()[0]
    verdicts = Feedback.objects.filter(seeker_kind=kind, seeker_id=object_id).aggregate(
        n=Count("id"), latest=Max("updated_at")
    )
    state = f"{kind}:{object_id}:{limit}:{get_language()}:{timezone.localdate()}:{texts}:{verdicts}"
    key = "matching:recommended:" + hashlib.blake2b(state.encode(), digest_size=16).hexdigest()
    found = cache.get(key)
    if found is None:
        found = recommended_for(kind, object_id, limit=limit)
        cache.set(key, found, RECOMMENDATIONS_TTL)
    if not found:
        return []
    listed = set(
        SearchDocument.objects.filter(
            kind__in={m.hit.kind for m in found}, object_id__in=[m.hit.object_id for m in found]
        ).values_list("kind", "object_id")
    )
    return [m for m in found if (m.hit.kind, m.hit.object_id) in listed]


def recommendations_for_organisation(organisation, limit: int = 20, today=None) -> tuple[str, list]:
    """(profile kind, matches) for what the organisation's own profile seeks: its enterprise
    profile, or its partner profile; ("", []) when it has neither."""
    seeker = profile_of(organisation)
    if seeker is None:
        return "", []
    return seeker[0], recommended_for(*seeker, limit=limit, today=today)


def profile_of(organisation) -> tuple[str, int] | None:
    """(kind, id) of the organisation's enterprise or partner profile, if it has one."""
    from udyamsetu.enterprises.models import PartnerProfile
    from udyamsetu.enterprises.services import enterprise_for_organisation

    enterprise = enterprise_for_organisation(organisation)
    if enterprise is not None:
        return "enterprise", enterprise.pk
    profile = PartnerProfile.objects.filter(organisation=organisation).first()
    if profile is not None:
        return "partner", profile.pk
    return None


def need_for_post(post) -> Need:
    """A post read as a need: its words, the processes and areas it wants, its hard
    requirements; and, for reciprocity, what its side offers (an offer post: the post itself;
    a request: the poster's own profile, if it has one)."""
    from udyamsetu.matching.matcher import Need
    from udyamsetu.search.models import PinCentroid

    text = f"{post.title}. {post.description}"
    need = Need(
        text=text,
        processes=list(post.processes.values_list("pk", flat=True)),
        areas=list(post.technology_areas.values_list("pk", flat=True)),
        certifications=list(post.required_certifications.values_list("pk", flat=True)),
        wanted_certifications=list(post.preferred_certifications.values_list("pk", flat=True)),
        sizes=list(post.size_classes),
        states=list(post.states),
        exclude=hidden_matches("post", post.pk),
    )
    if post.licence_category == post.LicenceCategory.A:
        need.verification = [1, 2]  # as marketplace.services.may_see_category_a
    if post.pin_code and (centre := PinCentroid.objects.filter(pin=post.pin_code).first()):
        need.near, need.radius_km = (centre.latitude, centre.longitude), post.radius_km or 100
    if post.offers:
        need.offers_vector = embedder().embed([text])[0]
    elif own := profile_of(post.organisation):
        need.offers_vector = stored_vectors(*own, Aspect.OFFERS).get(own[1])
        need.exclude.add(own)
    return need


def matches_for_post(post, limit: int = 20, today=None) -> list:
    """The enterprises that match a post, best first, with their reasons."""
    from udyamsetu.matching.matcher import match

    return match(need_for_post(post), limit=limit, today=today)


def hidden_matches(seeker_kind: str, seeker_id: int) -> set[tuple[str, int]]:
    """The (kind, id) of the matches the seeker's team hid: never shown to it again."""
    return set(
        Feedback.objects.filter(
            seeker_kind=seeker_kind, seeker_id=seeker_id, verdict=Feedback.Verdict.HIDDEN
        ).values_list("match_kind", "match_id")
    )


def verdicts(seeker_kind: str, seeker_id: int) -> dict[tuple[str, int], str]:
    """What the seeker's team said of each match it judged."""
    rows = Feedback.objects.filter(seeker_kind=seeker_kind, seeker_id=seeker_id)
    return {(kind, i): v for kind, i, v in rows.values_list("match_kind", "match_id", "verdict")}


def seeker_organisation_id(seeker_kind: str, seeker_id: int) -> int | None:
    """The organisation a seeker (profile or post) belongs to, if it exists."""
    from udyamsetu.enterprises.models import Enterprise, PartnerProfile
    from udyamsetu.marketplace.models import Post

    model = {"enterprise": Enterprise, "partner": PartnerProfile, "post": Post}[seeker_kind]
    return model.objects.filter(pk=seeker_id).values_list("organisation_id", flat=True).first()


def give_feedback(
    user, *, seeker_kind: str, seeker_id: int, match_kind: str, match_id: int, verdict: str
) -> Feedback | None:
    """Record the team's verdict on one match (an empty verdict takes it back). Only members
    of the seeker's organisation may; anyone else gets 404, as if the seeker did not exist."""
    from django.core.exceptions import ValidationError
    from django.http import Http404

    from udyamsetu.accounts.services import organisations_of
    from udyamsetu.search.models import SearchDocument

    if seeker_kind not in Feedback.SEEKER_KINDS:
        raise ValidationError({"seeker_kind": _("Unknown kind of seeker.")})
    organisation_id = seeker_organisation_id(seeker_kind, seeker_id)
    if organisation_id is None or not organisations_of(user).filter(pk=organisation_id).exists():
        raise Http404
    if match_kind not in Feedback.MATCH_KINDS:
        raise ValidationError({"match_kind": _("Unknown kind of match.")})
    if verdict and verdict not in Feedback.Verdict.values:
        raise ValidationError({"verdict": _("Say relevant, not relevant or hide.")})
    if not SearchDocument.objects.filter(kind=match_kind, object_id=match_id).exists():
        raise ValidationError({"match_id": _("No such profile is listed.")})
    key = {"seeker_kind": seeker_kind, "seeker_id": seeker_id, "match_kind": match_kind,
           "match_id": match_id}  # fmt: skip
    if not verdict:
        Feedback.objects.filter(**key).delete()
        return None
    feedback, _created = Feedback.objects.update_or_create(
        **key, defaults={"verdict": verdict, "by": user}
    )
    return feedback
