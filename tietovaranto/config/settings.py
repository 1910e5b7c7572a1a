"""Settings, read from the environment (12-factor). Every project setting is documented in README.md."""

import os
import tempfile
from importlib.util import find_spec
from pathlib import Path

import dj_database_url
import dj_email_url
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [part.strip() for part in os.environ.get(name, default).split(",") if part.strip()]


# Off unless set: a forgotten variable must not expose debug pages in production.
DEBUG = env_bool("DEBUG")
# Production must set SECRET_KEY; `tietovaranto check --deploy` flags the insecure default.
SECRET_KEY = os.environ.get("SECRET_KEY") or "django-insecure-development-key-set-SECRET_KEY"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "tietovaranto.accounts.admin_apps.SuperuserAdminConfig",  # django.contrib.admin, for superusers only
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "simple_history",
    "tietovaranto.core",
    "tietovaranto.catalog",
    "tietovaranto.importer",
    "tietovaranto.publishing",
    "tietovaranto.federation",
    "tietovaranto.desk",
    "tietovaranto.search",
    "tietovaranto.inforequests",
    "tietovaranto.accounts",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "mailer",
    "axes",
]
# django-ninja's own Swagger UI files (no CDN, no inline script: CONTENT_SECURITY_POLICY), found by
# path: as an installed app it was imported by every process, a fifth of a command's start-up
NINJA_DIR = Path(find_spec("ninja").origin).parent  # type: ignore[union-attr,arg-type]

MIDDLEWARE = [
    "tietovaranto.core.middleware.ClientAddressMiddleware",  # REMOTE_ADDR behind TRUSTED_PROXIES
    "django.middleware.security.SecurityMiddleware",
    "tietovaranto.core.middleware.SecurityHeadersMiddleware",  # CSP, Permissions-Policy
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "tietovaranto.core.middleware.ApiLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "tietovaranto.core.middleware.ApiConditionalGetMiddleware",
    # Before CSRF: the CSRF check reads the body, and a body it cannot read must not become a 500
    "tietovaranto.core.middleware.RequestBodyGuardMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",  # user.is_verified()
    "tietovaranto.accounts.middleware.TwoFactorMiddleware",  # verification at log-in, set-up when required
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes requires
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses locked-out log-ins
    "django.contrib.auth.backends.ModelBackend",
]
# Staff log-in: locked for an hour after AXES_FAILURE_LIMIT failed attempts from one address, whatever
# the user names (password spraying), and so also for one user name from that address.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = ["ip_address", ["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "tietovaranto.core.client.axes_client_address"
AXES_LOCKOUT_TEMPLATE = "inforequests/staff/locked_out.html"
AXES_VERBOSE = False
LOGIN_URL = "staff-login"
LOGIN_REDIRECT_URL = "accounts:home"

# Roles and access (tietovaranto.accounts)
INVITATION_DAYS = int(os.environ.get("INVITATION_DAYS", "7"))  # an invitation link works this long
INVITATIONS_PER_DAY = int(os.environ.get("INVITATIONS_PER_DAY", "50"))  # per organisation: stops invite spam
# Administrators (and superusers in the admin) must set up and use TOTP two-step verification.
# Default on in production (SECRET_KEY set, DEBUG off), off in development.
REQUIRE_2FA_FOR_ADMINS = env_bool("REQUIRE_2FA_FOR_ADMINS", not DEBUG and "SECRET_KEY" in os.environ)
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", "Tietovaranto")

ROOT_URLCONF = "tietovaranto.config.urls"
WSGI_APPLICATION = "tietovaranto.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [NINJA_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

# DATABASE_URL: default is a SQLite file in the working directory; postgres://… for production.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{Path.cwd() / 'tietovaranto.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
    )
}
# PostgreSQL plans what every search runs once per connection (search/prepared.py). Behind a
# connection pooler in transaction mode (PgBouncer), 0 sends plain SQL instead.
DATABASE_PREPARED_STATEMENTS = os.environ.get("DATABASE_PREPARED_STATEMENTS", "1") != "0"
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several gunicorn workers share the file. WAL: readers never wait for a writer. IMMEDIATE: a
    # transaction takes the write lock when it begins, so two writers queue (busy timeout) instead of
    # one failing with "database is locked" when it upgrades a read lock (SQLite has no SELECT … FOR
    # UPDATE; this is what makes the locked counters below work on it). 16 KiB pages, for a new
    # database only (an existing one keeps its size): a search index entry is 2–3 KiB, and a 4 KiB
    # page held one of them, so a rebuild wrote and committed twice the bytes it needed.
    SQLITE_BUSY_TIMEOUT = int(os.environ.get("SQLITE_BUSY_TIMEOUT", "20"))  # seconds
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": SQLITE_BUSY_TIMEOUT,
        "init_command": (
            "PRAGMA page_size=16384; PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
            f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT * 1000};"
        ),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Finnish first: the UI falls back to Finnish, and so does catalog content.
