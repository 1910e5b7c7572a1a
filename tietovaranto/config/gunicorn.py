"""gunicorn settings for production.

    gunicorn -c python:tietovaranto.config.gunicorn tietovaranto.config.wsgi


The access log goes to stdout with the requesters' private status links replaced by
/requests/[private]; workers and bind address can be overridden on the command line.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "3"))
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
logger_class = "tietovaranto.core.gunicorn_logging.PrivateLinkLogger"
# The address nginx saw is in X-Forwarded-For (see TRUSTED_PROXIES); log that rather than nginx's
access_log_format = '%({x-forwarded-for}i)s %(h)s %(t)s "%(r)s" %(s)s %(b)s %(L)ss "%(a)s"'


def post_worker_init(worker: object) -> None:
    """Each worker loads search (Voikko, lexicon) before its first request, not during it."""
    import gc

    from tietovaranto.search.services import warm_up

    warm_up()
    # What is loaded now (Django, Voikko's caches, the lexicon) lives as long as the worker: keep it
    # out of the garbage collector's full passes, which otherwise take ~80 ms in the middle of a search
    gc.freeze()
