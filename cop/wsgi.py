import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cop.settings.production")

application = get_wsgi_application()

# Move everything start-up allocated (Django, Wagtail, the URL conf, templates) out of the garbage
# collector's reach: full collections then scan only per-request objects, which removes the 100+ ms
# pauses seen in the p95 of bench/. With gunicorn's pre-fork model the frozen pages are also shared.
gc.collect()
gc.freeze()
