"""Benchmark: matching at full scale — embedding the registry, the nearest-neighbour index, and
its recall against exact search.

    python -m bench.match [--rows 7500000] [--queries 50] [--reembed] [--rebuild-index]

Uses the search benchmark's database (bench/search.py prepares it: the generated registry with
capabilities, certificates and verification). Embeds every profile (once; `--reembed` again)
with `rebuild-embeddings --all`'s code, timing the model alone on a sample and the whole run
end to end (texts read, embedded, written), and the index build (`--rebuild-index` builds it
again with `rebuild-embeddings --index`'s code and times it).

Then the approximate top-20 of a fixed set of needs (buyers' and partners' words) against the
exact top-20 of a sequential scan: the matcher's IVFFlat index for several numbers of probes
(the matcher's own among them, reported as ann_recall_at_20), and the peer, an HNSW graph
(m 16, ef_construction 64), for several ef_search when the database holds one
(`bench_offers_hnsw`; `--hnsw-peer` builds it, about 45 minutes). Recall@20 as ann-benchmarks
counts it (a result as near as the 20th exact one, within 0.001, counts: generated profiles
come in near-identical crowds, and which twenty of a tied crowd a scan returns is arbitrary),
the plain overlap of the two id sets beside it, and how many profiles tie with the 20th. Each
index is measured alone (the other dropped inside a transaction that is rolled back).
Writes bench/results/match.json.

Last, the matcher end to end (eligibility, word and meaning candidates, fusion, explained
scores and reasons): top-20 for each need with 1 to 3 hard filters (state, size, a certification
valid today, distance from a city), one client, warm (the set runs once before the timed pass).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from bench.import_registry import ROOT, write_result
from bench.search import BIG_CITIES, TEXT, percentile, prepare

RESULTS = ROOT / "bench" / "results"
ANN_EF_SEARCH = 100  # the value reported as ann_recall_at_20 (the matcher reads its own depth)

# Needs as an opportunity or a partner's "we seek" would word them.
NEEDS = [
    "5-axis CNC machining of aluminium aerospace parts, AS9100 certified",
    "closed die forgings for tractor crankshafts",
    "vacuum heat treatment and brazing of tool steel",
    "composite airframe for a small drone, carbon fibre layup",
    "radar sub-assembly indigenisation, PCB assembly and wire harness",
    "e-waste recycling technology partner in India",
    "zero liquid discharge effluent treatment for a textile dyeing unit",
    "supplier of safety shoes for an ordnance factory",
    "grey iron castings for pump housings, 500 tonnes a year",
    "lithium-ion battery pack assembly for electric rickshaws",
    "handloom sarees for a government emporium",
    "cold storage for potatoes near Agra",
    "injection moulded plastic parts for appliances",
    "precision sheet metal enclosures for electronics",
    "road freight for containers from Chennai port",
]


def embed_sample_rate(texts: list[str]) -> float:
    """Profiles per second of the model alone on these texts (after one warm-up batch)."""
    from udyamsetu.matching.embeddings import WordLlamaEmbedder

    model = WordLlamaEmbedder()
    model.embed(texts[:1000])
    model.words.clear()  # the run pays for tokenizing its words, as a fresh process would
    started = time.perf_counter()
    for i in range(0, len(texts), 20_000):
        model.embed(texts[i : i + 20_000])
    return len(texts) / (time.perf_counter() - started)


EPSILON = 1e-3  # ann-benchmarks' tolerance: a result as close as the 20th true one counts
PROBE_SHARES = (1 / 200, 1 / 100, None, 1 / 50, 1 / 25)  # None: the matcher's own
EF_SEARCH = (40, 100, 200, 400)
HNSW_PEER = "bench_offers_hnsw"
_TOP20 = (
    "SELECT object_id, (vector <#> %s::halfvec)::float8 FROM matching_profilevector "
    "WHERE aspect = 'offers' ORDER BY vector <#> %s::halfvec LIMIT 20"
)


@contextmanager
def only_index(name: str):
    """A cursor inside a transaction in which `name` is the only index on the offer vectors
    (the others dropped, and back when the transaction is rolled back at the end)."""
    from django.db import connection, transaction

    from udyamsetu.matching.models import OFFERS_INDEX

    with transaction.atomic(), connection.cursor() as cursor:
        for other in {OFFERS_INDEX, HNSW_PEER} - {name}:
            cursor.execute(f"DROP INDEX IF EXISTS {other}")
        yield cursor
        transaction.set_rollback(True)


def exact_top20(vectors) -> tuple[list[list[tuple[int, float]]], float, list[int]]:
    """Each vector's exact top-20 by a sequential scan, the mean milliseconds, and how many
    profiles are as near as the 20th (within `EPSILON`)."""
    from django.db import connection, transaction

    from udyamsetu.matching.matcher import vector_literal

    truth, ms, ties = [], [], []
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_indexscan = off")
        for vector in vectors:
            literal = vector_literal(vector)
            started = time.perf_counter()
            cursor.execute(_TOP20, [literal, literal])
            truth.append(cursor.fetchall())
            ms.append((time.perf_counter() - started) * 1000)
            cursor.execute(
                "SELECT count(*) FROM matching_profilevector "
                "WHERE aspect = 'offers' AND (vector <#> %s::halfvec)::float8 <= %s",
                [literal, truth[-1][-1][1] + EPSILON],
            )
            ties.append(cursor.fetchone()[0])
    return truth, statistics.fmean(ms), ties


def recall(cursor, vectors, truth) -> dict:
    """Recall@20 of the index `cursor` reads (with its settings) against `truth`: as
    ann-benchmarks counts it, the plain id overlap, and the mean milliseconds."""
    from udyamsetu.matching.matcher import vector_literal

    recalls, overlaps, ms = [], [], []
    for vector, exact in zip(vectors, truth, strict=True):
        literal = vector_literal(vector)
        started = time.perf_counter()
        cursor.execute(_TOP20, [literal, literal])
        found = cursor.fetchall()
        ms.append((time.perf_counter() - started) * 1000)
        threshold = exact[-1][1] + EPSILON
        recalls.append(sum(d <= threshold for _id, d in found) / len(exact))
        overlaps.append(len({f[0] for f in found} & {t[0] for t in exact}) / len(exact))
    mean = statistics.fmean
    return {"recall": round(mean(recalls), 3), "id_overlap": round(mean(overlaps), 3),
            "ms": round(mean(ms), 1)}  # fmt: skip


def ivfflat_recall(vectors, truth) -> dict:
    """The matcher's index for each share of its lists probed in `PROBE_SHARES`."""
    from udyamsetu.matching.matcher import offers_lists, offers_probes
    from udyamsetu.matching.models import OFFERS_INDEX

    by_probes, ours, lists = {}, offers_probes(), offers_lists()
    with only_index(OFFERS_INDEX) as cursor:
        # Each count once: the matcher's own may equal one of the shares.
        counts = {ours if share is None else max(1, round(lists * share)) for share in PROBE_SHARES}
        for probes in sorted(counts):
            cursor.execute(f"SET LOCAL ivfflat.probes = {int(probes)}")
            by_probes[str(probes)] = recall(cursor, vectors, truth)
    return {"lists": lists, "probes": ours, "by_probes": by_probes}


