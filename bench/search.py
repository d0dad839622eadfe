"""Benchmark: search at full scale, with tantivy and a naive ILIKE scan as peers.

    python -m bench.search [--rows 7500000] [--seed 1] [--queries 240]

Prepares (once, then reuses) a database of generated enterprises: the registry imported, a share
of them given processes, certificates (some expired), technology areas and verification, as
claimed profiles would have, and the search documents built with `rebuild-search`. Then runs a
fixed set of realistic queries (text only, text with 1-3 filters, filters only, broad ones such
as a whole state) through `search.services.search`, the function the page and the API call,
which returns a page of results and the counts for every filter. One client, warm: the whole set
runs once before the timed pass.

In the same run the text-only queries go to a tantivy index of the same documents and to an
ILIKE scan of the same table; the ratios hold on a shared, noisy machine where absolute times
wander. Writes bench/results/search.json.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path

from bench.import_registry import ROOT, bench_database, registry_file, write_result

RESULTS = ROOT / "bench" / "results"
BENCH_DB = "udyamsetu_search_bench"


# A share of registry entries get what a claimed, kept-up profile has. Manufacturers (NIC
# divisions 10-33) get processes; certificates skew to ISO 9001 as in life, and a tenth of
# them have expired; verification is rare and mostly "documents checked".
_ENRICH = """
SELECT setseed(0.42);
INSERT INTO enterprises_enterprise_processes (enterprise_id, term_id)
SELECT DISTINCT e.id, p.ids[1 + floor(power(random(), 2) * cardinality(p.ids))::int]
FROM enterprises_enterprise e,
     (SELECT array_agg(id ORDER BY id) AS ids FROM enterprises_term WHERE kind = 'process') p,
     generate_series(1, 3) AS n
WHERE left(e.nic_codes[1], 2) BETWEEN '10' AND '33' AND random() < 0.12
ON CONFLICT DO NOTHING;
INSERT INTO enterprises_enterprise_technology_areas (enterprise_id, term_id)
SELECT DISTINCT e.id, a.ids[1 + floor(random() * cardinality(a.ids))::int]
FROM enterprises_enterprise e,
     (SELECT array_agg(id ORDER BY id) AS ids FROM enterprises_term
      WHERE kind = 'technology_area') a
WHERE random() < 0.02
ON CONFLICT DO NOTHING;
INSERT INTO enterprises_certificate (enterprise_id, certification_id, issuer, number, scope,
    valid_from, valid_until, created_at, updated_at)
SELECT e.id,
    CASE WHEN random() < 0.6 THEN c.ids[1]
         ELSE c.ids[1 + floor(power(random(), 2) * cardinality(c.ids))::int] END,
    'Certification body', '', '', d.from_date, d.from_date + 1095, now(), now()
FROM enterprises_enterprise e,
     (SELECT array_agg(id ORDER BY id) AS ids FROM enterprises_term
      WHERE kind = 'certification') c,
     LATERAL (SELECT date '2022-01-01' + floor(random() * 1400)::int AS from_date
              WHERE e.id > 0) d
