from io import StringIO

import pytest
from django.core.management import call_command

from accounts.models import User
from assessments.models import Evidence, Framework, Round, SubmissionStatus
from results.models import PublishedResult, RankingSnapshot
from seeds.demo import DEMO_PASSWORD, DEMO_USERS, LIVE_GROUP, LIVE_YEAR

pytestmark = pytest.mark.django_db

S = SubmissionStatus


def test_seed_demo_fills_every_state_creates_the_logins_and_runs_twice_safely(client):
    call_command("seed_demo", stdout=StringIO())
    snapshot = {
        "evidence": Evidence.objects.count(),
        "history": PublishedResult.objects.count(),
        "rounds": Round.objects.count(),
    }
    call_command("seed_demo", stdout=StringIO())
    assert snapshot == {
        "evidence": Evidence.objects.count(),
        "history": PublishedResult.objects.count(),
        "rounds": Round.objects.count(),
    }
    assert User.objects.filter(username__in=[u.username for u in DEMO_USERS]).count() == len(DEMO_USERS)
    assert set(Framework.objects.values_list("code", flat=True)) >= {"922-tinh", "922-bo", "1726-tinh", "405-tinh"}
    for demo in DEMO_USERS:
        assert client.login(username=demo.username, password=DEMO_PASSWORD), demo.username
    # (One test: seeding takes ~15 s.) The 2025 round has a unit in every state, and history.
    rnd = Round.objects.get(year=LIVE_YEAR, ranking_group=LIVE_GROUP)
    states = set(rnd.submissions.values_list("status", flat=True))
    assert {S.DRAFT, S.SUBMITTED, S.UNDER_REVIEW, S.RETURNED, S.SIGNED_OFF} <= states
    assert rnd.submissions.filter(status=S.DRAFT, values__self_points__isnull=False).exists()  # some drafting
    assert Evidence.objects.filter(value__submission__round=rnd).exists()
    assert RankingSnapshot.objects.filter(round=rnd, is_current=True, unit_count=8).exists()
    assert set(PublishedResult.objects.values_list("year", flat=True)) >= {2020, 2021, 2022, 2023, 2024}


def test_demo_logins_prints_every_account():
    out = StringIO()
    call_command("demo_logins", stdout=out)
    for demo in DEMO_USERS:
        assert demo.username in out.getvalue()
