"""Production mode: secrets from the environment, `check --deploy` clean, security headers."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from urllib.parse import quote

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db

SECRET = "p" * 20 + "-a-long-random-production-secret-0123456789-xyz"


def _production_env(**overrides: str) -> dict[str, str]:
    socket_dir = connection.settings_dict["HOST"]
    env = {
        **os.environ,
        "UDYAMSETU_ENV": "production",
        "SECRET_KEY": SECRET,
        "ALLOWED_HOSTS": "udyamsetu.example.gov.in",
        "EMAIL_HOST": "smtp.example.gov.in",
        "DATABASE_URL": os.environ.get("DATABASE_URL")
        or f"postgres://postgres@{quote(socket_dir, safe='')}/{connection.settings_dict['NAME']}",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.update(overrides)
    return {k: v for k, v in env.items() if v is not None}


def _udyamsetu(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "udyamsetu.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_passes_with_production_settings():
    result = _udyamsetu("check", "--deploy", "--fail-level", "WARNING", env=_production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("missing", "message"),
    [
        ("SECRET_KEY", "SECRET_KEY"),
        ("ALLOWED_HOSTS", "ALLOWED_HOSTS"),
        ("DATABASE_URL", "DATABASE_URL"),
        ("EMAIL_HOST", "EMAIL_HOST"),
    ],
)
def test_production_refuses_to_start_without_its_secrets(missing, message):
    env = _production_env()
    env.pop(missing)
    result = _udyamsetu("check", env=env)
    assert result.returncode != 0
    assert message in result.stderr


def test_production_refuses_a_weak_secret_key():
    result = _udyamsetu("check", env=_production_env(SECRET_KEY="django-insecure-short"))
    assert result.returncode != 0
    assert "SECRET_KEY must be a random string" in result.stderr


def test_production_responses_carry_hsts_csp_and_secure_cookies(tmp_path):
    # given a production install whose static files were collected, as deployment.md says
    env = _production_env(UDYAMSETU_DATA_DIR=str(tmp_path))
    collected = _udyamsetu("collectstatic", "--noinput", env=env)
    assert collected.returncode == 0, collected.stderr
    script = """
import json, django
django.setup()
from django.test import Client
c = Client(HTTP_HOST="udyamsetu.example.gov.in")
plain = c.get("/accounts/login/")
r = c.get("/accounts/login/", secure=True)
print(json.dumps({
  "redirect": plain.status_code, "location": plain.get("Location"),
  "hsts": r.get("Strict-Transport-Security"), "csp": r.get("Content-Security-Policy"),
  "nosniff": r.get("X-Content-Type-Options"), "frame": r.get("X-Frame-Options"),
  "cookies": {k: {"secure": bool(v["secure"]), "httponly": bool(v["httponly"])} for k, v in r.cookies.items()},
}))
"""
    env["DJANGO_SETTINGS_MODULE"] = "udyamsetu.settings.production"
    result = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    headers = json.loads(result.stdout.strip().splitlines()[-1])
    assert headers["redirect"] == 301
    assert headers["location"].startswith("https://")
    assert "max-age=31536000" in headers["hsts"]
    assert "preload" in headers["hsts"]
    assert "script-src 'self'" in headers["csp"]
    assert "unsafe-inline" not in headers["csp"]
    assert headers["nosniff"] == "nosniff"
    assert headers["frame"] == "DENY"
    assert headers["cookies"]["__Host-csrftoken"]["secure"]


def test_production_logs_are_json_lines():
    script = "import django, logging; django.setup(); logging.getLogger('udyamsetu').warning('hello %s', 'world')"
    env = _production_env(DJANGO_SETTINGS_MODULE="udyamsetu.settings.production")
    result = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120
    )
    line = json.loads(result.stderr.strip().splitlines()[-1])
    assert line["message"] == "hello world"
    assert line["level"] == "WARNING"
    assert line["logger"] == "udyamsetu"
