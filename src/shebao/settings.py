"""One settings module, driven by environment variables (see envconf for the helpers).

Defaults give the embedded set-up (SQLite under var/, no broker); DATABASE_URL switches to PostgreSQL.
"""

from datetime import timedelta
from pathlib import Path

import dj_database_url

from shebao.envconf import ConfigError, env_bool, env_choice, env_int, env_list, env_rate, env_str

PACKAGE_DIR = Path(__file__).resolve().parent
BASE_DIR = PACKAGE_DIR.parent.parent
VAR_DIR = Path(env_str("SHEBAO_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", False)


def _generated_secret_key() -> str:
    """The embedded default keeps a generated key under var/, so `make run` needs no setup."""
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        import secrets

        VAR_DIR.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = env_str("SECRET_KEY", "") or _generated_secret_key()


def _audit_key() -> bytes | None:
    """The audit chain's HMAC key, never kept in the database (core.auditchain): AUDIT_KEY, or the file
    AUDIT_KEY_FILE names. The demo (`make run`, DEMO_OUTBOX) generates one under var/ like the secret key,
    and later commands find it there. None: no key; start-up checks and the WSGI app refuse to run."""
    raw, path = env_str("AUDIT_KEY", ""), env_str("AUDIT_KEY_FILE", "")
    demo_file = VAR_DIR / "audit_key"
    if not raw and not path:
        if not demo_file.exists() and not env_bool("DEMO_OUTBOX", False):
            return None
        if not demo_file.exists():
            import secrets

            VAR_DIR.mkdir(parents=True, exist_ok=True)
            demo_file.write_text(secrets.token_hex(32))
            demo_file.chmod(0o600)
        path = str(demo_file)
    if path:
        try:
            raw = Path(path).read_text().strip()
        except OSError as exc:
            raise ConfigError(f"AUDIT_KEY_FILE {path!r} cannot be read: {exc.strerror}") from None
    if len(raw) < 32:
        raise ConfigError("the audit key (AUDIT_KEY or AUDIT_KEY_FILE) must have at least 32 characters")
    return raw.encode()


ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
# A refused form says why and what to do next (core.errorpages), like every other refusal.
CSRF_FAILURE_VIEW = "shebao.core.errorpages.csrf_failure"

INSTALLED_APPS = [
    "shebao.core.apps.AdminConfig",  # django.contrib.admin with our admin site (core/adminsite.py)
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "ninja",
    "shebao.core",
    "shebao.people",
    "shebao.catalog",
    "shebao.network",
    "shebao.cases",
    "shebao.hall",
    "shebao.records",
    "shebao.certification",
    "shebao.notify",
    "shebao.consult",
]

MIDDLEWARE = [
    "shebao.api.ErrorShapeMiddleware",  # first: every answer under /api/ in the error shape
    "shebao.api.TextCheckMiddleware",  # no NUL in an API call's path or query string
    "shebao.core.requestmemo.RequestMemoMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "shebao.core.headers.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "shebao.core.sessions.IdleRenewalMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "shebao.core.pagecache.PublicPageCacheMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Before anything reads the body (the CSRF check reads the form), after what the refusal page needs.
    "shebao.core.requestlimit.RequestSizeLimitMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "shebao.core.middleware.ElderModeMiddleware",
    "shebao.core.middleware.StaffSecondFactorMiddleware",
    "shebao.core.middleware.ApplicationErrorMiddleware",
    # Last, as django-axes asks: it turns a lock-out into the lock-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "shebao.urls"
WSGI_APPLICATION = "shebao.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "shebao.core.context_processors.shell",
            ],
        },
    }
]

