"""API views that belong to the project as a whole (the signed-in user)."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import api_view
from rest_framework.response import Response

from leadvet import roles
from leadvet.models import ApiToken


class MeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    email = serializers.EmailField()
    first_name = serializers.CharField()
    last_name = serializers.CharField()
    language = serializers.CharField()
    roles = serializers.ListField(child=serializers.CharField())
    token_can_write = serializers.BooleanField(allow_null=True)


@extend_schema(responses=MeSerializer, summary="The signed-in user and their roles")
@api_view(["GET"])
def me(request):
    user = request.user
    token = request.auth if isinstance(request.auth, ApiToken) else None
    data = {
        "id": user.pk,
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "language": user.language,
        "roles": sorted(roles.role_names(user)),
        "token_can_write": token.can_write if token else None,
    }
    return Response(MeSerializer(data).data)
