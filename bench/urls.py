"""Bench-only URL conf: the portal's URLs plus the floor view (never in production URLs)."""

from django.urls import path

from dtiportal.urls import urlpatterns as portal_urlpatterns

from . import views

urlpatterns = [path("bench/floor/", views.floor, name="bench_floor"), *portal_urlpatterns]
