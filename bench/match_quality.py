"""Benchmark: how good the matches are — nDCG@10 and recall@50 of the matcher against each of
its signals alone, on labelled cases.

    python -m bench.match_quality [--enterprises 5000] [--cases 200] [--seed 7]

Two sets of cases, each in a fresh database of its own, so that neither's profiles are
unlabelled look-alikes in the other's:

- **generated**: enterprises with a hidden latent truth (the processes and materials they really
  work with) that the matcher never sees. What it sees is written from that truth the way people
  write profiles: a synonym or the name of each process (or nothing, for a terse writer), some
  processes ticked and some not, now and then a process ticked that the firm does not do, filler
  words, names that mislead. Each case asks for a process (often in a material) in words picked
  afresh from the vocabulary's synonyms, sometimes ticks the process, sometimes adds a hard
  filter. Grades come from the latent truth: 2 for the process (and the material, when asked),
  1 for the process without the material or a sibling process (same parent in the vocabulary).
- **written**: hand-written profiles and cases (bench/match_cases.py) graded by hand, 3 to 1.

Methods: the matcher (all signals fused and scored); text only (the word candidates); embeddings
only (the nearest offers); filters only (the hard filters and the ticked processes and areas,
most covered first). Every method sees the same eligible profiles.

nDCG@10 uses gains 2^grade - 1 against the ideal order of all graded profiles; recall@50 is the
share of the profiles graded 2 or more found in the first 50. Writes bench/results/
match_quality.json with `cases`, `ndcg10` and `recall50` (maps from method to value, over all
cases), and the same per set.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

from bench.import_registry import ROOT, bench_database, write_result

RESULT = ROOT / "bench" / "results" / "match_quality.json"
TODAY = date(2026, 11, 22)
METHODS = ("matcher", "text", "embeddings", "filters")
STATES = ["MH", "TN", "GJ", "KA", "OD", "UP", "TS", "WB", "HR", "PB"]
FILLER = [
    "Job work as per customer drawings.", "Serving OEMs since 1998.", "Prompt delivery.",
    "Quality is our motto.", "In-house tool room.", "Export quality.",
    "Competitive rates.", "ISO-style documentation.", "Trained workforce.",
]  # fmt: skip
NAME_PLACES = ["Shakti", "Ganesh", "Sai", "Bharat", "Om", "Laxmi", "Kaveri", "Narmada", "Deccan",
               "Utkal", "Kalinga", "Sahyadri", "Vindhya", "Ganga", "Jyoti", "Sri Balaji"]  # fmt: skip
NAME_ENDS = ["Engineering Works", "Industries", "Enterprises", "Udyog", "Precision",
             "Technocrats", "Manufacturers", "& Sons", "Components", "Fabricators"]  # fmt: skip
NEED_TEMPLATES = [
    "{p} of {m} parts",
    "Supplier for {p} in {m}",
    "Looking for {p} job work, material {m}",
    "{p} needed for {m} components in monthly batches",
    "Vendor for {p} ({m})",
]
NEED_TEMPLATES_NO_MATERIAL = [
    "{p} supplier",
    "Looking for {p} capacity",
    "{p} job work needed",
    "Vendor for {p}",
]


# --- the two sets of cases -----------------------------------------------------------------


def generated_world(n: int, cases: int, seed: int):
    """Profiles written from a latent truth, and cases graded from it."""
    vocabularies = json.loads(
        (ROOT / "udyamsetu/enterprises/data/vocabularies.json").read_text(encoding="utf-8")
    )
    rnd = random.Random(seed)
    processes = vocabularies["process"]
    materials = vocabularies["material"]
    parent = {t["slug"]: t.get("parent") for t in processes}
    words = {t["slug"]: [t["name"], *t["synonyms"]] for t in processes + materials}
    ascii_words = {k: [w for w in v if w.isascii()] or v[:1] for k, v in words.items()}
    by_family: dict[str, list[str]] = {}
    for slug, up in parent.items():
        by_family.setdefault(up or slug, []).append(slug)
    profiles = []
    for i in range(n):
        main = rnd.choice(processes)["slug"]
        latent = [main]
        if rnd.random() < 0.5:  # a second process, usually of the same family
            family = by_family[parent[main] or main]
            other = rnd.choice(family) if rnd.random() < 0.7 else rnd.choice(processes)["slug"]
            if other not in latent:
                latent.append(other)
        stuff = rnd.sample([t["slug"] for t in materials], rnd.choice([1, 1, 2]))
        good_writer = rnd.random() < 0.6
        said = [
            rnd.choice(ascii_words[p]) for p in latent
            if rnd.random() < (0.85 if good_writer else 0.35)
        ]  # fmt: skip
        said += [rnd.choice(ascii_words[m]) for m in stuff if rnd.random() < 0.6]
        description = ", ".join(said).capitalize() + ". " if said else ""
        description += " ".join(rnd.sample(FILLER, rnd.choice([1, 2, 3])))
        ticked = [p for p in latent if rnd.random() < 0.6]
        if rnd.random() < 0.1:  # a process claimed that the firm does not do
            ticked.append(rnd.choice(processes)["slug"])
        name = f"{rnd.choice(NAME_PLACES)} {rnd.choice(NAME_ENDS)}"
        if rnd.random() < 0.15:  # a name that misleads: a trade it no longer does
            name = f"{rnd.choice(NAME_PLACES)} {rnd.choice(ascii_words[rnd.choice(processes)['slug']])} Works"
        certificates = []
        if rnd.random() < 0.4:
            certificates.append(("iso-9001", "2025-06-30" if rnd.random() < 0.15 else "2028-01-31"))
        if rnd.random() < 0.15:
            certificates.append(("as9100d", "2027-03-31"))
        profiles.append({
            "key": f"g{i}", "name": f"{name} {i}", "state": rnd.choice(STATES),
            "size": rnd.choices(["micro", "small", "medium"], [80, 17, 3])[0],
            "description": description, "offer": "", "seek": "", "processes": ticked,
            "materials": [m for m in stuff if rnd.random() < 0.6], "areas": [],
            "certificates": certificates, "verification": rnd.choices([0, 1, 2], [85, 10, 5])[0],
            "latent": (set(latent), set(stuff)),
        })  # fmt: skip
    holders: dict[str, list[dict]] = {}
    for profile in profiles:
        for p in profile["latent"][0]:
            holders.setdefault(p, []).append(profile)
    askable = sorted(p for p, found in holders.items() if len(found) >= 3)
    made = []
    for c in range(cases):
        p = rnd.choice(askable)
        wanted_material = None
        if rnd.random() < 0.7:
            wanted_material = rnd.choice(sorted(rnd.choice(holders[p])["latent"][1]))
        phrase = rnd.choice(ascii_words[p])
        if wanted_material:
            text = rnd.choice(NEED_TEMPLATES).format(
                p=phrase, m=rnd.choice(ascii_words[wanted_material])
            )
        else:
            text = rnd.choice(NEED_TEMPLATES_NO_MATERIAL).format(p=phrase)
        case = {"key": f"generated-{c}", "text": text[0].upper() + text[1:],
                "processes": [p] if rnd.random() < 0.5 else [], "areas": [],
                "required_certifications": [], "wanted_certifications": [], "states": [],
                "sizes": []}  # fmt: skip
        if rnd.random() < 0.3:
            if rnd.random() < 0.5:
                case["states"] = [rnd.choice(STATES)]
            else:
                case["required_certifications"] = ["iso-9001"]
        family = set(by_family[parent[p] or p]) | {parent[p] or p}
        relevant = {}
        for profile in profiles:
            has, stuff = profile["latent"]
            if not eligible(profile, case):
                continue
            if p in has and (wanted_material is None or wanted_material in stuff):
                relevant[profile["key"]] = 2
            elif p in has or (
                has & family and (wanted_material is None or wanted_material in stuff)
            ):
                relevant[profile["key"]] = 1
        if any(g == 2 for g in relevant.values()):
            case["relevant"] = relevant
            made.append(case)
    return profiles, made


def eligible(profile: dict, case: dict) -> bool:
    """Whether a profile passes a case's hard filters (as the portal defines them)."""
    if case["states"] and profile["state"] not in case["states"]:
        return False
    if case["sizes"] and profile["size"] not in case["sizes"]:
        return False
    held = {slug for slug, until in profile["certificates"]
            if until is None or date.fromisoformat(until) >= TODAY}  # fmt: skip
    return set(case["required_certifications"]) <= held


