"""Settings for the Diplomatic Speech Archive.

One file for every deployment: what changes per deploy comes from the environment, with a
development default (README lists each variable).
"""
import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
import dj_email_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("ARCHIVE_DATA_DIR", BASE_DIR / "var")).resolve()


def env_bool(name, default):
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# The "django-insecure-" prefix makes `manage.py check --deploy` reject this default.
SECRET_KEY = os.environ.get(
    "DJANGO_SECRET_KEY", "django-insecure-development-only-key-do-not-use-in-production"
)
DEBUG = env_bool("DJANGO_DEBUG", True)
if not DEBUG and SECRET_KEY.startswith("django-insecure-"):
    # Sessions and password resets signed with a published key can be forged: never serve with it.
    raise ImproperlyConfigured("DJANGO_DEBUG is off but DJANGO_SECRET_KEY is not set: set it to a long random value.")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")

# The archive's public address, for permanent URLs written where no request is at hand (citations
# of deleted documents, feeds and exports made by commands).
ARCHIVE_BASE_URL = os.environ.get("ARCHIVE_BASE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    # Before Haystack: its update_index command (speeches/management/commands) replaces Haystack's.
    "speeches",
    "haystack",
    "simple_history",
    "csp",
    "django_ratelimit",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "speeches.middleware.RejectUnreadableAddresses",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After we know who sends it; before any view, or CsrfViewMiddleware's process_view, reads a form.
    "speeches.middleware.LimitRequestSizes",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Answers a rate-limited request with RATELIMIT_VIEW (429) instead of a 403.
    "django_ratelimit.middleware.RatelimitMiddleware",
]

ROOT_URLCONF = "archive.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "archive.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{DATA_DIR / 'archive.sqlite3'}"),
        conn_max_age=60,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several editors save at once: wait for the write lock instead of failing, and take it at the
    # start of each transaction so two writers never deadlock upgrading read locks. Write-ahead
    # logging lets pages go on reading while an import or a save writes.
    DATABASES["default"]["OPTIONS"] = {"timeout": 30, "transaction_mode": "IMMEDIATE",
                                       "init_command": "PRAGMA journal_mode=WAL;"}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


def search_connection(url):
    """Return the Haystack connection for SEARCH_URL.

    whoosh:///path/to/index; opensearch://host:9201,host:9202/index (https+opensearch:// for TLS,
    the user and password from SEARCH_USERNAME and SEARCH_PASSWORD, a private CA from SEARCH_CA_CERTS);
    elasticsearch://host:9200/index (https+elasticsearch:// for TLS; user:password@ in the URL).
    """
    parts = urlsplit(url)
    if parts.scheme == "whoosh":
        # Errors are raised, not just logged, so the site can say search is unavailable.
        return {"ENGINE": "speeches.search.engines.whoosh.backend.HaystackEngine", "PATH": parts.path, "SILENTLY_FAIL": False}
    scheme = "https" if parts.scheme.startswith("https+") else "http"
    index_name = parts.path.strip("/") or "archive"
    if parts.scheme in {"opensearch", "https+opensearch"}:
        hosts = [f"{scheme}://{host}" for host in parts.netloc.split(",") if host]
        username = os.environ.get("SEARCH_USERNAME")
        return {
            "ENGINE": "speeches.search.engines.opensearch.backend.HaystackEngine",
            "URL": hosts[0],  # Haystack asks for one; the client is given every host (HOSTS)
            "HOSTS": hosts,
            "INDEX_NAME": index_name,
            "HTTP_AUTH": (username, os.environ.get("SEARCH_PASSWORD", "")) if username else None,
            "CA_CERTS": os.environ.get("SEARCH_CA_CERTS") or None,
            "SHARDS": int(os.environ.get("SEARCH_SHARDS", "1")),
            "REPLICAS": int(os.environ.get("SEARCH_REPLICAS", "1")),
            "SILENTLY_FAIL": False,
        }
    if parts.scheme in {"elasticsearch", "https+elasticsearch"}:
        return {
            "ENGINE": "speeches.search.engines.elasticsearch.backend.HaystackEngine",
            "URL": f"{scheme}://{parts.netloc}/",
            "INDEX_NAME": index_name,
            "SILENTLY_FAIL": False,
        }
    raise ValueError(f"SEARCH_URL scheme {parts.scheme!r} is not supported (whoosh, opensearch, elasticsearch)")


HAYSTACK_CONNECTIONS = {
    "default": search_connection(os.environ.get("SEARCH_URL", f"whoosh://{DATA_DIR / 'whoosh'}"))
}
# Only Document is indexed; skipping the per-query django_ct narrowing is a large saving on Whoosh.
HAYSTACK_LIMIT_TO_REGISTERED_MODELS = False
HAYSTACK_SEARCH_RESULTS_PER_PAGE = 20

REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "speeches.api.negotiation.NamedFormatNegotiation",
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Diplomatic Speech Archive API",
    "DESCRIPTION": "Read-only access to the published documents, the people, venues and regions, and "
                   "search with the archive's query language (see [the search help](/search/help/)).",
    "VERSION": "1",
    # Swagger UI from the installed sidecar package: no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # Deep links make every operation's summary a link inside a button, which screen readers cannot
    # operate (axe: nested-interactive).
    "SWAGGER_UI_SETTINGS": {"deepLinking": False},
    "SERVE_INCLUDE_SCHEMA": False,
    # A document's text_role and each of its texts' role share one set of choices.
    "ENUM_NAME_OVERRIDES": {"TextRoleEnum": "speeches.models.TextRole"},
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = DATA_DIR / "static"


# The source files of documents (speeches/sources): PDFs, page scans, recordings and the page images
# rendered from them, kept through Django's storage API. Either way the archive serves them itself, at
# /sources/, with the headers that keep them inert (docs/sources.md).
def sources_storage_settings(environ):
    """Return the 'sources' storage: local files under DATA_DIR/sources, or an S3-compatible bucket by
    SOURCES_S3_BUCKET (django-storages; pip install -r requirements-s3.txt) at SOURCES_S3_ENDPOINT_URL
    (none: AWS), in SOURCES_S3_REGION, addressed as SOURCES_S3_ADDRESSING_STYLE says ("path" for a server
    whose buckets are not host names of their own, as MinIO's often are). The credentials are boto3's own:
    AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY from the environment, or the machine's role."""
    if not environ.get("SOURCES_S3_BUCKET"):
        return {"BACKEND": "django.core.files.storage.FileSystemStorage",
                "OPTIONS": {"location": DATA_DIR / "sources", "directory_permissions_mode": 0o755}}
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {
        "bucket_name": environ["SOURCES_S3_BUCKET"], "endpoint_url": environ.get("SOURCES_S3_ENDPOINT_URL") or None,
        "region_name": environ.get("SOURCES_S3_REGION") or None,
        "addressing_style": environ.get("SOURCES_S3_ADDRESSING_STYLE") or None,
        "default_acl": "private", "querystring_auth": True, "file_overwrite": False}}


STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "sources": sources_storage_settings(os.environ),
}
# What one source file may weigh, by kind (MB); how many files and MB one editor may add in a day.
SOURCE_MOST_MB = {kind: int(os.environ.get(f"SOURCE_MOST_MB_{kind.upper()}", default))
                  for kind, default in (("pdf", "100"), ("scan", "40"), ("audio", "500"), ("video", "2000"))}
SOURCE_FILES_PER_EDITOR_PER_DAY = int(os.environ.get("SOURCE_FILES_PER_EDITOR_PER_DAY", "200"))
SOURCE_MB_PER_EDITOR_PER_DAY = int(os.environ.get("SOURCE_MB_PER_EDITOR_PER_DAY", "10000"))
# A PDF may have this many pages at most; its pages are rendered in a child process held to these limits.
SOURCE_MOST_PAGES = int(os.environ.get("SOURCE_MOST_PAGES", "1000"))
SOURCE_RENDER_SECONDS = int(os.environ.get("SOURCE_RENDER_SECONDS", "300"))
SOURCE_RENDER_MEMORY_MB = int(os.environ.get("SOURCE_RENDER_MEMORY_MB", "2048"))
# Sources an import names by a web address (speeches/sources/downloading.py): seconds to connect and for
# each read, seconds for a whole download; hosts on private, loopback or link-local addresses are refused
# unless SOURCE_DOWNLOADS_ALLOW_PRIVATE=1 (an archive whose sources are on its own network).
SOURCE_DOWNLOAD_TIMEOUT_SECONDS = int(os.environ.get("SOURCE_DOWNLOAD_TIMEOUT_SECONDS", "20"))
SOURCE_DOWNLOAD_SECONDS = int(os.environ.get("SOURCE_DOWNLOAD_SECONDS", "600"))
SOURCE_DOWNLOADS_ALLOW_PRIVATE = env_bool("SOURCE_DOWNLOADS_ALLOW_PRIVATE", False)
# A PEM file of the certificate authorities https downloads trust, instead of the system's store ("": the
# system's), for sources on a network with its own authority. Certificates are always checked.
SOURCE_DOWNLOAD_CA_BUNDLE = os.environ.get("SOURCE_DOWNLOAD_CA_BUNDLE", "")

# Open data (speeches/opendata): how many dumps in DATA_DIR/dumps/ are kept; older ones are deleted.
OPEN_DATA_DUMPS_KEPT = int(os.environ.get("OPEN_DATA_DUMPS_KEPT", "3"))

