"""The social care desk: customers' posts and messages on social networks and by
e-mail become cases that support agents work against response targets.

Intake stores what a connector accepted first (``InboundMessage``, the queue), then
a job turns each queued message into a ``CaseMessage`` on its case: a reply to a
message already known joins that message's case, anything else opens a new one.
Every case keeps a timeline (its messages and its ``CaseEvent`` rows) and the
times its targets fall due (``forum.care.targets``), so the queue sorts by time to
breach with one indexed read.
"""

from forum.care.models.cases import (
    OPEN_STATUSES,
    Case,
    CaseEvent,
    CaseEventKind,
    CaseMessage,
    CasePriority,
    CaseStatus,
    CaseTag,
    Direction,
    InboundMessage,
    InboundStatus,
    ResponseTarget,
    TaggedCase,
)
from forum.care.models.channels import (
    EXTERNAL_ID_MAX_LENGTH,
    HANDLE_MAX_LENGTH,
    NAME_MAX_LENGTH,
    TEXT_MAX_LENGTH,
    CareContact,
    CareTeam,
    Connector,
    Network,
)

__all__ = [
    "EXTERNAL_ID_MAX_LENGTH",
    "HANDLE_MAX_LENGTH",
    "NAME_MAX_LENGTH",
    "OPEN_STATUSES",
    "TEXT_MAX_LENGTH",
    "CareContact",
    "CareTeam",
    "Case",
    "CaseEvent",
    "CaseEventKind",
    "CaseMessage",
    "CasePriority",
    "CaseStatus",
    "CaseTag",
    "Connector",
    "Direction",
    "InboundMessage",
    "InboundStatus",
    "Network",
    "ResponseTarget",
    "TaggedCase",
]