def hnsw_peer(vectors, truth, build: bool) -> dict | None:
    """The peer, an HNSW graph (m 16, ef_construction 64) on the same vectors, for each
    ef_search in `EF_SEARCH`: measured when the database holds one (`build`: built first)."""
    from django.db import connection

    build_s = None
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [HNSW_PEER])
        present = cursor.fetchone()[0]
        if not present and not build:
            return None
        if not present:
            print("  building it (about 45 minutes at 7.5 million) …")
            cursor.execute("SET maintenance_work_mem = '8GB'")
            started = time.perf_counter()
            cursor.execute(
                f"CREATE INDEX {HNSW_PEER} ON matching_profilevector USING hnsw "
                "(vector halfvec_ip_ops) WITH (m = 16, ef_construction = 64) "
                "WHERE aspect = 'offers'"
            )
            build_s = round(time.perf_counter() - started, 1)
            cursor.execute("RESET maintenance_work_mem")
    by_ef = {}
    with only_index(HNSW_PEER) as cursor:
        for ef in EF_SEARCH:
            cursor.execute(f"SET LOCAL hnsw.ef_search = {int(ef)}")
            by_ef[str(ef)] = recall(cursor, vectors, truth)
    return {"m": 16, "ef_construction": 64, "build_s": build_s, "by_ef_search": by_ef}


