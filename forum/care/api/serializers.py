"""The care API's shapes: cases as the queue lists them, one case with its
timeline, and the inputs of each action. Output serializers read only what
``forum.care.api.queries`` loaded."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from forum import permissions
from forum.api.serializers import StrictSerializer
from forum.care import targets
from forum.care.models import (
    TEXT_MAX_LENGTH,
    Case,
    CaseEvent,
    CaseMessage,
    CasePriority,
    CaseStatus,
)
from forum.care.services.cases import TAG_MAX_LENGTH, TAGS_MAX

# The largest id either database stores: a bigger number names nothing (a 400).
MAX_ID = 2**63 - 1

# --- output ---------------------------------------------------------------------


class ContactSerializer(serializers.Serializer):
    network = serializers.CharField()
    handle = serializers.CharField()
    display_name = serializers.CharField()
    member = serializers.SerializerMethodField(
        help_text="The community member who linked this social account, if any."
    )
    erased = serializers.SerializerMethodField()

    def get_member(self, contact) -> str | None:
        return contact.member.username if contact.member_id else None

    def get_erased(self, contact) -> bool:
        return contact.erased_at is not None


class CaseSerializer(serializers.ModelSerializer):
    """A case as the queue lists it, with what the caller may do to it."""

    url = serializers.CharField(source="get_absolute_url")
    contact = ContactSerializer()
    assignee = serializers.SerializerMethodField()
    tags = serializers.SerializerMethodField()
    breach = serializers.SerializerMethodField(
        help_text="“breached”, “warning” (due within the warning window) or empty."
    )
    can_claim = serializers.SerializerMethodField()
    can_work = serializers.SerializerMethodField(
        help_text="Reply, change status, priority or tags."
    )

    class Meta:
        model = Case
        fields = [
            "reference",
            "url",
            "network",
            "status",
            "priority",
            "subject",
            "is_public",
            "contact",
            "assignee",
            "tags",
            "opened_at",
            "last_inbound_at",
            "last_activity_at",
            "next_due_at",
            "breach",
            "first_response_at",
            "resolved_at",
            "answered_with_community_at",
            "can_claim",
            "can_work",
        ]

    def _user(self):
        return permissions.unwrapped_user(self.context["request"].user)

    def get_assignee(self, case: Case) -> str | None:
        return case.assignee.username if case.assignee_id else None

    def get_tags(self, case: Case) -> list[str]:
        return sorted(tag.name for tag in case.tags.all())

    def get_breach(self, case: Case) -> str:
        return targets.breach_state(case, self.context.get("now"))

    def get_can_claim(self, case: Case) -> bool:
        return permissions.can_claim_case(self._user(), case)

    def get_can_work(self, case: Case) -> bool:
        return permissions.can_work_case(self._user(), case)


class TargetsSerializer(serializers.Serializer):
    first_response_due = serializers.DateTimeField()
    first_response_at = serializers.DateTimeField(allow_null=True)
    resolution_due = serializers.DateTimeField()
    resolved_at = serializers.DateTimeField(allow_null=True)
    next_due_at = serializers.DateTimeField(allow_null=True)


class LinkSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    url = serializers.CharField(source="get_absolute_url")


class DeliverySerializer(serializers.Serializer):
    status = serializers.CharField()
    attempts = serializers.IntegerField()
    delivered_at = serializers.DateTimeField(allow_null=True)
    last_error = serializers.CharField()


class TimelineEntrySerializer(serializers.Serializer):
    """A message (``type`` "message") or a change or note (``type`` "event");
    fields that do not apply to the entry's type are empty or null."""

    type = serializers.SerializerMethodField()
    id = serializers.IntegerField(source="pk")
    at = serializers.SerializerMethodField()
    direction = serializers.SerializerMethodField(
        help_text="Messages: “inbound” (the customer) or “outbound” (an agent)."
    )
    kind = serializers.SerializerMethodField(help_text="Events: what happened.")
    internal = serializers.SerializerMethodField(
        help_text="An internal note, never sent to the customer."
    )
    text = serializers.CharField()
    author_handle = serializers.SerializerMethodField()
    author_name = serializers.SerializerMethodField()
    agent = serializers.SerializerMethodField(
        help_text="Who sent the reply or made the change."
    )
    before = serializers.SerializerMethodField()
    after = serializers.SerializerMethodField()
    message_url = serializers.SerializerMethodField()
    linked_thread = serializers.SerializerMethodField()
    linked_article = serializers.SerializerMethodField()
    delivery = serializers.SerializerMethodField()

    @staticmethod
    def _is_message(entry) -> bool:
        return isinstance(entry, CaseMessage)

    def _message_field(self, entry, name: str) -> str:
        return getattr(entry, name) if self._is_message(entry) else ""

    def _event_field(self, entry, name: str) -> str:
        return "" if self._is_message(entry) else getattr(entry, name)

    def get_type(self, entry) -> str:
        return "message" if self._is_message(entry) else "event"

    @extend_schema_field(serializers.DateTimeField())
    def get_at(self, entry):
        return entry.sent_at if self._is_message(entry) else entry.created_at

    def get_direction(self, entry) -> str:
        return self._message_field(entry, "direction")

    def get_kind(self, entry) -> str:
        return self._event_field(entry, "kind")

    def get_internal(self, entry) -> bool:
        return isinstance(entry, CaseEvent) and entry.kind == "note"

    def get_author_handle(self, entry) -> str:
        return self._message_field(entry, "author_handle")

    def get_author_name(self, entry) -> str:
        return self._message_field(entry, "author_name")

    def get_agent(self, entry) -> str | None:
        person = entry.agent if self._is_message(entry) else entry.actor
        return person.username if person is not None else None

    def get_before(self, entry) -> str:
        return self._event_field(entry, "before")

    def get_after(self, entry) -> str:
        return self._event_field(entry, "after")

    def get_message_url(self, entry) -> str:
        return self._message_field(entry, "url")

    @extend_schema_field(LinkSerializer(allow_null=True))
    def get_linked_thread(self, entry):
        thread = entry.linked_thread if self._is_message(entry) else None
        return LinkSerializer(thread).data if thread is not None else None

    @extend_schema_field(LinkSerializer(allow_null=True))
    def get_linked_article(self, entry):
        article = entry.linked_article if self._is_message(entry) else None
        return LinkSerializer(article).data if article is not None else None

    @extend_schema_field(DeliverySerializer(allow_null=True))
    def get_delivery(self, entry):
        delivery = entry.delivery if self._is_message(entry) else None
        return DeliverySerializer(delivery).data if delivery is not None else None


