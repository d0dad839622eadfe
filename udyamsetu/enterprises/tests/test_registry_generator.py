"""The synthetic registry: deterministic files that follow docs/registry-import.md, with the
registry's mix of sizes and activities, and rows broken on purpose when asked."""

from __future__ import annotations

import csv
import gzip
import io
import os
import subprocess
import sys
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from udyamsetu.enterprises.reference import (
    STATES_BY_CODE,
    nic_codes,
    nic_error,
    pin_location,
    size_class,
    udyam_number_error,
)
from udyamsetu.enterprises.registry_generator import (
    BAD_KINDS,
    CHUNK_ROWS,
    COLUMNS,
    LAST_COMMENCEMENT,
    MAX_ROWS,
    PROFILES,
    RegistryGenerator,
    write_registry,
)

ORGANISATION_TYPES = {
    "proprietary", "partnership", "huf", "llp", "private_limited", "public_limited",
    "cooperative", "society", "trust", "others",
}  # fmt: skip
# Which rule each kind of broken row must break (the validator's reason labels).
EXPECTED_REASON = {
    "bad_udyam_format": "udyam_number",
    "unknown_state_code": "state_code",
    "pin_not_in_state": "pin_code",
    "unknown_nic_class": "nic_codes",
    "negative_amount": "amount",
    "non_numeric_amount": "amount",
    "export_exceeds_turnover": "export",
    "invalid_date": "date",
    "future_date": "date",
    "wrong_column_count": "columns",
    "duplicate_udyam_number": "duplicate",
    "empty_name": "enterprise_name",
    "bad_yes_no_flag": "flag",
    "over_long_name": "enterprise_name",
}


def read_rows(path: Path) -> tuple[list[str], list[list[str]]]:
    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


def amount(text: str) -> int | None:
    return int(text) if text.isdigit() and int(text) <= 10**13 else None


def reasons_against_the_format(row: list[str], seen: set[str]) -> set[str]:
    """Which rules of docs/registry-import.md a row breaks, checked with reference.py."""
    if len(row) != len(COLUMNS):
        return {"columns"}
    value = dict(zip(COLUMNS, row, strict=True))
    reasons = set()
    udyam, state = value["udyam_number"], value["state_code"]
    if udyam_number_error(udyam):
        reasons.add("udyam_number")
    if udyam in seen:
        reasons.add("duplicate")
    seen.add(udyam)
    if state not in STATES_BY_CODE or udyam[6:8] != state:
        reasons.add("state_code")
    location = pin_location(value["pin_code"])
    if location is None or location.state.code != state:
        reasons.add("pin_code")
    if not 1 <= len(value["enterprise_name"]) <= 255:
        reasons.add("enterprise_name")
    if value["organisation_type"] not in ORGANISATION_TYPES:
        reasons.add("organisation_type")
    if value["major_activity"] not in ("manufacturing", "services", "trading"):
        reasons.add("major_activity")
    try:
        started = date.fromisoformat(value["date_of_commencement"])
        if len(value["date_of_commencement"]) != 10:
            reasons.add("date")
        if not date(1900, 1, 1) <= started <= date.today():
            reasons.add("date")
    except ValueError:
        reasons.add("date")
    codes = value["nic_codes"].split(";")
    if not 1 <= len(codes) <= 10 or any(nic_error(code) for code in codes):
        reasons.add("nic_codes")
    investment, turnover, exports = (
        amount(value[c]) for c in ("investment_rupees", "turnover_rupees", "export_turnover_rupees")
    )
    if None in (investment, turnover, exports):
        reasons.add("amount")
    elif exports > turnover:
        reasons.add("export")
    if not (value["employees"].isdigit() and int(value["employees"]) <= 1_000_000):
        reasons.add("amount")
    if value["women_led"] not in ("Y", "N") or value["sc_st_owned"] not in ("Y", "N"):
        reasons.add("flag")
    for column, limit in (
        ("address", 500),
        ("city", 100),
        ("district", 100),
        ("description", 2000),
    ):
        if len(value[column]) > limit:
            reasons.add(column)
    email, mobile = value["email"], value["mobile"]
    if email and (len(email) > 254 or email.count("@") != 1 or "." not in email.split("@")[1]):
        reasons.add("email")
    if mobile and not (len(mobile) == 10 and mobile.isdigit() and mobile[0] in "6789"):
        reasons.add("mobile")
    return reasons


@pytest.fixture(scope="module")
def registry(tmp_path_factory) -> list[dict[str, str]]:
    """20,000 rows without broken ones, shared by the tests that look at the mix."""
    path = tmp_path_factory.mktemp("registry") / "registry.csv"
    write_registry(path, rows=20_000, seed=7)
    header, rows = read_rows(path)
    assert header == list(COLUMNS)
    return [dict(zip(COLUMNS, row, strict=True)) for row in rows]


def share(rows: list[dict[str, str]], predicate) -> float:
    return sum(1 for row in rows if predicate(row)) / len(rows)


