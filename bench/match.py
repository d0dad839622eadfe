"""Benchmark: matching at full scale — embedding the registry, the nearest-neighbour index, and
its recall against exact search.

    python -m bench.match [--rows 7500000] [--queries 50] [--reembed]

Uses the search benchmark's database (bench/search.py prepares it: the generated registry with
capabilities, certificates and verification). Embeds every profile (once; `--reembed` again)
with `rebuild-embeddings --all`'s code, timing the model alone on a sample and the whole run
end to end (texts read, embedded, written), and the HNSW index build. Then the approximate
top-20 of a fixed set of needs (buyers' and partners' words) against the exact top-20 of a
sequential scan, for several ef_search: recall@20 as ann-benchmarks counts it (a result as near
as the 20th exact one, within 0.001, counts: generated profiles come in near-identical
crowds, and which twenty of a tied crowd a scan returns is arbitrary), the plain overlap of the
two id sets beside it, and how many profiles tie with the 20th. Writes bench/results/match.json.

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
EF_SEARCH = (40, 100, 200, 400)


def recall_at_20(queries: list[str]) -> dict:
    """The HNSW index's top-20 against exact search (a sequential scan), for each ef_search in
    `EF_SEARCH`: recall as ann-benchmarks counts it (an approximate result counts when its
    distance is within `EPSILON` of the 20th exact distance, so that a different one of several
    equally near profiles is not a miss), the plain overlap of the two id sets, and the mean
    milliseconds. Also how many profiles tie with the 20th (within `EPSILON`): near-identical
    generated profiles make the id overlap a lottery among equals."""
    from django.db import connection, transaction

    from udyamsetu.matching.embeddings import embedder
    from udyamsetu.matching.matcher import vector_literal

    vectors = embedder().embed(queries)
    sql = (
        "SELECT object_id, (vector <#> %s::halfvec)::float8 FROM matching_profilevector "
        "WHERE aspect = 'offers' ORDER BY vector <#> %s::halfvec LIMIT 20"
    )
    ties_sql = (
        "SELECT count(*) FROM matching_profilevector "
        "WHERE aspect = 'offers' AND (vector <#> %s::halfvec)::float8 <= %s"
    )
    by_ef = {ef: {"recall": [], "ids": [], "ms": []} for ef in EF_SEARCH}
    exact_ms, ties = [], []
    for vector in vectors:
        literal = vector_literal(vector)
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_indexscan = off")
            started = time.perf_counter()
            cursor.execute(sql, [literal, literal])
            exact = cursor.fetchall()
            exact_ms.append((time.perf_counter() - started) * 1000)
            threshold = exact[-1][1] + EPSILON
            cursor.execute(ties_sql, [literal, threshold])
            ties.append(cursor.fetchone()[0])
        exact_ids = {row[0] for row in exact}
        for ef in EF_SEARCH:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(f"SET LOCAL hnsw.ef_search = {int(ef)}")
                started = time.perf_counter()
                cursor.execute(sql, [literal, literal])
                approximate = cursor.fetchall()
                by_ef[ef]["ms"].append((time.perf_counter() - started) * 1000)
            k = max(len(exact), 1)
            by_ef[ef]["recall"].append(sum(d <= threshold for _id, d in approximate) / k)
            by_ef[ef]["ids"].append(len({row[0] for row in approximate} & exact_ids) / k)
    mean = statistics.fmean
    return {
        "by_ef_search": {
            str(ef): {"recall": round(mean(v["recall"]), 3), "id_overlap": round(mean(v["ids"]), 3),
                      "ms": round(mean(v["ms"]), 1)}
            for ef, v in by_ef.items()
        },
        "exact_ms": round(mean(exact_ms), 1),
        "ties_median": statistics.median(ties),
        "ties_min": min(ties),
    }  # fmt: skip


IVFFLAT_PROBES = (10, 20, 40, 80)


def ivfflat_peer(queries: list[str], lists: int) -> dict:
    """The peer index on the same vectors and queries: IVFFlat with `lists` lists, built here
    (timed) and dropped afterwards so the matcher keeps reading the HNSW graph. Recall@20 as in
    `recall_at_20`, for each number of probes in `IVFFLAT_PROBES`."""
    from django.db import connection, transaction

    from udyamsetu.matching.embeddings import embedder
    from udyamsetu.matching.matcher import vector_literal

    vectors = embedder().embed(queries)
    sql = (
        "SELECT object_id, (vector <#> %s::halfvec)::float8 FROM matching_profilevector "
        "WHERE aspect = 'offers' ORDER BY vector <#> %s::halfvec LIMIT 20"
    )
    exact = []
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_indexscan = off")
        for vector in vectors:
            literal = vector_literal(vector)
            cursor.execute(sql, [literal, literal])
            exact.append(cursor.fetchall())
    with connection.cursor() as cursor:
        cursor.execute("SET maintenance_work_mem = '4GB'")
        started = time.perf_counter()
        cursor.execute(
            "CREATE INDEX bench_offers_ivfflat ON matching_profilevector USING ivfflat "
            f"(vector halfvec_ip_ops) WITH (lists = {int(lists)}) WHERE aspect = 'offers'"
        )
        build_s = time.perf_counter() - started
    by_probes = {}
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            # Inside this transaction only, the graph is gone: the queries use IVFFlat.
            cursor.execute("DROP INDEX matching_offers_hnsw")
            for probes in IVFFLAT_PROBES:
                cursor.execute(f"SET LOCAL ivfflat.probes = {int(probes)}")
                recalls, overlaps, ms = [], [], []
                for vector, truth in zip(vectors, exact, strict=True):
                    literal = vector_literal(vector)
                    started = time.perf_counter()
                    cursor.execute(sql, [literal, literal])
                    found = cursor.fetchall()
                    ms.append((time.perf_counter() - started) * 1000)
                    threshold = truth[-1][1] + EPSILON
                    recalls.append(sum(d <= threshold for _id, d in found) / len(truth))
                    overlaps.append(len({f[0] for f in found} & {t[0] for t in truth}) / len(truth))
                by_probes[str(probes)] = {
                    "recall": round(statistics.fmean(recalls), 3),
                    "id_overlap": round(statistics.fmean(overlaps), 3),
                    "ms": round(statistics.fmean(ms), 1),
                }
            transaction.set_rollback(True)  # the graph comes back untouched
    finally:
        with connection.cursor() as cursor:
            cursor.execute("DROP INDEX IF EXISTS bench_offers_ivfflat")
    return {"lists": lists, "build_s": round(build_s, 1), "by_probes": by_probes}


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
        "--ivfflat-lists",
        type=int,
        default=2000,
        help="also measure an IVFFlat index of this many lists (0: skip)",
    )
    parser.add_argument("--out", type=Path, default=RESULTS / "match.json")
    args = parser.parse_args()
    if args.rows < 1 or args.queries < 1:
        parser.error("--rows and --queries must be at least 1")
    sys.path.insert(0, str(ROOT))
    prepare(args.rows, args.seed, fresh=False)
    from django.db import connection

    from udyamsetu.matching import services

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
    previous = json.loads(args.out.read_text()) if args.out.exists() else {}
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
        for key in ("embed_run_seconds", "embed_run_per_s", "index_build_s", "vectors"):
            result[key] = previous.get(key)
    print(f"  end to end {result['embed_run_per_s']:,} profiles/s, "
          f"index built in {result['index_build_s']} s")  # fmt: skip
    queries = (NEEDS + TEXT)[: args.queries]
    print(f"Recall@20 of the HNSW index against exact search, {len(queries)} needs …")
    ann = recall_at_20(queries)
    for ef, row in ann["by_ef_search"].items():
        print(f"  ef_search {ef:>3}: recall@20 {row['recall']:.3f} (ids {row['id_overlap']:.3f}), "
              f"{row['ms']:.1f} ms")  # fmt: skip
    print(f"  exact {ann['exact_ms']:,.0f} ms; profiles as near as the 20th: median "
          f"{ann['ties_median']}, least {ann['ties_min']}")  # fmt: skip
    chosen = ann["by_ef_search"][str(ANN_EF_SEARCH)]
    needs = matcher_needs(args.needs, args.seed)
    print(f"The matcher, top-20 for {len(needs)} needs with 1-3 hard filters …")
    time_matcher(needs)  # warm: the word bitmaps, the graph's pages
    matcher_ms, empty = time_matcher(needs)
    p50, p95 = percentile(matcher_ms, 0.5), percentile(matcher_ms, 0.95)
    print(f"  p50 {p50:.1f} ms, p95 {p95:.1f} ms, max {max(matcher_ms):.1f} ms; "
          f"{empty} needs matched nobody")  # fmt: skip
    ivfflat = None
    if args.ivfflat_lists:
        print(f"The peer: an IVFFlat index of {args.ivfflat_lists} lists on the same vectors …")
        ivfflat = ivfflat_peer(queries, args.ivfflat_lists)
        print(f"  built in {ivfflat['build_s']} s")
        for probes, row in ivfflat["by_probes"].items():
            print(f"  probes {probes:>3}: recall@20 {row['recall']:.3f} "
                  f"(ids {row['id_overlap']:.3f}), {row['ms']:.1f} ms")  # fmt: skip
    result = {
        "enterprises": enterprises,
        "p50_ms": round(p50, 1),
        "p95_ms": round(p95, 1),
        "needs": len(needs),
        "needs_matching_nobody": empty,
        "ann_recall_at_20": chosen["recall"],
        "ann_recall_definition": f"ann-benchmarks: a result within {EPSILON} of the 20th exact "
        "distance counts",
        "ann_id_overlap_at_20": chosen["id_overlap"],
        "ann_queries": len(queries),
        "ann_ef_search": ANN_EF_SEARCH,
        "ann_ms": chosen["ms"],
        "ann_by_ef_search": ann["by_ef_search"],
        "ann_ties_at_20_median": ann["ties_median"],
        "exact_ms": ann["exact_ms"],
        "ivfflat_peer": ivfflat,
        "embed_per_s": round(model_rate),
        **result,
    }
    write_result(args.out, result)


if __name__ == "__main__":
    main()
