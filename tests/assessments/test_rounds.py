"""Admins open rounds and extend one unit's deadline from portal pages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from accounts.models import AuditEntry
from assessments.models import GeneralInfoValue, IndicatorValue, Round, Submission
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def framework(db):
    return factories.make_framework()


def round_data(framework, **over):
    return {"year": "2025", "framework": str(framework.pk), "ranking_group": "tinh-63",
            "opens_at": "01/03/2026 08:00", "closes_at": "30/04/2026 17:00", **over}


def test_admin_opens_a_round_with_day_first_dates(admin_client_, admin_user, framework, province_a, province_b):
    factories.UnitFactory(code="99", name="Tỉnh đã sáp nhập", valid_to=dt.date(2020, 1, 1))
    response = admin_client_.post("/tu-danh-gia/quan-tri/dot/mo/", round_data(framework))
    assert response.status_code == 302
    rnd = Round.objects.get()
    closes = timezone.localtime(rnd.closes_at)
    assert (closes.day, closes.month, closes.hour) == (30, 4, 17)
    assert str(closes.tzinfo) == "Asia/Ho_Chi_Minh"
    assert set(Submission.objects.filter(round=rnd).values_list("unit__name", flat=True)) == {"Đà Nẵng", "Quảng Nam"}
    assert IndicatorValue.objects.filter(submission__round=rnd).count() == 2 * framework.indicators.count()
    assert GeneralInfoValue.objects.filter(submission__round=rnd).count() == 2
    auto = IndicatorValue.objects.filter(submission__round=rnd, indicator__automatic=True).first()
    assert auto.source == "Nền tảng đo lường chuyển đổi số quốc gia"
    assert AuditEntry.objects.get(action="round.open").actor == admin_user


def test_a_round_opens_a_submission_for_the_provinces_and_none_for_the_units_under_them(
    admin_client_, framework, department_a, province_b
):
    factories.SubUnitFactory(name="Phường Hải Châu", kind="xa", parent=department_a.parent)

    assert admin_client_.post("/tu-danh-gia/quan-tri/dot/mo/", round_data(framework)).status_code == 302

    assert set(Submission.objects.values_list("unit__name", flat=True)) == {"Đà Nẵng", "Quảng Nam"}


def test_a_round_must_close_after_it_opens(admin_client_, framework, province_a):
    response = admin_client_.post("/tu-danh-gia/quan-tri/dot/mo/", round_data(framework, closes_at="01/02/2026 08:00"))
    assert "Hạn nộp phải sau thời điểm mở" in response.content.decode()
    assert not Round.objects.exists()


def test_a_second_round_for_the_same_year_and_group_is_refused(admin_client_, framework, province_a):
    admin_client_.post("/tu-danh-gia/quan-tri/dot/mo/", round_data(framework))
    response = admin_client_.post("/tu-danh-gia/quan-tri/dot/mo/", round_data(framework))
    assert "Đã có đợt đánh giá năm 2025" in response.content.decode()
    assert Round.objects.count() == 1


def test_a_province_framework_cannot_be_used_for_ministries(admin_client_, framework, province_a):
    response = admin_client_.post("/tu-danh-gia/quan-tri/dot/mo/", round_data(framework, ranking_group="bo-dvc"))
    assert "không dùng cho nhóm đơn vị này" in response.content.decode()


def test_round_pages_are_for_admins_only(officer_a_client, reviewer_client, client, admin_client_):
    for url in ["/tu-danh-gia/quan-tri/dot/", "/tu-danh-gia/quan-tri/dot/mo/"]:
        assert officer_a_client.get(url).status_code == 403
        assert reviewer_client.get(url).status_code == 403
        assert client.get(url).status_code == 302
        assert admin_client_.get(url).status_code == 200


def test_round_list_query_count_is_constant(admin_client_, framework, django_assert_max_num_queries):
    factories.make_round(year=2024, framework=framework)
    with django_assert_max_num_queries(8):
        admin_client_.get("/tu-danh-gia/quan-tri/dot/")


def test_admin_extends_one_units_deadline_with_a_reason(admin_client_, admin_user, province_a, province_b):
    rnd = factories.make_round(units=[province_a, province_b])
    sub = rnd.submissions.get(unit=province_a)
    new = timezone.localtime(rnd.closes_at + dt.timedelta(days=7)).strftime("%d/%m/%Y %H:%M")
    response = admin_client_.post(f"/tu-danh-gia/quan-tri/ho-so/{sub.pk}/gia-han/", {"deadline": new, "reason": "Lũ lụt"})
    assert response.status_code == 302
    sub.refresh_from_db()
    assert sub.deadline_override_reason == "Lũ lụt" and sub.deadline > rnd.closes_at
    assert rnd.submissions.get(unit=province_b).deadline == rnd.closes_at
    entry = AuditEntry.objects.get(action="submission.extend_deadline")
    assert entry.actor == admin_user and entry.note == "Lũ lụt" and entry.old["deadline"]
    assert "Lũ lụt" in admin_client_.get(f"/tu-danh-gia/quan-tri/dot/{rnd.pk}/").content.decode()


def test_an_extension_needs_a_reason(admin_client_, province_a):
    sub = factories.make_round(units=[province_a]).submissions.get()
    response = admin_client_.post(f"/tu-danh-gia/quan-tri/ho-so/{sub.pk}/gia-han/", {"deadline": "01/01/2030 08:00", "reason": " "})
    html = response.content.decode()
    assert 'id="id_reason_error"' in html and "Trường này là bắt buộc." in html
    sub.refresh_from_db()
    assert sub.deadline_override is None


def test_an_extension_must_end_in_the_future(admin_client_, province_a):
    sub = factories.make_round(units=[province_a]).submissions.get()
    response = admin_client_.post(f"/tu-danh-gia/quan-tri/ho-so/{sub.pk}/gia-han/", {"deadline": "01/01/2020 08:00", "reason": "Lũ"})
    assert "Hạn mới phải ở tương lai" in response.content.decode()
    sub.refresh_from_db()
    assert sub.deadline_override is None


def test_officers_cannot_extend(officer_a_client, province_a):
    rnd = factories.make_round(units=[province_a])
    assert officer_a_client.get(f"/tu-danh-gia/quan-tri/ho-so/{rnd.submissions.get().pk}/gia-han/").status_code == 403
