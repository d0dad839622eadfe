"""The matcher: hard eligibility first, then candidates from words and from meaning, fused by
reciprocal rank, then an explainable score whose parts become the reasons shown.

- Eligibility (required certifications valid on the day, size classes, states, distance) and
  "listed only" come from search's in-memory filter index: a bitmap of document ids.
- Word candidates: the need's most informative words (rarest first), documents counted by how
  many of them they contain (bit-sliced over the word bitmaps), then weighted by rarity.
- Meaning candidates: the nearest "offers" vectors (IVFFlat, iterative scan), or an exact scan
  when few documents are eligible.
- Facet candidates: the documents with most of the processes and technology areas wanted;
  seeker candidates: the documents that seek what the seeker offers.
- The rankings are fused (reciprocal rank fusion, k=60); the best are scored on relevance,
  process coverage, technology areas, wanted certifications, distance, verification and
  reciprocity (what the candidate seeks against what the seeker offers).
"""

from __future__ import annotations

import math
import re
import time
from dataclasses import dataclass, field
from datetime import date

import numpy as np
from django.db import connection, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from pyroaring import BitMap

from udyamsetu.matching.embeddings import embedder
from udyamsetu.matching.models import OFFERS_INDEX, Aspect
from udyamsetu.search.services import (
    Hit,
    SearchParams,
    documents_where,
    facet_documents,
    hits,
    word_documents,
)

CANDIDATES = 200  # from each list of candidates
# From the index: nearest first, its list need not go deeper than the fused ones scored.
_INDEX_CANDIDATES = 100
# The share of the index's lists read for a need, and the fewest. Measured at 7.5 million
# (bench.match, 7,500 lists, two builds): needs are short texts far from every profile; reading
# the nearest 1% of lists finds 93-95% of their exact top 20, 2% finds 95-96%, 4% finds 96.5-97%
# at twice the time.
_PROBE_SHARE = 1 / 50
_MIN_PROBES = 10
SCORED = 100  # fused candidates given the full, explained score
_RRF_K = 60
_WORDS = 8  # informative words of a need used for word candidates
# Eligible documents below which meaning is searched exactly (measured at 7.5 million: 3,000
# take 35 ms, 43,000 a second), and the least share of all that the index is searched for:
# under a filter that leaves less, the nearest clusters hold too few eligible documents, so
# meaning orders the other signals' candidates instead.
_EXACT_BELOW = 5_000
_INDEX_SHARE = 0.1
# Words of a need that name no capability: how people phrase what they seek, not what.
GENERIC_WORDS = frozenset({
    "seek", "seeking", "seeks", "looking", "want", "need", "needs", "partner", "partners",
    "partnership", "support", "services", "service", "solutions", "solution", "company",
    "companies", "firm", "firms", "enterprise", "enterprises", "supplier", "suppliers", "supply",
    "vendor", "vendors", "india", "indian", "work", "works", "help", "new", "good", "quality",
    "based", "related", "various", "including", "etc", "also",
})  # fmt: skip
# Cosine similarity below which a profile is not "like" the need at all: measured with this
# model, unrelated trades score -0.1 to 0.15, related ones 0.25 to 0.8.
_MIN_SIMILARITY = 0.2
# In relevance, how much the need's words count against its meaning.
_WORDS_SHARE = 0.5
# How close what a candidate seeks must be to what the seeker offers to be given as a reason.
_SEEKS_WHAT_YOU_OFFER = 0.5

# The parts of the score and their weights (they sum to 1).
WEIGHTS = {
    "relevance": 0.33,
    "processes": 0.19,
    "reciprocity": 0.14,
    "areas": 0.10,
    "certifications": 0.10,
    "distance": 0.05,
    "verification": 0.05,
    "responsiveness": 0.04,
}
# From this responsiveness score on (e.g. all enquiries answered within two days), the figures
# are given as a reason.
_SAY_RESPONSIVE = 0.5


