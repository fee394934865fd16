from django.urls import include, path

from . import views

app_name = "results"

# A provincial Authority's public pages (issue 18): the national ones under its code.
authority_patterns = [
    path("", views.ranking_index, name="authority_index"),
    path("<int:year>/<slug:group>/", views.ranking_detail, name="authority_ranking"),
    path("<int:year>/<slug:group>/csv/", views.ranking_csv, name="authority_ranking_csv"),
    path("<int:year>/<slug:group>/xlsx/", views.ranking_xlsx, name="authority_ranking_xlsx"),
    path("<int:year>/<slug:group>/<str:code>/", views.unit_profile, name="authority_profile"),
    path("<int:year>/<slug:group>/<str:code>/what-if/", views.what_if, name="authority_what_if"),
    path("<int:year>/<slug:group>/<str:code>/pdf/", views.unit_pdf, name="authority_profile_pdf"),
]

urlpatterns = [
    path("", views.ranking_index, name="index"),
    path("dot/", views.round_list, name="rounds"),
    path("dot/<int:round_id>/", views.round_detail, name="round"),
    path("dot/<int:round_id>/cong-bo/", views.publish, name="publish"),
    path("dot/<int:round_id>/huy-cong-bo/", views.unpublish, name="unpublish"),
    path("dot/<int:round_id>/tinh-lai/", views.recompute, name="recompute"),
    path("don-vi-cua-toi/", views.my_unit, name="my_unit"),
    path("tinh/<slug:authority>/", include(authority_patterns)),
    path("ho-so/<int:pk>/bao-cao/", views.submission_report, name="submission_report"),
    path("<int:year>/<slug:group>/", views.ranking_detail, name="ranking"),
    path("<int:year>/<slug:group>/csv/", views.ranking_csv, name="ranking_csv"),
    path("<int:year>/<slug:group>/xlsx/", views.ranking_xlsx, name="ranking_xlsx"),
    path("<int:year>/<slug:group>/<str:code>/", views.unit_profile, name="profile"),
    path("<int:year>/<slug:group>/<str:code>/what-if/", views.what_if, name="what_if"),
    path("<int:year>/<slug:group>/<str:code>/pdf/", views.unit_pdf, name="profile_pdf"),
]
