import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tietovaranto.config.settings")
django_application = get_wsgi_application()

# Public resource pages (HTML, JSON) from memory while the catalog is unchanged (search/caching.py)
from tietovaranto.search.caching import PublishedPageCache  # noqa: E402 - needs Django set up

application = PublishedPageCache(django_application)