def matcher_needs(count: int, seed: int) -> list:
    """A fixed set of needs, each with 1-3 hard filters."""
    import random

    from udyamsetu.enterprises.models import Term
    from udyamsetu.matching.matcher import Need
    from udyamsetu.search.models import PinCentroid

    rnd = random.Random(seed)
    certs = list(
        Term.objects.filter(kind="certification").order_by("pk").values_list("pk", flat=True)
    )[:8]
    centres = [(p.latitude, p.longitude) for p in PinCentroid.objects.filter(pin__in=BIG_CITIES)]
    states = ["MH", "TN", "GJ", "UP", "KA", "OD", "WB", "RJ", "DL", "TS"]
    needs = []
    for i in range(count):
        need = Need(text=NEEDS[i % len(NEEDS)])
        chosen = rnd.sample(["state", "size", "certification", "near"], rnd.randint(1, 3))
        if "near" in chosen and "state" in chosen:  # a city in another state: nobody
            chosen.remove("state")
        for name in chosen:
            if name == "state":
                need.states = [rnd.choice(states)]
            elif name == "size":
                need.sizes = [rnd.choice(["micro", "small", "medium"])]
            elif name == "certification":
                need.certifications = [rnd.choice(certs)]
            else:
                need.near, need.radius_km = rnd.choice(centres), rnd.choice([50, 100])
        needs.append(need)
    return needs


