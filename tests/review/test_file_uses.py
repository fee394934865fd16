"""One file cited in hundreds of places (a national decision every province attaches): the
appraisal card counts the other places and links to a paged list of them, and the page and
the appraisal save cost the same whatever the number of places."""

import datetime as dt
import hashlib

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from assessments.models import Evidence, IndicatorValue, Submission, SubmissionStatus
from review.views import FILE_USES_PER_PAGE
from tests import factories

pytestmark = pytest.mark.django_db

DECISION = b"%PDF-1.4 Quyet dinh 749/QD-TTg, the same scan everywhere"


def shared_round(n_units: int, *, year: int = 2025, prefix: str = "S"):
    """n_units sent submissions, every value of which cites the same PDF (8 values a unit)."""
    units = [factories.UnitFactory(code=f"{prefix}{i:03d}", name=f"Tỉnh {prefix}{i:03d}") for i in range(n_units)]
    rnd = factories.make_round(units=units, year=year)
    Submission.objects.filter(round=rnd).update(status=SubmissionStatus.SUBMITTED, submitted_at=timezone.now())
    name = default_storage.save("evidence/qd-749.pdf", ContentFile(DECISION))
    Evidence.objects.bulk_create(
        Evidence(
            value=v, file=name, original_name="qd-749-ttg.pdf", content_type="application/pdf", size=len(DECISION),
            sha256=hashlib.sha256(DECISION).hexdigest(), doc_number="749/QĐ-TTg", doc_date=dt.date(2020, 6, 3),
            issuing_body="Thủ tướng Chính phủ", summary="Chương trình Chuyển đổi số quốc gia",
        )
        for v in IndicatorValue.objects.filter(submission__round=rnd)
    )
    return rnd


def first_submission(rnd):
    return rnd.submissions.select_related("unit").order_by("unit__code").first()


def appraisal_url(sub):
    main = sub.round.framework.main_indices.get(code="NTS")
    return f"/tham-dinh/ho-so/{sub.pk}/chi-so-chinh/{main.pk}/"


def count_queries(call) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as ctx:
        response = call()
    assert response.status_code == 200
    return len(ctx.captured_queries), response


def save(client, sub):
    v = IndicatorValue.objects.filter(submission=sub, indicator__code="1.2").get()
    return lambda: client.post(
        f"/tham-dinh/ho-so/{sub.pk}/gia-tri/{v.pk}/tham-dinh/",
        {"points": "10", "reason": "Đủ căn cứ", "version": v.version}, HTTP_HX_REQUEST="true",
    )


@pytest.fixture
def nationwide():
    return shared_round(63)  # 504 values cite the file


def test_the_card_counts_the_other_places_and_links_to_their_list(reviewer_client, nationwide):
    sub = first_submission(nationwide)
    html = reviewer_client.get(appraisal_url(sub)).content.decode()
    ev = Evidence.objects.filter(value__submission=sub, value__indicator__code="1.1").get()
    assert html.count("Tệp này được dùng ở 503 nơi khác: qd-749-ttg.pdf.") == 4  # the 4 indicators of the page
    assert f'href="/tham-dinh/tai-lieu/{ev.pk}/noi-dung-tep/"' in html
    assert "Tỉnh S001" not in html and "Tỉnh S062" not in html  # the places are not listed on the card


def test_the_appraisal_page_costs_the_same_for_8_or_504_places(reviewer_client, django_assert_max_num_queries):
    factories.make_round(year=2021)  # both rounds below have a previous one: the same reads
    alone = first_submission(shared_round(1, year=2023, prefix="F"))  # the file in 8 places
    few, _ = count_queries(lambda: reviewer_client.get(appraisal_url(alone)))
    sub = first_submission(shared_round(63))
    many, response = count_queries(lambda: reviewer_client.get(appraisal_url(sub)))
    assert many == few
    assert "503 nơi khác" in response.content.decode()
    with django_assert_max_num_queries(few):
        reviewer_client.get(appraisal_url(sub))


def test_the_appraisal_save_costs_the_same_for_8_or_504_places(reviewer_client, django_assert_max_num_queries):
    factories.make_round(year=2021)
    save(reviewer_client, first_submission(shared_round(1, year=2019, prefix="W")))()  # warms the process caches
    few, _ = count_queries(save(reviewer_client, first_submission(shared_round(1, year=2023, prefix="F"))))
    sub = first_submission(shared_round(63))
    many, response = count_queries(save(reviewer_client, sub))
    assert many == few
    assert "503 nơi khác" in response.content.decode()
    assert IndicatorValue.objects.get(submission=sub, indicator__code="1.2").reviewed_points == 10


