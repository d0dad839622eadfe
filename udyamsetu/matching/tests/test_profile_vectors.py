"""Profile vectors: made by a task after each change, only when the text changed, dropped with
the profile, and rebuilt by a command."""

from __future__ import annotations

import numpy as np
import pytest
from django.core.management import call_command
from django.test import override_settings

from udyamsetu.enterprises.models import PartnerProfile, Term
from udyamsetu.matching import services
from udyamsetu.matching.embeddings import embedder
from udyamsetu.matching.models import ProfileVector
from udyamsetu.search.tests.factories import make

pytestmark = pytest.mark.django_db


def vector(kind: str, object_id: int, aspect: str = "offers") -> np.ndarray | None:
    row = ProfileVector.objects.filter(kind=kind, object_id=object_id, aspect=aspect).first()
    return None if row is None else np.array(row.vector, dtype=np.float32)


def test_a_new_profile_is_embedded_by_its_task(run_tasks):
    forge = make("Kalinga Forge", description="closed die forging of crankshafts")
    assert vector("enterprise", forge.pk) is None  # not before the task runs
    run_tasks()
    stored = vector("enterprise", forge.pk)
    text = services.profile_texts("enterprise", [forge.pk])[0][1]
    assert "closed die forging" in text and "Kalinga Forge" in text
    np.testing.assert_allclose(stored, embedder().embed([text])[0], atol=2e-3)  # half precision


def test_stored_vectors_read_back_as_the_model_made_them(run_tasks):
    forge = make("Kalinga Forge", description="closed die forging", seek_text="a CNC partner")
    other = make("Cuttack Castings", description="grey iron castings")
    run_tasks()
    offers = services.stored_vectors("enterprise", [forge.pk, other.pk, 987654], "offers")
    assert set(offers) == {forge.pk, other.pk}  # one not embedded is simply missing
    for pk, read in offers.items():
        np.testing.assert_array_equal(read, vector("enterprise", pk))
    seeks = services.stored_vectors("enterprise", [forge.pk, other.pk], "seeks")
    np.testing.assert_allclose(seeks[forge.pk], embedder().embed(["a CNC partner"])[0], atol=2e-3)
    assert other.pk not in seeks
    assert services.stored_vectors("enterprise", [], "offers") == {}
    with override_settings(DEBUG=True):  # Django's debug cursor wraps COPY differently
        assert set(services.stored_vectors("enterprise", [forge.pk], "offers")) == {forge.pk}


def test_an_edited_profile_gets_a_new_vector_and_an_unchanged_one_costs_nothing(run_tasks):
    forge = make("Kalinga Forge", description="closed die forging")
    run_tasks()
    before = vector("enterprise", forge.pk)
    forge.save()
    run_tasks()
    assert services.embed_profiles("enterprise", [forge.pk]) == 0
    forge.description = "handloom sarees and dress material"
    forge.save()
    run_tasks()
    after = vector("enterprise", forge.pk)
    assert not np.allclose(before, after)
    sarees = embedder().embed(["handloom sarees"])[0]
    assert after @ sarees > before @ sarees


def test_capabilities_added_in_the_editor_reach_the_vector(run_tasks):
    forge = make("Unit 7")
    run_tasks()
    gear = Term.objects.get(kind="process", name__startswith="Gear manufacturing")
    forge.processes.add(gear)
    run_tasks()
    assert "Gear manufacturing" in services.profile_texts("enterprise", [forge.pk])[0][1]
    assert ProfileVector.objects.get(kind="enterprise", object_id=forge.pk).digest == (
        services.digest(services.profile_texts("enterprise", [forge.pk])[0][1])
    )


def test_what_a_profile_seeks_has_its_own_vector_while_it_is_written(run_tasks):
    forge = make("Kalinga Forge", seek_text="a partner for vacuum heat treatment")
    run_tasks()
    assert vector("enterprise", forge.pk, "seeks") is not None
    forge.seek_text = ""
    forge.save()
    run_tasks()
    assert vector("enterprise", forge.pk, "seeks") is None
    assert vector("enterprise", forge.pk, "offers") is not None


def test_a_deleted_profile_loses_its_vectors(run_tasks):
    forge = make("Kalinga Forge", seek_text="heat treatment")
    run_tasks()
    forge_id = forge.pk
    forge.delete()
    assert not ProfileVector.objects.filter(kind="enterprise", object_id=forge_id).exists()


def test_a_partner_is_embedded_with_its_organisations_name(org_b, run_tasks):
    profile = PartnerProfile.objects.create(
        organisation=org_b, offer_text="composite airframes for UAVs"
    )
    run_tasks()
    assert "Galil Aero Systems" in services.profile_texts("partner", [profile.pk])[0][1]
    first = vector("partner", profile.pk)
    org_b.description = "Israeli maker of drone structures"
    org_b.save()
    run_tasks()
    assert not np.allclose(first, vector("partner", profile.pk))


def test_the_rebuild_command_embeds_everything_and_skips_what_is_unchanged(capsys):
    make("Kalinga Forge", seek_text="heat treatment")
    make("Deccan Bakers")
    ProfileVector.objects.all().delete()
    call_command("rebuild-embeddings", "--no-progress", "--batch", "1")
    assert "3 vectors written" in capsys.readouterr().out
    call_command("rebuild-embeddings", "--no-progress")
    assert "0 vectors written" in capsys.readouterr().out
    call_command("rebuild-embeddings", "--no-progress", "--all")
    assert "3 vectors written" in capsys.readouterr().out


def test_the_rebuild_command_refuses_a_batch_below_one(capsys):
    with pytest.raises(SystemExit):
        call_command("rebuild-embeddings", "--no-progress", "--batch", "0")
    assert "--batch must be at least 1" in capsys.readouterr().err


def test_the_index_is_built_again_with_a_list_per_thousand_vectors_and_the_vectors_kept(capsys):
    from django.db import connection

    from udyamsetu.matching import matcher

    make("Kalinga Forge")
    make("Deccan Bakers")
    services.embed_all()
    before = ProfileVector.objects.count()
    call_command("rebuild-embeddings", "--index")
    assert "index built" in capsys.readouterr().out
    with connection.cursor() as cursor:
        cursor.execute("SELECT reloptions FROM pg_class WHERE relname = 'matching_offers_ivfflat'")
        assert cursor.fetchone()[0] == ["lists=10"]  # the fewest: two vectors
    assert ProfileVector.objects.count() == before
    matcher._lists = (-matcher._LISTS_TTL, 0)  # read the new index's lists
    assert matcher.offers_probes() == 10
    assert services.offers_index_lists(7_500_000) == 7_500


def test_the_rebuild_command_refuses_index_with_all(capsys):
    with pytest.raises(SystemExit):
        call_command("rebuild-embeddings", "--index", "--all")
    assert "cannot be combined" in capsys.readouterr().err
