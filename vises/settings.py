"""Vi Ses! settings: one module, configured by environment variables only.

Development (`VISES_DEV=1`, set by `make run` and `make test`) works with no other variable.
Production refuses to start while a required variable is missing and names it.
"""

from __future__ import annotations

import ipaddress
import os
import secrets
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.conf.locale import LANG_INFO
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent
DATA_DIR = Path(os.environ.get("VISES_DATA_DIR", PROJECT_DIR / "var")).resolve()


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def required(name: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(
            f"{name} is not set. Vi Ses! refuses to start in production without it "
            f"(set VISES_DEV=1 for a development machine)."
        )
    return value


VISES_DEV = env_bool("VISES_DEV")
DEBUG = VISES_DEV and env_bool("VISES_DEBUG", True)

DATA_DIR.mkdir(parents=True, exist_ok=True)


def _dev_secret_key() -> str:
    path = DATA_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = os.environ.get("SECRET_KEY", "").strip() or (
    _dev_secret_key() if VISES_DEV else required("SECRET_KEY")
)

if VISES_DEV:
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver,[::1]")
else:
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS") or [required("ALLOWED_HOSTS")]

# Proxies whose X-Forwarded-For we believe (addresses or networks); see common.middleware.
VISES_TRUSTED_PROXIES = [
    ipaddress.ip_network(item, strict=False) for item in env_list("VISES_TRUSTED_PROXIES")
]
if VISES_TRUSTED_PROXIES:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

VISES_RATE_LIMITS = env_bool("VISES_RATE_LIMITS", True)
VISES_DEMO_PASSWORD = os.environ.get("VISES_DEMO_PASSWORD", "vises-demo")
# A volunteer's hours at a café default to its length plus this preparation (in-kind value).
VISES_VOLUNTEER_PREPARATION_MINUTES = int(
    os.environ.get("VISES_VOLUNTEER_PREPARATION_MINUTES", "60")
)
# Where the daily audit-chain heads are written, outside the database (DESIGN §6).
# The yearly invoice to the public authority (vises.economy): the seller's Bankgiro number
# and the payment instruction printed on the invoice and put into its Peppol XML. Without a
# Bankgiro number (production) no invoice can be issued.
VISES_INVOICE_BANKGIRO = os.environ.get("VISES_INVOICE_BANKGIRO", "").strip() or (
    "5050-1055" if VISES_DEV else ""
)
VISES_INVOICE_PAYMENT_TEXT = os.environ.get(
    "VISES_INVOICE_PAYMENT_TEXT", "Ange fakturanumret som referens vid betalningen."
).strip()

VISES_AUDIT_HEADS_FILE = Path(
    os.environ.get("VISES_AUDIT_HEADS_FILE", DATA_DIR / "audit-heads.jsonl")
)
# Erasures are journalled outside the database (ids and times only), so a restored backup
# can re-apply the erasures made after its snapshot (DESIGN §6).
VISES_ERASURE_JOURNAL = Path(os.environ.get("VISES_ERASURE_JOURNAL", DATA_DIR / "erasures.jsonl"))

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "django_tasks",
    "django_tasks_db",
    "csp",
    "import_export",
    "vises.common",
    "vises.accounts",
    "vises.partnerships",
    "vises.people",
    "vises.companies",
    "vises.cafes",
    "vises.matching",
    "vises.economy",
    "vises.reporting",
    "vises.steering",
    "vises.api",
]

MIDDLEWARE = [
    "vises.common.middleware.TrustedProxyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "vises.api.middleware.ApiBodyLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "vises.common.middleware.NoStoreMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "vises.common.middleware.LanguageParameterMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "vises.accounts.middleware.SessionLimitsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    "vises.accounts.middleware.SecondFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
]

ROOT_URLCONF = "vises.urls"
WSGI_APPLICATION = "vises.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "vises.common.context_processors.navigation",
            ],
        },
    },
]

# Database: SQLite in the data directory by default; PostgreSQL (or any) by DATABASE_URL.
DATABASE_URL = os.environ.get("DATABASE_URL", "").strip() or (
    f"sqlite:///{DATA_DIR / 'vises.sqlite3'}"
)
_db = dj_database_url.parse(DATABASE_URL, conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")))
if _db["ENGINE"] == "django.db.backends.sqlite3":
    _db["OPTIONS"] = {
        # Writers queue up instead of failing with "database is locked".
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL;"
            "PRAGMA synchronous=NORMAL;"
            "PRAGMA busy_timeout=20000;"
            "PRAGMA foreign_keys=ON;"
            "PRAGMA secure_delete=ON;"
        ),
    }
    # Tests use a file database too: WAL and IMMEDIATE only behave for real on a file.
    _db["TEST"] = {"NAME": str(DATA_DIR / "test-vises.sqlite3")}
else:
    _db["CONN_HEALTH_CHECKS"] = True
DATABASES = {"default": _db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "").strip()
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    # Shared by every process on the machine, so rate limits hold across workers.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "vises_cache",
        }
    }

