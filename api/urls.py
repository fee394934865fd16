from django.urls import path, register_converter
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from . import views
from .tokens import ObtainToken


class IdConverter:
    # Ids fit a bigint: longer digit strings are 404, never a database overflow.
    regex = "[0-9]{1,18}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(value)


class YearConverter(IdConverter):
    regex = "[0-9]{4}"


register_converter(IdConverter, "id")
register_converter(YearConverter, "year")

app_name = "api"

urlpatterns = [
    path("token/", ObtainToken.as_view(), name="token"),
    path("frameworks/", views.FrameworkList.as_view(), name="framework_list"),
    path("frameworks/<slug:code>/", views.FrameworkDetail.as_view(), name="framework_detail"),
    path("units/", views.UnitList.as_view(), name="unit_list"),
    path("units/<str:code>/", views.UnitDetail.as_view(), name="unit_detail"),
    path("rounds/", views.RoundList.as_view(), name="round_list"),
    path("rounds/<id:pk>/", views.RoundDetail.as_view(), name="round_detail"),
    path("submissions/", views.SubmissionList.as_view(), name="submission_list"),
    path("submissions/<id:pk>/", views.SubmissionDetail.as_view(), name="submission_detail"),
    path("submissions/<id:pk>/values/", views.SubmissionValues.as_view(), name="submission_values"),
    path("submissions/<id:pk>/general-info/", views.SubmissionGeneralInfo.as_view(), name="submission_general_info"),
    path("submissions/<id:pk>/submit/", views.SubmissionSubmit.as_view(), name="submission_submit"),
    path("values/<id:value_pk>/evidence/", views.ValueEvidence.as_view(), name="value_evidence"),
    path("evidence/<id:pk>/", views.EvidenceDetail.as_view(), name="evidence_detail"),
    path("evidence/<id:pk>/file/", views.EvidenceFile.as_view(), name="evidence_file"),
    path("measurements/", views.Measurements.as_view(), name="measurements"),
    path("results/", views.ResultList.as_view(), name="result_list"),
    path("results/<year:year>/<slug:group>/", views.ResultTable.as_view(), name="result_table"),
    path("results/<year:year>/<slug:group>/<str:code>/", views.ResultUnit.as_view(), name="result_unit"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its start-up script as a file: our Content-Security-Policy forbids inline scripts.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
]