# --- Database: embedded SQLite by default, PostgreSQL when DATABASE_URL says so -----------------
DATABASE_URL = env_str("DATABASE_URL", "")
if DATABASE_URL:
    if not DATABASE_URL.startswith(("postgres://", "postgresql://", "sqlite://")):
        raise ConfigError(f"DATABASE_URL {DATABASE_URL!r} is neither postgresql:// nor sqlite://")
    # Health checks: a kept connection the database dropped (a restart, a failover, a killed backend) is
    # replaced at the start of the next request instead of failing it with a 500.
    _db = dj_database_url.parse(
        DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60, minimum=0), conn_health_checks=True
    )
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    _db = {"ENGINE": "django.db.backends.sqlite3", "NAME": VAR_DIR / "shebao.sqlite3"}
if _db["ENGINE"].endswith("sqlite3"):
    _db["OPTIONS"] = {
        # WAL lets readers work while one writer writes; IMMEDIATE takes the write lock at BEGIN,
        # so two writers queue instead of failing halfway with "database is locked".
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
if _db["ENGINE"].endswith("postgresql") and env_bool("DB_PREPARED_STATEMENTS", True):
    # Parameters sent apart from the statement, and a statement run 5 times on a connection prepared there:
    # PostgreSQL then neither parses nor plans it again (an intake's statements cost it 40% less CPU, the
    # app 15% less: no quoting of values into the text). Off for a pooler that cannot keep prepared
    # statements (PgBouncer in transaction mode before 1.21).
    _db["OPTIONS"] = {"server_side_binding": True, "prepare_threshold": 5}
if env_str("DATABASE_TEST_NAME", ""):
    # Lets two test runs share one PostgreSQL server without dropping each other's database.
    _db["TEST"] = {"NAME": env_str("DATABASE_TEST_NAME")}
DATABASES = {"default": _db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Throttles live in the cache, so it must be shared by gunicorn's worker processes: files under var/.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": VAR_DIR / "cache",
    },
    # Rendered parts of public pages ({% cache %}), kept in each process: keyed by what they are made from
    # (e.g. the catalogue's stamp and the language), so nothing needs to be shared or cleared.
    "template_fragments": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "shebao-fragments",
        "OPTIONS": {"MAX_ENTRIES": 2000},
    },
    # Whole public pages for anonymous visitors (core/pagecache.py), kept in each process for
    # PUBLIC_PAGE_SECONDS.
    "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "shebao-pages",
        "OPTIONS": {"MAX_ENTRIES": 1000},
    },
}
# How many reverse proxies stand in front of the app. 0: the client is REMOTE_ADDR and X-Forwarded-For is
# ignored, so a client cannot escape a rate limit by sending a made-up X-Forwarded-For header.
NINJA_NUM_PROXIES = env_int("NUM_PROXIES", 0, minimum=0)
# Behind proxies, the outermost one says whether the citizen's connection was HTTPS; without proxies the
# header is ignored (a client could send it), and only a direct TLS connection counts.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if NINJA_NUM_PROXIES else None
# HTTPS responses tell the browser to use HTTPS only, for a year by default (0: no HSTS header).
SECURE_HSTS_SECONDS = env_int("HSTS_SECONDS", 365 * 24 * 3600, minimum=0)

# --- Sign-in, lock-out, sessions (the level-3 classified-protection baseline) ---------------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "shebao.core.backends.StaffModelBackend",  # ModelBackend, reading the staff profile with the user
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "shebao.core.passwords.CharacterClassValidator"},
]
LOGIN_URL = "core:login"
LOGIN_REDIRECT_URL = "core:staff_home"
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 30, minimum=1))
# Per account and address together: wrong passwords typed elsewhere lock that place out of the account,
# never the member of staff at their own desk; the account's own authenticator code passes a lock
# (AXES_WHITELIST_CALLABLE); spraying and attacks from many addresses are core.signin_guard's.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_WHITELIST_CALLABLE = "shebao.core.signin_guard.passes_with_second_factor"
# The session and CSRF cookies are Secure on every HTTPS response (core.headers), which the deploy check's
# static look at SESSION_COOKIE_SECURE / CSRF_COOKIE_SECURE (W012, W016) cannot see.
SILENCED_SYSTEM_CHECKS = ["axes.W006", "security.W012", "security.W016"]
AXES_RESET_ON_SUCCESS = True
# The same client address as every other limit (NUM_PROXIES honoured): core.clientaddr.
AXES_CLIENT_IP_CALLABLE = "shebao.core.clientaddr.client_address"
AXES_LOCKOUT_TEMPLATE = "core/locked_out.html"
AXES_VERBOSE = False
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_MINUTES", 30, minimum=1) * 60
# The age is an idle timeout, renewed by activity at most once a minute (core.sessions), so API calls
# that change nothing do not write the session.
SESSION_ENGINE = "shebao.core.sessions"
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
# Cookies are marked Secure on every HTTPS response (core.headers); SECURE_COOKIES marks them always, for a
# proxy that terminates TLS without saying so.
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
OTP_TOTP_ISSUER = "社保一窗通"