TASKS = {"default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# Sessions: idle timeout 30 minutes (renewed on every request), absolute limit 12 hours.
SESSION_COOKIE_AGE = 30 * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
VISES_SESSION_ABSOLUTE_SECONDS = 12 * 60 * 60
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "vises.common.views.csrf_failure"

# django-allauth: staff log in with username or e-mail and password, then a second factor;
# volunteers and company contacts ask for a one-time code by e-mail. Nobody signs up alone.
ACCOUNT_ADAPTER = "vises.accounts.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_BY_CODE_TIMEOUT = 10 * 60
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False  # a reset never logs in, so it cannot skip the 2FA
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_REAUTHENTICATION_TIMEOUT = 10 * 60
ACCOUNT_RATE_LIMITS = (
    {
        "login_failed": "50/15m/ip,5/300s/key",
        "login": "30/m/ip",
        "request_login_code": "20/m/ip,3/m/key",
        "reset_password": "20/m/ip,5/m/key",
    }
    if VISES_RATE_LIMITS
    else False
)
MFA_ADAPTER = "vises.accounts.adapter.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Vi Ses!"
USERSESSIONS_TRACK_ACTIVITY = False

LANGUAGE_CODE = "sv"
LANGUAGE_COOKIE_NAME = "vises_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANG_INFO.update(
    {
        "so": {"bidi": False, "code": "so", "name": "Somali", "name_local": "Soomaali"},
        "ti": {"bidi": False, "code": "ti", "name": "Tigrinya", "name_local": "ትግርኛ"},
    }
)
LANGUAGES = [
    ("sv", _("Swedish")),
    ("en", _("English")),
    ("ar", _("Arabic")),
    ("fa", _("Dari/Persian")),
    ("so", _("Somali")),
    ("ti", _("Tigrinya")),
    ("uk", _("Ukrainian")),
]
# Participant languages need a font that covers their script in server-made documents.
LANGUAGES_BIDI = ["ar", "fa"]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["vises.formats"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns when it is missing
MEDIA_ROOT = DATA_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if VISES_DEV
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = VISES_DEV

# E-mail: the console in development, SMTP when EMAIL_HOST is set; production requires it.
# EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend writes files instead.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "").strip()
if not EMAIL_HOST and not VISES_DEV:
    EMAIL_HOST = required("EMAIL_HOST")
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND") or (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_FILE_PATH = Path(os.environ.get("EMAIL_FILE_PATH", DATA_DIR / "mail"))
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL")
EMAIL_TIMEOUT = 20
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Vi Ses! <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Where people write about the service, e.g. an accessibility problem (the accessibility
# statement, /accessibility/, shows it); without it the statement points to the cafés' staff.
VISES_CONTACT_EMAIL = os.environ.get("VISES_CONTACT_EMAIL", "").strip()

# SMS: one small backend interface (vises.common.sms); the console in development, one file
# per message in the data directory otherwise, until a provider's backend is configured.
VISES_SMS_BACKEND = os.environ.get("VISES_SMS_BACKEND") or (
    "vises.common.sms.ConsoleBackend" if VISES_DEV else "vises.common.sms.FileBackend"
)
VISES_SMS_FILE_PATH = Path(os.environ.get("VISES_SMS_FILE_PATH", DATA_DIR / "sms"))
# The HTTP provider (VISES_SMS_BACKEND=vises.common.sms.ElksBackend, docs/sms.md): its API
# address, HTTP Basic credentials, the sender (3–11 letters and digits, or an E.164 number)
# and the secret in the path of the addresses it calls back (delivery reports, replies).
VISES_SMS_API_URL = os.environ.get("VISES_SMS_API_URL", "https://api.46elks.com/a1/sms")
VISES_SMS_API_USER = os.environ.get("VISES_SMS_API_USER", "")
VISES_SMS_API_PASSWORD = os.environ.get("VISES_SMS_API_PASSWORD", "")
VISES_SMS_FROM = os.environ.get("VISES_SMS_FROM", "ViSes")
VISES_SMS_CALLBACK_TOKEN = os.environ.get("VISES_SMS_CALLBACK_TOKEN", "")
VISES_SMS_TIMEOUT = float(os.environ.get("VISES_SMS_TIMEOUT", "10"))
# The one address every absolute link starts with (messages, calendar files, feeds): a task
# has no request to take the host from. Not derived from PORT: honcho gives the worker and
# the scheduler ports of their own, so `make run` sets it to the web server's address.
VISES_BASE_URL = (
    os.environ.get("VISES_BASE_URL", "").strip()
    or ("http://127.0.0.1:8000" if VISES_DEV else f"https://{ALLOWED_HOSTS[0]}")
).rstrip("/")

# Security headers. Production is HTTPS only.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not VISES_DEV:
    SECURE_SSL_REDIRECT = env_bool("VISES_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = 365 * 24 * 60 * 60
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True  # htmx reads the token from the page (hx-headers), not the cookie
CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("VISES_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
        "django_tasks_db": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