def time_matcher(needs) -> tuple[list[float], int]:
    """Milliseconds of each need's top-20, and how many needs found nobody eligible."""
    from udyamsetu.matching.matcher import match

    times, empty = [], 0
    for need in needs:
        started = time.perf_counter()
        found = match(need, limit=20)
        times.append((time.perf_counter() - started) * 1000)
        empty += not found
    return times, empty


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=7_500_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--queries", type=int, default=50, help="needs for recall@20")
    parser.add_argument("--needs", type=int, default=100, help="needs for the matcher's timing")
    parser.add_argument("--reembed", action="store_true", help="embed everything again")
    parser.add_argument(
        "--rebuild-index", action="store_true", help="build the matcher's index again, timed"
    )
    parser.add_argument(
        "--hnsw-peer", action="store_true", help="build the HNSW peer if the database has none"
    )
    parser.add_argument("--out", type=Path, default=RESULTS / "match.json")
    args = parser.parse_args()
    if args.rows < 1 or args.queries < 1:
        parser.error("--rows and --queries must be at least 1")
    sys.path.insert(0, str(ROOT))
    prepare(args.rows, args.seed, fresh=False)
    from django.db import connection

    from udyamsetu.matching import services
    from udyamsetu.matching.embeddings import embedder
    from udyamsetu.matching.models import OFFERS_INDEX

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM enterprises_enterprise")
        enterprises = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM matching_profilevector")
        vectors = cursor.fetchone()[0]
    print("Model alone on 300,000 registry profiles …")
    sample = [text for _id, text, _seeks in services.profile_texts(
        "enterprise", range(1, enterprises + 1, max(1, enterprises // 300_000)))]  # fmt: skip
    model_rate = embed_sample_rate(sample)
    print(f"  {model_rate:,.0f} profiles/s")
    result: dict = {}
    # What an earlier run measured and this one does not (the embedding run, unless --reembed).
    earlier = next((p for p in (args.out, RESULTS / "match.json") if p.exists()), None)
    previous = json.loads(earlier.read_text()) if earlier else {}
    if args.reembed or vectors == 0:
        print(f"Embedding {enterprises:,} enterprises and every partner …")
        from udyamsetu.core.progress import progress_bar

        started = time.perf_counter()
        with progress_bar(" profiles") as progress:
            written, index_seconds = services.reembed_all(progress=progress)
        total_seconds = time.perf_counter() - started
        result["embed_run_seconds"] = round(total_seconds - index_seconds, 1)
        result["embed_run_per_s"] = round(enterprises / (total_seconds - index_seconds))
        result["index_build_s"] = round(index_seconds, 1)
        result["vectors"] = written
    else:
        print("Vectors already made (--reembed to make them again).")
        for key in ("embed_run_seconds", "embed_run_per_s", "vectors"):
            result[key] = previous.get(key)
        if args.rebuild_index:
            print("Building the matcher's index again …")
            result["index_build_s"] = round(services.build_offers_index(), 1)
        else:
            result["index_build_s"] = previous.get("index_build_s")
    print(f"  end to end {result['embed_run_per_s'] or '?'} profiles/s, "
          f"index built in {result['index_build_s'] or '?'} s")  # fmt: skip

    queries = (NEEDS + TEXT)[: args.queries]
    query_vectors = embedder().embed(queries)
    print(f"Exact top-20 of {len(queries)} needs (sequential scans) …")
    truth, exact_ms, ties = exact_top20(query_vectors)
    print(f"  {exact_ms:,.0f} ms each; profiles as near as the 20th: median "
          f"{statistics.median(ties)}, least {min(ties)}")  # fmt: skip
    ivfflat = ivfflat_recall(query_vectors, truth)
    print(f"Recall@20 of the matcher's index (IVFFlat, {ivfflat['lists']} lists) …")
    for probes, row in ivfflat["by_probes"].items():
        mark = "  (the matcher's)" if int(probes) == ivfflat["probes"] else ""
        print(f"  probes {probes:>4}: recall@20 {row['recall']:.3f} (ids {row['id_overlap']:.3f}), "
              f"{row['ms']:.1f} ms{mark}")  # fmt: skip
    print("The peer, an HNSW graph on the same vectors …")
    hnsw = hnsw_peer(query_vectors, truth, build=args.hnsw_peer)
    if hnsw is None:
        print(f"  none in the database (--hnsw-peer builds {HNSW_PEER})")
    else:
        for ef, row in hnsw["by_ef_search"].items():
            print(f"  ef_search {ef:>3}: recall@20 {row['recall']:.3f} "
                  f"(ids {row['id_overlap']:.3f}), {row['ms']:.1f} ms")  # fmt: skip

    needs = matcher_needs(args.needs, args.seed)
    print(f"The matcher, top-20 for {len(needs)} needs with 1-3 hard filters …")
    with only_index(OFFERS_INDEX):
        time_matcher(needs)  # warm: the word bitmaps, the index's pages
        matcher_ms, empty = time_matcher(needs)
    p50, p95 = percentile(matcher_ms, 0.5), percentile(matcher_ms, 0.95)
    print(f"  p50 {p50:.1f} ms, p95 {p95:.1f} ms, max {max(matcher_ms):.1f} ms; "
          f"{empty} needs matched nobody")  # fmt: skip
    ours = ivfflat["by_probes"][str(ivfflat["probes"])]
    best_hnsw = max(hnsw["by_ef_search"].values(), key=lambda r: r["recall"]) if hnsw else None
    result = {
        "enterprises": enterprises,
        "p50_ms": round(p50, 1),
        "p95_ms": round(p95, 1),
        "needs": len(needs),
        "needs_matching_nobody": empty,
        "ann_recall_at_20": ours["recall"],
        "ann_recall_definition": f"ann-benchmarks: a result within {EPSILON} of the 20th exact "
        "distance counts",
        "ann_index": f"IVFFlat, {ivfflat['lists']} lists, {ivfflat['probes']} probes",
        "ann_id_overlap_at_20": ours["id_overlap"],
        "ann_queries": len(queries),
        "ann_ms": ours["ms"],
        "ann_by_probes": ivfflat["by_probes"],
        "ann_ties_at_20_median": statistics.median(ties),
        "exact_ms": round(exact_ms, 1),
        "hnsw_peer": hnsw,
        "recall_ratio_to_hnsw_best": round(ours["recall"] / best_hnsw["recall"], 2)
        if best_hnsw
        else None,
        "embed_per_s": round(model_rate),
        **result,
    }
    write_result(args.out, result)


if __name__ == "__main__":
    main()