def written_world():
    from bench.match_cases import CASES, PROFILES

    return PROFILES, CASES


# --- loading a world into a fresh database ---------------------------------------------------


def load(profiles: list[dict]) -> dict[str, int]:
    """Create the profiles as listed registry enterprises, with their search documents and
    vectors; returns key → enterprise id."""
    from django.core.management import call_command

    from udyamsetu.enterprises.models import Certificate, Enterprise, Term
    from udyamsetu.matching import services

    terms = {(t.kind, t.slug): t.pk for t in Term.objects.all()}
    pins = {"MH": "411001", "TN": "600001", "GJ": "380001", "KA": "560001", "OD": "753001",
            "UP": "226001", "TS": "500001", "WB": "700001", "HR": "122001", "PB": "141001"}  # fmt: skip
    ids = {}
    for n, profile in enumerate(profiles, 1):
        enterprise = Enterprise(
            udyam_number=f"UDYAM-{profile['state']}-01-{n:07d}", legal_name=profile["name"],
            organisation_type="private_limited", commencement_date=date(2010, 1, 1),
            major_activity="manufacturing", nic_codes=[], investment_rupees=10**7,
            turnover_rupees=10**8, size_class=profile["size"], state=profile["state"],
            pin_code=profile.get("pin") or pins.get(profile["state"], "110001"),
            description=profile["description"], offer_text=profile.get("offer", ""),
            seek_text=profile.get("seek", ""), verification_level=profile["verification"],
            source="registry",
        )  # fmt: skip
        ids[profile["key"]] = enterprise
    Enterprise.objects.bulk_create(ids.values(), batch_size=2000)
    links = {"processes": [], "materials": [], "technology_areas": []}
    certificates = []
    for profile in profiles:
        enterprise = ids[profile["key"]]
        for field, kind, slugs in (("processes", "process", profile["processes"]),
                                   ("materials", "material", profile.get("materials", [])),
                                   ("technology_areas", "technology_area", profile["areas"])):  # fmt: skip
            through = getattr(Enterprise, field).through
            links[field] += [through(enterprise_id=enterprise.pk, term_id=terms[(kind, s)])
                             for s in dict.fromkeys(slugs)]  # fmt: skip
        for slug, until in profile["certificates"]:
            certificates.append(Certificate(
                enterprise=enterprise, certification_id=terms[("certification", slug)],
                issuer="Certification body", valid_from=date(2023, 1, 1),
                valid_until=date.fromisoformat(until) if until else None))  # fmt: skip
    for field, rows in links.items():
        getattr(Enterprise, field).through.objects.bulk_create(rows, batch_size=5000)
    Certificate.objects.bulk_create(certificates, batch_size=5000)
    call_command("rebuild-search", "--no-progress")
    services.embed_all()
    return {key: enterprise.pk for key, enterprise in ids.items()}