@dataclass
class Need:
    """What is sought, whoever seeks it (an opportunity, a profile's "we seek"), and the hard
    requirements a match must meet."""

    text: str
    kind: str = "enterprise"  # which profiles to match
    processes: list[int] = field(default_factory=list)  # wanted: scored
    areas: list[int] = field(default_factory=list)  # wanted: scored
    certifications: list[int] = field(default_factory=list)  # required: valid on the day
    wanted_certifications: list[int] = field(default_factory=list)  # preferred: scored
    sizes: list[str] = field(default_factory=list)  # required
    verification: list[int] = field(default_factory=list)  # required: these levels only
    states: list[str] = field(default_factory=list)  # required
    near: tuple[float, float] | None = None  # required within radius_km, and scored
    radius_km: int = 100
    offers_vector: np.ndarray | None = None  # what the seeker offers, for reciprocity
    exclude: set[tuple[str, int]] = field(default_factory=set)  # (kind, object_id): self, hidden


@dataclass
class Match:
    """One ranked match: the profile's card, its score and the reasons in words."""

    hit: Hit
    score: float
    reasons: list[str]
    parts: dict[str, float]


@dataclass
class Candidates:
    """A need's eligible documents and its candidates from each signal, best first."""

    params: SearchParams
    eligible: BitMap
    rankings: dict[str, list[int]]  # "words", "meaning", "facets", "seekers"
    words: list[tuple[str, float, BitMap]]  # the need's words used: weight, eligible documents
    vector: np.ndarray | None = None  # the need's meaning
    # Wanted: those chosen with the need and those its text names.
    processes: list[int] = field(default_factory=list)
    areas: list[int] = field(default_factory=list)

    def word_share(self, doc: int) -> float:
        """The share of the need's word weight that a document contains."""
        total = sum(weight for _word, weight, _documents in self.words)
        found = sum(weight for _word, weight, documents in self.words if doc in documents)
        return found / total if total else 0.0


def candidates(need: Need, today: date | None = None) -> Candidates:
    """Hard eligibility, then candidates from each signal on its own:

    - words: the need's rarest words, counted over the documents;
    - meaning: the documents whose offers are nearest the need's text;
    - facets: the documents with most of the processes and technology areas wanted;
    - seekers: the documents that seek what the seeker offers (two-sided needs only).
    """
    today = today or timezone.localdate()
    params = SearchParams(
        kind=need.kind, certification=list(need.certifications), size=list(need.sizes),
        state=list(need.states), verification=list(need.verification), near=need.near,
        radius_km=need.radius_km, today=today,
    )  # fmt: skip
    eligible = documents_where(params)
    rankings: dict[str, list[int]] = {}
    words: list[tuple[str, float, BitMap]] = []
    vector = None
    processes, areas = list(need.processes), list(need.areas)
    if eligible:
        # The need's meaning without its phrasing ("looking for a partner to …"), which would
        # otherwise bring firms whose names hold those words.
        what = " ".join(
            w for w in need.text.split() if w.lower().strip(".,;:!?()") not in GENERIC_WORDS
        )
        vector = embedder().embed([what])[0]
        total = max(len(documents_where(SearchParams(kind=need.kind))), 1)  # listed of the kind
        rankings["words"], words = _word_candidates(need.text, eligible, total)
        named = named_terms(need.text)
        processes = list(dict.fromkeys([*need.processes, *named.get("process", [])]))
        areas = list(dict.fromkeys([*need.areas, *named.get("technology_area", [])]))
        if processes or areas:
            rankings["facets"] = facet_candidates(processes, areas, eligible)
        if not vector.any():
            vector = None
        else:
            pool = BitMap(rankings["words"]) | BitMap(rankings.get("facets", []))
            rankings["meaning"] = _meaning_candidates(vector, need.kind, eligible, total, pool)
        if need.offers_vector is not None:
            rankings["seekers"] = _seeker_candidates(need.offers_vector, need.kind, eligible)
    return Candidates(params, eligible, rankings, words, vector, processes, areas)


_NAMES_TTL = 300  # seconds a process keeps the vocabulary's names before reading them again
_names: tuple[float, re.Pattern | None, dict[str, tuple[str, int]]] = (0.0, None, {})


