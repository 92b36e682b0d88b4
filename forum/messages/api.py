"""The private-message API (/api/v1/conversations/, /api/v1/blocks/): the same
selectors and services as the pages, in the API's one error shape."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import User
from forum import limits, permissions
from forum.api.serializers import StrictSerializer
from forum.messages import selectors, services
from forum.messages.models import Block, Conversation, Message, MessageReport
from forum.moderation.models import FlagReason

PAGE_PARAMETERS = [
    OpenApiParameter("page", {"type": "integer", "minimum": 1}),
    OpenApiParameter("page_size", {"type": "integer", "minimum": 1}),
]


# --- shapes ---------------------------------------------------------------------


class MemberSerializer(serializers.Serializer):
    username = serializers.CharField()
    name = serializers.CharField()


class ParticipantSerializer(serializers.Serializer):
    member = MemberSerializer(source="user")
    has_left = serializers.BooleanField()


class ConversationSummarySerializer(serializers.Serializer):
    """One inbox row: read from the member's participant record."""

    id = serializers.IntegerField(source="conversation_id")
    subject = serializers.CharField(source="conversation.subject")
    last_message_at = serializers.DateTimeField(source="conversation.last_message_at")
    unread = serializers.IntegerField(help_text="Messages from others not yet read.")
    participants = ParticipantSerializer(source="conversation.people", many=True)


class ConversationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    subject = serializers.CharField()
    created_at = serializers.DateTimeField()
    last_message_at = serializers.DateTimeField()
    participants = ParticipantSerializer(source="people", many=True)
    can_reply = serializers.SerializerMethodField()

    def get_can_reply(self, conversation: Conversation) -> bool:
        user = self.context["request"].user
        return permissions.can_reply_to_conversation(user, conversation)


class MessageSerializer(serializers.ModelSerializer):
    author = MemberSerializer(allow_null=True)

    class Meta:
        model = Message
        fields = ["id", "kind", "author", "body", "body_html", "created_at"]


class ConversationCreateSerializer(StrictSerializer):
    recipients = serializers.ListField(
        child=serializers.CharField(max_length=150),
        min_length=1,
        max_length=50,
        help_text="Usernames of the members to write to.",
    )
    subject = serializers.CharField(max_length=limits.TITLE_MAX_LENGTH)
    body = serializers.CharField(max_length=limits.BODY_MAX_LENGTH)


class MessageWriteSerializer(StrictSerializer):
    body = serializers.CharField(max_length=limits.BODY_MAX_LENGTH)


class ReportSerializer(StrictSerializer):
    reason = serializers.ChoiceField(choices=FlagReason.choices)
    note = serializers.CharField(
        max_length=MessageReport.NOTE_MAX_LENGTH, required=False, allow_blank=True
    )


class ReportResultSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    created = serializers.BooleanField()


class BlockSerializer(serializers.Serializer):
    member = MemberSerializer(source="blocked")
    created_at = serializers.DateTimeField()


def _validated(serializer_class, request) -> dict:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _participant_view(request, conversation_id: int) -> Conversation:
    """The conversation for one of its active participants; 404 for anyone else
    (moderators read reported conversations on the site, where it is audited)."""
    conversation = selectors.conversation_detail(request.user, conversation_id)
    if not permissions.can_leave_conversation(request.user, conversation):
        raise Http404("No such conversation.")
    return conversation


# --- endpoints ------------------------------------------------------------------