def test_the_list_shows_every_place_a_page_at_a_time(reviewer_client, nationwide):
    sub = first_submission(nationwide)
    ev = Evidence.objects.filter(value__submission=sub, value__indicator__code="1.1").get()
    url = f"/tham-dinh/tai-lieu/{ev.pk}/noi-dung-tep/"
    first = reviewer_client.get(url).content.decode()
    assert "được dẫn ở 504 nơi trong đợt" in first
    assert first.count("#ind-") == FILE_USES_PER_PAGE
    assert "Trang 1/11" in first  # 504 places, 50 a page
    last = reviewer_client.get(url + "?page=11").content.decode()
    assert last.count("#ind-") == 4 and "Tỉnh S062" in last


def test_a_page_number_that_is_not_one_shows_a_page_not_an_error(reviewer_client, nationwide):
    ev = Evidence.objects.filter(value__submission__round=nationwide).first()
    url = f"/tham-dinh/tai-lieu/{ev.pk}/noi-dung-tep/"
    assert "Trang 1/11" in reviewer_client.get(url + "?page=abc").content.decode()
    assert "Trang 11/11" in reviewer_client.get(url + "?page=99999999999999999999").content.decode()


def test_the_list_costs_the_same_for_any_number_of_places(reviewer_client, django_assert_max_num_queries):
    small = Evidence.objects.filter(value__submission__round=shared_round(1, year=2023, prefix="F")).first()
    few, _ = count_queries(lambda: reviewer_client.get(f"/tham-dinh/tai-lieu/{small.pk}/noi-dung-tep/"))
    big = Evidence.objects.filter(value__submission__round=shared_round(63)).first()
    with django_assert_max_num_queries(few):
        reviewer_client.get(f"/tham-dinh/tai-lieu/{big.pk}/noi-dung-tep/")


def test_drafts_are_neither_counted_nor_listed(reviewer_client):
    rnd = shared_round(3)
    draft = rnd.submissions.select_related("unit").order_by("unit__code").last()
    Submission.objects.filter(pk=draft.pk).update(status=SubmissionStatus.DRAFT)
    sub = first_submission(rnd)
    assert "Tệp này được dùng ở 15 nơi khác" in reviewer_client.get(appraisal_url(sub)).content.decode()  # 2 units × 8 − 1
    ev = Evidence.objects.filter(value__submission=sub).first()
    listing = reviewer_client.get(f"/tham-dinh/tai-lieu/{ev.pk}/noi-dung-tep/").content.decode()
    assert "được dẫn ở 16 nơi trong đợt" in listing and draft.unit.name not in listing
    draft_file = Evidence.objects.filter(value__submission=draft).first()
    assert reviewer_client.get(f"/tham-dinh/tai-lieu/{draft_file.pk}/noi-dung-tep/").status_code == 404


def test_an_officer_cannot_read_the_list(officer_a_client, nationwide):
    ev = Evidence.objects.filter(value__submission__round=nationwide).first()
    assert officer_a_client.get(f"/tham-dinh/tai-lieu/{ev.pk}/noi-dung-tep/").status_code == 403


def test_a_value_citing_the_file_twice_is_one_place_on_the_card_and_in_the_list(reviewer_client):
    rnd = shared_round(3)  # 24 values
    twice = Evidence.objects.filter(value__submission__round=rnd, value__indicator__code="1.2").order_by("pk").last()
    Evidence.objects.create(**{f.name: getattr(twice, f.name) for f in Evidence._meta.concrete_fields if f.name not in ("id", "replaced_by")})
    sub = first_submission(rnd)
    ev = Evidence.objects.filter(value__submission=sub, value__indicator__code="1.1").get()

    card = reviewer_client.get(appraisal_url(sub)).content.decode()
    listing = reviewer_client.get(f"/tham-dinh/tai-lieu/{ev.pk}/noi-dung-tep/").content.decode()

    assert "Tệp này được dùng ở 23 nơi khác" in card
    assert "được dẫn ở 24 nơi trong đợt" in listing
    assert listing.count("#ind-") == 24 and listing.count(f'#ind-{twice.value_id}"') == 1


def test_a_submission_with_its_leader_is_neither_counted_nor_listed(reviewer_client):
    rnd = shared_round(3)
    held = rnd.submissions.select_related("unit").order_by("unit__code").last()
    Submission.objects.filter(pk=held.pk).update(status=SubmissionStatus.AWAITING_APPROVAL)
    sub = first_submission(rnd)
    ev = Evidence.objects.filter(value__submission=sub).first()

    card = reviewer_client.get(appraisal_url(sub)).content.decode()
    listing = reviewer_client.get(f"/tham-dinh/tai-lieu/{ev.pk}/noi-dung-tep/").content.decode()

    assert "Tệp này được dùng ở 15 nơi khác" in card
    assert "được dẫn ở 16 nơi trong đợt" in listing and held.unit.name not in listing