def named_terms(text: str) -> dict[str, list[int]]:
    """The processes and technology areas a text names, by a term's name or one of its
    synonyms (whole words, a hyphen as good as a space; the longest name wins, so "5-axis CNC"
    is not also "CNC"), by vocabulary kind. Short capitalised synonyms ("EW", "CS") count only
    as written, in capitals."""
    global _names
    loaded, pattern, phrases = _names
    if pattern is None or time.monotonic() - loaded > _NAMES_TTL:
        from udyamsetu.enterprises.models import Term

        phrases = {}
        terms = Term.objects.filter(kind__in=["process", "technology_area"], is_active=True)
        for term in terms.only("pk", "kind", "name", "synonyms"):
            for name in (term.name, *term.synonyms):
                if name.isascii() and len(name) >= 2:
                    phrases.setdefault(_phrase_key(name), (term.kind, term.pk))
        alternatives = sorted(phrases, key=len, reverse=True)
        pattern = re.compile(
            r"(?<![\w-])(" + "|".join(_SEPARATORS.sub(r"[-\\s]+", re.escape(p))
                                       for p in alternatives) + r")(?![\w-])",
            re.IGNORECASE,
        ) if alternatives else None  # fmt: skip
        _names = (time.monotonic(), pattern, phrases)
    found: dict[str, list[int]] = {}
    for hit in pattern.finditer(text) if pattern else ():
        term = phrases.get(_phrase_key(hit.group(1)))
        if term and term[1] not in found.setdefault(term[0], []):
            found[term[0]].append(term[1])
    return found


_SEPARATORS = re.compile(r"(?:\\[-\s]|[-\s])+")  # in escaped and in plain text


def _phrase_key(name: str) -> str:
    """How a name is looked up: acronyms as written, anything else in small letters, hyphens
    and spaces alike."""
    name = _SEPARATORS.sub(" ", name.strip())
    return name if len(name) <= 3 and name.isupper() else name.lower()


def fuse(rankings) -> dict[int, float]:
    """Reciprocal rank fusion: each document's sum of 1 / (k + rank) over the rankings."""
    fused: dict[int, float] = {}
    for ranking in rankings:
        for rank, doc in enumerate(ranking):
            fused[doc] = fused.get(doc, 0.0) + 1.0 / (_RRF_K + rank + 1)
    return fused


def match(need: Need, limit: int = 20, today: date | None = None) -> list[Match]:
    """The best `limit` matches for a need, best first, each with its reasons."""
    today = today or timezone.localdate()
    found = candidates(need, today)
    fused = fuse(found.rankings.values())
    best = sorted(fused, key=lambda d: (-fused[d], d))[: SCORED + len(need.exclude)]
    from udyamsetu.matching.services import stored_vectors

    found_hits = [
        (doc, hit) for doc, hit in hits(best, found.params)
        if (hit.kind, hit.object_id) not in need.exclude
    ][:SCORED]  # fmt: skip
    offers = stored_vectors(need.kind, [hit.object_id for _doc, hit in found_hits], Aspect.OFFERS)
    cards = [
        Card(
            hit=hit,
            word_share=found.word_share(doc),
            similarity=(
                float(offers[hit.object_id] @ found.vector)
                if found.vector is not None and hit.object_id in offers else 0.0
            ),
            words=[w for w, _weight, documents in found.words if doc in documents],
        )
        for doc, hit in found_hits
    ]  # fmt: skip
    return _score(need, cards, today, found.processes, found.areas)[:limit]


@dataclass
class Card:
    """A candidate as scored: its hit, how much of the need's words it has, how close its
    offers are in meaning, and which words it has."""

    hit: Hit
    word_share: float
    similarity: float
    words: list[str]


def relevance(word_share: float, similarity: float) -> float:
    """How well a candidate's own words and meaning answer the need, 0 to 1: the share of the
    need's word weight it contains, and its similarity above the floor of "related at all"."""
    meaning = min(max((similarity - _MIN_SIMILARITY) / (1 - _MIN_SIMILARITY), 0.0), 1.0)
    return _WORDS_SHARE * word_share + (1 - _WORDS_SHARE) * meaning


