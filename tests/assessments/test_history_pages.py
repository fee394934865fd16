"""History people can read (assessments/history.py): the per-value history and the
submission trail say who did what, when, from → to and why, in the reader's language; never
an action code or a stored dict."""

from __future__ import annotations

import ast
import pathlib

import pytest
from django.urls import reverse

from assessments import history
from assessments.workflow import Action, transition
from review import services as review
from tests import factories
from tests.assessments.result_helpers import REASON, appraise_all, filled_and_sent, sign_off, text
from tests.review.conftest import value

pytestmark = pytest.mark.django_db
ROOT = pathlib.Path(__file__).resolve().parents[2]
QUESTION = "Tổng số hồ sơ lấy từ đâu?"
ANSWER = "Từ hệ thống một cửa điện tử"


@pytest.fixture
def rnd(province_a, province_b):
    return factories.make_round(units=[province_a, province_b])


@pytest.fixture
def sub_a(rnd, province_a, officer_a):
    return filled_and_sent(rnd, province_a, officer_a)


def value_history(client, v) -> str:
    response = client.get(f"/tu-danh-gia/gia-tri/{v.pk}/lich-su/")
    assert response.status_code == 200
    return response.content.decode()


def trail(client, sub) -> str:
    response = client.get(f"/tham-dinh/ho-so/{sub.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    return html[html.index("history-events") :]


def english(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})


def assert_no_codes(html: str) -> None:
    for code in ("review.appraise", "submission.sign_off", "review.request_clarification", "value.update", "{'", "&#x27;"):
        assert code not in html


@pytest.fixture
def returned(sub_a, reviewer, officer_a):
    """1.3 returned with a question, answered by the province."""
    v = value(sub_a, "1.3")
    [question] = review.return_for_clarification(submission=sub_a, actor=reviewer, questions={v.pk: QUESTION})
    review.answer_clarification(clarification=question, actor=officer_a, body=ANSWER)
    return sub_a


# --- the appraisal --------------------------------------------------------------------------


@pytest.fixture
def signed(sub_a, reviewer):
    appraise_all(sub_a, reviewer, {"1.3": ("10", REASON)})
    return sign_off(sub_a)


def test_an_appraisal_shows_the_reviewed_points_and_the_reason(officer_a_client, signed, reviewer):
    page = text(value_history(officer_a_client, value(signed, "1.3")))
    assert f"{reviewer.display_name} Thẩm định Điểm tự đánh giá: 16,00 Điểm thẩm định: — → 10,00" in page
    assert f"Lý do điều chỉnh: {REASON}" in page


def test_an_appraisal_reads_in_english_for_an_english_reader(officer_a_client, signed):
    english(officer_a_client)
    page = text(value_history(officer_a_client, value(signed, "1.3")))
    assert "Review Self-assessed points: 16.00 Reviewed points: — → 10.00" in page
    assert f"Reason for adjustment: {REASON}" in page


def test_an_appraisal_has_no_code_nor_dict(officer_a_client, signed):
    assert_no_codes(value_history(officer_a_client, value(signed, "1.3")))


def test_before_sign_off_the_province_s_history_has_no_appraisal(officer_a_client, sub_a, reviewer):
    review.appraise(value=value(sub_a, "1.3"), actor=reviewer, points="10", reason=REASON)
    page = value_history(officer_a_client, value(sub_a, "1.3"))
    assert REASON not in page
    assert "Điểm thẩm định" not in page


def test_before_sign_off_a_reviewer_reads_the_appraisal_in_the_value_history(reviewer_client, sub_a, reviewer):
    review.appraise(value=value(sub_a, "1.3"), actor=reviewer, points="10", reason=REASON)
    page = text(value_history(reviewer_client, value(sub_a, "1.3")))
    assert "Thẩm định Điểm tự đánh giá: 16,00 Điểm thẩm định: — → 10,00" in page
    assert f"Lý do điều chỉnh: {REASON}" in page


def test_a_return_does_not_tell_the_province_the_appraisal_it_cleared(officer_a_client, sub_a, reviewer):
    v = value(sub_a, "1.3")
    review.appraise(value=v, actor=reviewer, points="12", reason=REASON)
    review.return_for_clarification(submission=sub_a, actor=reviewer, questions={v.pk: QUESTION})
    page = text(value_history(officer_a_client, v))
    assert f"Câu hỏi: {QUESTION}" in page
    assert "12,00" not in page


# --- the return and the answer --------------------------------------------------------------


def test_a_return_shows_the_question(officer_a_client, returned, reviewer):
    page = text(value_history(officer_a_client, value(returned, "1.3")))
    assert f"{reviewer.display_name} Yêu cầu bổ sung/giải trình" in page
    assert f"Câu hỏi: {QUESTION}" in page