WHERE random() < 0.05;
UPDATE enterprises_enterprise SET verification_level = CASE WHEN random() < 0.8 THEN 1 ELSE 2 END
WHERE random() < 0.04;
ANALYZE;
"""


def prepare(rows: int, seed: int, fresh: bool) -> dict:
    """The benchmark database, made as far as it is not yet; returns timings of what was made."""
    os.environ["DATABASE_URL"], created = bench_database(BENCH_DB, fresh=fresh)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "udyamsetu.settings.base")
    os.environ.setdefault("UDYAMSETU_DEBUG", "0")  # as in production: no query log in memory
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from udyamsetu.enterprises.importer import import_registry
    from udyamsetu.search import services
    from udyamsetu.search.models import SearchDocument

    call_command("migrate", verbosity=0)
    made: dict = {}
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM enterprises_enterprise")
        if cursor.fetchone()[0] == 0 or created:
            path = registry_file(rows, seed)
            print(f"Importing {path.name} …")
            started = time.perf_counter()
            import_registry(path, rejects_path=path.with_name("bench-search.rejects.csv"))
            made["import_seconds"] = round(time.perf_counter() - started, 1)
        cursor.execute("SELECT exists (SELECT 1 FROM enterprises_certificate)")
        if not cursor.fetchone()[0]:
            print("Giving a share of enterprises processes, certificates, areas, verification …")
            started = time.perf_counter()
            cursor.execute(_ENRICH)
            made["enrich_seconds"] = round(time.perf_counter() - started, 1)
        cursor.execute(f"SELECT count(*) FROM enterprises_enterprise e "
                       f"WHERE {services._ENTERPRISE_LISTED}")  # fmt: skip
        listed = cursor.fetchone()[0]
    if SearchDocument.objects.filter(kind="enterprise").count() != listed or made:
        print(f"Building {listed:,} search documents …")
        started = time.perf_counter()
        call_command("rebuild-search")
        made["rebuild_seconds"] = round(time.perf_counter() - started, 1)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE) search_searchdocument")
    return made


# What buyers, partners and officials type: capabilities, products, programmes' words, a few
# misspelt, a few synonyms (UAV, ZLD, EW), Hindi. Names of real generated enterprises are added.
TEXT = [
    "cnc machining",
    "5-axis",
    "forging",
    "closed die forgings",
    "grey iron castings",
    "investment casting",
    "sheet metal fabrication",
    "powder coating",
    "pcb assembly",
    "wire harness",
    "drone",
    "UAV",
    "aerospace",
    "AS9100",
    "armour plates",
    "electronic warfare",
    "ZLD",
    "e-waste recycling",
    "solar inverters",
    "lithium-ion battery",
    "transformer rewinding",
    "control panels",
    "pvc pipes",
    "injection moulding",
    "rubber gaskets",
    "tyre retreading",
    "rice mill",
    "dal",
    "spices masala",
    "paneer ghee",
    "bakery biscuits",
    "cattle feed",
    "packaged drinking water",
    "handloom sarees",
    "hosiery",
    "school uniforms",
    "safety shoes",
    "plywood",
    "corrugated boxes",
    "offset printing",
    "ayurvedic",
    "surgical instruments",
    "gear hobbing",
    "gearboxes",
    "submersible pumps",
    "hydraulic presses",
    "tool room",
    "wire-cut EDM",
    "rotavators",
    "railway wagon",
    "RDSO",
    "fly ash bricks",
    "ceramic tiles",
    "tmt bars",
    "aluminium extrusions",
    "fasteners",
    "storage racks",
    "pressure vessels",
    "optical lenses",
    "night vision",
    "microwave",
    "iot",
    "road freight",
    "cold storage",
    "calibration",
    "heat treatment",
    "electroplating",
    "anodising",
    "forgng",
    "castngs",
    "precison",
    "मसाला",
    "प्लास्टिक",
]
BROAD_TEXT = ["engineering", "trading", "services", "manufacturing", "stores"]
BIG_CITIES = ["411001", "560001", "600001", "110001", "400001", "751001", "380001", "302001"]


def query_set(count: int, seed: int) -> list[tuple[str, object]]:
    """The fixed set of (category, SearchParams) the benchmark times, the same for every run."""
    from django.db import connection

    from udyamsetu.enterprises.models import Term
    from udyamsetu.search.models import PinCentroid
    from udyamsetu.search.services import SearchParams

    rnd = random.Random(seed)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT state, count(*) FROM search_searchdocument WHERE kind = 'enterprise' "
            "GROUP BY 1 ORDER BY 2 DESC"
        )
        states = cursor.fetchall()
        cursor.execute(
            "SELECT title FROM search_searchdocument WHERE kind = 'enterprise' "
            "AND object_id % 250000 = 17 ORDER BY object_id"
        )
        names = [row[0] for row in cursor.fetchall()][:12]
        districts: dict[str, list[str]] = {}
        cursor.execute(
            "SELECT DISTINCT state, district FROM search_searchdocument "
            "WHERE kind = 'enterprise' AND district <> '' ORDER BY 1, 2"
        )
        for state, district in cursor.fetchall():
            districts.setdefault(state, []).append(district)
    processes = list(
        Term.objects.filter(kind="process").order_by("pk").values_list("pk", flat=True)
    )
    certs = list(
        Term.objects.filter(kind="certification").order_by("pk").values_list("pk", flat=True)
    )
    centres = {
        p.pin: (p.latitude, p.longitude) for p in PinCentroid.objects.filter(pin__in=BIG_CITIES)
    }
    state_codes = [s for s, _ in states]
    state_weights = [n for _, n in states]

    def a_state() -> str:
        return rnd.choices(state_codes, state_weights)[0]

    def filters(n: int) -> dict:
        chosen: dict = {}
        options = ["state", "district", "size", "process", "certification", "verification",
                   "exporter", "near", "nic_section"]  # fmt: skip
        for name in rnd.sample(options, n):
            if name == "state":
                chosen["state"] = [a_state()]
            elif name == "district":
                state = chosen.get("state", [a_state()])[0]
                chosen["district"] = [rnd.choice(districts[state])]
            elif name == "size":
                chosen["size"] = [rnd.choice(["micro", "small", "medium"])]
            elif name == "process":
                chosen["process"] = [processes[int(rnd.random() ** 2 * len(processes))]]
            elif name == "certification":
                chosen["certification"] = [rnd.choice(certs[:8])]
            elif name == "verification":
                chosen["verification"] = [rnd.choice([1, 2])]
            elif name == "exporter":
                chosen["exporter"] = True
            elif name == "near":
                chosen["near"] = centres[rnd.choice(sorted(centres))]
                chosen["radius_km"] = rnd.choice([25, 50, 100])
            elif name == "nic_section":
                chosen["nic_section"] = [rnd.choice("CCCGFHI")]
        return chosen

    texts = TEXT + names
    queries: list[tuple[str, object]] = []
    for q in texts:
        queries.append(("text", SearchParams(q=q)))
    while len(queries) < count * 0.7:
        queries.append(
            ("text+filters", SearchParams(q=rnd.choice(texts), **filters(rnd.randint(1, 3))))
        )
    while len(queries) < count * 0.88:
        queries.append(("filters", SearchParams(sort="newest", **filters(rnd.randint(1, 3)))))
    while len(queries) < count:
        pick = rnd.random()
        if pick < 0.4:
            params = SearchParams(sort="newest", state=[a_state()], page=rnd.choice([1, 1, 2, 5]))
        elif pick < 0.6:
            params = SearchParams(sort="newest", nic_section=[rnd.choice("CGF")])
        elif pick < 0.8:
            params = SearchParams(q=rnd.choice(BROAD_TEXT))
        else:
            params = SearchParams(q=rnd.choice(BROAD_TEXT), state=[a_state()])
        queries.append(("broad", params))
    return queries


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def time_ours(queries) -> list[float]:
    """Milliseconds for each query: a page of results and every filter's counts."""
    from udyamsetu.search.services import search

    times = []
    for _category, params in queries:
        started = time.perf_counter()
        search(params)
        times.append((time.perf_counter() - started) * 1000)
    return times


