"""The knowledge base's community actions in the API: a solved thread becomes a
draft article, members say whether an article helped and follow it. The same
selectors and services as the pages, in the API's one error shape."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from forum import permissions, selectors
from forum.api.serializers import StrictSerializer
from forum.knowledge import selectors_community as community
from forum.knowledge.models import ArticleCategory, ArticleFeedback
from forum.knowledge.services.conversion import draft_article_from_thread
from forum.knowledge.services.feedback import give_article_feedback
from forum.knowledge.services.follows import follow_article, unfollow_article

# --- shapes ---------------------------------------------------------------------


class ConversionSerializer(StrictSerializer):
    category = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=ArticleCategory.objects.all(),
        required=False,
        help_text=_("A category's slug; by default the one matching the board."),
    )


class DraftSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    state = serializers.CharField()
    url = serializers.CharField(source="get_absolute_url")


class FeedbackSerializer(StrictSerializer):
    helpful = serializers.BooleanField()
    comment = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=ArticleFeedback.COMMENT_MAX_LENGTH,
        help_text=_("Reaches the article's owner only."),
    )


class FeedbackCountsSerializer(serializers.Serializer):
    helpful = serializers.BooleanField()
    helpful_count = serializers.IntegerField()
    unhelpful_count = serializers.IntegerField()


class FollowSerializer(serializers.Serializer):
    following = serializers.BooleanField()


# --- views ----------------------------------------------------------------------


class ThreadArticleView(APIView):
    """POST /api/v1/threads/{id}/article/: draft an article from a solved thread."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Draft a knowledge article from a solved thread",
        request=ConversionSerializer,
        responses={201: DraftSerializer},
    )
    def post(self, request, thread_id: int):
        thread = selectors.thread_detail(request.user, thread_id, with_authors=False)
        data = ConversionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        article = draft_article_from_thread(
            thread, by=request.user, category=data.validated_data.get("category")
        )
        return Response(DraftSerializer(article).data, status=status.HTTP_201_CREATED)


class ArticleFeedbackView(APIView):
    """POST /api/v1/articles/{id}/feedback/: "Was this article helpful?"."""

    # Signed in only: a visitor's session answer would need a CSRF token the API
    # does not ask of anonymous callers.
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Say whether an article helped",
        request=FeedbackSerializer,
        responses=FeedbackCountsSerializer,
    )
    def post(self, request, article_id: int):
        article = community.visible_article(request.user, article_id)
        data = FeedbackSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        feedback = give_article_feedback(
            article,
            user=permissions.unwrapped_user(request.user),
            session_hash="",
            helpful=data.validated_data["helpful"],
            comment=data.validated_data.get("comment", ""),
        )
        article.refresh_from_db(fields=["helpful_count", "unhelpful_count"])
        return Response(
            FeedbackCountsSerializer(
                {
                    "helpful": feedback.helpful,
                    "helpful_count": article.helpful_count,
                    "unhelpful_count": article.unhelpful_count,
                }
            ).data
        )


class ArticleFollowView(APIView):
    """POST (follow) or DELETE (unfollow) /api/v1/articles/{id}/follow/."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Follow an article", request=None, responses=FollowSerializer
    )
    def post(self, request, article_id: int):
        article = community.visible_article(request.user, article_id)
        follow_article(article, by=request.user)
        return Response({"following": True})

    @extend_schema(
        summary="Stop following an article", request=None, responses=FollowSerializer
    )
    def delete(self, request, article_id: int):
        article = community.visible_article(request.user, article_id)
        unfollow_article(article, by=request.user)
        return Response({"following": False})
