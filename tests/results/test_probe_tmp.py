import io
from decimal import Decimal
import pytest
from django.core.management import call_command
from django.urls import reverse
from assessments.models import IndicatorValue
from results import services
from tests.results.conftest import SEEDS

@pytest.fixture
def published(signed_round, admin_user):
    services.publish_round(round_id=signed_round.pk, actor=admin_user, note="x")
    return signed_round

def test_probe(published, officer_a_client, all_units, frameworks, client):
    sub = published.submissions.get(unit__code="48")
    v = IndicatorValue.objects.filter(submission=sub).select_related("indicator").order_by("indicator__order")[2]
    IndicatorValue.objects.filter(pk=v.pk).update(self_points=v.indicator.max_points, reviewed_points=v.final_points, review_reason="Kế hoạch ban hành sau ngày 31/3 của năm đánh giá nên chỉ được một phần điểm theo hướng dẫn; tài liệu kiểm chứng thiếu phụ lục phân công nhiệm vụ cho các sở, ban, ngành.")
    r = officer_a_client.get(reverse("results:profile_pdf", args=[published.year, published.ranking_group, "48"]))
    open("/tmp/rep_portal.pdf","wb").write(r.content)
    r = officer_a_client.get(reverse("results:submission_report", args=[sub.pk]))
    print(r.status_code)
    open("/tmp/rep_sub.pdf","wb").write(r.content)
    call_command("import_results", str(SEEDS / "data" / "published-results.csv"), stdout=io.StringIO(), stderr=io.StringIO())
    r = client.get(reverse("results:profile_pdf", args=[2022, "tinh-63", "48"]))
    open("/tmp/rep_hist.pdf","wb").write(r.content)