def _word_candidates(
    text: str, eligible: BitMap, total: int
) -> tuple[list[int], list[tuple[str, float, BitMap]]]:
    """Eligible documents containing the need's rarest words (rarity among the `total` listed
    documents of the kind), the most (by rarity) first; and the words used, with their eligible
    documents."""
    words = []
    for position, (word, documents) in enumerate(word_documents(text)):
        if word in GENERIC_WORDS:
            continue
        frequency = len(documents)
        # Words in a fifth of everything say nothing (a small registry keeps them all).
        if 0 < frequency <= max(total // 5, 100):
            words.append((math.log(total / frequency), documents & eligible, word, position))
    words = sorted(words, key=lambda w: -w[0])[:_WORDS]
    # In the need's own order, so that a reason reads "vacuum, heat, treatment", not by rarity.
    used = [(word, weight, documents) for weight, documents, word, _position in
            sorted(words, key=lambda w: w[3])]  # fmt: skip
    if not words:
        return [], used
    # at_least[j]: documents containing at least j of the words.
    at_least = [BitMap() for _ in range(len(words) + 1)]
    for _weight, documents, *_rest in words:
        for j in range(len(words), 1, -1):
            at_least[j] |= at_least[j - 1] & documents
        at_least[1] |= documents
    chosen = BitMap()
    for j in range(len(words), 0, -1):
        level = at_least[j] - chosen
        if len(chosen) + len(level) <= CANDIDATES * 2:
            chosen |= level
        else:  # too many with j words: the ones with the rarest words first
            for _weight, documents, *_rest in words:
                room = CANDIDATES * 2 - len(chosen)
                found = level & documents
                chosen |= BitMap(found[:room]) if len(found) > room else found
                if len(chosen) >= CANDIDATES * 2:
                    break
        if len(chosen) >= CANDIDATES:
            break
    weight = {doc: sum(w for w, documents, *_rest in words if doc in documents) for doc in chosen}
    # A document with one common word of five is no candidate: it must carry a third of the
    # need's weight in words.
    enough = sum(w for w, *_rest in words) / 3
    ranked = sorted((d for d in chosen if weight[d] >= enough), key=lambda d: (-weight[d], d))
    return ranked[:CANDIDATES], used


def vector_literal(vector: np.ndarray) -> str:
    """A vector as pgvector reads it in SQL (`%s::halfvec`)."""
    return "[" + ",".join(f"{x:.5f}" for x in vector) + "]"


def _meaning_candidates(
    vector: np.ndarray, kind: str, eligible: BitMap, total: int, pool: BitMap
) -> list[int]:
    """Eligible documents whose offers are nearest the need in meaning, nearest first: exactly
    when few are eligible; from the index when many are; and when a filter leaves a small share
    of many, the `pool` (the other signals' candidates) ordered by meaning."""
    literal = vector_literal(vector)
    share = len(eligible) / total
    exact = eligible if len(eligible) < _EXACT_BELOW else pool if share < _INDEX_SHARE else None
    with transaction.atomic(), connection.cursor() as cursor:
        if exact is not None:
            # Materialised first: ordered by the distance itself, the planner could read the
            # approximate index (a few of its lists) and silently miss eligible documents.
            cursor.execute(
                "WITH near AS MATERIALIZED (SELECT d.id, v.vector <#> %s::halfvec AS distance "
                "FROM search_searchdocument d JOIN matching_profilevector v "
                "ON v.kind = d.kind AND v.object_id = d.object_id AND v.aspect = 'offers' "
                "WHERE d.id = ANY(%s)) "
                "SELECT id FROM near WHERE distance <= %s ORDER BY distance, id LIMIT %s",
                [literal, list(exact), -_MIN_SIMILARITY, CANDIDATES],
            )
            return [row[0] for row in cursor.fetchall()]
        # Many eligible: the nearest vectors in the nearest lists, as many more as the share is
        # small, eligibility tested here. An iterative scan reads further lists when a kind
        # (partners among millions of enterprises) leaves too few.
        probes = offers_probes()
        cursor.execute(
            "SELECT set_config('ivfflat.probes', %s, true), "
            "set_config('ivfflat.iterative_scan', 'relaxed_order', true), "
            "set_config('ivfflat.max_probes', %s, true)",
            [str(probes), str(probes * 4)],
        )
        cursor.execute(
            "SELECT d.id, n.distance FROM (SELECT object_id, vector <#> %s::halfvec AS distance "
            "FROM matching_profilevector WHERE aspect = 'offers' AND kind = %s "
            "ORDER BY vector <#> %s::halfvec LIMIT %s) n "
            "JOIN search_searchdocument d ON d.kind = %s AND d.object_id = n.object_id",
            [literal, kind, literal, int(_INDEX_CANDIDATES / share), kind],
        )
        found = sorted(
            (distance, doc) for doc, distance in cursor.fetchall()
            if doc in eligible and distance <= -_MIN_SIMILARITY
        )  # fmt: skip
    return [doc for _distance, doc in found[:CANDIDATES]]


_LISTS_TTL = 600  # seconds a process trusts the index's list count (it changes on a rebuild)
_lists: tuple[float, int] = (-_LISTS_TTL, 0)


def offers_lists() -> int:
    """How many lists the built offers index has (it depends on the vectors there were when it
    was built; 0 without one), as the catalogue says, read again every `_LISTS_TTL` seconds."""
    global _lists
    read_at, lists = _lists
    if time.monotonic() - read_at > _LISTS_TTL:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT option_value FROM pg_class c, pg_options_to_table(c.reloptions) "
                "WHERE c.relname = %s AND option_name = 'lists'",
                [OFFERS_INDEX],
            )
            row = cursor.fetchone()
        lists = int(row[0]) if row else 0
        _lists = (time.monotonic(), lists)
    return lists


