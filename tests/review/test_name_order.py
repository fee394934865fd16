"""People's names in the review pages in Vietnamese alphabetical order (issue 16.4): the
reviewer pickers of the queue, its workload table, the queue sorted by reviewer, and the
round dashboard's workload. A name shows as `display_name` (full name, else the username),
and sorts as it shows."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model

from accounts.models import Role
from assessments.models import SubmissionStatus
from tests import factories

pytestmark = pytest.mark.django_db

# Vietnamese order: B < Đ (after D) < H < N < T; "zeta" has no full name and shows its username.
IN_ORDER = ["Bùi Văn Cường", "Đặng Thị Bình", "Hoàng Minh", "Nguyễn Văn lead", "Nguyễn Văn reviewer", "Trần An", "zeta"]


@pytest.fixture
def reviewers(reviewer, lead_reviewer):
    for username, name in (("tran", "Trần An"), ("dang", "Đặng Thị Bình"), ("bui", "Bùi Văn Cường"), ("hoang", "Hoàng Minh")):
        factories.UserFactory(username=username, full_name=name, role=Role.REVIEWER)
    factories.UserFactory(username="zeta", full_name="", role=Role.LEAD_REVIEWER)


def options_of(html: str, select_id: str) -> list[str]:
    select = re.search(rf'<select[^>]*id="{select_id}"[^>]*>(.*?)</select>', html, re.S).group(1)
    return [label.strip() for value, label in re.findall(r'<option value="(\d+)"[^>]*>([^<]*)</option>', select)]


def test_the_assign_picker_lists_reviewers_in_vietnamese_order(reviewers, lead_client, rnd):
    html = lead_client.get(f"/tham-dinh/dot/{rnd.pk}/").content.decode()
    assert options_of(html, "id_reviewer_assign") == IN_ORDER


def test_the_queue_filter_lists_reviewers_in_vietnamese_order(reviewers, reviewer_client, rnd):
    html = reviewer_client.get(f"/tham-dinh/dot/{rnd.pk}/").content.decode()
    assert options_of(html, "id_reviewer") == IN_ORDER


def test_the_queue_sorted_by_reviewer_follows_the_names_shown(reviewers, reviewer_client, province_a, province_b):
    units = [province_a, province_b, factories.UnitFactory(code="77", name="Bà Rịa - Vũng Tàu")]
    rnd = factories.make_round(units=units)
    users = get_user_model().objects
    for unit, username in zip(units, ["zeta", "tran", "dang"], strict=True):
        rnd.submissions.filter(unit=unit).update(assigned_reviewer=users.get(username=username), status=SubmissionStatus.SUBMITTED)
    html = reviewer_client.get(f"/tham-dinh/dot/{rnd.pk}/", {"sort": "reviewer"}).content.decode()
    body = html[html.index("<tbody"):html.index("</tbody>")]
    rows = [re.findall(r"<td[^>]*>(.*?)</td>", row, re.S) for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)]
    assert [cells[5].strip() for cells in rows] == ["Đặng Thị Bình", "Trần An", "zeta"]  # the reviewer column


def test_the_dashboard_workload_lists_reviewers_with_equal_load_in_vietnamese_order(reviewers, lead_client, province_a, province_b):
    units = [province_a, province_b]
    rnd = factories.make_round(units=units)
    users = get_user_model().objects
    for unit, username in zip(units, ["tran", "dang"], strict=True):
        rnd.submissions.filter(unit=unit).update(assigned_reviewer=users.get(username=username), status=SubmissionStatus.SUBMITTED)
    html = lead_client.get(f"/tham-dinh/dot/{rnd.pk}/tien-do/").content.decode()
    table = html[html.index('id="workload"'):]
    table = table[:table.index("</table>")]
    assert table.index("Đặng Thị Bình") < table.index("Trần An")
