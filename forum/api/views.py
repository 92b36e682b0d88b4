"""The REST API: a second doorway into the same selectors and services as the pages."""

from django.db.models import Count
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated, IsAuthenticatedOrReadOnly
from rest_framework.response import Response
from rest_framework.views import APIView
from taggit.models import Tag

from accounts import services as account_services
from forum import selectors, services
from forum.api import serializers as s
from forum.filters import ThreadFilter
from forum.models import Board, Post
from forum.moderation.services import posts as moderation_posts
from forum.moderation.services import threads as moderation_threads
from forum.permissions import threads_listed_for, threads_visible_to


def _validated(serializer_class, request, *, partial: bool = False):
    serializer = serializer_class(data=request.data, partial=partial)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


@extend_schema_view(list=extend_schema(summary="List boards"))
class BoardViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = s.BoardSerializer
    lookup_field = "slug"
    queryset = Board.objects.none()

    def get_queryset(self):
        # Archived boards leave the list; their address still answers.
        return selectors.board_list(include_archived=self.action == "retrieve")


class ThreadViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Threads with the board page's filters and sorts."""

    permission_classes = [IsAuthenticatedOrReadOnly]
    lookup_value_regex = r"[0-9]{1,18}"
    filterset_class = ThreadFilter
    queryset = selectors.Thread.objects.none()

    def get_queryset(self):
        if self.action == "retrieve":
            return threads_visible_to(self.request.user)
        return selectors.thread_list(self.request.user)

    def get_serializer_class(self):
        return (
            s.ThreadDetailSerializer
            if self.action == "retrieve"
            else s.ThreadSerializer
        )

    def get_object(self):
        return selectors.thread_detail(self.request.user, self.kwargs["pk"])

    @extend_schema(
        request=s.ThreadCreateSerializer, responses={201: s.ThreadDetailSerializer}
    )
    def create(self, request):
        data = _validated(s.ThreadCreateSerializer, request)
        thread = services.create_thread(author=request.user, **data)
        thread = selectors.thread_detail(request.user, thread.pk)
        return Response(
            s.ThreadDetailSerializer(thread, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(request=s.ThreadUpdateSerializer, responses=s.ThreadDetailSerializer)
    def partial_update(self, request, pk=None):
        thread = self.get_object()
        data = _validated(s.ThreadUpdateSerializer, request)
        services.edit_post(
            thread.first_post,
            by=request.user,
            body=data.get("body", thread.first_post.body),
            title=data.get("title", thread.title),
            tags=data.get("tags"),
        )
        thread = selectors.thread_detail(request.user, thread.pk)
        return Response(
            s.ThreadDetailSerializer(thread, context={"request": request}).data
        )

    @extend_schema(
        methods=["GET"],
        responses=s.PostSerializer(many=True),
        parameters=[
            OpenApiParameter("page", {"type": "integer", "minimum": 1}),
            OpenApiParameter("page_size", {"type": "integer", "minimum": 1}),
        ],
    )
    @extend_schema(
        methods=["POST"],
        request=s.PostWriteSerializer,
        responses={201: s.PostSerializer},
    )
    @action(detail=True, methods=["get", "post"], filterset_class=None)
    def posts(self, request, pk=None):
        """The replies of a thread (GET), or a new reply (POST)."""
        thread = self.get_object()
        if request.method == "POST":
            body = _validated(s.PostWriteSerializer, request)["body"]
            post = services.post_reply(thread, author=request.user, body=body)
            post.thread = thread
            return Response(
                s.PostSerializer(post, context={"request": request}).data,
                status=status.HTTP_201_CREATED,
            )
        page = self.paginate_queryset(selectors.thread_replies(request.user, thread))
        data = s.PostSerializer(page, many=True, context={"request": request}).data
        return self.get_paginated_response(data)

    @extend_schema(methods=["POST"], request=None, responses=s.ToggleResultSerializer)
    @extend_schema(methods=["DELETE"], request=None, responses={204: None})
    @action(
        detail=True, methods=["post", "delete"], url_path="me-too", filterset_class=None
    )
    def me_too(self, request, pk=None):
        """Say (POST) or take back (DELETE: 204, also when there was nothing to take
        back) "I have this question too"."""
        thread = self.get_object()
        if request.method == "DELETE":
            services.remove_me_too(thread, by=request.user)
            return Response(status=status.HTTP_204_NO_CONTENT)
        changed = services.add_me_too(thread, by=request.user)
        thread.refresh_from_db(fields=["me_too_count"])
        return Response({"changed": changed, "count": thread.me_too_count})

    @extend_schema(methods=["POST"], request=None, responses=s.ToggleResultSerializer)
    @extend_schema(methods=["DELETE"], request=None, responses={204: None})
    @action(detail=True, methods=["post", "delete"], filterset_class=None)
    def follow(self, request, pk=None):
        """Follow (POST) or unfollow (DELETE: 204, also when not following) a
        thread."""
        thread = self.get_object()
        if request.method == "DELETE":
            services.unfollow_thread(thread, by=request.user)
            return Response(status=status.HTTP_204_NO_CONTENT)
        changed = services.follow_thread(thread, by=request.user)
        return Response({"changed": changed})

    @extend_schema(request=s.AcceptSerializer, responses=s.ThreadDetailSerializer)
    @action(detail=True, methods=["post"], filterset_class=None)
    def accept(self, request, pk=None):
        """Mark a reply as the accepted solution."""
        thread = self.get_object()
        post_id = _validated(s.AcceptSerializer, request)["post"]
        post = get_object_or_404(Post, pk=post_id)
        services.accept_solution(thread, post=post, by=request.user)
        thread = selectors.thread_detail(request.user, thread.pk)
        return Response(
            s.ThreadDetailSerializer(thread, context={"request": request}).data
        )

    @extend_schema(request=None, responses=s.ThreadDetailSerializer)
    @action(detail=True, methods=["post"], filterset_class=None)
    def unaccept(self, request, pk=None):
        """Remove the accepted solution."""
        thread = self.get_object()
        services.unaccept_solution(thread, by=request.user)
        thread = selectors.thread_detail(request.user, thread.pk)
        return Response(
            s.ThreadDetailSerializer(thread, context={"request": request}).data
        )

    def _curate(self, request, action_name: str):
        thread = self.get_object()
        reason = _validated(s.ReasonSerializer, request).get("reason", "")
        getattr(moderation_threads, action_name)(thread, by=request.user, reason=reason)
        thread = selectors.thread_detail(request.user, thread.pk)
        return Response(
            s.ThreadDetailSerializer(thread, context={"request": request}).data
        )

    @extend_schema(request=s.ReasonSerializer, responses=s.ThreadDetailSerializer)
    @action(detail=True, methods=["post"], filterset_class=None)
    def lock(self, request, pk=None):
        """Moderators: no new replies."""
        return self._curate(request, "lock_thread")

    @extend_schema(request=s.ReasonSerializer, responses=s.ThreadDetailSerializer)
    @action(detail=True, methods=["post"], filterset_class=None)
    def unlock(self, request, pk=None):
        """Moderators: replies allowed again."""
        return self._curate(request, "unlock_thread")

    @extend_schema(request=s.ReasonSerializer, responses=s.ThreadDetailSerializer)
    @action(detail=True, methods=["post"], filterset_class=None)
    def pin(self, request, pk=None):
        """Moderators: keep the thread at the top of its board."""
        return self._curate(request, "pin_thread")

    @extend_schema(request=s.ReasonSerializer, responses=s.ThreadDetailSerializer)
    @action(detail=True, methods=["post"], filterset_class=None)
    def unpin(self, request, pk=None):
        """Moderators: back into the normal order."""
        return self._curate(request, "unpin_thread")


class PostViewSet(mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    permission_classes = [IsAuthenticatedOrReadOnly]
    lookup_value_regex = r"[0-9]{1,18}"
    serializer_class = s.PostSerializer
    queryset = Post.objects.none()

    def get_object(self):
        return selectors.post_for_permalink(self.request.user, self.kwargs["pk"])

    @extend_schema(request=s.PostWriteSerializer, responses=s.PostSerializer)
    def partial_update(self, request, pk=None):
        post = self.get_object()
        data = _validated(s.PostWriteSerializer, request, partial=True)
        # As PATCH promises, a field left out keeps its value.
        body = data.get("body", post.body)
        post = services.edit_post(post, by=request.user, body=body)
        post = self.get_object()
        return Response(s.PostSerializer(post, context={"request": request}).data)

    @extend_schema(methods=["POST"], request=None, responses=s.ToggleResultSerializer)
    @extend_schema(methods=["DELETE"], request=None, responses={204: None})
    @action(detail=True, methods=["post", "delete"])
    def kudos(self, request, pk=None):
        """Give (POST) or take back (DELETE: 204, also when none was given) kudos."""
        post = self.get_object()
        if request.method == "DELETE":
            services.withdraw_kudos(post, by=request.user)
            return Response(status=status.HTTP_204_NO_CONTENT)
        changed = services.give_kudos(post, by=request.user)
        post.refresh_from_db(fields=["kudos_count"])
        return Response({"changed": changed, "count": post.kudos_count})

    def _moderate(self, request, run, *, ask=s.ReasonSerializer) -> Response:
        post = self.get_object()
        data = _validated(ask, request)
        run(post, data.get("reason", ""))
        post = self.get_object()
        return Response(s.PostSerializer(post, context={"request": request}).data)

    @extend_schema(request=s.HideSerializer, responses=s.PostSerializer)
    @action(detail=True, methods=["post"])
    def hide(self, request, pk=None):
        """Moderators: hide a post from the community (a reason is required)."""
        return self._moderate(
            request,
            lambda post, reason: moderation_posts.hide_post(
                post, by=request.user, reason=reason
            ),
            ask=s.HideSerializer,
        )

    @extend_schema(request=s.ReasonSerializer, responses=s.PostSerializer)
    @action(detail=True, methods=["post"])
    def restore(self, request, pk=None):
        """Moderators: show a hidden post again."""
        return self._moderate(
            request,
            lambda post, reason: moderation_posts.restore_post(
                post, by=request.user, reason=reason
            ),
        )

    @extend_schema(request=None, responses=s.PostSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        """Moderators: publish a post waiting for approval."""
        return self._moderate(
            request,
            lambda post, reason: moderation_posts.approve_post(post, by=request.user),
        )


class TagViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Tags in use, most used first."""

    serializer_class = s.TagSerializer
    queryset = Tag.objects.none()

    def get_queryset(self):
        visible = threads_listed_for(self.request.user)
        return (
            Tag.objects.filter(
                taggit_taggeditem_items__object_id__in=visible.values("pk")
            )
            .annotate(thread_count=Count("taggit_taggeditem_items", distinct=True))
            .order_by("-thread_count", "name")
        )


class MeView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=s.MeSerializer)
    def get(self, request):
        """The signed-in member."""
        return Response(s.MeSerializer(request.user).data)


class ApiTokenViewSet(
    mixins.ListModelMixin, mixins.DestroyModelMixin, viewsets.GenericViewSet
):
    """The signed-in member's personal API tokens."""

    permission_classes = [IsAuthenticated]
    lookup_value_regex = r"[0-9]{1,18}"
    serializer_class = s.ApiTokenSerializer
    queryset = Post.objects.none()

    def get_queryset(self):
        return self.request.user.api_tokens.usable()

    @extend_schema(
        request=s.ApiTokenCreateSerializer, responses={201: s.NewApiTokenSerializer}
    )
    def create(self, request):
        data = _validated(s.ApiTokenCreateSerializer, request)
        token, secret = account_services.create_api_token(request.user, **data)
        body = s.ApiTokenSerializer(token).data | {"secret": secret}
        return Response(body, status=status.HTTP_201_CREATED)

    def perform_destroy(self, token):
        account_services.revoke_api_token(token, by=self.request.user)
