"""Settings for the test suite: the real PostgreSQL (embedded unless DATABASE_URL is set)."""

from __future__ import annotations

from udyamsetu.settings.base import *  # noqa: F403 -- settings modules extend the base module
from udyamsetu.settings.env import env_str

DEBUG = False
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Connections are per test; persistent ones would outlive the test database.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
# Two test runs on one server (two developers, or CI beside a developer) need their own database.
DATABASES["default"]["TEST"] = {"NAME": env_str("UDYAMSETU_TEST_DB", "test_udyamsetu")}  # noqa: F405
