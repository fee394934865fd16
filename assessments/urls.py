from django.urls import path

from . import contribution_views, excel_views, views

app_name = "assessments"

urlpatterns = [
    path("", views.my_submissions, name="my_submissions"),
    path("ho-so/<int:pk>/", views.overview, name="overview"),
    path("ho-so/<int:pk>/chi-so/<int:main_index_pk>/", views.entry, name="entry"),
    path("ho-so/<int:pk>/thong-tin-chung/", views.general_info, name="general_info"),
    path("ho-so/<int:pk>/gui/", views.submit, name="submit"),
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
    path("ho-so/<int:pk>/dong-gop/", contribution_views.contributions, name="contributions"),
    path("dong-gop/<int:assignment_pk>/", contribution_views.contribution_review, name="contribution_review"),
    path("dong-gop/<int:assignment_pk>/chap-nhan/", contribution_views.contribution_accept, name="contribution_accept"),
    path("dong-gop/<int:assignment_pk>/tra-lai/", contribution_views.contribution_send_back, name="contribution_send_back"),
    path("viec-duoc-giao/<int:assignment_pk>/", contribution_views.contribution, name="contribution"),
    path("viec-duoc-giao/<int:assignment_pk>/nop/", contribution_views.contribution_hand_in, name="contribution_hand_in"),
    path("viec-duoc-giao/<int:assignment_pk>/excel/mau/", contribution_views.contribution_excel_template,
         name="contribution_excel_template"),
    path("viec-duoc-giao/<int:assignment_pk>/excel/nhap/", contribution_views.contribution_excel_upload,
         name="contribution_excel_upload"),
    path("quan-tri/dot/", views.round_list, name="round_list"),
    path("quan-tri/dot/mo/", views.round_open, name="round_open"),
    path("quan-tri/dot/<int:pk>/", views.round_detail, name="round_detail"),
    path("quan-tri/dot/<int:pk>/mo-nhan-ho-so/", views.round_start, name="round_start"),
    path("quan-tri/dot/<int:pk>/han-nop/", views.round_deadline, name="round_deadline"),
    path("quan-tri/dot/<int:pk>/dong-nhan-ho-so/", views.round_close_entry, name="round_close_entry"),
    path("quan-tri/ho-so/<int:pk>/khep/", views.close_out, name="close_out"),
    path("quan-tri/ho-so/<int:pk>/gia-han/", views.deadline_extend, name="deadline_extend"),
]