class CaseDetailSerializer(CaseSerializer):
    """One case: the list's fields, its targets, and its whole timeline."""

    targets = serializers.SerializerMethodField()
    community_thread = serializers.SerializerMethodField()
    timeline = serializers.SerializerMethodField()
    can_assign = serializers.SerializerMethodField()

    class Meta(CaseSerializer.Meta):
        fields = [
            *CaseSerializer.Meta.fields,
            "publish_consent",
            "targets",
            "community_thread",
            "timeline",
            "can_assign",
        ]

    @extend_schema_field(TargetsSerializer())
    def get_targets(self, case: Case):
        return TargetsSerializer(case).data

    @extend_schema_field(LinkSerializer(allow_null=True))
    def get_community_thread(self, case: Case):
        """The community thread the case became, if it did."""
        thread = case.community_thread
        return LinkSerializer(thread).data if thread is not None else None

    @extend_schema_field(TimelineEntrySerializer(many=True))
    def get_timeline(self, case: Case):
        from forum.care.selectors import case_timeline

        entries = [entry.message or entry.event for entry in case_timeline(case)]
        return TimelineEntrySerializer(entries, many=True).data

    def get_can_assign(self, case: Case) -> bool:
        return permissions.can_assign_case(self._user(), case)


class SuggestionSerializer(serializers.Serializer):
    kind = serializers.CharField(help_text="“thread” or “article”.")
    id = serializers.IntegerField()
    title = serializers.CharField()
    url = serializers.CharField()
    is_solved = serializers.BooleanField(help_text="Threads: has an accepted answer.")
    recommended = serializers.BooleanField(
        help_text="Pinned to these words by a manager."
    )


# --- input ----------------------------------------------------------------------


class AssignInput(StrictSerializer):
    assignee = serializers.CharField(
        max_length=150,
        allow_null=True,
        help_text="The agent's username; null releases the case.",
    )


class ReplyInput(StrictSerializer):
    text = serializers.CharField(max_length=TEXT_MAX_LENGTH)
    thread = serializers.IntegerField(
        min_value=1,
        max_value=MAX_ID,
        required=False,
        allow_null=True,
        help_text="A public thread whose link goes with the reply; or ``article``.",
    )
    article = serializers.IntegerField(
        min_value=1,
        max_value=MAX_ID,
        required=False,
        allow_null=True,
        help_text="A published knowledge article whose link goes with the reply.",
    )
    resolve = serializers.BooleanField(
        required=False, default=False, help_text="Resolve the case once sent."
    )

    def validate(self, attrs):
        attrs = super().validate(attrs)
        if attrs.get("thread") and attrs.get("article"):
            raise serializers.ValidationError(
                {"article": [_("Link one answer: a thread or an article.")]}
            )
        return attrs


class NoteInput(StrictSerializer):
    text = serializers.CharField(max_length=TEXT_MAX_LENGTH)


class StatusInput(StrictSerializer):
    status = serializers.ChoiceField(choices=CaseStatus.choices)


class PriorityInput(StrictSerializer):
    priority = serializers.ChoiceField(choices=CasePriority.choices)


class TagsInput(StrictSerializer):
    tags = serializers.ListField(
        child=serializers.CharField(max_length=TAG_MAX_LENGTH),
        max_length=TAGS_MAX,
        help_text="The case's tags, replacing the ones it has.",
    )


class NoteSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    text = serializers.CharField()
    created_at = serializers.DateTimeField()
