"""The nearest-offers index becomes IVFFlat (decision 0026).

The state says what models.py declares (the fewest lists); the database gets an index with
lists for the vectors already there, as `services.build_offers_index` builds it: a registry of
millions must not be left with ten lists until someone rebuilds it. An index of that name left
by an interrupted run is kept.
"""

import pgvector.django.indexes
from django.conf import settings
from django.db import migrations, models

VECTORS_PER_LIST = 1_000  # as services.VECTORS_PER_LIST when this was written
MIN_LISTS = 10


def build(apps, schema_editor) -> None:
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM matching_profilevector WHERE aspect = 'offers'")
        lists = max(MIN_LISTS, round(cursor.fetchone()[0] / VECTORS_PER_LIST))
        # As services.build_offers_index: k-means needs about lists squared times 200 bytes (11 GB
        # at 7,500 lists), far past PostgreSQL's default, which would stop the migration.
        cursor.execute(
            "SELECT set_config('maintenance_work_mem', %s, true)",
            [settings.MATCHING_INDEX_BUILD_MEMORY],
        )
        cursor.execute(
            "CREATE INDEX IF NOT EXISTS matching_offers_ivfflat ON matching_profilevector "
            f"USING ivfflat (vector halfvec_ip_ops) WITH (lists = {int(lists)}) "
            "WHERE aspect = 'offers'"
        )


def unbuild(apps, schema_editor) -> None:
    schema_editor.execute("DROP INDEX IF EXISTS matching_offers_ivfflat")


class Migration(migrations.Migration):
    dependencies = [("matching", "0002_feedback_seeks_index")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveIndex(model_name="profilevector", name="matching_offers_hnsw"),
                migrations.AddIndex(
                    model_name="profilevector",
                    index=pgvector.django.indexes.IvfflatIndex(
                        condition=models.Q(("aspect", "offers")),
                        fields=["vector"],
                        lists=MIN_LISTS,
                        name="matching_offers_ivfflat",
                        opclasses=["halfvec_ip_ops"],
                    ),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    "DROP INDEX IF EXISTS matching_offers_hnsw",
                    "CREATE INDEX IF NOT EXISTS matching_offers_hnsw ON matching_profilevector "
                    "USING hnsw (vector halfvec_ip_ops) WITH (m = 16, ef_construction = 64) "
                    "WHERE aspect = 'offers'",
                ),
                migrations.RunPython(build, unbuild),
            ],
        )
    ]