# --- Languages and time -----------------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("zh-hant", "繁體中文"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "shebao_language"
USE_I18N = True
TIME_ZONE = "Asia/Shanghai"
USE_TZ = True

# --- Static files: served by the app itself (agency intranets have no CDN) --------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
MEDIA_ROOT = VAR_DIR / "media"
# Served from the apps' folders as well, so a test or a fresh checkout needs no collectstatic first.
WHITENOISE_USE_FINDERS = True
STATIC_ROOT.mkdir(parents=True, exist_ok=True)

# --- Logging: personal data is masked before anything is written ------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"mask_personal_data": {"()": "shebao.core.logfilters.MaskPersonalDataFilter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["mask_personal_data"]},
    },
    "root": {
        "handlers": ["console"],
        "level": env_choice("LOG_LEVEL", "INFO", ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")),
    },
}

# --- Product settings -----------------------------------------------------------------------------
SHEBAO = {
    # Public validator: requests per minute per client address.
    "ID_VALIDATE_RATE": env_rate("ID_VALIDATE_RATE", "30/m"),
    "DEMO_SEED": env_int("DEMO_SEED", 20261124),
    "DEMO_PERSONS": env_int("DEMO_PERSONS", 5000, minimum=50),
    # Map tiles for the outlet map, e.g. an intranet tile server "https://tiles.example/{z}/{x}/{y}.png".
    # Empty: no tiles, the map still shows the points on a plain background.
    "MAP_TILE_URL": env_str("MAP_TILE_URL", ""),
    # The largest request body accepted (core.requestlimit): a scan may be 10 MB (cases.uploads) and an item
    # asks for at most 7 materials, plus room for the rest of the form.
    "REQUEST_MAX_BYTES": env_int("REQUEST_MAX_BYTES", (10 * 8 + 1) * 1024 * 1024, minimum=1024 * 1024),
    # The SMS gateway's HTTP endpoint (JSON POST, see core/messaging.py) and its bearer token. Empty: text
    # messages are held (not sent).
    "SMS_GATEWAY_URL": env_str("SMS_GATEWAY_URL", ""),
    "SMS_GATEWAY_TOKEN": env_str("SMS_GATEWAY_TOKEN", ""),
    "SMS_GATEWAY_TIMEOUT": env_int("SMS_GATEWAY_TIMEOUT", 5, minimum=1),
    "SMS_SIGNATURE": env_str("SMS_SIGNATURE", "【社保一窗通】"),
    # Texts are sent by a thread of the process that queued them, once its transaction commits, so a request
    # (an intake at the window) never waits for the gateway's answer; false: sent in the request itself.
    "TEXTS_SENT_IN_BACKGROUND": env_bool("TEXTS_SENT_IN_BACKGROUND", True),
    # The demo (`make run` sets it): held texts, sign-in codes included, are shown on /dev/outbox/ so a
    # visitor can sign in as a citizen. Off by default: a deployment that forgot its gateway must not
    # publish every citizen's sign-in code.
    "DEMO_OUTBOX": env_bool("DEMO_OUTBOX", False),
    # Where citizens reach this site, for links in text messages (e.g. rating a home visit); staff pages
    # may sit on an intranet address a citizen's phone cannot open, so it is not taken from a request.
    "PUBLIC_URL": env_str("PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/"),
    # The audit chain (core.auditchain): its HMAC key, and the log of signed checkpoints of the chain's
    # head, which the operator keeps outside the database (append-only storage, another machine).
    "AUDIT_KEY": _audit_key(),
    # How long an anonymous visitor's public page (catalogue, guides, outlet map) may be a copy (0: never).
    "PUBLIC_PAGE_SECONDS": env_int("PUBLIC_PAGE_SECONDS", 60, minimum=0),
    "AUDIT_CHECKPOINT_FILE": Path(env_str("AUDIT_CHECKPOINT_FILE", "") or VAR_DIR / "audit_checkpoints.log"),
    # The agency's signing key and certificate for statements and proofs (records/signing.py). Empty:
    # the demo makes its own CA under var/signing/; outside the demo signing is refused.
    "SIGNING": {
        "SIGNER": env_str("CERT_SIGNER", "shebao.records.signing.PadesSigner"),
        "KEY_FILE": env_str("CERT_SIGNING_KEY_FILE", ""),
        "CERT_FILE": env_str("CERT_SIGNING_CERT_FILE", ""),
        "CA_FILE": env_str("CERT_SIGNING_CA_FILE", ""),
        "KEY_PASSWORD": env_str("CERT_SIGNING_KEY_PASSWORD", ""),
    },
    # Public verification of statements and proofs (page and API), per client address.
    "CERT_VERIFY_RATE": env_rate("CERT_VERIFY_RATE", "30/m"),
    # The provincial core system's ledger endpoint (records/coresystem.py); empty: ledger files only.
    "CORE_SYSTEM_URL": env_str("CORE_SYSTEM_URL", ""),
    "CORE_SYSTEM_TOKEN": env_str("CORE_SYSTEM_TOKEN", ""),
    "CORE_SYSTEM_TIMEOUT": env_int("CORE_SYSTEM_TIMEOUT", 30, minimum=1),
    # The self-service kiosk clears its screen and ends its session after this long without use.
    "KIOSK_IDLE_SECONDS": env_int("KIOSK_IDLE_SECONDS", 60, minimum=10),
}
if SHEBAO["CORE_SYSTEM_URL"] and not SHEBAO["CORE_SYSTEM_URL"].startswith(("http://", "https://")):
    raise ConfigError(f"CORE_SYSTEM_URL {SHEBAO['CORE_SYSTEM_URL']!r} is not an http(s) URL")