# --- measuring --------------------------------------------------------------------------------


def need_for(case: dict):
    from udyamsetu.enterprises.models import Term
    from udyamsetu.matching.matcher import Need

    def pks(kind: str, slugs: list[str]) -> list[int]:
        return list(Term.objects.filter(kind=kind, slug__in=slugs).values_list("pk", flat=True))

    return Need(
        text=case["text"], processes=pks("process", case["processes"]),
        areas=pks("technology_area", case["areas"]),
        certifications=pks("certification", case["required_certifications"]),
        wanted_certifications=pks("certification", case["wanted_certifications"]),
        states=list(case["states"]), sizes=list(case["sizes"]),
    )  # fmt: skip


def rankings(case: dict) -> dict[str, list[int]]:
    """Each method's first 50 enterprise ids for a case."""
    from udyamsetu.matching.matcher import candidates, facet_candidates, match
    from udyamsetu.search.models import SearchDocument

    need = need_for(case)
    found = candidates(need, TODAY)
    documents = {*found.eligible} if len(found.eligible) <= 200_000 else set()
    to_object = dict(SearchDocument.objects.filter(id__in=documents).values_list("id", "object_id"))
    # Filters only: the hard filters and what the case ticked, not what its words name.
    ticked = need.processes or need.areas
    filters = (
        facet_candidates(need.processes, need.areas, found.eligible)
        if ticked else sorted(found.eligible)[:50]
    )  # fmt: skip
    return {
        "matcher": [m.hit.object_id for m in match(need, limit=50, today=TODAY)],
        "text": [to_object[d] for d in found.rankings.get("words", [])[:50]],
        "embeddings": [to_object[d] for d in found.rankings.get("meaning", [])[:50]],
        "filters": [to_object[d] for d in filters[:50]],
    }