def offers_probes() -> int:
    """How many of the offers index's lists a need reads: `_PROBE_SHARE` of them, at least
    `_MIN_PROBES`."""
    return max(_MIN_PROBES, math.ceil(offers_lists() * _PROBE_SHARE))


def facet_candidates(processes: list[int], areas: list[int], eligible: BitMap) -> list[int]:
    """Eligible documents with the most of the processes and technology areas wanted, at most
    CANDIDATES: counted with bitmap levels (a common process has a million documents), then
    ordered by weight (a process counts twice an area: it is what the work needs done), ties
    in id order, the order a registry has no better one for."""
    wanted = [(2, d & eligible) for d in facet_documents("process", processes)]
    wanted += [(1, d & eligible) for d in facet_documents("area", areas)]
    # at_least[j]: documents having at least j of the wanted.
    at_least = [BitMap() for _ in range(len(wanted) + 1)]
    for _weight, documents in wanted:
        for j in range(len(wanted), 1, -1):
            at_least[j] |= at_least[j - 1] & documents
        at_least[1] |= documents
    chosen = BitMap()
    for j in range(len(wanted), 0, -1):
        level = at_least[j] - chosen
        room = CANDIDATES - len(chosen)
        chosen |= level if len(level) <= room else BitMap(level[:room])
        if len(chosen) >= CANDIDATES:
            break
    score = {doc: sum(w for w, documents in wanted if doc in documents) for doc in chosen}
    return sorted(chosen, key=lambda d: (-score[d], d))


