from django.urls import path

from . import approval_views, excel_views, views

app_name = "assessments"

urlpatterns = [
    path("", views.my_submissions, name="my_submissions"),
    path("ho-so/<int:pk>/", views.overview, name="overview"),
    path("ho-so/<int:pk>/chi-so/<int:main_index_pk>/", views.entry, name="entry"),
    path("ho-so/<int:pk>/thong-tin-chung/", views.general_info, name="general_info"),
    path("ho-so/<int:pk>/gui/", views.submit, name="submit"),
    path("ho-so/<int:pk>/xin-phe-duyet/", approval_views.request_approval, name="request_approval"),
    path("ho-so/<int:pk>/phe-duyet/", approval_views.approval, name="approval"),
    path("ho-so/<int:pk>/phe-duyet/dong-y/", approval_views.approve, name="approve"),
    path("ho-so/<int:pk>/phe-duyet/tra-lai/", approval_views.return_to_officer, name="return_to_officer"),
    path("ho-so/<int:pk>/ket-qua/", views.result, name="result"),
    path("ho-so/<int:pk>/excel/mau/", excel_views.template_download, name="excel_template"),
    path("ho-so/<int:pk>/excel/nhap/", excel_views.upload, name="excel_upload"),
    path("ho-so/<int:pk>/excel/xac-nhan/", excel_views.confirm, name="excel_confirm"),
    path("gia-tri/<int:value_pk>/diem/", views.points_fragment, name="points"),
    path("gia-tri/<int:value_pk>/luu/", views.value_save, name="value_save"),
    path("gia-tri/<int:value_pk>/tai-lieu/", views.evidence, name="evidence"),
    path("gia-tri/<int:value_pk>/lich-su/", views.value_history, name="value_history"),
    path("tai-lieu/<int:pk>/", views.evidence_download, name="evidence_download"),
    path("tai-lieu/<int:pk>/go/", views.evidence_remove, name="evidence_remove"),
    path("quan-tri/dot/", views.round_list, name="round_list"),
    path("quan-tri/dot/mo/", views.round_open, name="round_open"),
    path("quan-tri/dot/<int:pk>/", views.round_detail, name="round_detail"),
    path("quan-tri/ho-so/<int:pk>/gia-han/", views.deadline_extend, name="deadline_extend"),
]