def ndcg_at_10(ranked: list[int], grades: dict[int, int]) -> float:
    def dcg(gains: list[int]) -> float:
        return sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(gains[:10]))

    ideal = dcg(sorted(grades.values(), reverse=True))
    return dcg([grades.get(i, 0) for i in ranked]) / ideal if ideal else 0.0


def recall_at_50(ranked: list[int], grades: dict[int, int]) -> float:
    wanted = {i for i, g in grades.items() if g >= 2}
    return len(wanted & set(ranked[:50])) / len(wanted) if wanted else 0.0


def run_part(part: str, args, out: Path) -> None:
    """Load one world into its own fresh database and score every method on its cases."""
    os.environ["DATABASE_URL"], _made = bench_database(f"udyamsetu_match_quality_{part}",
                                                       fresh=True)  # fmt: skip
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "udyamsetu.settings.base")
    os.environ.setdefault("UDYAMSETU_DEBUG", "0")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    if part == "generated":
        profiles, cases = generated_world(args.enterprises, args.cases, args.seed)
    else:
        profiles, cases = written_world()
    print(f"[{part}] loading {len(profiles):,} profiles …", flush=True)
    ids = load(profiles)
    scores = {m: {"ndcg10": [], "recall50": []} for m in METHODS}
    per_case = []
    for case in cases:
        grades = {ids[key]: grade for key, grade in case["relevant"].items()}
        ranked = rankings(case)
        row = {"case": case["key"]}
        for method in METHODS:
            n, r = ndcg_at_10(ranked[method], grades), recall_at_50(ranked[method], grades)
            scores[method]["ndcg10"].append(n)
            scores[method]["recall50"].append(r)
            row[method] = round(n, 3)
        per_case.append(row)
    out.write_text(json.dumps({"cases": len(cases), "scores": scores, "per_case": per_case}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--enterprises", type=int, default=5000, help="generated enterprises")
    parser.add_argument("--cases", type=int, default=200, help="generated cases")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--part", choices=["generated", "written"], help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.part:  # a child process: one world, one database
        run_part(args.part, args, args.out)
        return
    parts = {}
    with tempfile.TemporaryDirectory() as folder:
        for part in ("generated", "written"):
            out = Path(folder) / f"{part}.json"
            subprocess.run(
                [sys.executable, "-m", "bench.match_quality", "--part", part, "--out", str(out),
                 "--enterprises", str(args.enterprises), "--cases", str(args.cases),
                 "--seed", str(args.seed)], check=True)  # fmt: skip
            parts[part] = json.loads(out.read_text())

    def mean(values: list[float]) -> float:
        return round(sum(values) / len(values), 3) if values else 0.0

    result: dict = {"cases": sum(p["cases"] for p in parts.values())}
    for measure in ("ndcg10", "recall50"):
        result[measure] = {
            m: mean([v for p in parts.values() for v in p["scores"][m][measure]]) for m in METHODS
        }
    best_single = max(result["ndcg10"][m] for m in METHODS if m != "matcher")
    result["matcher_over_best_single"] = round(result["ndcg10"]["matcher"] / best_single - 1, 3)
    result["by_set"] = {
        part: {"cases": p["cases"], **{
            measure: {m: mean(p["scores"][m][measure]) for m in METHODS}
            for measure in ("ndcg10", "recall50")}}
        for part, p in parts.items()
    }  # fmt: skip
    result["generated_enterprises"] = args.enterprises
    result["worst_written_cases"] = sorted(
        parts["written"]["per_case"], key=lambda row: row["matcher"]
    )[:8]
    # The server the parts ran on, for the stamp write_result puts on the result.
    os.environ["DATABASE_URL"], _made = bench_database("udyamsetu_match_quality_written",
                                                       fresh=False)  # fmt: skip
    write_result(RESULT, result)


if __name__ == "__main__":
    main()
