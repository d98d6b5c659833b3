"""gunicorn's settings for `make serve` and the load test (`make load`): one place, so the load test
measures the server as it is deployed. `gunicorn shebao.wsgi:application -c python:shebao.gunicorn_conf`.

Pages and API calls are CPU-bound Python: threads in one process share one interpreter lock and only take
turns, so throughput comes from processes (case intake over HTTP on 2 cores, `make bench`: 47/s with 4
workers × 2 threads, 64/s with 5 workers × 1). Two workers per core plus one, gunicorn's own advice: a
worker waiting on the database leaves its core to another, and a slow client is held by the reverse proxy
in front, not by a worker. WEB_WORKERS / WEB_THREADS override.
"""

import multiprocessing
import os

workers = int(os.environ.get("WEB_WORKERS") or 2 * multiprocessing.cpu_count() + 1)
threads = int(os.environ.get("WEB_THREADS") or 1)
# Personal data in request lines (an ID number in a search) is masked before it is written.
logger_class = "shebao.core.logfilters.MaskingGunicornLogger"
accesslog = "-"
# X-Forwarded-* is believed only from the local reverse proxy; the app's own NUM_PROXIES decides the rest.
forwarded_allow_ips = "127.0.0.1"
