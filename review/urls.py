from django.urls import path

from . import dashboard_views, excel_views, views

app_name = "review"

urlpatterns = [
    path("", views.round_list, name="index"),
    path("dot/<int:round_pk>/", views.queue, name="queue"),
    path("dot/<int:round_pk>/phan-cong/", views.assign, name="assign"),
    path("dot/<int:round_pk>/tien-do/", dashboard_views.round_dashboard, name="dashboard"),
    path("dot/<int:round_pk>/tien-do.csv", dashboard_views.round_dashboard_csv, name="dashboard_csv"),
    path("dot/<int:round_pk>/han-tham-dinh/", dashboard_views.review_deadline, name="review_deadline"),
    path("ho-so/<int:pk>/", views.submission_detail, name="submission"),
    path("ho-so/<int:pk>/chi-so-chinh/<int:main_pk>/", views.appraisal, name="appraisal"),
    path("ho-so/<int:pk>/gia-tri/<int:value_pk>/tham-dinh/", views.appraise, name="appraise"),
    path("ho-so/<int:pk>/chi-so-chinh/<int:main_pk>/chap-nhan-tu-danh-gia/", views.accept_remaining, name="accept_remaining"),
    path("ho-so/<int:pk>/excel/", excel_views.export, name="excel_export"),
    path("ho-so/<int:pk>/bat-dau/", views.start, name="start"),
    path("ho-so/<int:pk>/yeu-cau-bo-sung/", views.return_items, name="return"),
    path("ho-so/<int:pk>/ky-duyet/", views.sign_off, name="sign_off"),
    path("ho-so/<int:pk>/mo-lai/", views.reopen, name="reopen"),
    path("ho-so/<int:pk>/giai-trinh/<int:clarification_pk>/dong/", views.close_clarification, name="close_clarification"),
    path("tai-lieu/<int:pk>/", views.evidence, name="evidence"),
    path("tai-lieu/<int:pk>/noi-dung-tep/", views.file_uses, name="file_uses"),
    # The officer's side: read the questions and answer them.
    path("giai-trinh/<int:pk>/", views.clarifications, name="clarifications"),
    path("giai-trinh/<int:pk>/<int:clarification_pk>/tra-loi/", views.answer, name="answer"),
]
