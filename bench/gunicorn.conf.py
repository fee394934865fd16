"""gunicorn for the bench: sync workers, one per core + 1, and a deep backlog so a burst of 300
officers queues instead of being refused.

The pages are CPU-bound (template rendering), and gunicorn shares the two cores with
PostgreSQL and the load generator: measured at 20 users on the entry page, 2 workers gave
63 req/s, 3 gave 58 and 5 (2 per core + 1, the usual start for I/O-bound apps) 53, with
p95 rising alike. cores + 1 keeps one worker free while another waits on a lock or a slow
upload. BENCH_WORKERS overrides it."""

import multiprocessing
import os

bind = os.environ.get("BENCH_BIND", "127.0.0.1:8200")
workers = int(os.environ.get("BENCH_WORKERS", multiprocessing.cpu_count() + 1))
worker_class = "sync"
backlog = 2048
timeout = 120
graceful_timeout = 5
accesslog = None
errorlog = "-"
loglevel = "warning"