def tantivy_index(rows: int, seed: int):
    """A tantivy index of the same enterprise documents (name, activity, description, place),
    English-stemmed like ours; built once under var/bench/ and reused."""
    import tantivy
    from django.db import connection, transaction

    folder = ROOT / "var" / "bench" / f"tantivy-{rows}-seed{seed}"
    builder = tantivy.SchemaBuilder()
    builder.add_integer_field("id", stored=True)
    builder.add_text_field("title", stored=True, tokenizer_name="en_stem")
    builder.add_text_field("body", tokenizer_name="en_stem")
    schema = builder.build()
    done = folder / "complete"
    if done.exists():
        return tantivy.Index(schema, path=str(folder)), None
    folder.mkdir(parents=True, exist_ok=True)
    index = tantivy.Index(schema, path=str(folder))
    writer = index.writer(heap_size=1_000_000_000, num_threads=2)
    started = time.perf_counter()
    connection.ensure_connection()
    with transaction.atomic(), connection.connection.cursor(name="tantivy_documents") as cursor:
        cursor.itersize = 20_000
        cursor.execute(
            "SELECT d.id, d.title, concat_ws(' ', d.summary, e.description, e.offer_text, "
            "e.city, e.district) FROM search_searchdocument d "
            "JOIN enterprises_enterprise e ON e.id = d.object_id WHERE d.kind = 'enterprise'"
        )
        for doc_id, title, body in cursor:
            writer.add_document(tantivy.Document(id=doc_id, title=title, body=body))
    writer.commit()
    writer.wait_merging_threads()
    seconds = time.perf_counter() - started
    done.write_text(f"{seconds:.1f}\n")
    return tantivy.Index(schema, path=str(folder)), seconds


