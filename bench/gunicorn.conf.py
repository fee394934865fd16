"""gunicorn for the bench: sync workers, 2 per core + 1 (the usual start for I/O-bound Django),
a deep backlog so a burst of 300 officers queues instead of being refused."""

import multiprocessing
import os

bind = os.environ.get("BENCH_BIND", "127.0.0.1:8200")
workers = int(os.environ.get("BENCH_WORKERS", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
backlog = 2048
timeout = 120
graceful_timeout = 5
accesslog = None
errorlog = "-"
loglevel = "warning"