def test_a_return_reads_in_english(officer_a_client, returned):
    english(officer_a_client)
    page = text(value_history(officer_a_client, value(returned, "1.3")))
    assert "Returned for clarification" in page
    assert QUESTION in page


def test_an_answer_shows_the_answer_and_the_thread_s_new_state(officer_a_client, returned, officer_a):
    page = text(value_history(officer_a_client, value(returned, "1.3")))
    assert f"{officer_a.display_name} Trả lời yêu cầu giải trình Trạng thái: Chờ giải trình → Đã giải trình" in page
    assert f"Trả lời: {ANSWER}" in page


def test_an_answer_reads_in_english(officer_a_client, returned):
    english(officer_a_client)
    page = text(value_history(officer_a_client, value(returned, "1.3")))
    assert "Status: Awaiting clarification → Answered" in page
    assert f"Answer: {ANSWER}" in page
    assert_no_codes(value_history(officer_a_client, value(returned, "1.3")))


# --- sign-off on the submission trail -------------------------------------------------------


def test_the_trail_shows_the_sign_off_as_a_status_change(reviewer_client, signed):
    page = text(trail(reviewer_client, signed))
    assert "Ký duyệt kết quả thẩm định Trạng thái: Đang thẩm định → Đã thẩm định" in page
    assert "Chốt điểm đạt được Tổng điểm tự đánh giá: 80,00 Tổng điểm thẩm định: 74,00 Tổng điểm đạt được: 74,00" in page


def test_the_trail_names_the_indicator_of_each_appraisal(reviewer_client, signed):
    page = text(trail(reviewer_client, signed))
    assert "Thẩm định 1.3 Tỷ lệ hồ sơ xử lý trực tuyến toàn trình Điểm tự đánh giá: 16,00 Điểm thẩm định: — → 10,00" in page


def test_the_trail_reads_in_english(reviewer_client, signed):
    english(reviewer_client)
    page = text(trail(reviewer_client, signed))
    assert "Sign off the review Status: Under review → Signed off" in page
    assert_no_codes(trail(reviewer_client, signed))


def test_the_trail_has_no_code_nor_dict(reviewer_client, signed, admin_user):
    transition(signed, Action.PUBLISH, actor=admin_user)
    html = trail(reviewer_client, signed)
    assert_no_codes(html)
    assert "submission.publish" not in html
    assert "Công bố Trạng thái: Đã thẩm định → Đã công bố" in text(html)


# --- the province's own changes -------------------------------------------------------------


@pytest.fixture
def draft(rnd, province_a):
    return rnd.submissions.get(unit=province_a)


def test_a_value_change_shows_the_figures_and_points_before_and_after(officer_a_client, draft, officer_a):
    v = value(draft, "1.3")
    nts = v.indicator.main_index
    response = officer_a_client.post(
        f"/tu-danh-gia/ho-so/{draft.pk}/chi-so/{nts.pk}/",
        {f"v{v.pk}-numerator": "80", f"v{v.pk}-denominator": "100", f"v{v.pk}-version": v.version},
    )
    assert response.status_code == 302
    page = text(value_history(officer_a_client, v))
    assert f"{officer_a.display_name} Sửa số liệu Số liệu báo cáo: Chưa nhập → 80 / 100 Điểm tự đánh giá: — → 16,00" in page


def test_a_value_change_reads_in_english(officer_a_client, draft):
    v = value(draft, "1.3")
    officer_a_client.post(
        f"/tu-danh-gia/ho-so/{draft.pk}/chi-so/{v.indicator.main_index_id}/",
        {f"v{v.pk}-numerator": "1.234", f"v{v.pk}-denominator": "2.468", f"v{v.pk}-version": v.version},
    )
    english(officer_a_client)
    page = text(value_history(officer_a_client, v))
    assert "Edit figures Reported figures: Not entered → 1,234 / 2,468 Self-assessed points: — → 10.00" in page


# --- the registry ---------------------------------------------------------------------------


def _recorded_actions() -> set[str]:
    """Every action literal the code passes to audit.record / record_many (and the workflow's
    f"submission.{action}", one per move of the transition table)."""
    found = set()
    for path in ROOT.glob("*/**/*.py"):
        if ".venv" in path.parts or "tests" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.keyword) and node.arg == "action" and isinstance(node.value, ast.Constant):
                found.add(node.value.value)
            if isinstance(node, ast.Dict):
                for key, val in zip(node.keys, node.values, strict=False):
                    if isinstance(key, ast.Constant) and key.value == "action" and isinstance(val, ast.Constant):
                        found.add(val.value)
    return {a for a in found if isinstance(a, str) and "." in a}


def test_every_recorded_action_has_a_describer():
    from assessments.workflow import TRANSITIONS

    actions = _recorded_actions() | {f"{kind}.{a}" for kind, a in TRANSITIONS}
    assert "review.appraise" in actions  # the walk finds the literals at all
    assert sorted(actions - set(history.DESCRIBERS)) == []


