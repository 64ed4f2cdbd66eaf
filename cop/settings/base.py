"""Settings shared by every environment. Secrets and endpoints come from the environment."""

from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.utils.translation import gettext_lazy as _

from .env import env, env_bool, env_int, env_list

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env("COP_VAR_DIR", BASE_DIR / "var"))

SECRET_KEY = env("SECRET_KEY")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "cop",
    "cop.utenti",
    "buonepratiche",
    "eventi",
    "forum",
    "gruppi",
    "search",
    "territori",
    "api",
    "bootstrap_italia_template",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.api.v2",
    "wagtail.sites",
    "cop.utenti.wagtail_users.WagtailUsersConfig",  # wagtail.users with our user form
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "rest_framework",
    "allauth",
    "allauth.account",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # After wagtail.admin: its ready() replaces the review emails Wagtail connects (notifiche/signals.py).
    "notifiche",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "cop.csp.PoliticaContenutiMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "cop.urls"
WSGI_APPLICATION = "cop.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "cop.context_processors.sito",
            ],
        },
    },
]

# Database: a SQLite file by default (nothing to install); PostgreSQL when DATABASE_URL is set.
if env("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.parse(env("DATABASE_URL"), conn_max_age=env_int("DB_CONN_MAX_AGE", 60))}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env("SQLITE_PATH", str(BASE_DIR / "db.sqlite3")),
            # WAL lets the web server read while the task worker writes.
            "OPTIONS": {"init_command": "PRAGMA journal_mode=WAL;", "transaction_mode": "IMMEDIATE", "timeout": 20},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: Redis when REDIS_URL is set, local memory otherwise. allauth's rate limits live here.
if env("REDIS_URL"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": env("REDIS_URL")}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "cop"}}

AUTH_USER_MODEL = "utenti.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
# One login page for the site and the Wagtail admin (allauth's, with its rate limits); a signed-in
# member without admin access gets a clear 403 instead of a login loop.
WAGTAILADMIN_LOGIN_URL = "accesso_redazione"
# Wagtail's own password reset would send emails outside allauth's rate limits: off (allauth's is used).
WAGTAIL_PASSWORD_RESET_ENABLED = False
# Restricted pages and documents (e.g. attachments of proposals) send visitors to the same login.
WAGTAIL_FRONTEND_LOGIN_URL = "/account/login/"
LOGIN_REDIRECT_URL = "profilo"
LOGOUT_REDIRECT_URL = "/"

# django-allauth: login by email, mandatory verification, rate limits on (they use the cache).
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = False
ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS = 3
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_SIGNUP_FORM_CLASS = "cop.forms.SignupForm"
ACCOUNT_ADAPTER = "cop.adapters.AccountAdapter"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[CoP Inclusione] "
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
# Pages and emails name the person ("Lucia Bianchi"), not the username allauth generates.
ACCOUNT_USER_DISPLAY = "cop.models.nome_autore"
ACCOUNT_RATE_LIMITS = {
    # Failed logins: 5 per account (allauth's key: the email) and 10 a minute per address, so that
    # one member's mistakes do not lock out the others behind the same address.
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/h/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
}

# How many proxies in front of the application append to X-Forwarded-For (nginx alone: 1). With 0 (the
# default, no proxy) the client's address is the connection's and X-Forwarded-For is ignored; with N
# the N-th entry from the right is the client's, what the client wrote before it is ignored. Used by
# allauth's rate limits, the API's throttle and the anonymous forms' limits (cop.limiti).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
REST_FRAMEWORK = {"NUM_PROXIES": TRUSTED_PROXY_COUNT}

# Email goes through a task; the task hands it to the delivery backend below.
EMAIL_BACKEND = "cop.mail.TaskEmailBackend"
COP_EMAIL_DELIVERY_BACKEND = env("EMAIL_DELIVERY_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = 20
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "CoP Inclusione <noreply@localhost>")
SERVER_EMAIL = env("SERVER_EMAIL", DEFAULT_FROM_EMAIL)

# Background work: django-tasks with the database backend, processed by `manage.py db_worker`.
TASKS = {"default": {"BACKEND": env("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}

LANGUAGE_CODE = "it"
LANGUAGES = [("it", _("Italiano"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Rome"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", BASE_DIR / "media"))

# Media on local disk by default; S3-compatible object storage when a bucket is configured.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    # The files of the working groups: outside MEDIA_ROOT (which the web server may serve to anyone),
    # with no URL of their own; gruppi.views.scarica serves them to the group's members only.
    "documenti_riservati": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": Path(env("DOCUMENTI_RISERVATI_ROOT", BASE_DIR / "var" / "documenti-riservati"))},
    },
}
if env("AWS_STORAGE_BUCKET_NAME"):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("AWS_STORAGE_BUCKET_NAME"),
            "endpoint_url": env("AWS_S3_ENDPOINT_URL"),
            "region_name": env("AWS_S3_REGION_NAME"),
            "access_key": env("AWS_ACCESS_KEY_ID"),
            "secret_key": env("AWS_SECRET_ACCESS_KEY"),
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }

# Search: Elasticsearch when ELASTICSEARCH_URL is set (see the search app); the database otherwise.
ELASTICSEARCH_URL = env("ELASTICSEARCH_URL")
# Indices are "<prefix>-documenti-v<N>-<timestamp>", read and written through the alias "<prefix>-documenti".
ELASTICSEARCH_INDEX_PREFIX = env("ELASTICSEARCH_INDEX_PREFIX", "cop")
# Seconds: searches and suggestions give up quickly (the page says "temporarily unavailable");
# writes (the outbox task, rebuilds) run in the worker and may wait longer.
ELASTICSEARCH_TIMEOUT = float(env("ELASTICSEARCH_TIMEOUT", "2"))
ELASTICSEARCH_WRITE_TIMEOUT = float(env("ELASTICSEARCH_WRITE_TIMEOUT", "30"))
# Refresh the index after every write: for tests only (production relies on the 1 s refresh interval).
ELASTICSEARCH_REFRESH = env_bool("ELASTICSEARCH_REFRESH", False)
# Plain application/json instead of the client's versioned media type, for OpenSearch-compatible
# servers such as osmem (see search.backends.elasticsearch.PlainJsonNode); harmless on Elasticsearch.
ELASTICSEARCH_COMPAT_JSON = env_bool("ELASTICSEARCH_COMPAT_JSON", False)
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # Wagtail's database search (the admin's, and the site search without Elasticsearch) in Italian.
    WAGTAILSEARCH_BACKENDS["default"]["SEARCH_CONFIG"] = "italian"

WAGTAIL_SITE_NAME = "Comunità di pratica sull'inclusione sociale"
# The site's public address, the one setting for every link that leaves a page (emails, feeds,
# calendars, var/admin-login.txt) and for the Wagtail Site record (see cop/indirizzo.py).
WAGTAILADMIN_BASE_URL = (env("SITE_URL") or env("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")).rstrip("/")
WAGTAIL_ENABLE_UPDATE_CHECK = False
# Page addresses in ASCII ("sportello-di-prossimita", not "prossimit%C3%A0"): for slugs Wagtail makes from
# titles, and for those typed in the editor.
WAGTAIL_ALLOW_UNICODE_SLUGS = False


# No avatars from gravatar.com: every admin page would send a third party a hash of the editor's email.
# Wagtail then shows its own default avatar (or the one an editor uploads in their account).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILDOCS_EXTENSIONS = ["pdf", "odt", "ods", "odp", "docx", "xlsx", "pptx", "csv", "txt", "vtt"]
WAGTAILIMAGES_EXTENSIONS = ["jpg", "jpeg", "png", "webp"]
DATA_UPLOAD_MAX_MEMORY_SIZE = 25 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

TAGGIT_CASE_INSENSITIVE = True

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "SAMEORIGIN"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True

# Content-Security-Policy (cop/csp.py): everything from the site itself, nothing inline, no third party
# but the YouTube player a visitor chose to load. Media on object storage adds that storage's origin.
_endpoint_media = urlsplit(env("AWS_S3_ENDPOINT_URL") or "")
_ORIGINE_MEDIA = env_list(
    "CSP_ORIGINI_MEDIA",
    [f"{_endpoint_media.scheme}://{_endpoint_media.netloc}"]
    if _endpoint_media.netloc
    else (["https://*.amazonaws.com"] if env("AWS_STORAGE_BUCKET_NAME") else []),
)
_CSP_SITO = {
    "default-src": [SELF],
    "script-src": [SELF],
    "style-src": [SELF],
    "img-src": [SELF, "data:", *_ORIGINE_MEDIA],
    "media-src": [SELF, *_ORIGINE_MEDIA],
    "font-src": [SELF, "data:"],
    "connect-src": [SELF],
    "frame-src": ["https://www.youtube-nocookie.com"],
    "object-src": [NONE],
    "base-uri": [SELF],
    "form-action": [SELF],
    "frame-ancestors": [SELF],
}
CONTENT_SECURITY_POLICY = {"DIRECTIVES": _CSP_SITO}
# The Wagtail admin writes inline scripts (date choosers, inline panels, choosers: Wagtail's own widgets)
# and inline styles, so its policy allows inline code; it still allows no other host and no eval. It is
# served only to signed-in editors, and what members write reaches it through the same sanitiser.
CSP_AREA_REDAZIONE = {
    **_CSP_SITO,
    "script-src": [SELF, UNSAFE_INLINE],
    "style-src": [SELF, UNSAFE_INLINE],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
}
