"""Email backends for tests that need more than Django's locmem outbox."""

from __future__ import annotations

import os
import time
import uuid
from pathlib import Path

from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend


class FileMailbox(BaseEmailBackend):
    """One file per message in $DTI_TEST_MAILBOX: a worker process delivers there and the test
    counts what arrived (locmem lives in one process only)."""

    def send_messages(self, messages):
        folder = Path(os.environ["DTI_TEST_MAILBOX"])
        for m in messages:
            (folder / f"{uuid.uuid4().hex}.eml").write_bytes(m.message().as_bytes())
        return len(messages)


class SlowLocmem(BaseEmailBackend):
    """Locmem that takes its time, so that two senders overlap while a message is in flight."""

    def send_messages(self, messages):
        time.sleep(0.02)
        mail.outbox.extend(messages)
        return len(messages)


class Refusing(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, messages):
        raise ConnectionRefusedError("mail server down")