def test_an_action_unknown_to_the_registry_is_still_words(officer_a, draft):
    from accounts import audit

    entry = audit.record(action="something.new", actor=officer_a, target=draft, unit=draft.unit, old={"a": 1}, new={"a": 2})
    [event] = history.describe([entry])
    assert event.title == "Thay đổi khác"
    assert event.changes == []


def test_a_deadline_extension_shows_the_old_and_new_deadline_and_the_reason(reviewer_client, sub_a, admin_user):
    import datetime as dt

    from django.utils import timezone

    from assessments import services

    old = sub_a.deadline
    new = timezone.make_aware(dt.datetime(2030, 1, 15, 17, 0))
    services.extend_deadline(actor=admin_user, submission=sub_a, deadline=new, reason="Lũ lụt kéo dài")
    page = text(trail(reviewer_client, sub_a))
    before = timezone.localtime(old).strftime("%H:%M %d/%m/%Y")
    assert f"Gia hạn nộp Hạn nộp: {before} → 17:00 15/01/2030" in page
    assert "Lý do: Lũ lụt kéo dài" in page


@pytest.mark.parametrize("stored", [None, [], "text", {"inputs": "x", "self_points": "abc", "status": 7, "file": None},
                                    {"deadline": "not a date", "awaiting_clarification": 3, "reviewed_points": []}])
def test_every_describer_reads_any_stored_value_without_failing(officer_a, draft, stored):
    from accounts.models import AuditEntry

    indicator = value(draft, "1.3").indicator
    for action in history.DESCRIBERS:
        entry = AuditEntry(action=action, actor=officer_a, old=stored, new=stored, note="")
        event = history.describe_one(entry, indicator=indicator)
        assert event.title and "." not in event.title.split(" ")[0]
        assert all(isinstance(c.new, str) for c in event.changes)


# --- A round's life -------------------------------------------------------------------------


def _described(entry) -> tuple[str, list[tuple]]:
    event = history.describe_one(entry)
    return event.title, [(c.label, c.old, c.new) for c in event.changes]


def test_moving_a_round_s_deadline_reads_old_to_new_and_the_extension_it_ended(rnd, admin_user):
    import datetime as dt

    from django.utils import timezone

    from accounts.models import AuditEntry
    from assessments import services
    from assessments.models import Submission

    sub = rnd.submissions.get(unit__code="48")
    covered = timezone.make_aware(dt.datetime(2030, 5, 2, 17, 0))
    Submission.objects.filter(pk=sub.pk).update(deadline_override=covered)
    old = timezone.localtime(rnd.closes_at).strftime("%H:%M %d/%m/%Y")
    services.move_deadline(actor=admin_user, round=rnd, closes_at=timezone.make_aware(dt.datetime(2030, 5, 15, 23, 59, 59)))
    title, changes = _described(AuditEntry.objects.get(action="round.move_deadline"))
    assert title == "Dời hạn nộp của đợt"
    assert changes == [("Hạn nộp của đợt", old, "23:59 15/05/2030"), ("Gia hạn riêng kết thúc", "48 (17:00 02/05/2030)", "—")]


def test_opening_entry_reads_when_it_opened_and_its_deadline(rnd, admin_user):
    import datetime as dt

    from django.utils import timezone

    from accounts.models import AuditEntry
    from assessments import services
    from assessments.models import Round

    opens = timezone.make_aware(dt.datetime(2031, 1, 10, 8, 0))
    Round.objects.filter(pk=rnd.pk).update(opens_at=opens, closes_at=timezone.make_aware(dt.datetime(2031, 3, 1, 17, 0)))
    rnd.refresh_from_db()
    services.start_round(actor=admin_user, round=rnd)
    title, changes = _described(AuditEntry.objects.get(action="round.start"))
    assert title == "Mở nhận hồ sơ"
    assert [c[:2] for c in changes] == [("Mở từ", "08:00 10/01/2031"), ("Hạn nộp của đợt", "17:00 01/03/2031")]
    assert changes[1][2] == "17:00 01/03/2031"


def test_a_close_out_on_the_trail_reads_its_move_and_reason(reviewer_client, rnd, admin_user):
    import datetime as dt

    from django.utils import timezone

    from assessments import services
    from assessments.models import CloseOut, Round

    Round.objects.filter(pk=rnd.pk).update(closes_at=timezone.now() - dt.timedelta(days=1))
    sub = rnd.submissions.get(unit__code="49")
    services.close_out(actor=admin_user, submission=sub, kind=CloseOut.EXCLUDED, reason="Không gửi hồ sơ")
    page = text(trail(reviewer_client, sub))
    assert "Loại khỏi xếp hạng Trạng thái: Nháp → Không nộp, loại khỏi xếp hạng" in page
    assert "Lý do: Không gửi hồ sơ" in page
