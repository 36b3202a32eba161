"""API for the network space: the topics you can see with their posts, starting a topic and
replying (JSON; attachments only through the pages, where uploads are checked)."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.response import Response

from colleges.models import Country, PartnerCollege, VTEGroup
from leadvet.api import serializers as api_serializers
from space import permissions, selectors, services
from space.models import Audience, Post, Topic


class PostSerializer(api_serializers.ModelSerializer):
    author = serializers.SerializerMethodField()
    attachment = serializers.SerializerMethodField()

    class Meta:
        model = Post
        fields = ["id", "author", "body", "link", "attachment", "created_at", "edited_at"]
        read_only_fields = ["id", "author", "attachment", "created_at", "edited_at"]

    def get_author(self, post) -> str:
        return post.author.get_full_name() if post.author else ""

    def get_attachment(self, post) -> str:
        return post.attachment_filename if post.attachment else ""


class TopicSerializer(api_serializers.ModelSerializer):
    body = serializers.CharField(write_only=True, max_length=10_000)
    link = serializers.URLField(write_only=True, required=False, allow_blank=True, max_length=500)
    country = serializers.PrimaryKeyRelatedField(
        queryset=Country.objects.all(), required=False, allow_null=True
    )
    college = serializers.PrimaryKeyRelatedField(
        queryset=PartnerCollege.objects.all(), required=False, allow_null=True
    )
    vte_group = serializers.PrimaryKeyRelatedField(
        queryset=VTEGroup.objects.all(), required=False, allow_null=True
    )

    class Meta:
        model = Topic
        fields = [
            "id",
            "kind",
            "title",
            "audience",
            "country",
            "college",
            "vte_group",
            "pinned",
            "locked",
            "reply_count",
            "created_at",
            "last_post_at",
            "body",
            "link",
        ]
        read_only_fields = ["id", "pinned", "locked", "reply_count", "created_at", "last_post_at"]


class TopicDetailSerializer(TopicSerializer):
    posts = serializers.SerializerMethodField()

    class Meta(TopicSerializer.Meta):
        fields = [*TopicSerializer.Meta.fields, "posts"]

    def get_posts(self, topic) -> list[dict]:
        posts = selectors.posts_of(topic, self.context["request"].user).filter(
            removed_at__isnull=True
        )
        return PostSerializer(posts, many=True).data


def _refused(error: DjangoValidationError) -> ValidationError:
    if hasattr(error, "error_dict"):
        return ValidationError(
            {
                field: [e.message % (e.params or {}) for e in errors]
                for field, errors in error.error_dict.items()
            }
        )
    return ValidationError({"detail": error.messages})


class TopicViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Topics of the network space you can see (coordinators: all), pinned first."""

    queryset = Topic.objects.none()
    serializer_class = TopicSerializer
    ordering_fields = ["last_post_at", "created_at", "title"]
    ordering = ["-pinned", "-last_post_at", "-id"]

    def get_queryset(self):
        if not permissions.is_member(self.request.user):
            raise PermissionDenied
        return selectors.visible_topics(self.request.user)

    def get_serializer_class(self):
        if self.action == "retrieve":
            return TopicDetailSerializer
        if self.action == "reply":
            return PostSerializer
        return TopicSerializer

    def perform_create(self, serializer):
        data = serializer.validated_data
        try:
            serializer.instance = services.start_topic(
                author=self.request.user,
                kind=data["kind"] if "kind" in data else Topic.Kind.IDEA,
                title=data["title"],
                body=data["body"],
                audience=data.get("audience", Audience.NETWORK),
                country=data.get("country"),
                college=data.get("college"),
                vte_group=data.get("vte_group"),
                link=data.get("link", ""),
            )
        except DjangoPermissionDenied as error:
            raise PermissionDenied from error
        except DjangoValidationError as error:
            raise _refused(error) from error

    @extend_schema(request=PostSerializer, responses={201: PostSerializer})
    @action(detail=True, methods=["post"])
    def reply(self, request, pk=None):
        """Reply to the topic (it must be open for replies)."""
        topic = self.get_object()
        if not permissions.can_reply(request.user, topic):
            raise PermissionDenied
        serializer = PostSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            post = services.reply(
                topic=topic,
                author=request.user,
                body=serializer.validated_data["body"],
                link=serializer.validated_data.get("link", ""),
            )
        except DjangoValidationError as error:
            raise _refused(error) from error
        return Response(PostSerializer(post).data, status=status.HTTP_201_CREATED)

    def get_object(self):
        if not permissions.is_member(self.request.user):
            raise PermissionDenied
        pk = str(self.kwargs.get("pk", ""))
        topic = selectors.topic_for_viewer(self.request.user, int(pk)) if pk.isdigit() else None
        if topic is None:
            raise NotFound
        return topic
