"""Public pages, exports, provisional results and publication through the real URLs."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from accounts.models import AuditEntry
from assessments.models import SubmissionStatus
from results import services
from results.models import Publication
from tests import factories
from tests.results.conftest import sign_off

pytestmark = pytest.mark.django_db


def ranking_url(rnd):
    return reverse("results:ranking", args=[rnd.year, rnd.ranking_group])


def profile_url(rnd, code):
    return reverse("results:profile", args=[rnd.year, rnd.ranking_group, code])


# --- Who sees what --------------------------------------------------------------------------


def test_a_provisional_ranking_is_not_public(signed_round, client):
    assert client.get(ranking_url(signed_round)).status_code == 404
    assert client.get(profile_url(signed_round, "48")).status_code == 404


def test_the_public_sees_a_published_ranking_without_login(published, client):
    response = client.get(ranking_url(published))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Cần Thơ" in body and "0.9000" in body


def test_the_index_redirects_to_the_latest_table(published, client):
    response = client.get(reverse("results:index"))
    assert response.status_code == 302
    assert response["Location"] == ranking_url(published)


def test_the_index_without_results_says_so(db, client):
    assert "Chưa có kết quả" in client.get(reverse("results:index")).content.decode()


def test_reviewers_see_provisional_ranks(signed_round, reviewer_client):
    response = reviewer_client.get(reverse("results:round", args=[signed_round.pk]))
    assert response.status_code == 200
    assert "Cần Thơ" in response.content.decode()


def test_officers_cannot_see_provisional_ranks(signed_round, officer_a_client):
    assert officer_a_client.get(reverse("results:round", args=[signed_round.pk])).status_code == 403


def test_anonymous_visitors_are_sent_to_login_for_provisional_ranks(signed_round, client):
    response = client.get(reverse("results:round", args=[signed_round.pk]))
    assert response.status_code == 302 and "dang-nhap" in response["Location"]


def test_an_unknown_round_is_404_for_staff(reviewer_client, db):
    assert reviewer_client.get(reverse("results:round", args=[999])).status_code == 404


def test_an_officer_sees_final_scores_but_no_rank_before_publication(signed_round, officer_a_client):
    body = officer_a_client.get(reverse("results:my_unit")).content.decode()
    assert "0,6000" in body  # Đà Nẵng (48) scored 0.6 of every max (Vietnamese decimal comma)
    assert "công bố sau" in body


def test_an_officer_sees_the_rank_once_published(published, officer_a_client):
    body = officer_a_client.get(reverse("results:my_unit")).content.decode()
    assert "công bố sau" not in body
    assert "<strong>4</strong>" in body


def test_an_officer_sees_nothing_before_sign_off(units, officer_a_client):
    factories.make_round(units=units[:1])
    body = officer_a_client.get(reverse("results:my_unit")).content.decode()
    assert "sẽ hiển thị khi hồ sơ được ký duyệt" in body


def test_my_unit_is_for_officers(reviewer_client, db):
    assert reviewer_client.get(reverse("results:my_unit")).status_code == 403


# --- Publication ----------------------------------------------------------------------------


def test_an_admin_publishes_and_it_is_audited(signed_round, admin_client_):
    response = admin_client_.post(reverse("results:publish", args=[signed_round.pk]), {"note": ""})
    assert response.status_code == 302
    pub = Publication.objects.get(round=signed_round)
    assert pub.version == 1 and pub.is_active
    assert AuditEntry.objects.filter(action="results.publish").count() == 1
    assert set(signed_round.submissions.values_list("status", flat=True)) == {SubmissionStatus.PUBLISHED}


def test_a_reviewer_cannot_publish(signed_round, reviewer_client):
    response = reviewer_client.post(reverse("results:publish", args=[signed_round.pk]))
    assert response.status_code == 403
    assert not Publication.objects.exists()


def test_publishing_by_get_only_asks_for_confirmation(signed_round, admin_client_):
    response = admin_client_.get(reverse("results:publish", args=[signed_round.pk]))
    assert response.status_code == 200  # the confirmation page: nothing is published by a GET
    assert not Publication.objects.exists()


def test_republishing_after_a_correction_creates_a_version_with_its_note(published, units, admin_user, lead_reviewer, admin_client_):
    # Correction: the published submission goes back, its final score changes, and it is signed off again.
    sub = published.submissions.get(unit=units[0])
    from assessments.workflow import Action, transition

    transition(sub, Action.UNPUBLISH, actor=admin_user)
    sign_off(sub, lead_reviewer, "1")
    services.recompute_round(round_id=published.pk)
    response = admin_client_.post(reverse("results:publish", args=[published.pk]), {"note": ""}, follow=True)
    assert "cần ghi chú" in response.content.decode()
    admin_client_.post(reverse("results:publish", args=[published.pk]), {"note": "Điều chỉnh điểm chỉ số 1.1"})
    versions = list(Publication.objects.filter(round=published).order_by("version"))
    assert [(p.version, p.is_active) for p in versions] == [(1, False), (2, True)]
    assert versions[1].note == "Điều chỉnh điểm chỉ số 1.1"
    assert versions[0].snapshot_id != versions[1].snapshot_id


def test_publishing_the_same_snapshot_again_is_refused(published, admin_client_):
    response = admin_client_.post(reverse("results:publish", args=[published.pk]), {"note": "x"}, follow=True)
    assert "đã được công bố" in response.content.decode()
    assert Publication.objects.count() == 1


def test_publishing_with_unsigned_submissions_is_refused(units, lead_reviewer, admin_client_):
    rnd = factories.make_round(units=units[:2])
    sign_off(rnd.submissions.first(), lead_reviewer, "0.5")
    services.recompute_round(round_id=rnd.pk)
    response = admin_client_.post(reverse("results:publish", args=[rnd.pk]), follow=True)
    assert "chưa được ký duyệt" in response.content.decode()
    assert not Publication.objects.exists()


def test_unpublishing_asks_for_a_reason(published, admin_client_, client):
    response = admin_client_.post(reverse("results:unpublish", args=[published.pk]), {"reason": " "}, follow=True)
    assert "lý do" in response.content.decode()
    assert Publication.objects.get().is_active
    admin_client_.post(reverse("results:unpublish", args=[published.pk]), {"reason": "Sai sót số liệu"})
    pub = Publication.objects.get()
    assert not pub.is_active and pub.unpublish_reason == "Sai sót số liệu"
    assert AuditEntry.objects.filter(action="results.unpublish", note="Sai sót số liệu").exists()
    assert client.get(ranking_url(published)).status_code == 404
    assert set(published.submissions.values_list("status", flat=True)) == {SubmissionStatus.SIGNED_OFF}


def test_an_admin_asks_for_a_recompute(signed_round, admin_client_):
    admin_client_.post(reverse("results:recompute", args=[signed_round.pk]))
    # The request is a row; the task that works it is dispatched on commit, which a test in
    # one transaction never reaches, so it is still pending here.
    assert services.pending_requests(signed_round.pk) == 1
    assert AuditEntry.objects.filter(action="results.recompute_requested", target_id=str(signed_round.pk)).count() == 1


# --- Profile, what-if, exports --------------------------------------------------------------


def test_the_profile_shows_values_ranks_and_gaps(published, client):
    body = client.get(profile_url(published, "48")).content.decode()
    assert "Đà Nẵng" in body and "radar-data" in body and "gap-main" in body and "gap-indicators" in body


def test_an_unknown_unit_profile_is_404(published, client):
    assert client.get(profile_url(published, "nope")).status_code == 404


def test_what_if_gives_the_new_dti_and_rank(published, client):
    # Đà Nẵng is 4th with 0.6 everywhere; the ratio 1.3 (20 points) to max: +8 points → 0.68.
    url = reverse("results:what_if", args=[published.year, published.ranking_group, "48"])
    body = client.get(url, {"target": "i:1.3"}, HTTP_HX_REQUEST="true").content.decode()
    assert "0,6800" in body
    assert 'id="what-if-rank">4<' in body  # 0.68 stays below Quảng Nam's 0.70
    body = client.get(url, {"target": "m:NTS"}).content.decode()
    assert "0,8400" in body  # NTS 60 × (1 − 0.6) = +24 points
    assert 'id="what-if-rank">2<' in body


def test_what_if_with_nonsense_input_is_not_an_error(published, client):
    url = reverse("results:what_if", args=[published.year, published.ranking_group, "48"])
    assert client.get(url, {"target": "i:<script>"}).status_code == 200


def test_rankings_export_as_csv_and_excel(published, client):
    response = client.get(reverse("results:ranking_csv", args=[published.year, published.ranking_group]), {"header": "machine"})
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0]["unit_name"] == "Cần Thơ" and rows[0]["dti"] == "0.9000" and rows[0]["rank"] == "1"
    response = client.get(reverse("results:ranking_xlsx", args=[published.year, published.ranking_group]))
    ws = load_workbook(io.BytesIO(response.content)).active
    assert ws["B3"].value == "Cần Thơ" and ws["C3"].value == 0.9


def test_the_province_report_is_a_pdf(published, client):
    response = client.get(reverse("results:profile_pdf", args=[published.year, published.ranking_group, "48"]))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert len(response.content) > 5000


def test_imported_history_appears_on_the_public_pages(all_units, frameworks, client):
    from django.core.management import call_command

    from tests.results.conftest import SEEDS

    call_command("import_results", str(SEEDS / "data" / "published-results.csv"), stdout=io.StringIO(), stderr=io.StringIO())
    body = client.get(reverse("results:ranking", args=[2022, "tinh-63"])).content.decode()
    assert "Đà Nẵng" in body and "0.8002" in body and "0.8575" in body
    body = client.get(reverse("results:profile", args=[2022, "tinh-63", "48"])).content.decode()
    assert "radar-data" in body and "2021" in body
    what_if = client.get(reverse("results:what_if", args=[2022, "tinh-63", "48"]), {"target": "m:HDXHS"}).content.decode()
    assert "what-if-dti" in what_if
    response = client.get(reverse("results:profile_pdf", args=[2022, "tinh-63", "94"]))
    assert response.content.startswith(b"%PDF")


# --- Query count ----------------------------------------------------------------------------


def _published_round_of(n, lead, admin, year):
    units = [factories.UnitFactory() for _ in range(n)]
    rnd = factories.make_round(year=year, units=units)
    for i, sub in enumerate(rnd.submissions.all()):
        sign_off(sub, lead, f"0.{(i % 9) + 1}", recompute=False)
    services.request_recompute(round_id=rnd.pk, reason="t")
    services.recompute_round(round_id=rnd.pk)
    services.publish_round(round_id=rnd.pk, actor=admin)
    return rnd


def test_the_public_ranking_keeps_a_constant_query_count(db, lead_reviewer, admin_user, client, django_assert_max_num_queries):
    small = _published_round_of(3, lead_reviewer, admin_user, 2023)
    big = _published_round_of(30, lead_reviewer, admin_user, 2024)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert client.get(ranking_url(small)).status_code == 200
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(ranking_url(big)).status_code == 200
    assert len(few.captured_queries) <= 12


def test_ranking_values_follow_the_active_language_but_sort_keys_do_not():
    from django.template import Context, Template
    from django.utils import translation

    template = Template("{% load results_tags l10n %}{{ v|dec4 }} {{ v|unlocalize }}")
    with translation.override("vi"):
        assert template.render(Context({"v": Decimal("0.80025")})) == "0,8003 0.80025"
    with translation.override("en"):
        assert template.render(Context({"v": Decimal("0.80025")})).startswith("0.8003")
