"""gunicorn's settings for `make serve` and the load test (`make load`): one place, so the load test
measures the server as it is deployed. `gunicorn shebao.wsgi:application -c python:shebao.gunicorn_conf`.

Pages are CPU-bound Python: threads in one process share one interpreter lock, so throughput comes from
processes. One worker per core plus one (a worker waiting on the database leaves its core to another),
two threads each (a slow client or query does not hold a whole process). WEB_WORKERS / WEB_THREADS override.
"""

import multiprocessing
import os

workers = int(os.environ.get("WEB_WORKERS") or multiprocessing.cpu_count() + 1)
threads = int(os.environ.get("WEB_THREADS") or 2)
# Personal data in request lines (an ID number in a search) is masked before it is written.
logger_class = "shebao.core.logfilters.MaskingGunicornLogger"
accesslog = "-"
# X-Forwarded-* is believed only from the local reverse proxy; the app's own NUM_PROXIES decides the rest.
forwarded_allow_ips = "127.0.0.1"
