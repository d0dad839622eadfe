"""The registry import: bad rows, idempotent second runs, and resuming after a crash."""

from __future__ import annotations

import csv
import gzip
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection

from udyamsetu.enterprises.importer import HEADER, RegistryFileError, import_registry
from udyamsetu.enterprises.models import Enterprise, RegistryImport

GOOD = {
    "udyam_number": "UDYAM-OD-19-0000001", "enterprise_name": "Kalinga Precision Works",
    "organisation_type": "proprietary", "major_activity": "manufacturing",
    "date_of_commencement": "2016-04-01", "nic_codes": "25920;28220",
    "investment_rupees": "4500000", "turnover_rupees": "21000000",
    "export_turnover_rupees": "1000000", "employees": "18",
    "address": "Plot 42, Industrial Estate, Jagatpur", "city": "Cuttack", "district": "",
    "pin_code": "753001", "state_code": "OD", "women_led": "Y", "sc_st_owned": "N",
    "email": "works@example.in", "mobile": "9437000001",
    "description": "CNC turning, \"VMC\" milling, job work",
}  # fmt: skip


def _row(n: int, **changes) -> dict:
    row = dict(GOOD, udyam_number=f"UDYAM-OD-19-{n:07d}", enterprise_name=f"Works {n}")
    row.update(changes)
    return row


def _write(
    path: Path, rows: list[dict], *, header=HEADER, raw_lines: dict[int, str] | None = None
) -> Path:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "wt", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(header)
        for i, row in enumerate(rows):
            line = i + 2
            if raw_lines and line in raw_lines:
                f.write(raw_lines[line] + "\n")
            else:
                writer.writerow([row[c] for c in HEADER])
    return path


def _rejects(path: Path) -> dict[int, str]:
    with path.open(newline="", encoding="utf-8") as f:
        return {int(r["line"]): r["reasons"] for r in csv.DictReader(f)}


pytestmark = pytest.mark.django_db


def test_good_rows_are_loaded_with_a_computed_size_class_and_bad_rows_rejected_by_line(tmp_path):
    # given a file with good rows and one bad row of each kind
    rows = [
        _row(1),
        _row(2, investment_rupees="30000000"),  # small: investment over 2.5 crore
        _row(3, udyam_number="UDYAM-XX-19-0000003"),
        _row(4, pin_code="110001"),
        _row(5, nic_codes="99999"),
        _row(6, date_of_commencement="2021-02-30"),
        _row(7, export_turnover_rupees="99000000"),
        _row(8, women_led="maybe"),
        _row(1, enterprise_name="Again"),  # duplicate of line 2
        _row(10, investment_rupees="-5"),
        _row(11),
    ]  # line 12, replaced by a malformed line
    path = _write(tmp_path / "registry.csv", rows, raw_lines={12: "too,few,columns"})
    # when it is imported
    run = import_registry(path)
    # then the good rows are in, with their size class computed, district from the PIN
    assert (run.inserted, run.updated, run.unchanged, run.rejected) == (2, 0, 0, 9)
    first = Enterprise.objects.get(udyam_number="UDYAM-OD-19-0000001")
    assert first.size_class == "micro"
    assert first.district == "Cuttack"
    assert first.nic_codes == ["25920", "28220"]
    assert first.description == 'CNC turning, "VMC" milling, job work'
    assert Enterprise.objects.get(udyam_number="UDYAM-OD-19-0000002").size_class == "small"
    # and each bad row is in the reject file with its line number and reason
    rejects = _rejects(tmp_path / "registry.rejects.csv")
    assert sorted(rejects) == [4, 5, 6, 7, 8, 9, 10, 11, 12]
    assert "XX is not a state code" in rejects[4]
    assert "110001 is in Delhi, not Odisha" in rejects[5]
    assert "99999" in rejects[6]
    assert "2021-02-30" in rejects[7]
    assert "export_turnover_rupees is larger" in rejects[8]
    assert "women_led 'maybe'" in rejects[9]
    assert "appears earlier in the file" in rejects[10]
    assert "investment_rupees '-5'" in rejects[11]
    assert "has 3 columns" in rejects[12]


def test_a_second_run_of_the_same_file_changes_nothing(tmp_path):
    path = _write(tmp_path / "registry.csv.gz", [_row(n) for n in range(1, 51)])
    import_registry(path)
    stamps = dict(Enterprise.objects.values_list("udyam_number", "updated_at"))
    run = import_registry(path)
    assert (run.inserted, run.updated, run.unchanged) == (0, 0, 50)
    assert dict(Enterprise.objects.values_list("udyam_number", "updated_at")) == stamps


def test_a_changed_file_updates_only_the_changed_enterprises(tmp_path):
    import_registry(_write(tmp_path / "v1.csv", [_row(n) for n in range(1, 11)]))
    rows = [_row(n) for n in range(1, 11)]
    rows[3] = _row(4, turnover_rupees="200000000")  # now small
    run = import_registry(_write(tmp_path / "v2.csv", [*rows, _row(11)]))
    assert (run.inserted, run.updated, run.unchanged) == (1, 1, 9)
    assert Enterprise.objects.get(udyam_number="UDYAM-OD-19-0000004").size_class == "small"


def test_the_import_never_overwrites_what_a_claimed_enterprise_wrote_itself(tmp_path, org_a):
    path = _write(tmp_path / "registry.csv", [_row(1)])
    import_registry(path)
    Enterprise.objects.filter(udyam_number="UDYAM-OD-19-0000001").update(
        organisation=org_a, description="Our own words", contact_email="sales@kalinga.in"
    )
    import_registry(_write(tmp_path / "again.csv", [_row(1, employees="25")]))
    enterprise = Enterprise.objects.get(udyam_number="UDYAM-OD-19-0000001")
    assert enterprise.employees == 25
    assert (enterprise.description, enterprise.contact_email) == (
        "Our own words",
        "sales@kalinga.in",
    )


