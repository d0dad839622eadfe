"""The health check and the database the portal runs on."""

from __future__ import annotations

import pytest
from django.db import connection


@pytest.mark.django_db
def test_healthz_reports_a_reachable_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


@pytest.mark.django_db
def test_the_health_check_reports_a_database_that_does_not_answer():
    from django.db.backends.postgresql.base import DatabaseWrapper

    from udyamsetu.core.services import database_is_reachable

    # given a real connection to a server that is not there
    settings_dict = {**connection.settings_dict, "HOST": "/nonexistent-socket-dir", "PORT": ""}
    unreachable = DatabaseWrapper(settings_dict, alias="unreachable")
    # then the check says so instead of raising
    assert database_is_reachable(unreachable) is False
    assert database_is_reachable(connection) is True


@pytest.mark.django_db
def test_the_database_is_postgresql_18_with_every_extension_the_project_uses():
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version_num")
        version = int(cursor.fetchone()[0])
        cursor.execute("SELECT extname FROM pg_extension")
        extensions = {row[0] for row in cursor.fetchall()}
    assert connection.vendor == "postgresql"
    assert version >= 150000
    assert {"vector", "pg_trgm", "unaccent", "btree_gist"} <= extensions


@pytest.mark.django_db
def test_the_contrib_extensions_actually_work():
    with connection.cursor() as cursor:
        cursor.execute("SELECT similarity('machining', 'machinning'), unaccent('Hôtel')")
        similarity, plain = cursor.fetchone()
        cursor.execute("SELECT '[1,2,3]'::vector <-> '[1,2,4]'::vector")
        distance = cursor.fetchone()[0]
    assert similarity > 0.5
    assert plain == "Hotel"
    assert distance == 1.0
