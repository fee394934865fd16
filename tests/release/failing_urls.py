"""The project's URLs plus one view that fails, for the server-error tests."""

from django.urls import path

from dtiportal.urls import handler500  # noqa: F401
from dtiportal.urls import urlpatterns as project_urlpatterns


class Broken(Exception):
    pass


def broken(request):
    raise Broken("a bug in a view")


urlpatterns = [path("hong/", broken), *project_urlpatterns]
