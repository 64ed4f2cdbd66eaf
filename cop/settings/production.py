"""Production: everything sensitive is required from the environment.

`manage.py check --deploy --settings=cop.settings.production` gives no warnings when
SECRET_KEY, ALLOWED_HOSTS and the database are set (see README, "Produzione").
"""

from pathlib import Path

from .base import *  # noqa: F403
from .env import env, env_bool, env_int, env_list

DEBUG = False
SECRET_KEY = env("SECRET_KEY", required=True)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("ALLOWED_HOSTS è obbligatoria in produzione.")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
# Nothing of the site is framed by the site itself: Wagtail's preview views set their own
# SAMEORIGIN header (`xframe_options_sameorigin_override`), so DENY is safe (check security.W019).
X_FRAME_OPTIONS = "DENY"
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https"
WAGTAILADMIN_BASE_URL = (env("SITE_URL") or env("WAGTAILADMIN_BASE_URL", f"https://{ALLOWED_HOSTS[0]}")).rstrip("/")

# WhiteNoise serves the collected static files (`collectstatic` into STATIC_ROOT) from the application
# servers, with hashed names and far-future cache headers.
STATIC_ROOT = Path(env("STATIC_ROOT", BASE_DIR / "staticfiles"))  # noqa: F405
MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")  # noqa: F405
STORAGES["staticfiles"] = {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}  # noqa: F405

LOGGING["root"]["level"] = env("LOG_LEVEL", "INFO")  # noqa: F405