def _seeker_candidates(offers: np.ndarray, kind: str, eligible: BitMap) -> list[int]:
    """Eligible documents whose seeks are close to what the seeker offers, closest first:
    the other direction of a two-sided match. Seek vectors are few: read exactly."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT d.id FROM matching_profilevector v JOIN search_searchdocument d "
            "ON d.kind = v.kind AND d.object_id = v.object_id "
            "WHERE v.aspect = 'seeks' AND v.kind = %s AND v.vector <#> %s::halfvec <= %s "
            "ORDER BY v.vector <#> %s::halfvec, d.id LIMIT %s",
            [kind, vector_literal(offers), -_SEEKS_WHAT_YOU_OFFER, vector_literal(offers),
             CANDIDATES * 5],
        )  # fmt: skip
        return [doc for (doc,) in cursor.fetchall() if doc in eligible][:CANDIDATES]


def _score(
    need: Need, cards: list[Card], today: date, processes: list[int], areas: list[int]
) -> list[Match]:
    """The explained score of each candidate: its parts, their weighted sum, and the reasons in
    words."""
    from udyamsetu.matching import services

    if not cards:
        return []
    ids = [card.hit.object_id for card in cards]
    certificates = _valid_certificates(ids, today) if need.kind == "enterprise" else {}
    names = _term_names({*processes, *areas, *need.wanted_certifications,
                         *need.certifications})  # fmt: skip
    closeness: dict[int, float] = {}
    if need.offers_vector is not None:
        seeks = services.stored_vectors(need.kind, ids, Aspect.SEEKS)
        closeness = {i: float(vector @ need.offers_vector) for i, vector in seeks.items()}
    close = [i for i, value in closeness.items() if value >= _SEEKS_WHAT_YOU_OFFER]
    sought = (
        {i: text for i, _offers, text in services.profile_texts(need.kind, close)} if close else {}
    )
    answering = services.responsiveness_by_profile(need.kind, ids)
    matches = []
    for card in cards:
        hit = card.hit
        parts: dict[str, float] = dict.fromkeys(WEIGHTS, 0.0)
        parts["relevance"] = relevance(card.word_share, card.similarity)
        if card.words:
            reasons = [_("Mentions %(words)s") % {"words": ", ".join(card.words)}]
        else:
            reasons = [_("Describes work like what you seek")]
        if processes:
            covered = [p for p in processes if p in hit.processes]
            parts["processes"] = len(covered) / len(processes)
            if covered:
                reasons.append(_("Does %(what)s (%(n)s of the %(m)s processes sought)") % {
                    "what": ", ".join(names.get(p, "") for p in covered),
                    "n": len(covered), "m": len(processes)})  # fmt: skip
        if areas:
            shared = [a for a in areas if a in hit.technology_areas]
            parts["areas"] = len(shared) / len(areas)
            if shared:
                reasons.append(_("Works in %(what)s") % {
                    "what": ", ".join(names.get(a, "") for a in shared)})  # fmt: skip
        held = certificates.get(hit.object_id, {})
        for certification in need.certifications:
            if certification in held:
                reasons.append(_certificate_reason(names, certification, held[certification]))
        if need.wanted_certifications:
            have = [c for c in need.wanted_certifications if c in held]
            parts["certifications"] = len(have) / len(need.wanted_certifications)
            reasons += [_certificate_reason(names, c, held[c]) for c in have]
        if need.near and hit.distance_km is not None:
            parts["distance"] = max(0.0, 1 - hit.distance_km / max(need.radius_km, 1))
            reasons.append(_("%(km)s km away") % {"km": round(hit.distance_km)})
        parts["verification"] = hit.verification / 2
        if hit.verification == 2:
            reasons.append(_("Verified on site"))
        elif hit.verification == 1:
            reasons.append(_("Documents checked"))
        if hit.object_id in closeness:
            parts["reciprocity"] = max(0.0, closeness[hit.object_id])
            if hit.object_id in sought:
                reasons.append(_("Seeks “%(what)s”, which you offer") % {
                    "what": _shorten(sought[hit.object_id])})  # fmt: skip
        if hit.object_id in answering:
            parts["responsiveness"], in_words = answering[hit.object_id]
            if parts["responsiveness"] >= _SAY_RESPONSIVE:
                reasons.append(in_words)
        score = sum(WEIGHTS[name] * value for name, value in parts.items())
        matches.append(Match(hit=hit, score=round(score, 4), reasons=reasons, parts=parts))
    matches.sort(key=lambda m: (-m.score, m.hit.object_id))
    return matches


def _certificate_reason(names, certification: int, valid_until: date | None) -> str:
    name = names.get(certification, "")
    if valid_until is None:
        return _("%(name)s certified") % {"name": name}
    return _("%(name)s valid to %(date)s") % {
        "name": name, "date": date_format(valid_until, "F Y")}  # fmt: skip


def _shorten(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def _term_names(ids) -> dict[int, str]:
    """Vocabulary names in the reader's language (Hindi where it has one)."""
    from udyamsetu.enterprises.models import Term

    language = get_language() or "en"
    return {term.pk: term.display_name(language) for term in Term.objects.filter(pk__in=ids)}


def _valid_certificates(
    enterprise_ids: list[int], today: date
) -> dict[int, dict[int, date | None]]:
    """enterprise → certification → the latest expiry of its certificates valid today (None:
    one never expires)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT enterprise_id, certification_id, "
            "CASE WHEN bool_or(valid_until IS NULL) THEN NULL ELSE max(valid_until) END "
            "FROM enterprises_certificate WHERE enterprise_id = ANY(%s) "
            "AND (valid_until IS NULL OR valid_until >= %s) "
            "AND (valid_from IS NULL OR valid_from <= %s) GROUP BY 1, 2",
            [enterprise_ids, today, today],
        )
        found: dict[int, dict[int, date | None]] = {}
        for enterprise, certification, until in cursor.fetchall():
            found.setdefault(enterprise, {})[certification] = until
        return found
