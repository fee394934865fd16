"""The token endpoint: people exchange their password for a token (POST /api/token/); system
accounts get theirs from an admin (`manage.py api_token <username>`). Lifetime and revocation:
api/authentication.py.
"""

from __future__ import annotations

from axes.helpers import get_cool_off
from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import exceptions, serializers, status
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.parsers import FormParser, JSONParser
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from accounts.login_form import PASSWORD_MAX_LENGTH

from .authentication import expires_at, issue

# The login throttle (django-axes) stores the username it was given in a 255-character column;
# nobody's username is longer than the account's own field, so refuse longer ones first.
USERNAME_MAX_LENGTH = get_user_model()._meta.get_field("username").max_length


class TokenRequestSerializer(AuthTokenSerializer):
    username = serializers.CharField(label=_("Tên đăng nhập"), write_only=True, max_length=USERNAME_MAX_LENGTH)
    password = serializers.CharField(
        label=_("Mật khẩu"),
        write_only=True,
        trim_whitespace=False,
        max_length=PASSWORD_MAX_LENGTH,
        style={"input_type": "password"},
    )


class ObtainToken(ObtainAuthToken):
    parser_classes = [JSONParser, FormParser]
    renderer_classes = [JSONRenderer]
    serializer_class = TokenRequestSerializer

    @extend_schema(
        request=inline_serializer(
            "TokenRequest",
            {
                "username": serializers.CharField(max_length=USERNAME_MAX_LENGTH),
                "password": serializers.CharField(max_length=PASSWORD_MAX_LENGTH),
            },
        ),
        responses=inline_serializer(
            "TokenResponse", {"token": serializers.CharField(), "expires_at": serializers.DateTimeField()}
        ),
    )
    def post(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        if not serializer.is_valid():
            # django-axes marks the request it was given (this DRF request) when the
            # username and address are locked out: too many requests, not bad credentials.
            if getattr(request, "axes_locked_out", False):
                cool_off = get_cool_off(request)
                headers = {"Retry-After": str(int(cool_off.total_seconds()))} if cool_off else None
                return Response(
                    {"detail": _("Tạm khóa đăng nhập do nhập sai quá nhiều lần. Vui lòng thử lại sau.")},
                    status=status.HTTP_429_TOO_MANY_REQUESTS,
                    headers=headers,
                )
            raise exceptions.ValidationError(serializer.errors)
        token = issue(user=serializer.validated_data["user"])
        # In the portal's time zone, like every date the API returns.
        return Response({"token": token.key, "expires_at": serializers.DateTimeField().to_representation(expires_at(token))})