LANGUAGE_CODE = "fi"
LANGUAGES = [("fi", _("Finnish")), ("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Europe/Helsinki"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", Path.cwd() / "staticfiles"))
STATICFILES_DIRS = [NINJA_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if env_bool("STATIC_MANIFEST")
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Public base URL used in exports (DCAT URIs) and e-mails, e.g. https://tietovarannot.kaarina.fi
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# Searches kept per worker while the index and the catalog are unchanged (search/services.py); 0: none
SEARCH_RESULT_CACHE_SIZE = int(os.environ.get("SEARCH_RESULT_CACHE_SIZE", "200"))
# PostgreSQL: the entry ids of terms in at least this many entries are read from memory, up to this
# many ids per worker (4 bytes each; search/postings.py)
SEARCH_COMMON_TERM_DOCUMENTS = int(os.environ.get("SEARCH_COMMON_TERM_DOCUMENTS", "500"))
SEARCH_COMMON_POSTINGS = int(os.environ.get("SEARCH_COMMON_POSTINGS", "1000000"))

# E-mail: EMAIL_URL, e.g. smtp://user:password@mail.example.fi:587/?tls=True; default prints to the console.
# Every message goes through django-mailer's queue in the database: `tietovaranto send_mail` sends it
# (cron, every minute) and `tietovaranto retry_deferred` puts failed ones back (cron, every 20 minutes).
_email = dj_email_url.parse(os.environ.get("EMAIL_URL", "console://"))
EMAIL_BACKEND = "mailer.backend.DbBackend"
MAILER_EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email["EMAIL_HOST"] or "localhost"
EMAIL_PORT = _email["EMAIL_PORT"] or 25
EMAIL_HOST_USER = _email["EMAIL_HOST_USER"] or ""
EMAIL_HOST_PASSWORD = _email["EMAIL_HOST_PASSWORD"] or ""
EMAIL_USE_TLS = _email["EMAIL_USE_TLS"]
EMAIL_USE_SSL = _email["EMAIL_USE_SSL"]
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))
MAILER_LOCK_PATH = os.environ.get(
    "MAILER_LOCK_PATH", str(Path(tempfile.gettempdir()) / "tietovaranto-send-mail")
)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "tietopyynnot@localhost")

# Information requests
REQUEST_RETENTION_DAYS = int(os.environ.get("REQUEST_RETENTION_DAYS", str(5 * 365)))
# Attachments of answers: outside the web root, served only through the requester's private link
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", Path.cwd() / "private-media"))
REQUEST_ATTACHMENT_MAX_BYTES = int(os.environ.get("REQUEST_ATTACHMENT_MAX_BYTES", str(10 * 1024 * 1024)))
REQUEST_RATE_LIMIT = os.environ.get("REQUEST_RATE_LIMIT", "5/600")  # submissions per seconds, per client
# The write API: requests per seconds, per API key (counted in the database: shared by every worker)
API_TOKEN_RATE_LIMIT = os.environ.get("API_TOKEN_RATE_LIMIT", "120/60")
# The decision and letter PDFs embed DejaVu Sans (Debian: fonts-dejavu-core; inforequests/documents.py)
PDF_FONT_DIR = os.environ.get("PDF_FONT_DIR", "/usr/share/fonts/truetype/dejavu")

# Request bodies. Public forms and the API are a few kilobytes: REQUEST_BODY_MAX_BYTES bounds the
# whole body, file parts included (Django's own limit leaves files out). Staff pages (attachments) and
# the admin get STAFF_REQUEST_BODY_MAX_BYTES. Larger bodies are refused with 413 before they are read.
REQUEST_BODY_MAX_BYTES = int(os.environ.get("REQUEST_BODY_MAX_BYTES", str(256 * 1024)))
STAFF_REQUEST_BODY_MAX_BYTES = int(os.environ.get("STAFF_REQUEST_BODY_MAX_BYTES", str(25 * 1024 * 1024)))
STAFF_PATH_PREFIXES = ("/staff/", "/sv/staff/", "/en/staff/", "/admin/")
DATA_UPLOAD_MAX_MEMORY_SIZE = REQUEST_BODY_MAX_BYTES  # form fields, without files
FILE_UPLOAD_MAX_MEMORY_SIZE = 256 * 1024  # larger files go to a temporary file while read
CSRF_FAILURE_VIEW = "tietovaranto.core.views.csrf_failure"

# Behind a reverse proxy: how many proxies in front of gunicorn append to X-Forwarded-For (nginx on
# the same host: 1). The client address, used for the rate limit and the staff log-in lock, is then
# the entry that many places from the right; with 0 (default) X-Forwarded-For is ignored.
TRUSTED_PROXIES = int(os.environ.get("TRUSTED_PROXIES", "0"))
if TRUSTED_PROXIES:
    # The proxy terminates TLS and says so; without a trusted proxy the header could be forged
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# HTTPS: on in production (SECRET_KEY set, DEBUG off) unless HTTPS=0. Secure cookies, redirect to
# https, HSTS. The documented production settings make `tietovaranto check --deploy` clean.
HTTPS = env_bool("HTTPS", env_bool("SECURE_COOKIES", not DEBUG and "SECRET_KEY" in os.environ))
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", HTTPS)
# Sessions are staff log-ins (the public pages need none): a working day, not Django's two weeks
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(10 * 3600)))
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = int(os.environ.get("HSTS_SECONDS", str(365 * 24 * 3600) if HTTPS else "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("HSTS_PRELOAD", False)
# Preloading is the domain owner's decision for the whole domain (e.g. kaarina.fi), not this site's
SILENCED_SYSTEM_CHECKS = ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"  # the private status link never leaves in a Referer
X_FRAME_OPTIONS = "DENY"
# No inline script or style anywhere on the site; the API docs page loads Swagger UI's own files.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'self'; object-src 'none'"
)
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), "
    "payment=(), usb=(), interest-cohort=()"
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # The requester's private status link must not end up in log files
    "filters": {"private_links": {"()": "tietovaranto.core.logging.PrivateLinkFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["private_links"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
