from django.urls import path

from . import views

app_name = "results"

urlpatterns = [
    path("", views.ranking_index, name="index"),
    path("dot/", views.round_list, name="rounds"),
    path("dot/<int:round_id>/", views.round_detail, name="round"),
    path("dot/<int:round_id>/cong-bo/", views.publish, name="publish"),
    path("dot/<int:round_id>/huy-cong-bo/", views.unpublish, name="unpublish"),
    path("dot/<int:round_id>/tinh-lai/", views.recompute, name="recompute"),
    path("don-vi-cua-toi/", views.my_unit, name="my_unit"),
    path("ho-so/<int:pk>/bao-cao/", views.submission_report, name="submission_report"),
    path("<int:year>/<slug:group>/", views.ranking_detail, name="ranking"),
    path("<int:year>/<slug:group>/csv/", views.ranking_csv, name="ranking_csv"),
    path("<int:year>/<slug:group>/xlsx/", views.ranking_xlsx, name="ranking_xlsx"),
    path("<int:year>/<slug:group>/<str:code>/", views.unit_profile, name="profile"),
    path("<int:year>/<slug:group>/<str:code>/what-if/", views.what_if, name="what_if"),
    path("<int:year>/<slug:group>/<str:code>/pdf/", views.unit_pdf, name="profile_pdf"),
]