# Security. In production (DEBUG off) the site is served over HTTPS: redirect, HSTS and secure
# cookies. Behind a TLS-terminating proxy, set DJANGO_HTTPS_PROXY_HEADER=1 so Django trusts its
# X-Forwarded-Proto header.
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
CSRF_FAILURE_VIEW = "speeches.web.error_pages.csrf_failure"
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
# Preloading commits the domain to HTTPS in browsers for good; DJANGO_HSTS_PRELOAD=0 opts out.
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", SECURE_HSTS_SECONDS > 0)
if env_bool("DJANGO_HTTPS_PROXY_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True

# Content Security Policy: scripts only from our own files (no inline scripts anywhere, the API
# docs page included). Inline style attributes stay allowed for the Django admin and Swagger UI.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# Rate limits, counted in the cache: sliding windows for searches and exports (speeches/limits.py),
# django-ratelimit for logins. Searches (every surface together): per browser visitor or, without
# its cookie, per address; and a ceiling per address for all its visitors together. Raised (never
# switched off) for the server a test client runs against (docs/deployment.md). The default cache is per process; with several server processes set
# CACHE_URL=redis://host:6379/0 so they count together (docs/deployment.md: sizing the limits).
SEARCH_RATE_LIMIT = os.environ.get("SEARCH_RATE_LIMIT", "120/m")
SEARCH_ADDRESS_RATE_LIMIT = os.environ.get("SEARCH_ADDRESS_RATE_LIMIT", "1200/m")
LOGIN_RATE_LIMIT = os.environ.get("LOGIN_RATE_LIMIT", "10/m")
# Where a sign-in lands when its "next" is missing or points off the site: editors sign in to the admin
# (Django's default, /accounts/profile/, is no page here).
LOGIN_REDIRECT_URL = "admin:index"
# Exports of whole result sets (up to 10,000 documents each): per visitor or address, and a ceiling
# per address for all its visitors together.
EXPORT_RATE_LIMIT = os.environ.get("EXPORT_RATE_LIMIT", "20/h")
EXPORT_ADDRESS_RATE_LIMIT = os.environ.get("EXPORT_ADDRESS_RATE_LIMIT", "100/h")
# Subscribing to alerts: per visitor or address, a ceiling per address, and per email address
# (whoever asks); at most ALERT_CONFIRMATIONS_PER_DAY mails a day to one address (docs/alerts.md).
SUBSCRIBE_RATE_LIMIT = os.environ.get("SUBSCRIBE_RATE_LIMIT", "10/h")
SUBSCRIBE_ADDRESS_RATE_LIMIT = os.environ.get("SUBSCRIBE_ADDRESS_RATE_LIMIT", "60/h")
SUBSCRIBE_EMAIL_RATE_LIMIT = os.environ.get("SUBSCRIBE_EMAIL_RATE_LIMIT", "5/h")
ALERT_CONFIRMATIONS_PER_DAY = int(os.environ.get("ALERT_CONFIRMATIONS_PER_DAY", "3"))
RATELIMIT_VIEW = "speeches.web.error_pages.rate_limited"
# The fields of a form, read into memory. A document's form in the admin carries its body and each other
# text's body (each up to rendering.MOST_CHARACTERS characters) and the text as received: an editor signed
# in to the admin may send this much; any other request is refused (413) above Django's default before
# it is read (speeches.middleware.LimitRequestSizes). Files uploaded have their own limits.
EDITOR_FORM_MOST_MB = int(os.environ.get("EDITOR_FORM_MOST_MB", "64"))
DATA_UPLOAD_MAX_MEMORY_SIZE = EDITOR_FORM_MOST_MB * 1024 * 1024
VISITOR_REQUEST_MOST_BYTES = 2_621_440
CACHE_URL = os.environ.get("CACHE_URL", "")
if CACHE_URL.startswith("redis"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    # django-ratelimit warns that a per-process cache is not shared; that is the documented
    # single-process default (README: CACHE_URL).
    SILENCED_SYSTEM_CHECKS = ["django_ratelimit.E003", "django_ratelimit.W001"]

# Mail (alerts, their confirmations): the server one URL names, e.g. EMAIL_URL=smtp://mail:25 or
# submission://user:password@mail.example.org:587 (STARTTLS); without it, mail is written to the console.
EMAIL_URL = os.environ.get("EMAIL_URL", "console://")
globals().update({name: value for name, value in dj_email_url.parse(EMAIL_URL).items() if value is not None})
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "30"))  # seconds; a hung server never holds a run forever
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Diplomatic Speech Archive <alerts@localhost>")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}

FIXTURE_DIRS = [BASE_DIR / "fixtures"]