_signing = SHEBAO["SIGNING"]
if _signing["KEY_FILE"] and not (_signing["CERT_FILE"] and _signing["CA_FILE"]):
    raise ConfigError("CERT_SIGNING_KEY_FILE needs CERT_SIGNING_CERT_FILE and CERT_SIGNING_CA_FILE too")
if SHEBAO["SMS_GATEWAY_URL"] and not SHEBAO["SMS_GATEWAY_URL"].startswith(("http://", "https://")):
    raise ConfigError(f"SMS_GATEWAY_URL {SHEBAO['SMS_GATEWAY_URL']!r} is not an http(s) URL")
if not SHEBAO["PUBLIC_URL"].startswith(("http://", "https://")):
    raise ConfigError(f"PUBLIC_URL {SHEBAO['PUBLIC_URL']!r} is not an http(s) URL")
SHEBAO_VERSION = "0.1.0"

# --- Proactive notices (notify): e-mail through SMTP, quiet hours and limits of texts -------------------
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10, minimum=1)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "notices@shebao.example")
NOTIFY = {
    # No text between these local hours (21:00-08:00 by default): it waits until the morning.
    "QUIET_FROM": env_int("NOTIFY_QUIET_FROM", 21, minimum=0),
    "QUIET_UNTIL": env_int("NOTIFY_QUIET_UNTIL", 8, minimum=0),
    # Texts and e-mails one person receives in 24 hours at most; more wait (legally required ones too).
    "PER_PERSON_PER_DAY": env_int("NOTIFY_PER_PERSON_PER_DAY", 5, minimum=1),
}