@pytest.mark.parametrize(
    ("header", "message"),
    [(["udyam", "name"], "the header must be"), ([*HEADER[:-1], "notes"], "the header must be")],
)
def test_a_file_with_the_wrong_header_is_refused_and_nothing_is_written(tmp_path, header, message):
    path = _write(tmp_path / "registry.csv", [_row(1)], header=header)
    with pytest.raises(RegistryFileError, match=message):
        import_registry(path)
    assert not Enterprise.objects.exists()


def test_a_missing_file_is_refused_clearly(tmp_path):
    with pytest.raises(RegistryFileError, match="no such file"):
        import_registry(tmp_path / "nope.csv")


def test_a_run_that_fails_part_way_resumes_without_duplicates_or_half_batches(tmp_path):
    # given a file of 1,000 rows with a few bad ones, imported in batches of 100
    rows = [_row(n, pin_code="110001") if n % 97 == 0 else _row(n) for n in range(1, 1001)]
    path = _write(tmp_path / "registry.csv", rows)
    calls = {"n": 0}

    def crash_after_three_batches(progress):
        calls["n"] += 1
        if calls["n"] == 3:
            raise KeyboardInterrupt("killed")

    # when the first run dies after its third batch
    with pytest.raises(KeyboardInterrupt):
        import_registry(path, batch_rows=100, on_progress=crash_after_three_batches)
    run = RegistryImport.objects.get()
    assert run.status == "failed"
    assert Enterprise.objects.count() == 300 - 3  # three whole batches, minus rejects
    # and it is run again
    resumed = import_registry(path, batch_rows=100)
    # then it continued the same run and the result is exactly the file
    assert resumed.pk == run.pk and resumed.status == "done"
    assert Enterprise.objects.count() == 1000 - 10
    assert resumed.inserted == 990 and resumed.rejected == 10
    assert sorted(_rejects(tmp_path / "registry.rejects.csv")) == [
        n + 1 for n in range(97, 1001, 97)
    ]


@pytest.mark.django_db(transaction=True)
def test_an_import_killed_with_sigkill_resumes_to_exactly_the_right_rows(tmp_path):
    # given a file large enough to take a few seconds
    rows = [_row(n) for n in range(1, 40_001)]
    path = _write(tmp_path / "registry.csv", rows)
    db = connection.settings_dict
    url = os.environ.get("DATABASE_URL") or (
        f"postgres://postgres@{quote(db['HOST'], safe='')}/{db['NAME']}"
    )
    env = {**os.environ, "DATABASE_URL": url}
    command = [
        sys.executable,
        "-m",
        "udyamsetu.cli",
        "import-registry",
        str(path),
        "--batch-rows",
        "500",
        "--no-progress",
    ]
    # when the importer is killed outright once some batches have committed
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        run = RegistryImport.objects.first()
        if run and run.lines_done >= 2_000:
            break
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait()
    killed_at = RegistryImport.objects.get().lines_done
    assert 2_000 <= killed_at < 40_001, "the kill came too late to test resuming"
    count_after_kill = Enterprise.objects.count()
    assert count_after_kill == killed_at - 1  # whole batches only
    # and run again
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    # then every row is there once
    assert result.returncode == 0, result.stderr
    assert Enterprise.objects.count() == 40_000
    assert RegistryImport.objects.get().status == "done"


def _index_names() -> set[str]:
    with connection.cursor() as cursor:
        return set(connection.introspection.get_constraints(cursor, Enterprise._meta.db_table))


def test_a_first_load_into_an_empty_table_ends_with_every_declared_index(tmp_path):
    import_registry(_write(tmp_path / "registry.csv", [_row(n) for n in range(1, 21)]))
    assert {index.name for index in Enterprise._meta.indexes} <= _index_names()
    assert Enterprise.objects.filter(nic_codes__contains=["25920"]).count() == 20


def test_an_index_a_killed_bulk_load_left_dropped_is_built_by_the_next_run(tmp_path):
    import_registry(_write(tmp_path / "v1.csv", [_row(1)]))
    with connection.cursor() as cursor:
        cursor.execute('DROP INDEX "enterprises_nic_gin"')
    import_registry(_write(tmp_path / "v2.csv", [_row(2)]))
    assert "enterprises_nic_gin" in _index_names()


def test_an_enterprise_registered_during_a_first_load_is_updated_not_duplicated(tmp_path):
    # given a first load into an empty table, in batches of 10
    path = _write(tmp_path / "registry.csv", [_row(n) for n in range(1, 31)])

    def someone_registers_number_25_after_the_first_batch(progress):
        if progress.lines_done == 11:
            Enterprise.objects.create(
                udyam_number="UDYAM-OD-19-0000025", legal_name="Registered meanwhile",
                organisation_type="proprietary", commencement_date="2016-04-01",
                major_activity="manufacturing", nic_codes=["25920"], investment_rupees=1,
                turnover_rupees=1, size_class="micro", pin_code="753001", state="OD",
            )  # fmt: skip

    # when it runs
    run = import_registry(
        path, batch_rows=10, on_progress=someone_registers_number_25_after_the_first_batch
    )
    # then the registry's row updates the one registered meanwhile, and nothing is lost
    assert (run.inserted, run.updated, run.rejected) == (29, 1, 0)
    assert Enterprise.objects.count() == 30
    assert Enterprise.objects.get(udyam_number="UDYAM-OD-19-0000025").legal_name == "Works 25"
