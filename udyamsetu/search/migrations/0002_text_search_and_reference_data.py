"""The portal's text search configuration, and the reference data documents are built from."""

from django.db import migrations

# English stemming ("machining" finds "machine") after removing accents; words in other scripts
# (Devanagari names) pass through the English stemmer unchanged.
CONFIG = """
CREATE TEXT SEARCH CONFIGURATION udyamsetu (COPY = english);
ALTER TEXT SEARCH CONFIGURATION udyamsetu
    ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem;
"""


def load_reference(apps, schema_editor):
    from udyamsetu.search import reference_data

    reference_data.load(apps)
    Synonym = apps.get_model("search", "Synonym")
    Synonym.objects.bulk_create(
        Synonym(phrases=group) for group in reference_data.shipped_synonyms()
    )


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial"), ("core", "0001_extensions"), ("enterprises", "0002_load_vocabularies")]

    operations = [
        migrations.RunSQL(CONFIG, "DROP TEXT SEARCH CONFIGURATION udyamsetu"),
        migrations.RunPython(load_reference, migrations.RunPython.noop),
    ]