class ConversationListView(GenericAPIView):
    permission_classes = [IsAuthenticated]
    # Names the model for the schema; the rows come from the selectors.
    queryset = Conversation.objects.none()
    serializer_class = ConversationSummarySerializer

    @extend_schema(
        summary="List my conversations",
        parameters=PAGE_PARAMETERS,
        responses=ConversationSummarySerializer(many=True),
    )
    def get(self, request):
        page = self.paginate_queryset(selectors.inbox(request.user))
        data = ConversationSummarySerializer(page, many=True).data
        return self.get_paginated_response(data)

    @extend_schema(
        summary="Start a conversation",
        request=ConversationCreateSerializer,
        responses={201: ConversationSerializer},
    )
    def post(self, request):
        data = _validated(ConversationCreateSerializer, request)
        conversation = services.start_conversation(
            by=request.user,
            recipients=services.members_named(data["recipients"]),
            subject=data["subject"],
            body=data["body"],
        )
        conversation = selectors.conversation_detail(request.user, conversation.pk)
        return Response(
            ConversationSerializer(conversation, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )


class ConversationDetailView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(summary="Read a conversation", responses=ConversationSerializer)
    def get(self, request, conversation_id: int):
        conversation = _participant_view(request, conversation_id)
        return Response(
            ConversationSerializer(conversation, context={"request": request}).data
        )


class ConversationMessagesView(GenericAPIView):
    permission_classes = [IsAuthenticated]
    # Names the model for the schema; the rows come from the selectors.
    queryset = Message.objects.none()
    serializer_class = MessageSerializer

    @extend_schema(
        summary="A conversation's messages, oldest first",
        parameters=PAGE_PARAMETERS,
        responses=MessageSerializer(many=True),
    )
    def get(self, request, conversation_id: int):
        conversation = _participant_view(request, conversation_id)
        page = self.paginate_queryset(selectors.conversation_messages(conversation))
        return self.get_paginated_response(MessageSerializer(page, many=True).data)

    @extend_schema(
        summary="Reply in a conversation",
        request=MessageWriteSerializer,
        responses={201: MessageSerializer},
    )
    def post(self, request, conversation_id: int):
        conversation = _participant_view(request, conversation_id)
        body = _validated(MessageWriteSerializer, request)["body"]
        message = services.send_message(conversation, by=request.user, body=body)
        return Response(MessageSerializer(message).data, status=status.HTTP_201_CREATED)


class LeaveView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(summary="Leave a conversation", request=None, responses={204: None})
    def post(self, request, conversation_id: int):
        conversation = _participant_view(request, conversation_id)
        services.leave_conversation(conversation, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class MarkReadView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Mark a conversation read", request=None, responses={204: None}
    )
    def post(self, request, conversation_id: int):
        conversation = _participant_view(request, conversation_id)
        services.mark_read(conversation, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ReportView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Report a message to the moderators",
        request=ReportSerializer,
        responses={201: ReportResultSerializer, 200: ReportResultSerializer},
    )
    def post(self, request, message_id: int):
        message = selectors.message_for_report(request.user, message_id)
        data = _validated(ReportSerializer, request)
        report, created = services.report_message(
            message, by=request.user, reason=data["reason"], note=data.get("note", "")
        )
        return Response(
            {"id": report.pk, "created": created},
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )


class BlockListView(GenericAPIView):
    permission_classes = [IsAuthenticated]
    # Names the model for the schema; the rows come from the selectors.
    queryset = Block.objects.none()
    serializer_class = BlockSerializer

    @extend_schema(
        summary="Members I blocked",
        parameters=PAGE_PARAMETERS,
        responses=BlockSerializer(many=True),
    )
    def get(self, request):
        page = self.paginate_queryset(selectors.blocked_members(request.user))
        return self.get_paginated_response(BlockSerializer(page, many=True).data)


class BlockView(APIView):
    permission_classes = [IsAuthenticated]

    def _member(self, username: str) -> User:
        return get_object_or_404(User, username=username, is_active=True)

    @extend_schema(summary="Block a member", request=None, responses=BlockSerializer)
    def put(self, request, username: str):
        block = services.block_member(self._member(username), by=request.user)
        return Response(BlockSerializer(block).data)

    @extend_schema(summary="Unblock a member", request=None, responses={204: None})
    def delete(self, request, username: str):
        services.unblock_member(self._member(username), by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
