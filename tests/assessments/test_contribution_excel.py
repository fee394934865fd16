"""The contributor's Excel round trip: a template of exactly the assigned indicators, uploaded
back as their figures; a row of any other indicator refuses the file and saves nothing."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from assessments import excel
from assessments.models import ContributedValue

pytestmark = pytest.mark.django_db


@pytest.fixture
def contributor_client(client, contributor_a):
    client.force_login(contributor_a)
    return client


def _template(client, assignment):
    response = client.get(reverse("assessments:contribution_excel_template", args=[assignment.pk]))
    assert response.status_code == 200
    return load_workbook(io.BytesIO(response.content))


def _rows(ws):
    return {(ws.cell(r, excel.COL["code"]).value, ws.cell(r, excel.COL["field"]).value): r
            for r in range(excel.FIRST_ROW, ws.max_row + 1) if ws.cell(r, excel.COL["code"]).value}


def _upload(client, assignment, wb):
    buf = io.BytesIO()
    wb.save(buf)
    return client.post(reverse("assessments:contribution_excel_upload", args=[assignment.pk]),
                       {"file": SimpleUploadedFile("so-lieu.xlsx", buf.getvalue())})


def test_the_template_holds_exactly_the_assigned_indicators(contributor_client, assignment):
    ws = _template(contributor_client, assignment)[excel.SHEET]
    assert set(_rows(ws)) == {("1.3", "numerator"), ("1.3", "denominator"), ("1.4", "count")}


def test_a_filled_template_uploads_as_the_contributor_s_figures(contributor_client, assignment):
    wb = _template(contributor_client, assignment)
    ws = wb[excel.SHEET]
    rows = _rows(ws)
    ws.cell(rows[("1.3", "numerator")], excel.COL["new"], 80)
    ws.cell(rows[("1.3", "denominator")], excel.COL["new"], 100)
    ws.cell(rows[("1.4", "count")], excel.COL["new"], "6")
    assert _upload(contributor_client, assignment, wb).status_code == 302
    saved = {cv.indicator.code: cv.inputs for cv in ContributedValue.objects.filter(assignment=assignment)}
    assert saved == {"1.3": {"numerator": "80", "denominator": "100"}, "1.4": {"count": 6}}


def test_a_row_of_an_unassigned_indicator_refuses_the_file_and_saves_nothing(contributor_client, assignment):
    wb = _template(contributor_client, assignment)
    ws = wb[excel.SHEET]
    rows = _rows(ws)
    ws.cell(rows[("1.4", "count")], excel.COL["new"], 6)
    extra = ws.max_row + 1
    ws.cell(extra, excel.COL["code"], "1.1")
    ws.cell(extra, excel.COL["field"], "choice")
    ws.cell(extra, excel.COL["new"], "chu_tich")
    response = _upload(contributor_client, assignment, wb)
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("1.1" in m and "không thuộc việc được giao" in m for m in messages)
    assert not ContributedValue.objects.exclude(inputs={}).exists()


def test_the_officer_s_template_is_not_taken_as_the_contributor_s(contributor_client, assignment, officer_a_client, sub_a):
    officer_file = officer_a_client.get(reverse("assessments:excel_template", args=[sub_a.pk])).content
    response = contributor_client.post(reverse("assessments:contribution_excel_upload", args=[assignment.pk]),
                                       {"file": SimpleUploadedFile("tinh.xlsx", officer_file)})
    assert any("không phải mẫu của việc được giao" in str(m) for m in response.wsgi_request._messages)
    assert not ContributedValue.objects.exclude(inputs={}).exists()


def test_an_invalid_figure_in_the_file_is_named_and_nothing_saved(contributor_client, assignment):
    wb = _template(contributor_client, assignment)
    ws = wb[excel.SHEET]
    ws.cell(_rows(ws)[("1.4", "count")], excel.COL["new"], "-2")
    response = _upload(contributor_client, assignment, wb)
    assert len(list(response.wsgi_request._messages)) >= 2
    assert not ContributedValue.objects.exclude(inputs={}).exists()


def test_the_template_of_another_contributor_s_assignment_is_404(client, assignment, province_a):
    from accounts.models import Role
    from tests import factories

    client.force_login(factories.UserFactory(role=Role.CONTRIBUTOR, unit=factories.SubUnitFactory(parent=province_a)))
    assert client.get(reverse("assessments:contribution_excel_template", args=[assignment.pk])).status_code == 404
