"""Load the capability vocabularies shipped in enterprises/data/vocabularies.json."""

import json
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "vocabularies.json"


def load(apps, schema_editor):
    # The historical model, as a data migration must; the same logic as
    # services.load_vocabularies, which also runs after later edits to the file.
    Term = apps.get_model("enterprises", "Term")
    for kind, terms in json.loads(DATA.read_text(encoding="utf-8")).items():
        by_slug = {}
        for spec in terms:
            term, _ = Term.objects.update_or_create(
                kind=kind, slug=spec["slug"],
                defaults={
                    "name": spec["name"], "name_hi": spec.get("name_hi", ""),
                    "synonyms": spec.get("synonyms", []),
                    "hint": spec.get("issuer_hint") or spec.get("spec_hint") or "",
                    "expires": spec.get("expires", True),
                    "parent": by_slug.get(spec.get("parent", "")),
                },
            )
            by_slug[term.slug] = term


class Migration(migrations.Migration):
    dependencies = [("enterprises", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
