from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("tai-khoan/", include("accounts.urls")),
    path("tai-khoan/token-api/", include("api.token_urls")),
    path("tu-danh-gia/", include("assessments.urls")),
    path("tham-dinh/", include("review.urls")),
    path("ket-qua/", include("results.urls")),
    path("quan-tri/", admin.site.urls),
    path("api/", include("api.urls")),
]

handler500 = "dtiportal.errors.server_error"

admin.site.site_header = "DTI Portal — Quản trị"
admin.site.site_title = "DTI Portal"
admin.site.index_title = "Quản trị hệ thống"
