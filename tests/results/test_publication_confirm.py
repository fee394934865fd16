"""Publishing and unpublishing ask first: the GET states what will happen and changes
nothing; the POST (the API's and the page's form) is unchanged."""

import pytest
from django.urls import reverse

from assessments.models import Submission, SubmissionStatus
from results.models import Publication

pytestmark = pytest.mark.django_db


def test_the_publish_page_states_what_publishing_does(signed_round, admin_client_):
    html = admin_client_.get(reverse("results:publish", args=[signed_round.pk])).content.decode()
    assert "Bảng xếp hạng và kết quả của 5/5 đơn vị đã ký duyệt trở thành công khai" in html
    assert "chuyển sang trạng thái “Đã công bố”" in html
    assert f'action="{reverse("results:publish", args=[signed_round.pk])}"' in html
    assert not Publication.objects.exists()


def test_the_publish_page_warns_when_units_are_not_signed_off(signed_round, admin_client_):
    sub = signed_round.submissions.first()
    Submission.objects.filter(pk=sub.pk).update(status=SubmissionStatus.UNDER_REVIEW)
    html = admin_client_.get(reverse("results:publish", args=[signed_round.pk])).content.decode()
    assert "4/5 đơn vị" in html and "việc công bố sẽ bị từ chối" in html


def test_the_unpublish_page_names_the_version_and_the_post_still_unpublishes(signed_round, admin_client_):
    admin_client_.post(reverse("results:publish", args=[signed_round.pk]), {"note": ""})
    html = admin_client_.get(reverse("results:unpublish", args=[signed_round.pk])).content.decode()
    assert "Phiên bản 1 bị rút khỏi trang kết quả công khai" in html
    assert Publication.objects.get().is_active
    admin_client_.post(reverse("results:unpublish", args=[signed_round.pk]), {"reason": "Sai sót số liệu"})
    assert not Publication.objects.get().is_active


def test_the_round_page_links_to_the_confirmations(signed_round, admin_client_):
    html = admin_client_.get(reverse("results:round", args=[signed_round.pk])).content.decode()
    assert f'href="{reverse("results:publish", args=[signed_round.pk])}"' in html
    assert f'href="{reverse("results:unpublish", args=[signed_round.pk])}"' in html
