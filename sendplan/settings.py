"""Settings for sendplan.

Everything that differs between a laptop and production comes from environment
variables, read by the small helpers below. A bad value stops the app at start-up
with a message naming the variable, rather than failing later in a request.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_bool(name, default=False):
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")


def env_int(name, default):
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from None


def env_list(name, default):
    raw = os.environ.get(name)
    if raw is None:
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY is required unless DEBUG is on")
    # Only ever used with DEBUG on, on a developer's machine.
    SECRET_KEY = "insecure-development-key-not-for-production"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    # django.contrib.admin, less its autodiscovery in two one-off commands (see there).
    "sendplan.apps.AdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "simple_history",
    "import_export",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "csp",
    "sendplan.apps.SendplanConfig",
    "boroughs",
    "actions",
    "governance",
    "reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # The Content Security Policy (CONTENT_SECURITY_POLICY below), on every response.
    "sendplan.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Cache-Control: no-store on every response to a signed-in user, downloads included.
    "sendplan.cache_control.NoStoreForSignedInMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # request.user.is_verified(): whether a second factor was entered this session.
    "django_otp.middleware.OTPMiddleware",
    # Signs out after SESSION_IDLE_MINUTES; then sends anyone who owes a code to enter it.
    # Keeps a form sent after sign-out, to offer it again once signed in (before the
    # idle sign-out below, so it sees that redirect).
    "boroughs.kept_posts.KeepPostThroughSignInMiddleware",
    "sendplan.middleware.SessionIdleTimeoutMiddleware",
    "boroughs.middleware.TwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Records request.user on every history row written during the request.
    "simple_history.middleware.HistoryRequestMiddleware",
    # Turns a sign-in lock-out into the lock-out page; django-axes asks to be last.
    "axes.middleware.AxesMiddleware",
]

# Where the beta banner's "feedback" link goes: a form or a mailto: address. Without
# one, it goes to the accessibility statement's "Feedback and reporting problems".
FEEDBACK_URL = os.environ.get("FEEDBACK_URL", "/accessibility/#feedback")

# Server-Timing: each response's CPU time, for bench/national.py (off unless asked).
if env_bool("SERVER_TIMING"):
    MIDDLEWARE.insert(0, "sendplan.timing.ServerTimingMiddleware")

ROOT_URLCONF = "sendplan.urls"
WSGI_APPLICATION = "sendplan.wsgi.application"

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
                "boroughs.context_processors.boroughs",
                "boroughs.context_processors.session_timeout",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env_bool(
    "DATABASE_POOL", False
):
    # psycopg's pool replaces persistent connections; Django refuses both at once.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": env_int("DATABASE_POOL_MIN", 2),
        "max_size": env_int("DATABASE_POOL_MAX", 10),
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Argon2 first: new and changed passwords use it; older hashes still verify and are
# upgraded to Argon2 the next time their owner signs in.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    # The service holds information about children: long passphrases, not short passwords.
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# django-axes checks for a lock-out before any other backend sees the password.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # ...and pauses a username failing from many addresses (SIGN_IN_USERNAME_FAILURE_LIMIT).
    "boroughs.throttling.UsernameFailureLimitBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Sign-in throttling (django-axes): SIGN_IN_FAILURE_LIMIT wrong passwords for one
# username from one address pause sign-in for that pair for SIGN_IN_LOCKOUT_MINUTES.
AXES_FAILURE_LIMIT = env_int("SIGN_IN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("SIGN_IN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# Failures for one username from all addresses together (boroughs/throttling.py).
SIGN_IN_USERNAME_FAILURE_LIMIT = env_int("SIGN_IN_USERNAME_FAILURE_LIMIT", 20)
AXES_RESET_ON_SUCCESS = True
# Password reset links (boroughs/passwords.py): at most this many requests for one
# address, and from one client address, within the window; past that nothing is sent.
PASSWORD_RESET_PER_ADDRESS = env_int("PASSWORD_RESET_PER_ADDRESS", 3)
PASSWORD_RESET_PER_CLIENT = env_int("PASSWORD_RESET_PER_CLIENT", 10)
PASSWORD_RESET_WINDOW_MINUTES = env_int("PASSWORD_RESET_WINDOW_MINUTES", 60)
# Axes otherwise announces itself on every management command.
AXES_VERBOSE = False
AXES_LOCKOUT_CALLABLE = "boroughs.security.lockout_response"
AXES_CLIENT_IP_CALLABLE = "boroughs.security.client_ip"
# The audit log: AccessLog holds each sign-in (and its sign-out), AccessFailureLog each
# failed one (and whether it locked the account), both read-only in the admin.
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_ACCESS_FAILURE_LOG_PER_USER_LIMIT = 1000

# Reverse proxies in front of the app that set X-Forwarded-Proto and append to
# X-Forwarded-For (nginx, a load balancer). 0 when gunicorn faces the internet itself.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
if TRUSTED_PROXY_COUNT:
    # Only safe behind a proxy that sets this header itself, overwriting the client's.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Two-factor sign-in (django-otp, TOTP). Anyone may turn it on; with this setting,
# staff and borough admins must.
REQUIRE_2FA_FOR_ADMINS = env_bool("REQUIRE_2FA_FOR_ADMINS", False)
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", "sendplan")
# Nobody, not even a superuser, reads another person's secret key in the admin.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# Single sign-on (OpenID Connect, boroughs/sso.py). Providers are set up in the admin;
# each one's client secret comes only from the environment, SSO_<KEY>_CLIENT_SECRET
# (SSO_HACKNEY_CLIENT_SECRET for the provider whose key is hackney), never the database.
SSO_CLIENT_SECRETS = {
    name[len("SSO_") : -len("_CLIENT_SECRET")]: value
    for name, value in os.environ.items()
    if name.startswith("SSO_") and name.endswith("_CLIENT_SECRET") and value
}
# How long to wait for a provider's discovery document, keys and token endpoint.
SSO_HTTP_TIMEOUT = env_int("SSO_HTTP_TIMEOUT", 10)

# Signed out after this long without a request. SessionIdleTimeoutMiddleware refreshes
# an active session's expiry (at most once a minute), so the cookie age is the idle window.
# Database sessions, their read compiled once a process (sendplan/session_store.py).
SESSION_ENGINE = "sendplan.session_store"
SESSION_IDLE_MINUTES = env_int("SESSION_IDLE_MINUTES", 30)
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
# Signed-in pages warn this long before sign-out, with "Stay signed in" (WCAG 2.2.1).
SESSION_IDLE_WARNING_SECONDS = 120

# Email (round digests, password resets, invitations): printed to the console in
# development, sent over SMTP otherwise. GOV.UK Notify's SMTP relay, or any other, is
# just these settings (docs/deploy.md).
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "sendplan <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Emails are read away from the app, so their links must be absolute.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000" if DEBUG else "").rstrip("/")
if not SITE_URL.startswith(("https://", "http://")):
    raise ImproperlyConfigured(
        "SITE_URL is required unless DEBUG is on: the address people use, "
        f"such as https://sendplan.example.gov.uk, not {SITE_URL!r}"
    )

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "frontend" / "dist", BASE_DIR / "frontend" / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# The largest plan spreadsheet an import accepts, in bytes (a 10,000-row plan is ~0.5 MB).
IMPORT_MAX_BYTES = env_int("IMPORT_MAX_BYTES", 5 * 1024 * 1024)
# The largest sheet an import reads, checked in the file's XML before it is loaded
# (actions/spreadsheets/safety.py): cells counts the used area, rows x columns.
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 50_000)
IMPORT_MAX_COLUMNS = env_int("IMPORT_MAX_COLUMNS", 250)
IMPORT_MAX_CELLS = env_int("IMPORT_MAX_CELLS", 1_000_000)
# Each uploaded or CLI-given spreadsheet is read in a child process with these OS limits
# (sendplan/isolation.py): address space beyond what it inherits, CPU seconds, and the
# wall time the parent waits.
ISOLATION_MEMORY_MB = env_int("IMPORT_CHILD_MEMORY_MB", 300)
ISOLATION_CPU_SECONDS = env_int("IMPORT_CHILD_CPU_SECONDS", 15)
ISOLATION_WALL_SECONDS = env_int("IMPORT_CHILD_WALL_SECONDS", 30)
# Sheets in one workbook, and XML elements in all its parts together.
IMPORT_MAX_SHEETS = env_int("IMPORT_MAX_SHEETS", 50)
# django-import-export (the flat registers in the admin): each import is one transaction.
IMPORT_EXPORT_USE_TRANSACTIONS = True

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# A task still running after this many seconds is taken to be lost with its worker:
# /health/ reports it and a board pack is retried once, then marked failed.
TASK_LEASE_SECONDS = env_int("TASK_LEASE_SECONDS", 600)

SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# A refused form (lost CSRF cookie) gets the branded page that keeps what was typed.
CSRF_FAILURE_VIEW = "sendplan.errors.csrf_failure"

# HTTPS only: plain http is redirected, and browsers told to use nothing else for a year.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
# Load balancers often probe the web process directly over http; the answer is not secret.
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 365 * 24 * 60 * 60)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# No inline script or style anywhere: every page's JavaScript and CSS are static files.
# sendplan.middleware.ContentSecurityPolicyMiddleware adds two narrow exceptions (SVG
# charts and the Django admin's styles) and says why.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # WeasyPrint narrates every rendering step at INFO; only its warnings matter here.
    "loggers": {"weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}

# History protection (sendplan/history.py and sendplan/admin_history.py):
# seeing an object's history in the admin needs the Historical* model's view permission,
# reverting needs its change permission *and* a superuser; editing history in place is off.
SIMPLE_HISTORY_ENFORCE_HISTORY_MODEL_PERMISSIONS = True
SIMPLE_HISTORY_EDIT = False