def test_the_same_seed_gives_the_same_bytes_in_csv_and_gzip(tmp_path):
    # given
    arguments = {"rows": 3_000, "seed": 42, "bad_share": 0.05}
    # when
    write_registry(tmp_path / "a.csv", **arguments)
    write_registry(tmp_path / "b.csv", **arguments)
    write_registry(tmp_path / "a.csv.gz", **arguments)
    write_registry(tmp_path / "b.csv.gz", **arguments)
    # then
    plain = (tmp_path / "a.csv").read_bytes()
    assert plain == (tmp_path / "b.csv").read_bytes()
    assert (tmp_path / "a.csv.gz").read_bytes() == (tmp_path / "b.csv.gz").read_bytes()
    assert gzip.decompress((tmp_path / "a.csv.gz").read_bytes()) == plain


def test_different_seeds_give_different_files(tmp_path):
    # when
    write_registry(tmp_path / "one.csv", rows=500, seed=1)
    write_registry(tmp_path / "two.csv", rows=500, seed=2)
    # then
    one, two = (read_rows(tmp_path / name)[1] for name in ("one.csv", "two.csv"))
    assert len(one) == len(two) == 500
    assert sum(a == b for a, b in zip(one, two, strict=True)) == 0


def test_every_row_follows_the_import_rules(registry):
    # given
    seen: set[str] = set()
    # when
    broken = [
        (n, reasons)
        for n, row in enumerate(registry, start=2)
        if (reasons := reasons_against_the_format(list(row.values()), seen))
    ]
    # then
    assert broken == []
    assert len(seen) == len(registry)


def test_the_file_is_read_back_exactly_by_the_csv_module(tmp_path):
    # given: names with apostrophes and ampersands, addresses and descriptions with commas
    path = tmp_path / "registry.csv"
    write_registry(path, rows=2_000, seed=3)
    # when
    text = path.read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(text)))
    # then
    assert text.startswith(",".join(COLUMNS) + "\n")
    assert all(len(row) == len(COLUMNS) for row in rows)
    assert len(rows) == 2_001 == text.count("\n")
    assert any("," in row[10] for row in rows[1:]) and any("," in row[19] for row in rows[1:])


def test_size_classes_match_the_registry_within_one_point(registry):
    # when
    sizes = Counter(
        size_class(
            int(row["investment_rupees"]),
            int(row["turnover_rupees"]),
            int(row["export_turnover_rupees"]),
        )
        for row in registry
    )
    # then
    total = len(registry)
    assert abs(sizes["micro"] / total - 0.97) <= 0.01
    assert abs(sizes["small"] / total - 0.027) <= 0.01
    assert abs(sizes["medium"] / total - 0.003) <= 0.01
    assert sizes["large"] == 0


def test_employees_fit_the_size_class(registry):
    for row in registry:
        size = size_class(
            int(row["investment_rupees"]),
            int(row["turnover_rupees"]),
            int(row["export_turnover_rupees"]),
        )
        low, high = {"micro": (1, 20), "small": (10, 150), "medium": (50, 1000)}[size]
        assert low <= int(row["employees"]) <= high, row


def test_activities_and_nic_codes_fit_together(registry):
    # given
    codes = nic_codes()
    # then
    assert abs(share(registry, lambda r: r["major_activity"] == "manufacturing") - 0.32) < 0.02
    assert abs(share(registry, lambda r: r["major_activity"] == "services") - 0.47) < 0.02
    assert abs(share(registry, lambda r: r["major_activity"] == "trading") - 0.21) < 0.02
    for row in registry:
        main = row["nic_codes"].split(";")[0]
        section = codes[main[:4]].section
        division = int(main[:2])
        if row["major_activity"] == "manufacturing":
            assert section == "C" and 10 <= division <= 33, row
        elif row["major_activity"] == "trading":
            assert section == "G" and 45 <= division <= 47, row
        else:
            assert section not in ("C", "G"), row
    divisions = Counter(row["nic_codes"][:2] for row in registry)
    assert divisions["25"] > divisions["12"] and divisions["28"] > divisions["19"]


def test_descriptions_fit_the_main_nic_class(registry):
    # given
    codes = nic_codes()
    described = [row for row in registry if row["description"]]
    # then
    assert 0.85 < len(described) / len(registry) < 0.97
    for row in described:
        main = row["nic_codes"][:4]
        profile = PROFILES.get(main) or PROFILES.get(main[:2])
        phrases = profile[1].split("|") if profile else [codes[main].title]
        assert any(phrase in row["description"] for phrase in phrases), row