def time_tantivy(index, texts: list[str]) -> list[float]:
    """Every word must match (as ours), name boosted; top 20 and the count, as ours."""
    index.reload()
    searcher = index.searcher()
    times = []
    for text in texts:
        started = time.perf_counter()
        query = index.parse_query_lenient(
            text, ["title", "body"], field_boosts={"title": 3.0}, conjunction_by_default=True
        )[0]
        result = searcher.search(query, limit=20, count=True)
        [searcher.doc(address)["id"] for _score, address in result.hits]
        times.append((time.perf_counter() - started) * 1000)
    return times


def time_ilike(texts: list[str]) -> list[float]:
    """The naive way: every word somewhere in the name or description, scanned row by row;
    the first 20 and a count capped as ours."""
    from django.db import connection

    from udyamsetu.search.services import COUNT_CAP, _tokens

    times = []
    with connection.cursor() as cursor:
        for text in texts:
            patterns = [f"%{w}%" for w in _tokens(text)]
            started = time.perf_counter()
            where = (
                "FROM search_searchdocument d JOIN enterprises_enterprise e ON e.id = d.object_id "
                "WHERE d.kind = 'enterprise' AND (d.title || ' ' || d.summary || ' ' "
                "|| e.description) ILIKE ALL(%s)"
            )
            cursor.execute(f"SELECT d.id, d.title {where} LIMIT 20", [patterns])
            cursor.fetchall()
            cursor.execute(
                f"SELECT count(*) FROM (SELECT 1 {where} LIMIT {COUNT_CAP}) AS x", [patterns]
            )
            cursor.fetchone()
            times.append((time.perf_counter() - started) * 1000)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=7_500_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--fresh", action="store_true", help="make the database again")
    parser.add_argument("--prepare-only", action="store_true")
    parser.add_argument("--queries", type=int, default=240)
    parser.add_argument("--ilike-queries", type=int, default=25)
    parser.add_argument("--out", type=Path, default=RESULTS / "search.json")
    args = parser.parse_args()
    if args.rows < 1:
        parser.error("--rows must be at least 1")
    sys.path.insert(0, str(ROOT))
    made = prepare(args.rows, args.seed, args.fresh)
    print(made)
    if args.prepare_only:
        return
    queries = query_set(args.queries, args.seed)
    print("Loading the filter index …")
    started = time.perf_counter()
    from udyamsetu.search.services import SearchParams, search

    search(SearchParams(q="forging"))
    load_seconds = round(time.perf_counter() - started, 1)
    print(f"  {load_seconds} s")
    print(f"{len(queries)} queries; a first (cold) pass …")
    cold = time_ours(queries)
    print(f"  cold p50 {percentile(cold, 0.5):.1f} ms, p95 {percentile(cold, 0.95):.1f} ms")
    print("Timing …")
    ours = time_ours(queries)
    by_category: dict[str, list[float]] = {}
    for (category, _params), ms in zip(queries, ours, strict=True):
        by_category.setdefault(category, []).append(ms)
    for category, values in by_category.items():
        print(f"  {category:14} n={len(values):3}  p50 {percentile(values, 0.5):7.1f} ms  "
              f"p95 {percentile(values, 0.95):7.1f} ms  max {max(values):7.1f} ms")  # fmt: skip
    print(f"  all            n={len(ours)}  p50 {percentile(ours, 0.5):7.1f} ms  "
          f"p95 {percentile(ours, 0.95):7.1f} ms")  # fmt: skip

    texts = [params.q for category, params in queries if category == "text"]
    text_ms = by_category["text"]
    print("Tantivy index of the same documents …")
    index, tantivy_build = tantivy_index(args.rows, args.seed)
    time_tantivy(index, texts)
    tantivy_ms = time_tantivy(index, texts)
    print(f"  tantivy text p50 {percentile(tantivy_ms, 0.5):.2f} ms, "
          f"p95 {percentile(tantivy_ms, 0.95):.2f} ms")  # fmt: skip
    # A sequential scan per query: a fixed sample of the text queries keeps the run short.
    sample = list(range(0, len(texts), max(1, len(texts) // args.ilike_queries)))
    print(f"ILIKE scan, {len(sample)} of the text queries …")
    ilike_ms = time_ilike([texts[i] for i in sample])
    ours_on_sample = [text_ms[i] for i in sample]
    print(f"  ILIKE p50 {percentile(ilike_ms, 0.5):,.0f} ms, "
          f"p95 {percentile(ilike_ms, 0.95):,.0f} ms")  # fmt: skip

    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM search_searchdocument")
        documents = cursor.fetchone()[0]
    p50, p95 = percentile(ours, 0.5), percentile(ours, 0.95)
    text_p50, text_p95 = percentile(text_ms, 0.5), percentile(text_ms, 0.95)
    result = {
        "documents": documents,
        "queries": len(queries),
        "p50_ms": round(p50, 1),
        "p95_ms": round(p95, 1),
        "text_p50_ms": round(text_p50, 1),
        "text_p95_ms": round(text_p95, 1),
        "tantivy_text_p50_ms": round(percentile(tantivy_ms, 0.5), 2),
        "tantivy_text_p95_ms": round(percentile(tantivy_ms, 0.95), 2),
        # ours ÷ peer: above 1 means we are slower.
        "tantivy_ratio": round(text_p50 / percentile(tantivy_ms, 0.5), 1),
        "tantivy_p95_ratio": round(text_p95 / percentile(tantivy_ms, 0.95), 1),
        "ilike_queries": len(sample),
        "ilike_text_p50_ms": round(percentile(ilike_ms, 0.5)),
        "ilike_text_p95_ms": round(percentile(ilike_ms, 0.95)),
        "ilike_ratio": round(percentile(ours_on_sample, 0.5) / percentile(ilike_ms, 0.5), 4),
        "ilike_p95_ratio": round(percentile(ours_on_sample, 0.95) / percentile(ilike_ms, 0.95), 4),
        # The first pass, before the text parts were in the index's memory.
        "cold_p50_ms": round(percentile(cold, 0.5), 1),
        "cold_p95_ms": round(percentile(cold, 0.95), 1),
        "by_category": {
            category: {
                "queries": len(values),
                "p50_ms": round(percentile(values, 0.5), 1),
                "p95_ms": round(percentile(values, 0.95), 1),
            }
            for category, values in by_category.items()
        },
        "filter_index_load_seconds": load_seconds,
        "prepared": made,
        "tantivy_build_seconds": round(tantivy_build, 1) if tantivy_build else None,
    }
    write_result(args.out, result)


if __name__ == "__main__":
    main()
