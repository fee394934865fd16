from io import StringIO

import pytest
from django.core.management import call_command

from accounts.models import User
from assessments.models import Framework
from seeds.demo import DEMO_PASSWORD, DEMO_USERS

pytestmark = pytest.mark.django_db


def test_seed_demo_creates_the_printed_logins_and_runs_twice_safely(client):
    call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo", stdout=StringIO())
    assert User.objects.filter(username__in=[u.username for u in DEMO_USERS]).count() == len(DEMO_USERS)
    assert set(Framework.objects.values_list("code", flat=True)) >= {"922-tinh", "922-bo", "1726-tinh", "405-tinh"}
    for demo in DEMO_USERS:
        assert client.login(username=demo.username, password=DEMO_PASSWORD), demo.username


def test_demo_logins_prints_every_account():
    out = StringIO()
    call_command("demo_logins", stdout=out)
    for demo in DEMO_USERS:
        assert demo.username in out.getvalue()