def test_the_other_fields_have_the_registrys_mix(registry):
    # then
    assert share(registry, lambda r: r["organisation_type"] == "proprietary") > 0.7
    assert {r["organisation_type"] for r in registry} >= {
        "proprietary", "partnership", "private_limited", "llp", "others"
    }  # fmt: skip
    assert abs(share(registry, lambda r: r["women_led"] == "Y") - 0.20) < 0.015
    assert abs(share(registry, lambda r: r["sc_st_owned"] == "Y") - 0.15) < 0.015
    assert abs(share(registry, lambda r: r["export_turnover_rupees"] != "0") - 0.06) < 0.015
    assert abs(share(registry, lambda r: r["email"] != "") - 0.50) < 0.02
    assert abs(share(registry, lambda r: r["mobile"] != "") - 0.85) < 0.02
    assert abs(share(registry, lambda r: r["state_code"] == "MH") - 0.159) < 0.015
    assert share(registry, lambda r: r["date_of_commencement"] >= "2015-01-01") > 0.5
    assert min(r["date_of_commencement"] for r in registry) >= "1960-01-01"
    assert max(r["date_of_commencement"] for r in registry) <= LAST_COMMENCEMENT.isoformat()
    assert share(registry, lambda r: r["enterprise_name"].endswith(" Pvt Ltd")) > 0.01


def test_district_numbers_are_the_same_for_a_district_in_every_file(registry, tmp_path):
    # given
    write_registry(tmp_path / "other.csv", rows=5_000, seed=8)
    _, other = read_rows(tmp_path / "other.csv")
    numbers: dict[tuple[str, str], set[str]] = {}
    # when
    for row in [*registry, *(dict(zip(COLUMNS, r, strict=True)) for r in other)]:
        district = pin_location(row["pin_code"]).district
        numbers.setdefault((row["state_code"], district), set()).add(row["udyam_number"][9:11])
    # then
    assert all(len(found) == 1 for found in numbers.values())
    assert len(numbers) > 400


def test_a_tenth_broken_gives_about_a_tenth_bad_rows_of_every_kind(tmp_path):
    # given
    path = tmp_path / "registry.csv.gz"
    bad_log: list[tuple[int, str]] = []
    # when
    stats = write_registry(path, rows=2_000, seed=11, bad_share=0.1, bad_log=bad_log)
    # then
    assert 150 <= stats.bad_rows <= 250
    assert set(stats.bad_kinds) == set(BAD_KINDS)
    broken_lines = dict(bad_log)
    _, rows = read_rows(path)
    seen: set[str] = set()
    for line, row in enumerate(rows, start=2):
        reasons = reasons_against_the_format(row, seen)
        if line in broken_lines:
            assert EXPECTED_REASON[broken_lines[line]] in reasons, (broken_lines[line], row)
        else:
            assert reasons == set(), (line, row)


def test_rows_are_made_chunk_by_chunk_so_memory_stays_flat():
    # given: the largest file there can be
    chunks = RegistryGenerator(seed=5).chunks(MAX_ROWS)
    # when: only the header and one chunk are asked for
    header_rows, header = next(chunks)
    rows, text = next(chunks)
    # then: they come at once, without the other 9,989,999 rows
    assert (header_rows, header) == (0, ",".join(COLUMNS) + "\n")
    assert rows == CHUNK_ROWS == text.count("\n")
    chunks.close()


def test_the_command_writes_the_file_and_a_summary(tmp_path, capsys):
    # given
    path = tmp_path / "registry.csv.gz"
    # when
    call_command("generate-registry", "--rows", "300", "--seed", "9", "--bad-share", "0.1", path)
    # then
    out = capsys.readouterr().out
    assert "Wrote 300 rows" in out and "broken on purpose" in out
    header, rows = read_rows(path)
    assert header == list(COLUMNS) and len(rows) == 300
    assert not list(tmp_path.glob(".*.part"))


@pytest.mark.parametrize(
    ("arguments", "named"),
    [
        (["--rows", "0", "--seed", "1"], "--rows"),
        (["--rows", "10000000", "--seed", "1"], "--rows"),
        (["--rows", "10", "--seed", "1", "--bad-share", "0.6"], "--bad-share"),
        (["--rows", "10", "--seed", "1", "--bad-share", "-0.1"], "--bad-share"),
        (["--rows", "10", "--seed", "1", "--bad-share", "nan"], "--bad-share"),
    ],
)
def test_arguments_out_of_range_are_refused_naming_the_argument(tmp_path, arguments, named):
    # when
    with pytest.raises(CommandError) as refused:
        call_command("generate-registry", *arguments, tmp_path / "out.csv")
    # then
    assert refused.value.returncode == 2
    assert named in str(refused.value)
    assert not (tmp_path / "out.csv").exists()


def test_a_missing_output_directory_exits_with_code_2_naming_out(tmp_path):
    # given
    env = {**os.environ}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    # when
    result = subprocess.run(
        [sys.executable, "-m", "udyamsetu.cli", "generate-registry", "--rows", "10",
         "--seed", "1", str(tmp_path / "missing" / "out.csv")],
        env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    # then
    assert result.returncode == 2, result.stderr
    assert "OUT" in result.stderr and "does not exist" in result.stderr
