"""What publishing a Celery message raises when the broker (Redis) is down.

Shared by every app that dispatches work after a commit (the recompute request, the email
outbox): such a dispatch must never turn a committed change into an error page.
"""

from __future__ import annotations


def _broker_errors() -> tuple[type[BaseException], ...]:
    # kombu wraps connection errors in its OperationalError; redis-py and the socket layer may
    # surface their own.
    from kombu.exceptions import OperationalError
    from redis.exceptions import ConnectionError as RedisConnectionError
    from redis.exceptions import TimeoutError as RedisTimeoutError

    return (OperationalError, RedisConnectionError, RedisTimeoutError, ConnectionError, TimeoutError)


BROKER_ERRORS = _broker_errors()
