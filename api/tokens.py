"""Tokens: people exchange their password for one; system accounts get theirs from an admin
(`manage.py api_token <username>` or the admin's Token page)."""

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.parsers import FormParser, JSONParser
from rest_framework.renderers import JSONRenderer


class ObtainToken(ObtainAuthToken):
    parser_classes = [JSONParser, FormParser]
    renderer_classes = [JSONRenderer]

    @extend_schema(
        request=inline_serializer("TokenRequest", {"username": serializers.CharField(), "password": serializers.CharField()}),
        responses=inline_serializer("TokenResponse", {"token": serializers.CharField()}),
    )
    def post(self, request, *args, **kwargs):
        return super().post(request, *args, **kwargs)
